/**
 * Endpoint strings: rule normalisation (spec 05 §1.3), request stripping (§1.4), whitelisted
 * paths (§1.5) and the candidate list a request is looked up under (§3).
 */
import { MeshPolicyError } from '../models/index.js';

/** Paths RBAC never blocks, any action (Kong ≥ 0.35, spec 05 §1.5). */
export const RBAC_WHITELISTED_PATHS: readonly string[] = Object.freeze([
  '/auth',
  '/userinfo',
  '/admins/register',
  '/admins/password_resets',
  '/admins/self/password',
  '/admins/self/token',
]);

/**
 * Normalises a rule endpoint the way Kong stores it (spec 05 §1.3): surrounding whitespace
 * trimmed; unless it is exactly `*`, one trailing `/` removed and a leading `/` added.
 * `rbac/*` → `/rbac/*`, `/services/` → `/services`.
 */
export function normalizeRuleEndpoint(endpoint: string): string {
  if (typeof endpoint !== 'string') throw notString('normalizeRuleEndpoint', 'endpoint');
  let e = endpoint.trim();
  if (e === '*') return e;
  if (e.endsWith('/')) e = e.slice(0, -1);
  if (!e.startsWith('/')) e = `/${e}`;
  return e;
}

/**
 * Normalises a Kong route name into a rule-shaped endpoint (spec 05 §3 item 2): a leading
 * `workspace_` removed, each `:param` replaced by `*`, one trailing `/` removed.
 * `/services/:services/plugins/` → `/services/*\/plugins`.
 */
export function normalizeRouteName(routeName: string): string {
  if (typeof routeName !== 'string') throw notString('normalizeRouteName', 'routeName');
  return routeNameEndpoint(routeName);
}

/** `normalizeRouteName` without the argument check (the per-request path passes strings). */
export function routeNameEndpoint(routeName: string): string {
  let r = routeName.startsWith('workspace_') ? routeName.slice('workspace_'.length) : routeName;
  r = r.replace(/:[^/]*/g, '*');
  if (r.endsWith('/')) r = r.slice(0, -1);
  return r;
}

/**
 * The progressive wildcard generalisations of a request path (spec 05 §3): the right-most
 * segment not yet ending in `*` is replaced by `*`, repeatedly; the number of segments never
 * changes. `/services/foo` → `['/services/*', '/*\/*']`; `/a/*\/c` → `['/a/*\/*', '/*\/*\/*']`.
 * Returns `[]` when the last segment is empty or already ends with `*`.
 */
export function generalizeEndpoint(endpoint: string): string[] {
  if (typeof endpoint !== 'string') throw notString('generalizeEndpoint', 'endpoint');
  return generalizations(endpoint);
}

/** `generalizeEndpoint` without the argument check (the per-request path passes strings). */
export function generalizations(endpoint: string): string[] {
  const s = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  const segments = s.split('/');
  const last = segments[segments.length - 1] ?? '';
  if (last === '' || last.endsWith('*')) return [];
  // The empty segment before a leading '/' never counts.
  const first = segments[0] === '' ? 1 : 0;
  const out: string[] = [];
  for (let i = segments.length - 1; i >= first; i--) {
    const seg = segments[i] ?? '';
    if (seg === '' || seg.endsWith('*')) continue;
    // Only the run after the segment's last '*' is replaced (Kong works on the reversed string).
    segments[i] = `${seg.slice(0, seg.lastIndexOf('*') + 1)}*`;
    out.push(segments.join('/'));
  }
  return out;
}

/**
 * Kong's compatibility rule for raw Admin API input (spec 05 §1.4): when `routeName` starts with
 * `workspace_`, that prefix is removed and a leading `/<workspace>` is removed from `endpoint`.
 */
