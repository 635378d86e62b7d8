/**
 * Reproductions of Kong EE's internal permission maps, generation by generation, for replaying
 * Kong's own unit fixtures (conformance `kong-rbac/`). Kong's map is
 * `{ <workspace>: { <key>: <bits> } }` with low nibble = allowed actions and high nibble =
 * denied actions. The library's own semantics (`'kong'`, `'kong-legacy'`) work on rules and do
 * not reproduce the workspace-prefixed keys these functions model (spec 05 §3, K10).
 */
import { MeshPolicyError, type RbacAction, type RoleEndpoint, type RoleEntity } from '../models/index.js';
import { RBAC_ACTION_BITS, rbacActionMask } from './actions.js';
import {
  generalizationsFor,
  RBAC_WHITELISTED_PATHS,
  type RbacRuleKeysBySegments,
  routeNameEndpoint,
  ruleKeysBySegments,
} from './endpoints.js';

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object';
const isMap = (x: unknown): x is ReadonlyMap<unknown, unknown> =>
  isObject(x) && typeof x.get === 'function' && Symbol.iterator in x;
/** A rule or entity row as far as these functions read it: an object with a list of actions. */
const isRow = (x: unknown): boolean => isObject(x) && Array.isArray(x.actions);
const invalid = (message: string): MeshPolicyError => new MeshPolicyError('INVALID_INPUT', message);

/** Kong EE endpoint-authorisation generations (conformance README §4). */
export const KONG_ENDPOINT_GENERATIONS = [
  'v2018-01',
  'v2018-04',
  'v2018-06',
  'v2018-11',
  'v2022-12',
  'v2023-02',
  'v2024-01',
] as const;
/** One Kong EE endpoint-authorisation generation. */
export type KongEndpointGeneration = (typeof KONG_ENDPOINT_GENERATIONS)[number];

/** Kong's resolved endpoint map: workspace → key → bits. */
export type KongEndpointMap = Map<string, Map<string, number>>;

const genIndex = (g: KongEndpointGeneration): number => KONG_ENDPOINT_GENERATIONS.indexOf(g);
const atLeast = (g: KongEndpointGeneration, min: KongEndpointGeneration): boolean =>
  genIndex(g) >= genIndex(min);

/**
 * Kong's `resolve_role_endpoint_permissions` of one generation: the rules of the user's roles,
 * role by role in the order Kong loaded them, into the internal map.
 */
export function resolveKongEndpointMap(
  rolesInOrder: readonly (readonly RoleEndpoint[])[],
  generation: KongEndpointGeneration,
): KongEndpointMap {
  if (
    !Array.isArray(rolesInOrder as unknown) ||
    !rolesInOrder.every((r) => Array.isArray(r) && r.every(isRow))
  )
    throw invalid('resolveKongEndpointMap: rolesInOrder must be a list of rule lists');
  const map: KongEndpointMap = new Map();
  const wsMap = (ws: string): Map<string, number> => {
    let m = map.get(ws);
    if (m === undefined) {
      m = new Map();
      map.set(ws, m);
    }
    return m;
  };
  const flags = new Map<string, Map<RbacAction, boolean>>();
  for (const rules of rolesInOrder) {
    for (const rule of rules) {
      const m = wsMap(rule.workspace);
      const mask = rbacActionMask(rule.actions);
      const negative = rule.negative === true;
      if (generation === 'v2018-01') {
        m.set(rule.endpoint, (m.get(rule.endpoint) ?? 0) | (negative ? mask << 4 : mask));
        continue;
      }
      const key = rule.endpoint === '*' ? '*' : `/${rule.workspace}${rule.endpoint}`;
      if (!atLeast(generation, 'v2022-12')) {
        // The value is OR-ed with the UNPREFIXED key's: `*` accumulates, other keys: last wins.
        m.set(key, (m.get(rule.endpoint) ?? 0) | mask | (negative ? mask << 4 : 0));
        continue;
      }
      // 2022-12 shares the flags between workspaces (keyed by endpoint only); fixed in 2023-02.
      const scope = generation === 'v2022-12' ? key : `${rule.workspace}\u0000${key}`;
      let f = flags.get(scope);
      if (f === undefined) {
        f = new Map();
        flags.set(scope, f);
      }
      for (const a of rule.actions) f.set(a, (f.get(a) ?? false) || negative);
      let value = 0;
      for (const [a, neg] of f) value |= neg ? RBAC_ACTION_BITS[a] << 4 : RBAC_ACTION_BITS[a];
      m.set(key, value);
    }
  }
  return map;
}

