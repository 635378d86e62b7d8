/** The compiled RBAC engine (spec 05 §7): validated once, then a few hash lookups per request. */

import { formatPath, type Issue, MeshPolicyError, type RoleEntity } from '../models/index.js';
import { rbacActionMask } from './actions.js';
import { explanation } from './authorize.js';
import { type RbacCandidate, ruleKeysBySegments } from './endpoints.js';
import type { RbacEngine } from './engine-types.js';
import { decideEntity, entityPermissionMap, type RbacEntityPermissionMap } from './entities.js';
import {
  buildRuleIndex,
  candidatesOf,
  decide,
  decideGuarded,
  isDecision,
  type PreparedRequest,
  plainRouteIssue,
  prepareRequest,
  type RbacAdminGuard,
  type RbacDecisionMeta,
  type RbacRuleIndex,
  type RbacRuleRef,
  type RbacTrace,
} from './evaluate.js';
import { canModifyRbac } from './modify.js';
import type { RbacRoleDefinition } from './roles.js';
import { describeValue } from './text.js';
import type { RbacDecision, RbacExplanation, RbacOptions, RbacRoleRef } from './types.js';
import {
  checkRbacOptions,
  controlCharacterIssue,
  type NormalisedRole,
  normaliseRole,
  workspaceNameIssue,
} from './validate.js';

export type { RbacEngine } from './engine-types.js';

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

interface CompiledRoleSet {
  roles: RbacRoleRef[];
  readonly index: RbacRuleIndex;
  /** The default admin roles among them (K6), by the workspace their rules name. */
  guard: RbacAdminGuard | undefined;
}

interface CompiledUser {
  /** Every role, in assignment order. */
  all: CompiledRoleSet;
  /** Roles per assignment workspace. */
  byWorkspace: Map<string, CompiledRoleSet>;
  entities: RbacEntityPermissionMap;
}

/**
 * Roles by identity (K7): a role is the pair (workspace, name), looked up in nested maps — never
 * a joined string, which names containing the separator could forge. Each role gets an id.
 */
class RoleTable {
  private readonly byWorkspace = new Map<string, Map<string, number>>();
  readonly list: NormalisedRole[] = [];
  id(workspace: string, name: string): number | undefined {
    return this.byWorkspace.get(workspace)?.get(name);
  }
  has(workspace: string, name: string): boolean {
    return this.id(workspace, name) !== undefined;
  }
  /** Reserves the pair; false when it is taken. */
  claim(workspace: string, name: string, role: NormalisedRole | undefined): boolean {
    let names = this.byWorkspace.get(workspace);
    if (names === undefined) {
      names = new Map();
      this.byWorkspace.set(workspace, names);
    }
    if (names.has(name)) return false;
    // A name whose role is invalid is still taken (duplicates are reported), with no role (-1).
    names.set(name, role === undefined ? -1 : this.list.push(role) - 1);
    return true;
  }
}

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
  let known: Set<string> | undefined;
  if (input.workspaces !== undefined) {
    if (!Array.isArray(input.workspaces)) issues.push({ path: 'workspaces', message: 'must be a list' });
    else {
      known = new Set<string>(['default']);
      input.workspaces.forEach((w: unknown, i: number) => {
        const issue = workspaceNameIssue(w, formatPath(['workspaces', i]), false);
        if (issue !== undefined) issues.push(issue);
        if (typeof w === 'string') known?.add(w);
      });
    }
  }
  const roles = new RoleTable();
  if (!Array.isArray(input.roles)) issues.push({ path: 'roles', message: 'must be a list of roles' });
  else
    input.roles.forEach((raw: unknown, i: number) => {
      const r = normaliseRole(raw, ['roles', i], known);
      // Never spread a long list into a call (a role may carry hundreds of thousands of rules).
      for (const issue of r.issues) issues.push(issue);
      const name = (raw as { name?: unknown } | null)?.name;
      const ws = (raw as { workspace?: unknown } | null)?.workspace ?? 'default';
      if (typeof name !== 'string' || typeof ws !== 'string') return;
      if (!roles.claim(ws, name, r.role))
        issues.push({
          path: formatPath(['roles', i, 'name']),
          message: `duplicate role ${name} in workspace ${ws}`,
        });
    });
  // user -> workspace -> role ids (assignment order, de-duplicated)
  const users = new Map<string, Map<string, UniqueList>>();
  // Every role of each user in assignment order ('kong-legacy': the last rule processed wins).
  const order = new Map<string, UniqueList>();
  if (!Array.isArray(input.assignments)) issues.push({ path: 'assignments', message: 'must be a list' });
  else
    input.assignments.forEach((a: RbacAssignmentInput | null, i: number) => {
      const at = (...p: PropertyKey[]): string => formatPath(['assignments', i, ...p]);
      if (a === null || typeof a !== 'object') {
        issues.push({ path: at(), message: 'must be an object' });
        return;
      }
      let user = typeof a.user === 'string' && a.user !== '' ? a.user : undefined;
      if (user === undefined) issues.push({ path: at('user'), message: 'cannot be empty' });
      else {
        const bad = controlCharacterIssue(user, at('user'), 'user name');
        if (bad !== undefined) {
          issues.push(bad);
          user = undefined;
        }
      }
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
      if (user === undefined) return;
      let byWs = users.get(user);
      if (byWs === undefined) {
        byWs = new Map();
        users.set(user, byWs);
      }
      let list = byWs.get(ws);
      if (list === undefined) {
        list = new UniqueList();
        byWs.set(ws, list);
      }
      let all = order.get(user);
      if (all === undefined) {
        all = new UniqueList();
        order.set(user, all);
      }
      for (const { name, path } of names) {
        if (typeof name !== 'string' || name === '') {
          issues.push({ path, message: 'role name cannot be empty' });
          continue;
        }
        const bad = controlCharacterIssue(name, path, 'role name');
        if (bad !== undefined) {
          issues.push(bad);
          continue;
        }
        const id = roles.id(ws, name);
        if (id === undefined) {
          issues.push({ path, message: `unknown role ${name} in workspace ${ws}` });
          continue;
        }
        // An invalid role (id -1) is already reported where it is defined.
        if (id < 0) continue;
        list.add(id);
        all.add(id);
      }
    });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, engine: compile(roles.list, users, order, opts) };
}

