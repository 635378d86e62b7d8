/** Kong's checks of one Admin API request, in Kong's order (spec 05 §1.5, §4, §8). */
import { actionForMethod, denialMessage, isRbacAction, RBAC_ALL_ACTIONS_MASK } from './actions.js';
import type { RbacEngine } from './engine.js';
import type { RbacDecision } from './types.js';
import { kongVersionAtLeast } from './version.js';

/** An Admin API call as Kong receives it (path inside the workspace). */
export interface RbacAdminApiRequest {
  method: string;
  /** Path inside the workspace, e.g. `/rbac/roles/ops/endpoints`. */
  path: string;
  /** Workspace of the request; default `default`. */
  workspace?: string;
  routeName?: string;
  /** For `POST /rbac/roles/:role/endpoints`: the rule being created. */
  body?: { workspace?: string; endpoint?: string; actions?: string };
}

/** Who calls, and the facts of the Kong node that the checks depend on. */
export interface RbacAdminApiContext {
  engine: RbacEngine;
  user: string;
  /** Default: the engine's `kongVersion`, else latest. */
  kongVersion?: string;
  /** Kong Manager authentication (M3). */
  managerAuth?: 'basic' | 'oidc' | 'ldap' | 'other';
  /** Existing workspaces (M7, M9); unknown workspaces are only detected when given. */
  workspaces?: readonly string[];
}

/** Kong's answer: the HTTP status, its message, and which check produced it. */
export interface RbacAdminApiDecision {
  allowed: boolean;
  status: 200 | 400 | 401 | 403 | 404 | 405 | 500;
  message?: string;
  /** `M1`…`M9` of spec 05 §8, or `method` / `credentials`. */
  check?: 'method' | 'credentials' | 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6' | 'M7' | 'M8' | 'M9';
  decision?: RbacDecision;
}

const seg = (path: string): string[] => path.replace(/\/$/, '').split('/').slice(1).map(decode);
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Applies, in Kong's order, the method check, endpoint authorisation (M1, whitelist included)
 * and the RBAC-modification guards M2–M9 of spec 05 §8 to one Admin API request. Version-gated
 * guards follow `kongVersion` (default latest). Never throws.
 */
export function checkAdminApiRequest(
  ctx: RbacAdminApiContext,
  req: RbacAdminApiRequest,
): RbacAdminApiDecision {
  if (
    req === null ||
    typeof req !== 'object' ||
    typeof req.path !== 'string' ||
    typeof req.method !== 'string'
  )
    return { allowed: false, status: 400, message: 'invalid request' };
  const action = actionForMethod(req.method);
  if (action === undefined)
    return { allowed: false, status: 500, message: 'An unexpected error occurred', check: 'method' };
  const workspace = req.workspace ?? 'default';
  const { engine, user } = ctx;
  if (engine.assignmentWorkspaces(user).length === 0)
    return { allowed: false, status: 401, message: 'Invalid RBAC credentials', check: 'credentials' };
  const request =
    req.routeName === undefined
      ? { workspace, endpoint: req.path, action }
      : { workspace, endpoint: req.path, action, routeName: req.routeName };
  const decision = engine.authorize(user, request);
  if (!decision.allowed)
    return { allowed: false, status: 403, message: denialMessage(user, action), check: 'M1', decision };
  const version = ctx.kongVersion ?? engine.options.kongVersion;
  const at = (v: string): boolean => kongVersionAtLeast(version, v);
  const method = req.method.toUpperCase();
  const s = seg(req.path.startsWith('/') ? req.path : `/${req.path}`);
  const deny = (
    status: 400 | 403 | 404 | 405,
    message: string,
    check: NonNullable<RbacAdminApiDecision['check']>,
  ): RbacAdminApiDecision => ({
    allowed: false,
    status,
    message,
    check,
    decision,
  });
  const ownRoles = new Set(
    engine
      .assignmentWorkspaces(user)
      .flatMap((ws) => engine.effectiveRoles(user, ws))
      .filter((r) => r.workspace === workspace)
      .map((r) => r.name),
  );
  // /admins/:admin/roles
  if (s[0] === 'admins' && s.length === 3 && s[2] === 'roles') {
    if (method === 'PATCH' && at('3.7') && ctx.managerAuth !== 'oidc' && ctx.managerAuth !== 'ldap')
      return deny(405, 'Method Not Allowed', 'M3');
    const guarded = method === 'POST' || method === 'DELETE' || (method === 'PATCH' && at('3.7'));
    if (guarded && at('3.6') && s[1] === user)
      return deny(403, 'the admin should not update their own roles', 'M2');
  }
  // /admins/:admin/workspaces/:workspace
  if (s[0] === 'admins' && s.length === 4 && s[2] === 'workspaces' && method === 'PATCH' && at('3.9')) {
    const target = s[3] ?? '';
    if (s[1] === user) return deny(403, 'the admin should not update their own belong workspace', 'M7');
    if (ctx.workspaces !== undefined && target !== 'default' && !ctx.workspaces.includes(target))
      return deny(404, 'Not found', 'M7');
    const all = engine.assignmentWorkspaces(user).flatMap((ws) => engine.effectiveRoles(user, ws));
    const livesThere = all.some((r) => r.workspace === target && target !== 'default');
    const starRules = all.some((r) =>
      engine.role(r.name, r.workspace)?.endpoints.some((e) => e.workspace === '*'),
    );
    if (!livesThere && !starRules)
      return deny(403, `you don't have any permissions for this workspace[name=${target}]`, 'M7');
  }
  if (s[0] === 'rbac' && s[1] === 'roles' && s.length >= 3) {
    const role = s[2] ?? '';
    const own = ownRoles.has(role);
    if (s.length === 3 && method === 'DELETE' && own && at('3.6'))
      return deny(403, 'the admin should not delete their own roles', 'M6');
    if (s[3] === 'endpoints' && s.length === 4 && method === 'POST') {
      if (own && at('3.6')) return deny(403, 'the admin should not update their own roles', 'M4');
      const body = req.body ?? {};
      const dest = body.workspace ?? workspace;
      if (dest !== workspace) {
        const bits = (ws: string) => engine.ruleBits(user, ws, '*');
        const full =
          dest === '*'
            ? bits('*') === RBAC_ALL_ACTIONS_MASK
            : bits(dest) === RBAC_ALL_ACTIONS_MASK || bits('*') === RBAC_ALL_ACTIONS_MASK;
        if (!full) return deny(403, `${user} is not allowed to create cross workspace permissions`, 'M8');
      }
      if (body.endpoint === undefined || body.endpoint === '')
        return deny(400, "'endpoint' is a required field", 'M9');
      if (
        dest !== '*' &&
        dest !== 'default' &&
        ctx.workspaces !== undefined &&
        !ctx.workspaces.includes(dest)
      )
        return deny(404, `Workspace ${dest} does not exist`, 'M9');
      if (body.actions !== undefined) {
        for (const name of body.actions.split(',').map((x) => x.trim()))
          if (name !== '*' && !isRbacAction(name)) return deny(400, `Undefined RBAC action ${name}`, 'M9');
      }
    }
    if (
      s[3] === 'endpoints' &&
      s.length >= 5 &&
      (method === 'PATCH' || method === 'DELETE') &&
      own &&
      at('3.6')
    )
      return deny(403, 'the admin should not update or delete their own endpoints', 'M5');
  }
  return { allowed: true, status: 200, decision };
}
