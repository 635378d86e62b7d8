/**
 * A straightforward reference evaluator for Kong RBAC endpoint decisions, written from the
 * prose of spec 05 (§3, §4.1–§4.3) without any of the library's indexing. Slow on purpose.
 */
import type { RbacAction, RoleEndpoint } from '../../src/models/index.js';

export type RefSemantics = 'documented' | 'kong' | 'kong-legacy';
export interface RefRequest {
  workspace: string;
  endpoint: string;
  action: RbacAction;
  routeName?: string;
}
export interface RefDecision {
  allowed: boolean;
  reason: string;
  tier?: { workspace: string; endpoint: string; level: number };
}

/** "Replace the right-most segment that does not end in * by *, repeatedly." */
export function refGeneralize(path: string): string[] {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const parts = trimmed.split('/');
  const lastPart = parts[parts.length - 1];
  if (lastPart === undefined || lastPart === '' || lastPart.endsWith('*')) return [];
  const results: string[] = [];
  for (;;) {
    let target = -1;
    for (let i = parts.length - 1; i >= 0; i--) {
      if (i === 0 && parts[0] === '' && parts.length > 1) break;
      const p = parts[i] ?? '';
      if (p !== '' && !p.endsWith('*')) {
        target = i;
        break;
      }
    }
    if (target < 0) return results;
    const p = parts[target]!;
    parts[target] = `${p.slice(0, p.lastIndexOf('*') + 1)}*`;
    results.push(parts.join('/'));
  }
}

/** K6 from the prose: is `route` (without `workspace_`) a Kong route pattern? */
export function refRouteIsPattern(route: string, strict: boolean): boolean {
  if (route === '/') return true;
  if (strict && !route.startsWith('/')) return false;
  if (
    route === '' ||
    [...route].some((c) => c <= ' ' || (c >= '\u007f' && c <= '\u009f') || '?#%'.includes(c))
  )
    return false;
  const parts = route.replace(/\/$/, '').split('/');
  if (parts[0] === '' && parts.length > 1) parts.shift();
  return parts.every((p, i) => {
    if (p === '*') return i > 0 && i === parts.length - 1;
    if (/^:[^:*]+$/.test(p)) return i > 0;
    return /^[^:*]+$/.test(p);
  });
}