/** Ids in first-seen order, without duplicates (constant time per add). */
class UniqueList {
  readonly ids: number[] = [];
  private readonly seen = new Set<number>();
  add(id: number): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.ids.push(id);
  }
}

/**
 * Compiles roles and assignments into an engine (spec 05 §7) whose `authorize(user, request)`
 * is a few hash lookups. Input problems — duplicate roles, unknown roles or workspaces, bad
 * endpoints or actions, names with control characters — throw one `MeshPolicyError` listing
 * every issue; nothing is half-applied. Rule endpoints are normalised as Kong stores them (spec
 * 05 §1.3). Default semantics: `'documented'`, under which the default `admin` roles never reach
 * `/rbac` or `/admins` at any depth (docs/rbac.md).
 */
export function createRbac(input: RbacInput, opts: RbacOptions = {}): RbacEngine {
  const result = safeCreateRbac(input, opts);
  if (!result.ok) throw new MeshPolicyError('INVALID_INPUT', 'invalid RBAC input', result.issues);
  return result.engine;
}

/**
 * The workspace whose rules a default admin role's fence (K6) applies to: `*` for `admin` of
 * `default` (its rules name every workspace), `W` for `workspace-admin` and
 * `workspace-portal-admin` of a workspace `W` (the roles Kong Manager creates there).
 */
function fenceScope(role: NormalisedRole): string | undefined {
  if (role.workspace === 'default') return role.name === 'admin' ? '*' : undefined;
  return role.name === 'workspace-admin' || role.name === 'workspace-portal-admin'
    ? role.workspace
    : undefined;
}