/** A request as Kong's `authorize_request_endpoint` sees it. */
export interface KongEndpointRequest {
  workspace: string;
  endpoint: string;
  action: RbacAction;
  routeName?: string;
}

const lookup = (m: ReadonlyMap<string, number> | undefined, key: string): number | undefined => m?.get(key);

/**
 * Kong's `authorize_request_endpoint` of one generation over an internal map (conformance
 * README §4 "generations"). Returns whether the request is allowed; a malformed map or request
 * is a deny.
 */
export function authorizeKongEndpointMap(
  map: ReadonlyMap<string, ReadonlyMap<string, number>>,
  request: KongEndpointRequest,
  generation: KongEndpointGeneration,
): boolean {
  // Anything malformed is a deny (a null route name reads as none).
  if (
    !isMap(map) ||
    !isObject(request) ||
    typeof request.workspace !== 'string' ||
    typeof request.endpoint !== 'string' ||
    !Object.hasOwn(RBAC_ACTION_BITS, request.action) ||
    (request.routeName != null && typeof request.routeName !== 'string')
  )
    return false;
  const bit = RBAC_ACTION_BITS[request.action];
  const ws = request.workspace;
  if (generation === 'v2018-01') {
    for (const w of [ws, '*']) {
      const m = map.get(w);
      if (m === undefined) continue;
      const value = lookup(m, request.endpoint) ?? lookup(m, '*');
      if (value !== undefined && (value & bit) === bit) return (value & (bit << 4)) === 0;
    }
    return false;
  }
  if (generation === 'v2018-06' && request.endpoint === '/userinfo') return true;
  if (atLeast(generation, 'v2018-11') && RBAC_WHITELISTED_PATHS.includes(request.endpoint)) return true;
  let endpoint = request.endpoint;
  let route = request.routeName ?? undefined;
  if (atLeast(generation, 'v2018-11') && route?.startsWith('workspace_') === true) {
    route = route.slice('workspace_'.length);
    if (endpoint.startsWith(`/${ws}`)) endpoint = endpoint.slice(ws.length + 1);
  }
  if (generation === 'v2024-01' && request.action === 'read' && endpoint === '/workspaces') return true;
  const strict = atLeast(generation, 'v2022-12');
  for (const w of [ws, '*']) {
    const m = map.get(w);
    if (m === undefined) continue;
    const candidates = [endpoint, `/${w}${endpoint}`];
    if (route !== undefined) {
      const r = routeNameEndpoint(route);
      candidates.push(r, `/${w}${r}`);
    }
    if (atLeast(generation, 'v2018-06')) {
      // Long paths: only the generalisations that are keys of the map (the others find nothing),
      // pushed one by one (spreading a long list into push overflows the stack).
      let keys: RbacRuleKeysBySegments | undefined;
      const keysOf = (): RbacRuleKeysBySegments => {
        keys ??= ruleKeysBySegments(m.keys());
        return keys;
      };
      for (const g of generalizationsFor(endpoint, keysOf)) candidates.push(g);
      for (const g of generalizationsFor(`/${w}${endpoint}`, keysOf)) candidates.push(g);
    }
    candidates.push('*');
    for (const c of candidates) {
      const value = m.get(c);
      if (value === undefined) continue;
      if (strict) {
        if (value === 0) return false;
        if ((value & (bit << 4)) !== 0) return false;
        if ((value & bit) !== 0) return true;
      } else if ((value & bit) !== 0) {
        return (value & (bit << 4)) === 0;
      }
    }
  }
  return false;
}

/**
 * Kong's `readable_endpoints_permissions`: per workspace and key, the allowed actions — a list
 * before 2022-12, a map `action → { negative }` from 2022-12 on.
 */