export function stripWorkspacePrefix(
  workspace: string,
  endpoint: string,
  routeName: string | undefined,
): { endpoint: string; routeName: string | undefined } {
  if (typeof workspace !== 'string') throw notString('stripWorkspacePrefix', 'workspace');
  if (typeof endpoint !== 'string') throw notString('stripWorkspacePrefix', 'endpoint');
  // A null route name reads as none.
  const route = routeName ?? undefined;
  if (route !== undefined && typeof route !== 'string')
    throw notString('stripWorkspacePrefix', 'routeName', ' or undefined');
  return stripPrefix(workspace, endpoint, route);
}

/** `stripWorkspacePrefix` without the argument checks (the per-request path passes strings). */
export function stripPrefix(
  workspace: string,
  endpoint: string,
  routeName: string | undefined,
): { endpoint: string; routeName: string | undefined } {
  if (routeName === undefined || !routeName.startsWith('workspace_')) return { endpoint, routeName };
  const prefix = `/${workspace}`;
  return {
    endpoint: endpoint.startsWith(prefix) ? endpoint.slice(prefix.length) : endpoint,
    routeName: routeName.slice('workspace_'.length),
  };
}

/** How a candidate endpoint was derived from the request (spec 05 §3). */
export type RbacEndpointForm = 'exact' | 'route' | 'generalized' | 'wildcard';

/** One candidate endpoint of a request, in lookup order. */
export interface RbacCandidate {
  endpoint: string;
  form: RbacEndpointForm;
}

/** Number of `/`-separated parts of a path after removing one trailing `/` (generalisations keep it). */
export function endpointSegmentCount(endpoint: string): number {
  if (typeof endpoint !== 'string') throw notString('endpointSegmentCount', 'endpoint');
  return segmentCount(endpoint);
}

/** `endpointSegmentCount` without the argument check (the per-request path passes strings). */
export function segmentCount(endpoint: string): number {
  const s = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

/**
 * The candidate endpoints of a (stripped) request, in order (spec 05 §3): the exact path, the
 * normalised route name, the generalisations, then `*`. Duplicates keep their first position.
 * Generalisations keep the number of segments, so when that number exceeds `maxRuleSegments`
 * (the most any rule has) none could match a rule: beyond 16 segments they are then skipped,
 * which keeps a hostile path with thousands of segments linear instead of quadratic.
 */
export function requestCandidates(
  endpoint: string,
  routeName?: string,
  maxRuleSegments = Number.POSITIVE_INFINITY,
): RbacCandidate[] {
  if (typeof endpoint !== 'string') throw notString('requestCandidates', 'endpoint');
  // Null reads as none for the optional arguments.
  const route = routeName ?? undefined;
  if (route !== undefined && typeof route !== 'string')
    throw notString('requestCandidates', 'routeName', ' or undefined');
  const max = maxRuleSegments ?? Number.POSITIVE_INFINITY;
  if (typeof max !== 'number')
    throw new MeshPolicyError('INVALID_INPUT', 'requestCandidates: maxRuleSegments must be a number');
  return listCandidates(endpoint, route, max);
}

/** `requestCandidates` without the argument checks: `authorize` calls this once per request. */
export function listCandidates(
  endpoint: string,
  routeName?: string,
  maxRuleSegments = Number.POSITIVE_INFINITY,
): RbacCandidate[] {
  const out: RbacCandidate[] = [];
  const seen = new Set<string>();
  const push = (e: string, form: RbacEndpointForm): void => {
    if (seen.has(e)) return;
    seen.add(e);
    out.push({ endpoint: e, form });
  };
  push(endpoint, endpoint === '*' ? 'wildcard' : 'exact');
  if (routeName !== undefined) push(routeNameEndpoint(routeName), 'route');
  const segments = segmentCount(endpoint);
  if (segments <= maxRuleSegments || segments <= 16)
    for (const g of generalizations(endpoint)) push(g, 'generalized');
  push('*', 'wildcard');
  return out;
}

function notString(fn: string, what: string, orElse = ''): MeshPolicyError {
  return new MeshPolicyError('INVALID_INPUT', `${fn}: ${what} must be a string${orElse}`);
}
