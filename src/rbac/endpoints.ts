/**
 * Endpoint strings: rule normalisation (spec 05 §1.3), request stripping (§1.4), whitelisted
 * paths (§1.5), route names, and the candidate list a request is looked up under (§3).
 */
import { type Issue, MeshPolicyError } from '../models/index.js';

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
  if (r.includes(':')) r = r.replace(/:[^/]*/g, '*');
  if (r.endsWith('/')) r = r.slice(0, -1);
  return r;
}

/**
 * The progressive wildcard generalisations of a request path (spec 05 §3): the right-most
 * segment not yet ending in `*` is replaced by `*`, repeatedly; the number of segments never
 * changes. `/services/foo` → `['/services/*', '/*\/*']`; `/a/*\/c` → `['/a/*\/*', '/*\/*\/*']`.
 * Returns `[]` when the last segment is empty or already ends with `*`. Linear in the length of
 * the path: the results share their text (each is an unchanged prefix of the path followed by
 * the generalised rest, which is shared with the next result).
 */
export function generalizeEndpoint(endpoint: string): string[] {
  if (typeof endpoint !== 'string') throw notString('generalizeEndpoint', 'endpoint');
  return generalizations(endpoint);
}

/** `generalizeEndpoint` without the argument check (the per-request path passes strings). */
export function generalizations(endpoint: string): string[] {
  const s = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  const segments = s.split('/');
  const lastIndex = segments.length - 1;
  const last = segments[lastIndex] ?? '';
  if (last === '' || last.endsWith('*')) return [];
  // The empty segment before a leading '/' never counts.
  const first = segments[0] === '' ? 1 : 0;
  let count = 0;
  for (let i = first; i <= lastIndex; i++) if (replaceable(segments[i] ?? '')) count++;
  // Sized once: growing a long list push by push costs more than building it.
  const out: string[] = new Array<string>(count);
  let o = 0;
  // `tail` is the generalised text of segments i… joined with '/'; `start` the offset of segment i
  // in `s`. Each result is `s`'s untouched prefix plus `tail`: no result re-joins the segments.
  let tail = '';
  let start = s.length;
  for (let i = lastIndex; i >= first; i--) {
    const seg = segments[i] ?? '';
    start -= seg.length;
    const changes = replaceable(seg);
    // Only the run after the segment's last '*' is replaced (Kong works on the reversed string).
    const piece = !changes ? seg : seg.includes('*') ? `${seg.slice(0, seg.lastIndexOf('*') + 1)}*` : '*';
    tail = i === lastIndex ? piece : (piece === '*' ? '*/' : `${piece}/`) + tail;
    if (changes) out[o++] = s.slice(0, start) + tail;
    start -= 1;
  }
  return out;
}

/** A segment generalisation replaces: non-empty and not ending in `*`. */
const replaceable = (seg: string): boolean => seg !== '' && seg.charCodeAt(seg.length - 1) !== 42;

/**
 * A path split for matching against generalisations: `s` without one trailing `/`, its segments,
 * and for each segment that generalisation replaces (non-empty, not ending in `*`) its rank from
 * the right (1 = replaced first); 0 for the others. `null` when the path has no generalisations.
 */
interface SplitPath {
  segments: string[];
  rank: Int32Array;
}

function splitForGeneralization(endpoint: string): SplitPath | null {
  const s = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  const segments = s.split('/');
  const last = segments[segments.length - 1] ?? '';
  if (last === '' || last.endsWith('*')) return null;
  const first = segments[0] === '' ? 1 : 0;
  const rank = new Int32Array(segments.length);
  let r = 0;
  for (let i = segments.length - 1; i >= first; i--) {
    const seg = segments[i] ?? '';
    if (seg !== '' && !seg.endsWith('*')) rank[i] = ++r;
  }
  return { segments, rank };
}

/**
 * Which generalisation of the path `key` is: `k` when `key` equals the k-th generalisation
 * (1-based), 0 when it equals none. Linear in the length of `key`.
 */
function generalizationIndex(path: SplitPath, key: readonly string[]): number {
  const { segments, rank } = path;
  if (key.length !== segments.length) return 0;
  let replaced = 0;
  let highest = 0;
  for (let i = 0; i < segments.length; i++) {
    const p = segments[i] ?? '';
    const q = key[i] ?? '';
    const r = rank[i] ?? 0;
    if (r === 0) {
      if (p !== q) return 0;
      continue;
    }
    if (q === p) continue;
    // Replaced: the run after p's last '*' became one '*'.
    const star = p.lastIndexOf('*');
    if (q.length !== star + 2 || q.charCodeAt(star + 1) !== 42) return 0;
    if (star >= 0 && !p.startsWith(q.slice(0, star + 1))) return 0;
    replaced++;
    if (r > highest) highest = r;
  }
  // The k-th generalisation replaces exactly the segments ranked 1…k.
  return replaced > 0 && highest === replaced ? replaced : 0;
}