export function readableKongEndpointMap(
  map: ReadonlyMap<string, ReadonlyMap<string, number>>,
  generation: KongEndpointGeneration,
): Record<string, Record<string, { actions: RbacAction[] | Record<string, { negative: boolean }> }>> {
  if (!isMap(map) || ![...map.values()].every(isMap))
    throw invalid('readableKongEndpointMap: map must be a map of workspace to key maps');
  const out: Record<
    string,
    Record<string, { actions: RbacAction[] | Record<string, { negative: boolean }> }>
  > = Object.create(null);
  for (const [ws, m] of map) {
    const byKey: Record<string, { actions: RbacAction[] | Record<string, { negative: boolean }> }> =
      Object.create(null);
    for (const [key, value] of m) {
      if (atLeast(generation, 'v2022-12')) {
        const actions: Record<string, { negative: boolean }> = Object.create(null);
        for (const [a, b] of Object.entries(RBAC_ACTION_BITS)) {
          if ((value & (b << 4)) !== 0) actions[a] = { negative: true };
          else if ((value & b) !== 0) actions[a] = { negative: false };
        }
        byKey[key] = { actions };
      } else {
        byKey[key] = {
          actions: (Object.keys(RBAC_ACTION_BITS) as RbacAction[]).filter(
            (a) => (value & RBAC_ACTION_BITS[a]) !== 0,
          ),
        };
      }
    }
    out[ws] = byKey;
  }
  return out;
}

/** Kong EE entity-RBAC generations (conformance README §4). */
export const KONG_ENTITY_GENERATIONS = ['e2018-01', 'e2018-06', 'e2020-04'] as const;
/** One Kong EE entity-RBAC generation. */
export type KongEntityGeneration = (typeof KONG_ENTITY_GENERATIONS)[number];

/** What each workspace contains (for the workspace expansion of generations before 2020-04). */
export type KongWorkspaceContents = ReadonlyMap<string, readonly { entityId: string; entityType: string }[]>;

/**
 * Kong's `resolve_workspace_entities`: the entity ids of the given workspaces, nested workspaces
 * expanded recursively, duplicates removed. A cycle is an error (`already seen workspace <id>`).
 */
export function resolveKongWorkspaceEntities(
  workspaces: readonly string[],
  contents: KongWorkspaceContents,
): { ok: true; entities: string[] } | { ok: false; error: string } {
  if (!Array.isArray(workspaces as unknown))
    throw invalid('resolveKongWorkspaceEntities: workspaces must be a list of workspace ids');
  // Null contents read as none.
  contents ??= new Map();
  if (!isMap(contents))
    throw invalid('resolveKongWorkspaceEntities: contents must be a map of workspace to entities');
  return workspaceEntities(workspaces, contents);
}

function workspaceEntities(
  workspaces: readonly string[],
  contents: KongWorkspaceContents,
): { ok: true; entities: string[] } | { ok: false; error: string } {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack: { ws: string; path: Set<string> }[] = [];
  for (const w of workspaces) stack.push({ ws: w, path: new Set() });
  const visit = (ws: string, path: ReadonlySet<string>): string | undefined => {
    if (path.has(ws)) return `already seen workspace ${ws}`;
    const next = new Set(path).add(ws);
    for (const e of contents.get(ws) ?? []) {
      if (e.entityId === ws) continue;
      if (e.entityType === 'workspaces') {
        const err = visit(e.entityId, next);
        if (err !== undefined) return err;
      } else if (!seen.has(e.entityId)) {
        seen.add(e.entityId);
        out.push(e.entityId);
      }
    }
    return undefined;
  };
  for (const { ws, path } of stack) {
    const err = visit(ws, path);
    if (err !== undefined) return { ok: false, error: err };
  }
  return { ok: true, entities: out };
}

/**
 * Kong's `resolve_role_entity_permissions` of one generation: entity id → bits. Before 2020-04
 * a row pointing at a workspace (`entityType: 'workspaces'`) is expanded to the workspace's
 * entities; in 2018-01 negative rows clear bits instead of setting the upper nibble.
 */
