/** RBAC documents (`RbacRole`, `RbacAssignment`, `Workspace`) → a compiled engine, or issues. */
import {
  assertResourceList,
  type Issue,
  type RbacAssignment,
  type RbacRole,
  type Resource,
  type Workspace,
} from '../models/index.js';
import { type RbacEngine, type RbacInput, safeCreateRbac } from './engine.js';
import type { RbacRoleDefinition } from './roles.js';
import type { RbacOptions } from './types.js';

/**
 * The RBAC documents found among resources, as `createRbac` input. A `resources` value that is
 * not a list of objects throws `MeshPolicyError('INVALID_INPUT')` naming the entry.
 */
export function rbacInputFromResources(resources: readonly Resource[]): {
  input: RbacInput;
  /** Which resource each role / assignment came from (same indexes as `input`). */
  origins: { roles: RbacRole[]; assignments: RbacAssignment[] };
  issues: Issue[];
} {
  assertResourceList(resources, 'rbacInputFromResources: resources');
  return inputFromResources(resources);
}

function inputFromResources(resources: readonly Resource[]): ReturnType<typeof rbacInputFromResources> {
  const roles: RbacRole[] = [];
  const assignments: RbacAssignment[] = [];
  const workspaces: Workspace[] = [];
  for (const r of resources) {
    if (r.type === 'RbacRole') roles.push(r as RbacRole);
    else if (r.type === 'RbacAssignment') assignments.push(r as RbacAssignment);
    else if (r.type === 'Workspace') workspaces.push(r as Workspace);
  }
  const issues: Issue[] = [];
  const names = new Set<string>();
  for (const w of workspaces) {
    if (w.name === '*') issues.push({ path: 'name', message: `Workspace "*": '*' is not a workspace name` });
    else if (names.has(w.name))
      issues.push({ path: 'name', message: `Workspace ${w.name}: defined more than once` });
    names.add(w.name);
  }
  const input: RbacInput = {
    roles: roles.map((r) => {
      const def: RbacRoleDefinition = { name: r.name, endpoints: r.endpoints ?? [] };
      if (r.workspace !== undefined) def.workspace = r.workspace;
      if (r.entities !== undefined) def.entities = r.entities;
      return def;
    }),
    assignments: assignments.map((a) =>
      a.workspace === undefined
        ? { user: a.user, roles: a.roles }
        : { user: a.user, workspace: a.workspace, roles: a.roles },
    ),
  };
  if (workspaces.length > 0) input.workspaces = [...names].filter((n) => n !== '*').sort();
  return { input, origins: { roles, assignments }, issues };
}

/**
 * Builds an engine from loaded RBAC documents. Duplicate roles or workspaces, assignments to
 * unknown roles (or, when any `Workspace` document is present, unknown workspaces), bad endpoints
 * and actions are returned as issues naming the document (`RbacRole payments-admin:
 * endpoints[0].endpoint: …`); no engine is built then — never a silent allow. A `resources` value
 * that is not a list of objects throws `MeshPolicyError('INVALID_INPUT')`; null options read as none.
 */
export function createRbacFromResources(
  resources: readonly Resource[],
  opts: RbacOptions = {},
): { ok: true; engine: RbacEngine; issues: [] } | { ok: false; issues: Issue[] } {
  assertResourceList(resources, 'createRbacFromResources: resources');
  const { input, origins, issues } = inputFromResources(resources);
  const built = safeCreateRbac(input, opts ?? {});
  if (built.ok && issues.length === 0) return { ok: true, engine: built.engine, issues: [] };
  const located = built.ok ? [] : built.issues.map((i) => locate(i, origins));
  return { ok: false, issues: [...issues, ...located] };
}

function locate(issue: Issue, origins: { roles: RbacRole[]; assignments: RbacAssignment[] }): Issue {
  const m = /^(roles|assignments)\[(\d+)\]\.?(.*)$/.exec(issue.path);
  if (m === null) return issue;
  const [, kind, idx, rest] = m;
  const doc = kind === 'roles' ? origins.roles[Number(idx)] : origins.assignments[Number(idx)];
  if (doc === undefined) return issue;
  const label =
    doc.type === 'RbacRole'
      ? `RbacRole ${doc.name}${doc.workspace !== undefined ? ` (workspace ${doc.workspace})` : ''}`
      : `RbacAssignment ${doc.name}`;
  return { ...issue, path: rest ?? '', message: `${label}: ${issue.message}` };
}
