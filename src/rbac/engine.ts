/** The compiled RBAC engine (spec 05 §7): validated once, then a few hash lookups per request. */

import { formatPath, type Issue, MeshPolicyError, type RoleEntity } from '../models/index.js';
import { rbacActionMask } from './actions.js';
import { explanation } from './authorize.js';
import { type RbacCandidate, segmentCount } from './endpoints.js';
import {
  decideEntity,
  entityPermissionMap,
  type RbacEntityDecision,
  type RbacEntityPermissionMap,
  type RbacEntityRequest,
} from './entities.js';
import {
  buildRuleIndex,
  candidatesOf,
  decide,
  isDecision,
  type PreparedRequest,
  prepareRequest,
  type RbacDecisionMeta,
  type RbacRuleIndex,
  type RbacRuleRef,
  type RbacTrace,
} from './evaluate.js';
import {
  canModifyRbac,
  type RbacChange,
  type RbacChangeTarget,
  type RbacModifyDecision,
  type RbacModifyOptions,
} from './modify.js';
import type { RbacRoleDefinition } from './roles.js';
import { describeValue } from './text.js';
import type {
  RbacDecision,
  RbacExplanation,
  RbacOptions,
  RbacRequest,
  RbacRoleRef,
  RbacSemantics,
} from './types.js';
import { checkRbacOptions, type NormalisedRole, normaliseRole, workspaceNameIssue } from './validate.js';

/** Roles of one user in one workspace. `role` (one name) and `roles` (several) may be combined. */
export interface RbacAssignmentInput {
  user: string;
  /** The workspace the roles live in (= where they are assigned); default `default`. */
  workspace?: string;
  roles?: string[];
  role?: string;
}

/** Everything `createRbac` compiles. */
export interface RbacInput {
  roles: readonly RbacRoleDefinition[];
  assignments: readonly RbacAssignmentInput[];
  /**
   * Known workspaces. When given, roles, rules and assignments naming any other workspace are
   * input issues (`default` always exists).
   */
  workspaces?: readonly string[];
}

/** A compiled RBAC engine. */
export interface RbacEngine {
  readonly semantics: RbacSemantics;
  /** Decides an Admin API request of `user` (spec 05 §4; unknown user ⇒ deny with an issue). */
  authorize(user: string, request: RbacRequest): RbacDecision;
  /** `authorize` plus the tier, endpoint form, deciding role and every rule key looked at. */
  explain(user: string, request: RbacRequest): RbacExplanation;
  /**
   * The roles whose rules apply to `user` in `workspace`: with `'documented'`, the roles assigned
   * there when there are any, else those assigned in `default`; otherwise every assigned role.
   */
  effectiveRoles(user: string, workspace: string): RbacRoleRef[];
  /** Entity-level check (spec 05 §9) over all of the user's role entity permissions. */
  authorizeEntity(user: string, request: RbacEntityRequest): RbacEntityDecision;
  /** Users known to the engine, sorted. */
  users(): string[];
  /** The role (normalised rules) named `name` in `workspace`, if any. */
  role(name: string, workspace?: string): Readonly<NormalisedRole> | undefined;
  /** The options the engine was built with. */
  readonly options: Readonly<RbacOptions>;
  /** Workspaces in which `user` has role assignments, sorted. */
  assignmentWorkspaces(user: string): string[];
  /**
   * Kong's stored value for key `(workspace, endpoint)` over all of the user's roles (spec 05 §2,
   * 3.2.1+): low nibble = granted actions, high nibble = denied ones; `undefined` when no rule.
   */
  ruleBits(user: string, workspace: string, endpoint: string): number | undefined;
  /**
   * True when `user`'s rules for `workspace` (the semantics' role set) grant all four actions at
   * `(workspace, *)` or `(*, *)` and contain no negative rule on `workspace` or `*`: a super admin
   * there (`super-admin`, or `workspace-super-admin` inside its workspace).
   */
  isSuperAdmin(user: string, workspace: string): boolean;
  /** `canModifyRbac(engine, actor, target, change, opts)` (spec 05 §8). */
  canModifyRbac(
    actor: string,
    target: RbacChangeTarget,
    change: RbacChange,
    opts?: RbacModifyOptions,
  ): RbacModifyDecision;
}