/** Rule endpoints grouped by their segment count, each with its segments. */
export type RbacRuleKeysBySegments = ReadonlyMap<number, readonly { key: string; segments: string[] }[]>;

/** Groups distinct rule endpoints by segment count (see `generalizationsAmong`). */
export function ruleKeysBySegments(endpoints: Iterable<string>): RbacRuleKeysBySegments {
  const out = new Map<number, { key: string; segments: string[] }[]>();
  const seen = new Set<string>();
  for (const key of endpoints) {
    if (typeof key !== 'string' || seen.has(key)) continue;
    seen.add(key);
    const n = segmentCount(key);
    // Only keys that are not above the general threshold are ever looked up this way.
    if (n <= GENERALIZE_ALL_UP_TO) continue;
    let list = out.get(n);
    if (list === undefined) {
      list = [];
      out.set(n, list);
    }
    list.push({ key, segments: key.split('/') });
  }
  return out;
}

/**
 * Paths of up to this many segments get every generalisation; longer ones only those that
 * equal a rule key (a longer path has as many generalisations as segments, each as long as the
 * path, and only rules with exactly as many segments can equal one).
 */
const GENERALIZE_ALL_UP_TO = 16;

/**
 * The generalisations of `endpoint` that are among `keys` (the keys with the path's segment
 * count), in generalisation order. Linear in the path and the keys (plus sorting the matches);
 * the path is scanned in place, never split.
 */
function generalizationsAmong(
  endpoint: string,
  keys: readonly { key: string; segments: string[] }[] | undefined,
): string[] {
  if (keys === undefined || keys.length === 0) return [];
  const end = endpoint.endsWith('/') ? endpoint.length - 1 : endpoint.length;
  // No generalisation when the last segment is empty or ends with '*'.
  if (end === 0 || endpoint.charCodeAt(end - 1) === 47 || endpoint.charCodeAt(end - 1) === 42) return [];
  const n = segmentCount(endpoint);
  let replaceableCount = 0;
  for (let pos = 0, i = 0; i < n; i++) {
    const stop = i === n - 1 ? end : endpoint.indexOf('/', pos);
    if (stop > pos && endpoint.charCodeAt(stop - 1) !== 42) replaceableCount++;
    pos = stop + 1;
  }
  const found: { k: number; key: string }[] = [];
  for (const { key, segments } of keys) {
    if (segments.length !== n) continue;
    const k = indexAmong(endpoint, end, n, replaceableCount, segments);
    if (k > 0) found.push({ k, key });
  }
  return found.sort((a, b) => a.k - b.k).map((f) => f.key);
}

/**
 * `generalizationIndex` on the path text itself (`n` segments ending at `end`, `total` of them
 * replaceable): `k` when `key` is the k-th generalisation, else 0.
 */
function indexAmong(endpoint: string, end: number, n: number, total: number, key: readonly string[]): number {
  let pos = 0;
  let seen = 0;
  let replaced = 0;
  let highest = 0;
  for (let i = 0; i < n; i++) {
    const stop = i === n - 1 ? end : endpoint.indexOf('/', pos);
    const q = key[i] ?? '';
    const len = stop - pos;
    const same = q.length === len && endpoint.startsWith(q, pos);
    if (len === 0 || endpoint.charCodeAt(stop - 1) === 42) {
      if (!same) return 0;
    } else {
      seen++;
      if (!same) {
        // Replaced: the run after the segment's last '*' became one '*'.
        // (Searched inside the segment only: lastIndexOf would scan back to the start of the path.)
        let at = stop - 1;
        while (at >= pos && endpoint.charCodeAt(at) !== 42) at--;
        const star = at - pos;
        if (q.length !== star + 2 || q.charCodeAt(star + 1) !== 42) return 0;
        if (star >= 0 && !endpoint.startsWith(q.slice(0, star + 1), pos)) return 0;
        replaced++;
        // Rank from the right among the replaceable segments (1 = replaced first).
        highest = Math.max(highest, total - seen + 1);
      }
    }
    pos = stop + 1;
  }
  // The k-th generalisation replaces exactly the segments ranked 1…k.
  return replaced > 0 && highest === replaced ? replaced : 0;
}

