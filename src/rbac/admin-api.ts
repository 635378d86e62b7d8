/** Kong's checks of one Admin API request, in Kong's order (spec 05 §1.5, §4, §8). */
import { actionForMethod, asciiUpper, denialMessage, isRbacAction } from './actions.js';
import type { RbacEngine } from './engine-types.js';
import { guardRbacChange, type RbacGuardedChange } from './modify.js';
import type { RbacDecision } from './types.js';
import { kongVersionAtLeast } from './version.js';

/** An Admin API call as Kong receives it (path inside the workspace). */
export interface RbacAdminApiRequest {
  method: string;
  /** Path inside the workspace, e.g. `/rbac/roles/ops/endpoints`. */
  path: string;
  /** Workspace of the request; default `default`. */
  workspace?: string | undefined;
  /** Kong's route name (none when undefined), e.g. the `request.routeName` of `canModifyRbac`. */
  routeName?: string | undefined;
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
  /**
   * `M1`…`M9` of spec 05 §8, `method` / `credentials`, or `documented` (the `'documented'`
   * semantics' rule that only super admins and RBAC managers change RBAC).
   */
  check?:
    | 'method'
    | 'credentials'
    | 'documented'
    | 'M1'
    | 'M2'
    | 'M3'
    | 'M4'
    | 'M5'
    | 'M6'
    | 'M7'
    | 'M8'
    | 'M9';
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

/** The RBAC change an Admin API call makes, if it is one `canModifyRbac` models. */
function changeOf(
  method: string,
  s: readonly string[],
  workspace: string,
  action: RbacGuardedChange['action'],
  body: RbacAdminApiRequest['body'],
): RbacGuardedChange | undefined {
  const make = (kind: RbacGuardedChange['kind'], extra: Partial<RbacGuardedChange> = {}) => ({
    kind,
    workspace,
    action,
    ...extra,
  });
  if (s[0] === 'admins' && s.length === 3 && s[2] === 'roles') {
    const user = s[1] ?? '';
    if (method === 'POST') return make('assign-roles', { user });
    if (method === 'DELETE') return make('revoke-roles', { user });
    if (method === 'PATCH') return make('update-roles', { user });
    return undefined;
  }
  if (s[0] !== 'rbac' || s[1] !== 'roles') return undefined;
  if (s.length === 2) return method === 'POST' ? make('create-role') : undefined;
  const role = s[2] ?? '';
  if (s.length === 3) return method === 'DELETE' ? make('delete-role', { role }) : undefined;
  if (s[3] !== 'endpoints') return undefined;
  if (s.length === 4) {
    if (method !== 'POST') return undefined;
    const dest = body?.workspace;
    return make('add-endpoint', typeof dest === 'string' ? { role, ruleWorkspace: dest } : { role });
  }
  if (method === 'PATCH') return make('update-endpoint', { role });
  if (method === 'DELETE') return make('delete-endpoint', { role });
  return undefined;
}

/**
 * Applies, in Kong's order, the method check, endpoint authorisation (M1, whitelist included)
 * and the RBAC-modification guards M2–M9 of spec 05 §8 to one Admin API request. Version-gated
 * guards follow `kongVersion` (default latest). Under `'documented'` semantics an RBAC change
 * also needs a super admin or RBAC manager, exactly as `canModifyRbac` requires: both share
 * the same checks and answer the same for the same change. Never throws.
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
  const method = asciiUpper(req.method);
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
  const change = changeOf(method, s, workspace, action, req.body);
  if (change !== undefined) {
    const modifyOpts = {
      ...(version !== undefined ? { kongVersion: version } : {}),
      ...(ctx.managerAuth !== undefined ? { managerAuth: ctx.managerAuth } : {}),
    };
    const denied = guardRbacChange(engine, user, change, modifyOpts);
    if (denied !== undefined) return deny(denied.status, denied.message, denied.check);
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
  // POST /rbac/roles/:role/endpoints: the rule itself (M9).
  if (change?.kind === 'add-endpoint') {
    const body = req.body ?? {};
    const dest = body.workspace ?? workspace;
    if (body.endpoint === undefined || body.endpoint === '')
      return deny(400, "'endpoint' is a required field", 'M9');
    if (dest !== '*' && dest !== 'default' && ctx.workspaces !== undefined && !ctx.workspaces.includes(dest))
      return deny(404, `Workspace ${dest} does not exist`, 'M9');
    if (typeof body.actions === 'string') {
      for (const name of body.actions.split(',').map((x) => x.trim()))
        if (name !== '*' && !isRbacAction(name)) return deny(400, `Undefined RBAC action ${name}`, 'M9');
    }
  }
  return { allowed: true, status: 200, decision };
}