interface CompiledRoleSet {
  roles: RbacRoleRef[];
  readonly index: RbacRuleIndex;
}

interface CompiledUser {
  /** Every role, in assignment order. */
  all: CompiledRoleSet;
  /** Roles per assignment workspace. */
  byWorkspace: Map<string, CompiledRoleSet>;
  entities: RbacEntityPermissionMap;
}

const roleKey = (workspace: string, name: string): string => `${workspace}\u0000${name}`;

/** Validates and compiles; returns issues instead of throwing. */
export function safeCreateRbac(
  input: RbacInput,
  opts: RbacOptions = {},
): { ok: true; engine: RbacEngine } | { ok: false; issues: Issue[] } {
  const checked = checkRbacOptions(opts);
  if (checked.issues.length > 0) return { ok: false, issues: checked.issues };
  opts = checked.options;
  const issues: Issue[] = [];
  if (input === null || typeof input !== 'object')
    return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
  const known =
    input.workspaces === undefined
      ? undefined
      : new Set<string>(['default', ...(input.workspaces as string[])]);
  if (input.workspaces !== undefined) {
    if (!Array.isArray(input.workspaces)) issues.push({ path: 'workspaces', message: 'must be a list' });
    else
      input.workspaces.forEach((w, i) => {
        const issue = workspaceNameIssue(w, formatPath(['workspaces', i]), false);
        if (issue !== undefined) issues.push(issue);
      });
  }
  const roles = new Map<string, NormalisedRole>();
  const names = new Set<string>();
  if (!Array.isArray(input.roles)) issues.push({ path: 'roles', message: 'must be a list of roles' });
  else
    input.roles.forEach((raw, i) => {
      const r = normaliseRole(raw, ['roles', i], known);
      issues.push(...r.issues);
      const name = (raw as { name?: unknown } | null)?.name;
      const ws = (raw as { workspace?: unknown } | null)?.workspace ?? 'default';
      if (typeof name !== 'string' || typeof ws !== 'string') return;
      const key = roleKey(ws, name);
      if (names.has(key))
        issues.push({
          path: formatPath(['roles', i, 'name']),
          message: `duplicate role ${name} in workspace ${ws}`,
        });
      names.add(key);
      if (r.role !== undefined && !roles.has(key)) roles.set(key, r.role);
    });
  // user -> workspace -> role keys (assignment order, de-duplicated)
  const users = new Map<string, Map<string, string[]>>();
  // Every role of each user in assignment order ('kong-legacy': the last rule processed wins).
  const order = new Map<string, string[]>();
  if (!Array.isArray(input.assignments)) issues.push({ path: 'assignments', message: 'must be a list' });
  else
    input.assignments.forEach((a, i) => {
      const at = (...p: PropertyKey[]): string => formatPath(['assignments', i, ...p]);
      if (a === null || typeof a !== 'object') {
        issues.push({ path: at(), message: 'must be an object' });
        return;
      }
      if (typeof a.user !== 'string' || a.user === '')
        issues.push({ path: at('user'), message: 'cannot be empty' });
      const ws = a.workspace ?? 'default';
      const wi = workspaceNameIssue(ws, at('workspace'), false);
      if (wi !== undefined) {
        issues.push(wi);
        return;
      }
      if (known !== undefined && !known.has(ws)) {
        issues.push({ path: at('workspace'), message: `Workspace ${ws} does not exist` });
        return;
      }
      const names: { name: unknown; path: string }[] = [];
      if (a.role !== undefined) names.push({ name: a.role, path: at('role') });
      if (a.roles !== undefined) {
        if (!Array.isArray(a.roles))
          issues.push({ path: at('roles'), message: 'must be a list of role names' });
        else
          (a.roles as unknown[]).forEach((n: unknown, j: number) => {
            names.push({ name: n, path: at('roles', j) });
          });
      }
      if (a.role === undefined && a.roles === undefined)
        issues.push({ path: at('roles'), message: 'an assignment needs roles' });
      if (typeof a.user !== 'string' || a.user === '') return;
      let byWs = users.get(a.user);
      if (byWs === undefined) {
        byWs = new Map();
        users.set(a.user, byWs);
      }
      let list = byWs.get(ws);
      if (list === undefined) {
        list = [];
        byWs.set(ws, list);
      }
      for (const { name, path } of names) {
        if (typeof name !== 'string' || name === '') {
          issues.push({ path, message: 'role name cannot be empty' });
          continue;
        }
        const key = roleKey(ws, name);
        if (!roles.has(key)) {
          issues.push({ path, message: `unknown role ${name} in workspace ${ws}` });
          continue;
        }
        if (!list.includes(key)) list.push(key);
        const all = order.get(a.user) ?? [];
        if (!all.includes(key)) all.push(key);
        order.set(a.user, all);
      }
    });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, engine: compile(roles, users, order, opts) };
}

