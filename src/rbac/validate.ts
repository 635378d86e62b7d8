/** Validation and normalisation of RBAC input (roles, rules, assignments). Never throws. */

import {
  formatPath,
  type Issue,
  RBAC_ACTIONS,
  type RbacAction,
  type RoleEndpoint,
  type RoleEntity,
} from '../models/index.js';
import { normalizeRuleEndpoint } from './endpoints.js';
import type { RbacRoleDefinition } from './roles.js';
import { describeValue } from './text.js';
import type { RbacEnforcement, RbacOptions, RbacSemantics } from './types.js';

const isAction = (a: unknown): a is RbacAction =>
  typeof a === 'string' && (RBAC_ACTIONS as readonly string[]).includes(a);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Issues of a list of role entity permissions. */
export function roleEntityIssues(entities: unknown, prefix: readonly PropertyKey[] = []): Issue[] {
  if (!Array.isArray(entities)) return [{ path: formatPath(prefix), message: 'must be a list' }];
  const issues: Issue[] = [];
  entities.forEach((e: unknown, i) => {
    const at = (...p: PropertyKey[]): string => formatPath([...prefix, i, ...p]);
    if (!isObject(e)) {
      issues.push({ path: at(), message: 'must be an object' });
      return;
    }
    if (typeof e.entityId !== 'string' || e.entityId === '')
      issues.push({ path: at('entityId'), message: "must be an entity id, a workspace id or '*'" });
    if (!Array.isArray(e.actions)) issues.push({ path: at('actions'), message: 'must be a list of actions' });
    else
      e.actions.forEach((a: unknown, j) => {
        if (!isAction(a))
          issues.push({ path: at('actions', j), message: `Undefined RBAC action ${describeValue(a)}` });
      });
    if (e.negative !== undefined && typeof e.negative !== 'boolean')
      issues.push({ path: at('negative'), message: 'must be a boolean' });
  });
  return issues;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The issue of a role, workspace or user name holding a control character (K7), if it does. */
export function controlCharacterIssue(value: string, path: string, what: string): Issue | undefined {
  return CONTROL.test(value) ? { path, message: `${what} must not contain control characters` } : undefined;
}

/** Checks a workspace name used by a role or assignment (not `*`). */
export function workspaceNameIssue(value: unknown, path: string, allowStar: boolean): Issue | undefined {
  if (typeof value !== 'string' || value.trim() === '')
    return { path, message: 'workspace name cannot be empty' };
  if (CONTROL.test(value)) return controlCharacterIssue(value, path, 'workspace name');
  if (value !== value.trim()) return { path, message: 'workspace name must not have surrounding whitespace' };
  if (!allowStar && value === '*') return { path, message: "'*' is not a workspace (only rules may use it)" };
  return undefined;
}

/** A role after validation: every rule normalised and carrying its workspace. */
export interface NormalisedRole {
  name: string;
  workspace: string;
  endpoints: RoleEndpoint[];
  entities: RoleEntity[];
}

/**
 * Validates one role definition and normalises its rules as Kong stores them (spec 05 §1.3:
 * `rbac/*` → `/rbac/*`, `/services/` → `/services`; rules without a workspace take the role's).
 * Documents are stricter: their schema reports an endpoint without a leading `/`. Rules are frozen copies; the input is never modified.
 */
export function normaliseRole(
  role: unknown,
  prefix: readonly PropertyKey[],
  knownWorkspaces: ReadonlySet<string> | undefined,
): { role?: NormalisedRole; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (...p: PropertyKey[]): string => formatPath([...prefix, ...p]);
  if (!isObject(role)) return { issues: [{ path: at(), message: 'a role must be an object' }] };
  const r = role as Partial<RbacRoleDefinition> & Record<string, unknown>;
  if (typeof r.name !== 'string' || r.name.trim() === '')
    issues.push({ path: at('name'), message: 'cannot be empty' });
  else if (CONTROL.test(r.name))
    issues.push({ path: at('name'), message: 'role name must not contain control characters' });
  const workspace = r.workspace ?? 'default';
  const wsIssue = workspaceNameIssue(workspace, at('workspace'), false);
  if (wsIssue !== undefined) issues.push(wsIssue);
  else if (knownWorkspaces !== undefined && !knownWorkspaces.has(workspace))
    issues.push({ path: at('workspace'), message: `Workspace ${workspace} does not exist` });
  const endpoints: RoleEndpoint[] = [];
  // Rule keys (workspace, endpoint) seen so far: workspace → endpoint → index.
  const seenKeys = new Map<string, Map<string, number>>();
  const rawEndpoints: unknown = r.endpoints ?? [];
  if (!Array.isArray(rawEndpoints))
    issues.push({ path: at('endpoints'), message: 'must be a list of rules' });
  else
    rawEndpoints.forEach((e: unknown, i) => {
      const p = (...q: PropertyKey[]): string => at('endpoints', i, ...q);
      if (!isObject(e)) {
        issues.push({ path: p(), message: 'must be an object' });
        return;
      }
      const ruleWs = e.workspace ?? workspace;
      const before = issues.length;
      const wi = e.workspace === undefined ? undefined : workspaceNameIssue(ruleWs, p('workspace'), true);
      if (wi !== undefined) issues.push(wi);
      else if (
        knownWorkspaces !== undefined &&
        e.workspace !== undefined &&
        ruleWs !== '*' &&
        !knownWorkspaces.has(ruleWs as string)
      )
        issues.push({ path: p('workspace'), message: `Workspace ${describeValue(ruleWs)} does not exist` });
      if (typeof e.endpoint !== 'string' || e.endpoint.trim() === '')
        issues.push({ path: p('endpoint'), message: "'endpoint' is a required field" });
      if (!Array.isArray(e.actions))
        issues.push({ path: p('actions'), message: 'must be a list of actions' });
      else
        e.actions.forEach((a: unknown, j) => {
          if (!isAction(a))
            issues.push({ path: p('actions', j), message: `Undefined RBAC action ${describeValue(a)}` });
        });
      if (e.negative !== undefined && typeof e.negative !== 'boolean')
        issues.push({ path: p('negative'), message: 'must be a boolean' });
      if (e.comment !== undefined && typeof e.comment !== 'string')
        issues.push({ path: p('comment'), message: 'must be a string' });
      if (issues.length > before) return;
      const endpoint = normalizeRuleEndpoint(e.endpoint as string);
      let inWs = seenKeys.get(ruleWs as string);
      if (inWs === undefined) {
        inWs = new Map();
        seenKeys.set(ruleWs as string, inWs);
      }
      const dup = inWs.get(endpoint);
      if (dup !== undefined) {
        issues.push({
          path: p(),
          message: `duplicate rule for workspace ${describeValue(ruleWs)} and endpoint ${endpoint} (same key as endpoints[${dup}])`,
        });
        return;
      }
      inWs.set(endpoint, i);
      const actions = Object.freeze([...new Set(e.actions as RbacAction[])]) as RbacAction[];
      const rule: RoleEndpoint = { workspace: ruleWs as string, endpoint, actions };
      if (e.negative === true) rule.negative = true;
      if (typeof e.comment === 'string') rule.comment = e.comment;
      endpoints.push(Object.freeze(rule));
    });
  const rawEntities: unknown = r.entities ?? [];
  // Never spread a long list into a call: a role may carry hundreds of thousands of entries.
  for (const issue of roleEntityIssues(rawEntities, [...prefix, 'entities'])) issues.push(issue);
  if (issues.length > 0) return { issues };
  const entities = (rawEntities as RoleEntity[]).map((e) => {
    const copy: RoleEntity = { entityId: e.entityId, actions: Object.freeze([...e.actions]) as RbacAction[] };
    if (e.entityType !== undefined) copy.entityType = e.entityType;
    if (e.negative === true) copy.negative = true;
    return Object.freeze(copy);
  });
  // Handed out by `engine.role()`: frozen all the way down.
  const normalised: NormalisedRole = Object.freeze({
    name: r.name as string,
    workspace,
    endpoints: Object.freeze(endpoints) as RoleEndpoint[],
    entities: Object.freeze(entities) as RoleEntity[],
  });
  return { role: normalised, issues };
}

const SEMANTICS = ['documented', 'kong', 'kong-legacy'];
const ENFORCEMENT = ['off', 'endpoint', 'entity', 'both'];

/**
 * Validates RBAC options; returns the usable options (defaults for `undefined`/`null`) or issues.
 * Never throws.
 */
export function checkRbacOptions(opts: unknown): { options: RbacOptions; issues: Issue[] } {
  if (opts === undefined || opts === null) return { options: {}, issues: [] };
  if (typeof opts !== 'object' || Array.isArray(opts))
    return { options: {}, issues: [{ path: 'options', message: 'must be an object' }] };
  const o = opts as Record<string, unknown>;
  const issues: Issue[] = [];
  if (o.semantics !== undefined && !SEMANTICS.includes(o.semantics as string))
    issues.push({ path: 'options.semantics', message: `must be one of ${SEMANTICS.join(', ')}` });
  if (o.rbac !== undefined && !ENFORCEMENT.includes(o.rbac as string))
    issues.push({ path: 'options.rbac', message: `must be one of ${ENFORCEMENT.join(', ')}` });
  if (
    o.kongVersion !== undefined &&
    (typeof o.kongVersion !== 'string' || !/^\d+(\.\d+)*$/.test(o.kongVersion))
  )
    issues.push({ path: 'options.kongVersion', message: 'must be a version such as 3.6.0.0' });
  if (issues.length > 0) return { options: {}, issues };
  const options: RbacOptions = {};
  if (o.semantics !== undefined) options.semantics = o.semantics as RbacSemantics;
  if (o.rbac !== undefined) options.rbac = o.rbac as RbacEnforcement;
  if (o.kongVersion !== undefined) options.kongVersion = o.kongVersion as string;
  return { options, issues };
}