/**
 * Kong's compatibility rule for raw Admin API input (spec 05 §1.4): when `routeName` starts with
 * `workspace_`, that prefix is removed and a leading `/<workspace>` is removed from `endpoint` —
 * only at a segment boundary (`/<workspace>` followed by `/` or the end), and not when the path
 * as given already fits the route while the shortened one does not (it was already stripped).
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

/** `/<workspace>` removed from the start of `endpoint` at a segment boundary, else `undefined`. */
function withoutWorkspace(workspace: string, endpoint: string): string | undefined {
  const n = workspace.length + 1;
  if (endpoint.charCodeAt(0) !== 47 || !endpoint.startsWith(workspace, 1)) return undefined;
  if (endpoint.length !== n && endpoint.charCodeAt(n) !== 47) return undefined;
  return endpoint.slice(n);
}

/** `stripWorkspacePrefix` without the argument checks (the per-request path passes strings). */
export function stripPrefix(
  workspace: string,
  endpoint: string,
  routeName: string | undefined,
): { endpoint: string; routeName: string | undefined } {
  if (routeName === undefined || !routeName.startsWith('workspace_')) return { endpoint, routeName };
  const route = routeName.slice('workspace_'.length);
  const stripped = withoutWorkspace(workspace, endpoint);
  const keep = stripped === undefined || (routeMatches(route, endpoint) && !routeMatches(route, stripped));
  return { endpoint: keep ? endpoint : stripped, routeName: route };
}

/**
 * Kong's route names and the request path (K6): the library uses a route name only when it is a
 * route pattern — a literal first segment, then literal segments, `:param` segments and at most a
 * final `*` splat — and, for absolute request paths, only when the pattern matches the path (a
 * route that did not serve the path must not add a candidate ahead of the path's own). Anything
 * else is a deny with an issue, never a wildcard. `absolute` is the library's model (engine,
 * `'documented'`); without it (Kong's bare fixture keys, `authorizeEndpoint` under the Kong
 * semantics) only the pattern is checked and `workspace_` stripping follows Kong. `null`: the
 * route name is usable and the request stays as it is.
 */
export function resolveRoute(
  workspace: string,
  endpoint: string,
  routeName: string,
  absolute: boolean,
): { endpoint: string; routeName: string } | Issue | null {
  const raw = routeName.startsWith('workspace_');
  const route = raw ? routeName.slice('workspace_'.length) : routeName;
  const syntax = routePatternProblem(route, absolute);
  if (syntax !== undefined) return { path: 'routeName', message: syntax };
  if (!absolute) {
    if (!raw) return null;
    const s = stripPrefix(workspace, endpoint, routeName);
    return { endpoint: s.endpoint, routeName: route };
  }
  if (!raw)
    return routeMatches(route, endpoint)
      ? null
      : { path: 'routeName', message: notMatching(routeName, endpoint) };
  const stripped = withoutWorkspace(workspace, endpoint);
  const asGiven = routeMatches(route, endpoint);
  const asStripped = stripped !== undefined && routeMatches(route, stripped);
  if (asGiven && asStripped)
    return {
      path: 'routeName',
      message: `a workspace_ route for a path starting with /${workspace} is ambiguous here (the path fits the route with and without the workspace prefix): give the path inside the workspace and the route without workspace_`,
    };
  if (asStripped) return { endpoint: stripped, routeName: route };
  if (asGiven) return { endpoint, routeName: route };
  return { path: 'routeName', message: notMatching(routeName, endpoint) };
}

const notMatching = (routeName: string, endpoint: string): string =>
  `route ${JSON.stringify(routeName)} does not match the request path ${JSON.stringify(endpoint)}: give the Kong route that served the path, or none`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const ROUTE_CHARS = /[\u0000-\u0020\u007f-\u009f?#%]/;

/** Why `route` (without `workspace_`) is not a Kong route pattern, if it is not. */
function routePatternProblem(route: string, absolute: boolean): string | undefined {
  const shape =
    'must be a Kong route pattern such as /services/:services (a literal first segment, then literal, :param or a final * segments)';
  if (route === '/') return undefined;
  if (route === '' || ROUTE_CHARS.test(route)) return shape;
  if (absolute && route.charCodeAt(0) !== 47) return shape;
  const body = route.endsWith('/') ? route.slice(0, -1) : route;
  const segments = body.split('/');
  const first = segments[0] === '' && segments.length > 1 ? 1 : 0;
  for (let i = first; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    if (seg === '') return shape;
    if (seg === '*') {
      if (i === first || i !== segments.length - 1) return shape;
      continue;
    }
    if (seg.includes('*')) return shape;
    const colon = seg.indexOf(':');
    if (colon > 0 || (colon === 0 && (i === first || seg.length === 1 || seg.includes(':', 1)))) return shape;
  }
  return undefined;
}

/**
 * True when route pattern `route` (checked by `routePatternProblem`) matches path `endpoint`:
 * literal segments equal, `:param` a non-empty segment, a final `*` one or more segments; one
 * trailing `/` of either is ignored.
 */
function routeMatches(route: string, endpoint: string): boolean {
  const r = route.endsWith('/') ? route.slice(0, -1) : route;
  const p = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  let i = 0;
  let j = 0;
  for (;;) {
    const ri = indexOrEnd(r, i);
    const pj = indexOrEnd(p, j);
    const lastRoute = ri === r.length;
    if (r.charCodeAt(i) === 42 && lastRoute && ri === i + 1) return pj > j;
    if (r.charCodeAt(i) === 58) {
      if (pj === j) return false;
    } else if (ri - i !== pj - j || !p.startsWith(r.slice(i, ri), j)) return false;
    const lastPath = pj === p.length;
    if (lastRoute || lastPath) return lastRoute && lastPath;
    i = ri + 1;
    j = pj + 1;
  }
}

const indexOrEnd = (s: string, from: number): number => {
  const k = s.indexOf('/', from);
  return k < 0 ? s.length : k;
};

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
  const end = endpoint.endsWith('/') ? endpoint.length - 1 : endpoint.length;
  let n = 1;
  for (let i = endpoint.indexOf('/'); i >= 0 && i < end; i = endpoint.indexOf('/', i + 1)) n++;
  return n;
}