/**
 * Compiles roles and assignments into an engine (spec 05 §7) whose `authorize(user, request)`
 * is a few hash lookups. Input problems — duplicate roles, unknown roles or workspaces, bad
 * endpoints or actions — throw one `MeshPolicyError` listing every issue; nothing is half-applied.
 * Rule endpoints are normalised as Kong stores them (spec 05 §1.3). Default semantics:
 * `'documented'`.
 */
export function createRbac(input: RbacInput, opts: RbacOptions = {}): RbacEngine {
  const result = safeCreateRbac(input, opts);
  if (!result.ok) throw new MeshPolicyError('INVALID_INPUT', 'invalid RBAC input', result.issues);
  return result.engine;
}

function compile(
  roles: Map<string, NormalisedRole>,
  users: Map<string, Map<string, string[]>>,
  order: Map<string, string[]>,
  opts: RbacOptions,
): RbacEngine {
  const semantics = opts.semantics ?? 'documented';
  const options: RbacOptions = Object.freeze({ ...opts });
  const refsOf = new Map<string, RbacRuleRef[]>();
  for (const [key, role] of roles) {
    const ref: RbacRoleRef = Object.freeze({ name: role.name, workspace: role.workspace });
    refsOf.set(
      key,
      role.endpoints.map((rule) => ({ rule, role: ref, mask: rbacActionMask(rule.actions) })),
    );
  }
  // Role sets are shared between users holding the same roles. The sets the semantics decides
  // with are indexed now; the others (used only by ruleBits / canModifyRbac) on first use.
  const setCache = new Map<string, CompiledRoleSet>();
  const roleSet = (keys: readonly string[], eager: boolean): CompiledRoleSet => {
    const id = keys.join('\u0001');
    let set = setCache.get(id);
    if (set === undefined) {
      let index: RbacRuleIndex | undefined;
      set = {
        roles: keys.map((k) => {
          const r = roles.get(k)!;
          return { name: r.name, workspace: r.workspace };
        }),
        get index(): RbacRuleIndex {
          index ??= buildRuleIndex(keys.flatMap((k) => refsOf.get(k) ?? []));
          return index;
        },
      };
      setCache.set(id, set);
    }
    if (eager) void set.index;
    return set;
  };
  const documentedSets = semantics === 'documented';
  const compiled = new Map<string, CompiledUser>();
  for (const [user, byWs] of users) {
    const allKeys = order.get(user) ?? [];
    const byWorkspace = new Map<string, CompiledRoleSet>();
    for (const [ws, keys] of byWs) {
      if (keys.length > 0) byWorkspace.set(ws, roleSet(keys, documentedSets));
    }
    const entities: RoleEntity[] = allKeys.flatMap((k) => roles.get(k)?.entities ?? []);
    compiled.set(user, {
      all: roleSet(allKeys, !documentedSets),
      byWorkspace,
      entities: entityPermissionMap(entities),
    });
  }
  const empty: CompiledRoleSet = { roles: [], index: new Map() };
  const setFor = (u: CompiledUser, ws: string): CompiledRoleSet =>
    semantics === 'documented' ? (u.byWorkspace.get(ws) ?? u.byWorkspace.get('default') ?? empty) : u.all;

  // Candidate lists depend only on the request path and route: cache them (bounded).
  let maxSegments = 1;
  for (const role of roles.values())
    for (const rule of role.endpoints) maxSegments = Math.max(maxSegments, segmentCount(rule.endpoint));
  const candidateCache = new Map<string, Map<string, RbacCandidate[]>>();
  let cached = 0;
  const candidates = (p: PreparedRequest): RbacCandidate[] => {
    const route = p.request.routeName ?? '\u0000';
    let byRoute = candidateCache.get(p.request.endpoint);
    let list = byRoute?.get(route);
    if (list === undefined) {
      list = candidatesOf(p, maxSegments);
      // Very long paths are not worth caching (and must not pin memory).
      if (p.request.endpoint.length > 2048 || (p.request.routeName?.length ?? 0) > 2048) return list;
      if (cached >= 10_000) {
        candidateCache.clear();
        cached = 0;
        byRoute = undefined;
      }
      if (byRoute === undefined) {
        byRoute = new Map();
        candidateCache.set(p.request.endpoint, byRoute);
      }
      byRoute.set(route, list);
      cached++;
    }
    return list;
  };
  const unknownUser = (user: string): RbacDecision => ({
    allowed: false,
    reason: 'no-matching-rule',
    issues: [
      {
        path: 'user',
        message: `unknown user ${JSON.stringify(describeValue(user))}: no roles assigned (Kong answers 401)`,
      },
    ],
  });

  const engine: RbacEngine = {
    semantics,
    options,
    authorize(user, request) {
      const prepared = prepareRequest(request, semantics, options);
      if (isDecision(prepared)) return prepared;
      const u = compiled.get(user);
      if (u === undefined) return unknownUser(user);
      const decision = decide(
        setFor(u, prepared.request.workspace).index,
        prepared,
        candidates(prepared),
        semantics,
      );
      return decision;
    },
    explain(user, request) {
      const prepared = prepareRequest(request, semantics, options);
      const trace: RbacTrace = [];
      if (isDecision(prepared)) return explanation(prepared, undefined, semantics, request, trace);
      const u = compiled.get(user);
      if (u === undefined)
        return explanation(unknownUser(user), undefined, semantics, request, trace, { roles: [] });
      const set = setFor(u, prepared.request.workspace);
      const list = candidates(prepared);
      const meta: RbacDecisionMeta = {};
      const decision = decide(set.index, prepared, list, semantics, trace, meta);
      const { role, form } = meta;
      const extra: Partial<Pick<RbacExplanation, 'decidedByRole' | 'roles'>> = {
        roles: set.roles.map((r) => ({ ...r })),
      };
      if (role !== undefined) extra.decidedByRole = { ...role };
      return explanation(decision, form, semantics, request, trace, extra, {
        request: prepared.request,
        candidates: list,
      });
    },
    effectiveRoles(user, workspace) {
      const u = compiled.get(user);
      return u === undefined ? [] : setFor(u, workspace).roles.map((r) => ({ ...r }));
    },
    authorizeEntity(user, request) {
      const u = compiled.get(user);
      if (u === undefined && options.rbac !== 'off' && options.rbac !== 'endpoint')
        return { allowed: false, reason: 'no-matching-rule' };
      return decideEntity(u?.entities ?? new Map(), request, options.rbac ?? 'both');
    },
    users() {
      return [...compiled.keys()].sort();
    },
    role(name, workspace = 'default') {
      return roles.get(roleKey(workspace, name));
    },
    assignmentWorkspaces(user) {
      return [...(compiled.get(user)?.byWorkspace.keys() ?? [])].sort();
    },
    ruleBits(user, workspace, endpoint) {
      const entry = compiled.get(user)?.all.index.get(workspace)?.get(endpoint);
      if (entry === undefined) return undefined;
      return (entry.pos & ~entry.neg) | (entry.neg << 4);
    },
    isSuperAdmin(user, workspace) {
      const u = compiled.get(user);
      if (u === undefined) return false;
      const index = setFor(u, workspace).index;
      const scopes = [index.get(workspace), index.get('*')];
      for (const scope of scopes)
        for (const entry of scope?.values() ?? []) if (entry.neg !== 0) return false;
      return scopes.some((scope) => {
        const e = scope?.get('*');
        return e !== undefined && (e.pos & 0x0f) === 0x0f;
      });
    },
    canModifyRbac(actor, target, change, modifyOpts) {
      return canModifyRbac(engine, actor, target, change, modifyOpts);
    },
  };
  return Object.freeze(engine);
}