/** Does route pattern `route` match `path` (`:param` one non-empty segment, final `*` the rest)? */
export function refRouteMatches(route: string, path: string): boolean {
  const parts = route.replace(/\/$/, '').split('/');
  const re = parts
    .map((p, i) =>
      p === '*' && i === parts.length - 1
        ? '[^/]+(?:/.*)?'
        : p.startsWith(':')
          ? '[^/]+'
          : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${re}$`, 's').test(path.replace(/\/$/, ''));
}

/**
 * The request after `workspace_` stripping (only at a segment boundary, K6), or `undefined` when
 * the route name cannot be used: not a pattern, or (`strict`, the library's model) not matching.
 */
export function refStrip(req: RefRequest, strict: boolean): { endpoint: string; route?: string } | undefined {
  const raw = req.routeName;
  if (raw === undefined) return { endpoint: req.endpoint };
  const prefixed = raw.startsWith('workspace_');
  const route = prefixed ? raw.slice('workspace_'.length) : raw;
  if (!refRouteIsPattern(route, strict)) return undefined;
  const ws = `/${req.workspace}`;
  const atBoundary = req.endpoint === ws || req.endpoint.startsWith(`${ws}/`);
  const stripped = atBoundary ? req.endpoint.slice(ws.length) : undefined;
  const fitsGiven = refRouteMatches(route, req.endpoint);
  const fitsStripped = stripped !== undefined && refRouteMatches(route, stripped);
  if (!strict) {
    if (!prefixed || stripped === undefined || (fitsGiven && !fitsStripped))
      return { endpoint: req.endpoint, route };
    return { endpoint: stripped, route };
  }
  if (!prefixed) return fitsGiven ? { endpoint: req.endpoint, route } : undefined;
  if (fitsStripped && !fitsGiven) return { endpoint: stripped!, route };
  if (fitsGiven && !fitsStripped) return { endpoint: req.endpoint, route };
  return undefined;
}

/** The candidate list, in order, de-duplicated (the route name as given when `strip` is not). */
export function refCandidates(req: RefRequest, strict = true): string[] {
  const stripped = refStrip(req, strict) ?? { endpoint: req.endpoint, route: req.routeName };
  const endpoint = stripped.endpoint;
  const route = stripped.route;
  const list = [endpoint];
  if (route !== undefined) {
    let r = route
      .split('/')
      .map((seg) => {
        const i = seg.indexOf(':');
        return i < 0 ? seg : `${seg.slice(0, i)}*`;
      })
      .join('/');
    if (r.endsWith('/')) r = r.slice(0, -1);
    list.push(r);
  }
  list.push(...refGeneralize(endpoint), '*');
  return list.filter((c, i) => list.indexOf(c) === i);
}

/** The keys in the order the semantics visits them, with their level. */
export function refKeys(
  req: RefRequest,
  semantics: RefSemantics,
  strict = semantics === 'documented',
): { workspace: string; endpoint: string; level: number }[] {
  const cands = refCandidates(req, strict);
  const specific = cands.filter((c) => c !== '*');
  if (semantics === 'documented') {
    return [
      ...specific.map((endpoint) => ({ workspace: req.workspace, endpoint, level: 1 })),
      ...specific.map((endpoint) => ({ workspace: '*', endpoint, level: 2 })),
      { workspace: req.workspace, endpoint: '*', level: 3 },
      { workspace: '*', endpoint: '*', level: 4 },
    ];
  }
  return [req.workspace, '*'].flatMap((workspace) =>
    cands.map((endpoint) => ({
      workspace,
      endpoint,
      level: (workspace === '*' ? 3 : 1) + (endpoint === '*' ? 1 : 0),
    })),
  );
}

const WHITELIST = [
  '/auth',
  '/userinfo',
  '/admins/register',
  '/admins/password_resets',
  '/admins/self/password',
  '/admins/self/token',
];

/**
 * Decides a request by walking every key and reading every rule at it. `strict`: the library's
 * model (the engine; `authorizeEndpoint` under `'documented'`), where a route name must match.
 */
export function refAuthorize(
  rules: readonly RoleEndpoint[],
  req: RefRequest,
  semantics: RefSemantics,
  strict = semantics === 'documented',
): RefDecision {
  if (WHITELIST.includes(req.endpoint)) return { allowed: true, reason: 'whitelisted' };
  if (refStrip(req, strict) === undefined) return { allowed: false, reason: 'invalid-input' };
  const a = req.action;
  for (const key of refKeys(req, semantics, strict)) {
    if (semantics !== 'kong-legacy' && key.endpoint === '/workspaces' && key.level === 1 && a === 'read')
      return { allowed: true, reason: 'whitelisted' };
    const here = rules.filter((r) => r.workspace === key.workspace && r.endpoint === key.endpoint);
    if (here.length === 0) continue;
    const tier = { workspace: key.workspace, endpoint: key.endpoint, level: key.level };
    const negLists = here.some((r) => r.negative === true && r.actions.includes(a));
    const posLists = here.some((r) => r.negative !== true && r.actions.includes(a));
    if (semantics === 'kong') {
      if (here.every((r) => r.actions.length === 0)) return { allowed: false, reason: 'empty-actions', tier };
      if (negLists) return { allowed: false, reason: 'negative-rule', tier };
      if (posLists) return { allowed: true, reason: 'positive-rule', tier };
      continue;
    }
    if (semantics === 'documented') {
      if (negLists) return { allowed: false, reason: 'negative-rule', tier };
      if (here.some((r) => r.negative !== true))
        return posLists
          ? { allowed: true, reason: 'positive-rule', tier }
          : { allowed: false, reason: 'not-granted', tier };
      continue;
    }
    // kong-legacy: `*` ORs every rule (a negative rule sets its positive bits too); otherwise the last rule counts.
    const counted = key.endpoint === '*' ? here : here.slice(-1);
    const granted = counted.some((r) => r.actions.includes(a));
    const denied = counted.some((r) => r.negative === true && r.actions.includes(a));
    if (granted)
      return denied
        ? { allowed: false, reason: 'negative-rule', tier }
        : { allowed: true, reason: 'positive-rule', tier };
  }
  return { allowed: false, reason: 'no-matching-rule' };
}