function compile(
  roles: readonly NormalisedRole[],
  users: Map<string, Map<string, UniqueList>>,
  order: Map<string, UniqueList>,
  opts: RbacOptions,
): RbacEngine {
  const semantics = opts.semantics ?? 'documented';
  const options: RbacOptions = Object.freeze({ ...opts });
  const table = new Map<string, Map<string, NormalisedRole>>();
  const refRoles: RbacRoleRef[] = roles.map((role) => {
    let names = table.get(role.workspace);
    if (names === undefined) {
      names = new Map();
      table.set(role.workspace, names);
    }
    names.set(role.name, role);
    return Object.freeze({ name: role.name, workspace: role.workspace });
  });
  const refsOf: RbacRuleRef[][] = roles.map((role, id) =>
    role.endpoints.map((rule) => ({ rule, role: refRoles[id]!, mask: rbacActionMask(rule.actions) })),
  );
  // Role sets are shared between users holding the same roles. The sets the semantics decides
  // with are indexed now; the others (used only by ruleBits / canModifyRbac) on first use.
  const setCache = new Map<string, CompiledRoleSet>();
  const roleSet = (ids: readonly number[], eager: boolean): CompiledRoleSet => {
    const cacheKey = ids.join(',');
    let set = setCache.get(cacheKey);
    if (set === undefined) {
      let index: RbacRuleIndex | undefined;
      // The fence of the default admin roles (K6) is part of the 'documented' semantics only.
      let guard: Map<string, RbacRoleRef> | undefined;
      for (const id of semantics === 'documented' ? ids : []) {
        const scope = fenceScope(roles[id]!);
        if (scope === undefined) continue;
        guard ??= new Map();
        if (!guard.has(scope)) guard.set(scope, refRoles[id]!);
      }
      set = {
        roles: ids.map((id) => ({ name: roles[id]!.name, workspace: roles[id]!.workspace })),
        get index(): RbacRuleIndex {
          index ??= buildRuleIndex(ids.flatMap((id) => refsOf[id] ?? []));
          return index;
        },
        guard,
      };
      setCache.set(cacheKey, set);
    }
    if (eager) void set.index;
    return set;
  };
  const documentedSets = semantics === 'documented';
  const compiled = new Map<string, CompiledUser>();
  for (const [user, byWs] of users) {
    const allIds = order.get(user)?.ids ?? [];
    const byWorkspace = new Map<string, CompiledRoleSet>();
    for (const [ws, list] of byWs) {
      if (list.ids.length > 0) byWorkspace.set(ws, roleSet(list.ids, documentedSets));
    }
    const entities: RoleEntity[] = allIds.flatMap((id) => roles[id]?.entities ?? []);
    compiled.set(user, {
      all: roleSet(allIds, !documentedSets),
      byWorkspace,
      entities: entityPermissionMap(entities),
    });
  }
  const empty: CompiledRoleSet = { roles: [], index: new Map(), guard: undefined };
  const setFor = (u: CompiledUser, ws: string): CompiledRoleSet =>
    semantics === 'documented' ? (u.byWorkspace.get(ws) ?? u.byWorkspace.get('default') ?? empty) : u.all;

  // Long request paths are generalised only into the rule endpoints of their length.
  const keys = ruleKeysBySegments(
    (function* () {
      for (const role of roles) for (const rule of role.endpoints) yield rule.endpoint;
    })(),
  );
  // Candidate lists depend only on the request path and route: cache them (bounded), with the
  // check that a route name without workspace_ matches its path (K6), left to here by prepare.
  interface CachedPath {
    list: RbacCandidate[];
    routeIssue: Issue | undefined;
  }
  const candidateCache = new Map<string, Map<string, CachedPath>>();
  let cached = 0;
  const pathInfo = (p: PreparedRequest): CachedPath => {
    const route = p.request.routeName ?? '\u0000';
    let byRoute = candidateCache.get(p.request.endpoint);
    let info = byRoute?.get(route);
    if (info === undefined) {
      const issue =
        p.request.routeName === undefined
          ? undefined
          : plainRouteIssue(p.request.endpoint, p.request.routeName, true);
      info = { list: issue === undefined ? candidatesOf(p, keys) : [], routeIssue: issue };
      // Very long paths are not worth caching (and must not pin memory).
      if (p.request.endpoint.length > 2048 || (p.request.routeName?.length ?? 0) > 2048) return info;
      if (cached >= 10_000) {
        candidateCache.clear();
        cached = 0;
        byRoute = undefined;
      }
      if (byRoute === undefined) {
        byRoute = new Map();
        candidateCache.set(p.request.endpoint, byRoute);
      }
      byRoute.set(route, info);
      cached++;
    }
    return info;
  };
  const routeDenial = (issue: Issue): RbacDecision => ({
    allowed: false,
    reason: 'invalid-input',
    issues: [{ ...issue }],
  });
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
      const prepared = prepareRequest(request, semantics, options, true, true);
      if (isDecision(prepared)) return prepared;
      const info = pathInfo(prepared);
      if (info.routeIssue !== undefined) return routeDenial(info.routeIssue);
      const u = compiled.get(user);
      if (u === undefined) return unknownUser(user);
      const set = setFor(u, prepared.request.workspace);
      return set.guard === undefined
        ? decide(set.index, prepared, info.list, semantics)
        : decideGuarded(set.index, prepared, info.list, semantics, set.guard);
    },
    explain(user, request) {
      const prepared = prepareRequest(request, semantics, options, true, true);
      const trace: RbacTrace = [];
      if (isDecision(prepared)) return explanation(prepared, undefined, semantics, request, trace);
      const info = pathInfo(prepared);
      if (info.routeIssue !== undefined)
        return explanation(routeDenial(info.routeIssue), undefined, semantics, request, trace);
      const u = compiled.get(user);
      if (u === undefined)
        return explanation(unknownUser(user), undefined, semantics, request, trace, { roles: [] });
      const set = setFor(u, prepared.request.workspace);
      const list = info.list;
      const meta: RbacDecisionMeta = {};
      const decision =
        set.guard === undefined
          ? decide(set.index, prepared, list, semantics, trace, meta)
          : decideGuarded(set.index, prepared, list, semantics, set.guard, trace, meta);
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
      // Frozen all the way down (normaliseRole): callers cannot change the engine through it.
      return table.get(workspace)?.get(name);
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
