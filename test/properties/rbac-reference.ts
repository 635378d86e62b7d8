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

/** The candidate list, in order, de-duplicated. */
export function refCandidates(req: RefRequest): string[] {
  let endpoint = req.endpoint;
  let route = req.routeName;
  if (route?.startsWith('workspace_')) {
    route = route.slice('workspace_'.length);
    if (endpoint.startsWith(`/${req.workspace}`)) endpoint = endpoint.slice(req.workspace.length + 1);
  }
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
): { workspace: string; endpoint: string; level: number }[] {
  const cands = refCandidates(req);
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

/** Decides a request by walking every key and reading every rule at it. */
export function refAuthorize(
  rules: readonly RoleEndpoint[],
  req: RefRequest,
  semantics: RefSemantics,
): RefDecision {
  if (WHITELIST.includes(req.endpoint)) return { allowed: true, reason: 'whitelisted' };
  const a = req.action;
  for (const key of refKeys(req, semantics)) {
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