export function resolveKongEntityMap(
  rolesInOrder: readonly (readonly RoleEntity[])[],
  generation: KongEntityGeneration,
  contents: KongWorkspaceContents = new Map(),
): Map<string, number> {
  const rows = Array.isArray(rolesInOrder as unknown) ? rolesInOrder.flat() : undefined;
  if (rows === undefined || !rows.every(isRow))
    throw invalid('resolveKongEntityMap: rolesInOrder must be a list of entity permission lists');
  // Null contents read as none.
  const known = contents ?? new Map();
  if (!isMap(known)) throw invalid('resolveKongEntityMap: contents must be a map of workspace to entities');
  const map = new Map<string, number>();
  const ids = (e: RoleEntity): string[] => {
    if (generation === 'e2020-04' || e.entityType !== 'workspaces') return [e.entityId];
    const r = workspaceEntities([e.entityId], known);
    return r.ok ? r.entities : [];
  };
  for (const e of rows) {
    if (e.negative === true) continue;
    for (const id of ids(e)) map.set(id, (map.get(id) ?? 0) | rbacActionMask(e.actions));
  }
  for (const e of rows) {
    if (e.negative !== true) continue;
    const mask = rbacActionMask(e.actions);
    for (const id of ids(e)) {
      const v = map.get(id) ?? 0;
      map.set(id, generation === 'e2018-01' ? v & ~mask : v | (mask << 4));
    }
  }
  return map;
}

/** Kong's `authorize_request_entity(map, id, actionBits)` of one generation; a malformed map is a deny. */
export function authorizeKongEntityMap(
  map: ReadonlyMap<string, number>,
  entityId: string,
  actionBits: number,
  generation: KongEntityGeneration,
): boolean {
  // A malformed map is a deny.
  if (!isMap(map)) return false;
  return authorizeEntityMap(map, entityId, actionBits, generation);
}

function authorizeEntityMap(
  map: ReadonlyMap<string, number>,
  entityId: string,
  actionBits: number,
  generation: KongEntityGeneration,
): boolean {
  if (generation === 'e2018-01') {
    const v = map.get(entityId);
    return v !== undefined && (v & actionBits) === actionBits;
  }
  for (const key of [entityId, '*']) {
    const v = map.get(key);
    if (v === undefined) continue;
    if ((v & (actionBits << 4)) === actionBits << 4) return false;
    if ((v & actionBits) === actionBits) return true;
  }
  return false;
}

/**
 * Kong's `check_cascade`: a cascading delete (or other action) is allowed only when every
 * cascaded entity is allowed; skipped (allowed) unless entity RBAC is enforced.
 */
export function checkKongCascade(
  cascade: ReadonlyMap<string, readonly string[]>,
  action: RbacAction,
  permissions: ReadonlyMap<string, number>,
  enforcement: 'off' | 'on' | 'endpoint' | 'entity' | 'both',
  generation: KongEntityGeneration = 'e2020-04',
): boolean {
  if (enforcement !== 'entity' && enforcement !== 'both') return true;
  const bit = RBAC_ACTION_BITS[action];
  for (const ids of cascade.values())
    for (const id of ids) if (!authorizeKongEntityMap(permissions, id, bit, generation)) return false;
  return true;
}

/** Kong's `readable_entities_permissions`: entity id → allowed action names and negative ones. */
export function readableKongEntityMap(
  map: ReadonlyMap<string, number>,
): Record<string, { actions: RbacAction[]; negative: RbacAction[] }> {
  if (!isMap(map)) throw invalid('readableKongEntityMap: map must be a map of entity id to bits');
  const out: Record<string, { actions: RbacAction[]; negative: RbacAction[] }> = Object.create(null);
  const names = Object.keys(RBAC_ACTION_BITS) as RbacAction[];
  for (const [id, v] of map) {
    out[id] = {
      actions: names.filter((a) => (v & RBAC_ACTION_BITS[a]) !== 0),
      negative: names.filter((a) => (v & (RBAC_ACTION_BITS[a] << 4)) !== 0),
    };
  }
  return out;
}