/**
 * The candidate endpoints of a (stripped) request, in order (spec 05 §3): the exact path, the
 * normalised route name, the generalisations, then `*`. Duplicates keep their first position.
 * Generalisations keep the number of segments, so when that number exceeds `maxRuleSegments`
 * (the most any rule has) none could match a rule: beyond 16 segments they are then skipped.
 * Linear in the length of the path (the generalisations share their text, see `generalizeEndpoint`).
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
  const segments = segmentCount(endpoint);
  const all = segments <= max || segments <= GENERALIZE_ALL_UP_TO;
  return assemble(endpoint, route, all ? generalizations(endpoint) : [], true);
}

/**
 * The candidates `authorize` looks up (spec 05 §3): like `requestCandidates`, but beyond 16
 * segments only the generalisations that equal one of `keys` (the rule endpoints) are listed —
 * the others cannot decide anything. Linear in the path and in the rule keys of its length.
 */
export function listCandidates(
  endpoint: string,
  routeName: string | undefined,
  keys: RbacRuleKeysBySegments,
): RbacCandidate[] {
  const segments = segmentCount(endpoint);
  if (segments <= GENERALIZE_ALL_UP_TO) return assemble(endpoint, routeName, generalizations(endpoint), true);
  return assemble(endpoint, routeName, generalizationsAmong(endpoint, keys.get(segments)), false);
}

/**
 * The generalisations of `endpoint` worth looking up among rule keys `keys`: all of them up to 16
 * segments, beyond that only those equal to one of the keys. Linear in the path and the keys.
 */
export function generalizationsFor(endpoint: string, keys: () => RbacRuleKeysBySegments): string[] {
  const segments = segmentCount(endpoint);
  return segments <= GENERALIZE_ALL_UP_TO
    ? generalizations(endpoint)
    : generalizationsAmong(endpoint, keys().get(segments));
}

/**
 * Exact, route, generalisations, `*`, without duplicates — and without hashing or comparing every
 * generalisation as text. `full`: `gens` is the whole list (else a few chosen ones).
 */
function assemble(
  endpoint: string,
  routeName: string | undefined,
  gens: readonly string[],
  full: boolean,
): RbacCandidate[] {
  const out: RbacCandidate[] = [{ endpoint, form: endpoint === '*' ? 'wildcard' : 'exact' }];
  let route: string | undefined;
  if (routeName !== undefined) {
    route = routeNameEndpoint(routeName);
    if (route === endpoint) route = undefined;
    else out.push({ endpoint: route, form: 'route' });
  }
  // A generalisation never equals the exact path (it ends in '*', differs where it replaced). It
  // may equal the route: in the whole list, the one whose structure the route has.
  let skip = -1;
  if (route !== undefined && full && gens.length > 0) {
    const path = splitForGeneralization(endpoint);
    if (path !== null) skip = generalizationIndex(path, route.split('/')) - 1;
  }
  let star = endpoint === '*' || route === '*';
  for (let i = 0; i < gens.length; i++) {
    const g = gens[i] ?? '';
    if (i === skip || (!full && g === route)) continue;
    // A bare one-segment path generalises to `*` itself.
    if (g.length === 1 && g === '*') {
      if (star) continue;
      star = true;
    }
    out.push({ endpoint: g, form: 'generalized' });
  }
  if (!star) out.push({ endpoint: '*', form: 'wildcard' });
  return out;
}

function notString(fn: string, what: string, orElse = ''): MeshPolicyError {
  return new MeshPolicyError('INVALID_INPUT', `${fn}: ${what} must be a string${orElse}`);
}
