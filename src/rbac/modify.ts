/**
 * Who may change RBAC (spec 05 §8): endpoint authorisation plus Kong's self-modification guards.
 * `canModifyRbac` (a change) and `checkAdminApiRequest` (the raw Admin API call) share the guards
 * below, so they answer the same for the same change.
 */

import { MeshPolicyError, RBAC_ACTIONS, type RbacAction } from '../models/index.js';
import { denialMessage } from './actions.js';
import type {
  RbacChange,
  RbacChangeTarget,
  RbacEngine,
  RbacModifyDecision,
  RbacModifyOptions,
} from './engine-types.js';
import { describeValue } from './text.js';
import type { RbacRequest } from './types.js';
import { kongVersionAtLeast } from './version.js';

export type { RbacChange, RbacChangeTarget, RbacModifyDecision, RbacModifyOptions } from './engine-types.js';

const CHANGE_KINDS: ReadonlySet<string> = new Set([
  'assign-roles',
  'revoke-roles',
  'update-roles',
  'create-role',
  'delete-role',
  'add-endpoint',
  'update-endpoint',
  'delete-endpoint',
]);

function requestFor(change: RbacChange, target: RbacChangeTarget): { request: RbacRequest; method: string } {
  const workspace = change.workspace ?? 'default';
  const enc = (s: unknown): string => {
    try {
      return encodeURIComponent(typeof s === 'string' ? s : '');
    } catch {
      return '';
    }
  };
  const r = (method: string, action: RbacAction, endpoint: string, routeName: string) => ({
    method,
    request: { workspace, action, endpoint, routeName },
  });
  switch (change.kind) {
    case 'assign-roles':
      return r('POST', 'create', `/admins/${enc(target.user)}/roles`, '/admins/:admins/roles');
    case 'revoke-roles':
      return r('DELETE', 'delete', `/admins/${enc(target.user)}/roles`, '/admins/:admins/roles');
    case 'update-roles':
      return r('PATCH', 'update', `/admins/${enc(target.user)}/roles`, '/admins/:admins/roles');
    case 'create-role':
      return r('POST', 'create', '/rbac/roles', '/rbac/roles');
    case 'delete-role':
      return r('DELETE', 'delete', `/rbac/roles/${enc(target.role)}`, '/rbac/roles/:rbac_roles');
    case 'add-endpoint':
      return r(
        'POST',
        'create',
        `/rbac/roles/${enc(target.role)}/endpoints`,
        '/rbac/roles/:rbac_roles/endpoints',
      );
    default: {
      const ws = change.ruleWorkspace ?? workspace;
      const ep = (change.endpoint ?? '*').replace(/^\//, '');
      const method = change.kind === 'update-endpoint' ? 'PATCH' : 'DELETE';
      return r(
        method,
        change.kind === 'update-endpoint' ? 'update' : 'delete',
        `/rbac/roles/${enc(target.role)}/endpoints/${enc(ws)}/${ep}`,
        '/rbac/roles/:rbac_roles/endpoints/:workspace/*',
      );
    }
  }
}

/**
 * May `actor` make `change` about `target` (spec 05 §8)? With `'documented'` semantics the actor
 * must also be a super admin of the request workspace, or hold every action on `/admins` and
 * `/rbac/roles` there ("any role with read and write access to the /admins and /rbac endpoints",
 * docs/rbac.md). An actor without roles gets Kong's 401; then the endpoint rules (M1: the default
 * `admin` roles never reach `/rbac` or `/admins` under `'documented'`), then Kong's guards: an
 * admin cannot change its own roles or its own roles' endpoints (M2, M4–M6, 3.6+), `PATCH
 * /admins/:admin/roles` needs OIDC/LDAP (M3, 3.7+), and cross-workspace rules need full rights on
 * the destination (M8). `checkAdminApiRequest` gives the same answer for the Admin API call the
 * change amounts to (`request`, `method`). An `engine` that is not an engine, a `target` that is
 * not an object or a `change` of unknown kind throw `MeshPolicyError('INVALID_INPUT')`. Null
 * options read as none.
 */
export function canModifyRbac(
  engine: RbacEngine,
  actor: string,
  target: RbacChangeTarget,
  change: RbacChange,
  opts: RbacModifyOptions = {},
): RbacModifyDecision {
  if (typeof (engine as Partial<RbacEngine> | null)?.authorize !== 'function')
    throw new MeshPolicyError('INVALID_INPUT', 'canModifyRbac: engine must be an RBAC engine (createRbac)');
  if (target === null || typeof target !== 'object')
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'canModifyRbac: target must be an object ({ user } or { role })',
    );
  if (!CHANGE_KINDS.has((change as Partial<RbacChange> | null)?.kind as string))
    throw new MeshPolicyError(
      'INVALID_INPUT',
      `canModifyRbac: change.kind must be one of ${[...CHANGE_KINDS].join(', ')}`,
    );
  const { request, method } = requestFor(change, target);
  const endpointDecision = engine.authorize(actor, request);
  const answer = (
    reason: RbacModifyDecision['reason'],
    status: RbacModifyDecision['status'],
    message?: string,
  ): RbacModifyDecision =>
    message === undefined
      ? { allowed: reason === 'allowed', reason, status, request, method, endpointDecision }
      : { allowed: reason === 'allowed', reason, status, message, request, method, endpointDecision };
  if (engine.assignmentWorkspaces(actor).length === 0)
    return answer('credentials', 401, 'Invalid RBAC credentials');
  if (!endpointDecision.allowed) return answer('endpoint', 403, denialMessage(actor, request.action));
  const guarded: RbacGuardedChange = {
    kind: change.kind,
    workspace: request.workspace,
    action: request.action,
  };
  if (target.user !== undefined) guarded.user = target.user;
  if (target.role !== undefined) guarded.role = target.role;
  if (change.kind === 'add-endpoint' && change.ruleWorkspace !== undefined)
    guarded.ruleWorkspace = change.ruleWorkspace;
  const denied = guardRbacChange(engine, actor, guarded, opts ?? {});
  if (denied !== undefined) return answer(denied.reason, denied.status, denied.message);
  return answer('allowed', 200);
}

/** A change as the guards see it: from `canModifyRbac`, or recognised in a raw Admin API call. */
export interface RbacGuardedChange {
  kind: RbacChange['kind'];
  /** The request workspace. */
  workspace: string;
  action: RbacAction;
  /** The admin whose roles change (`/admins/:admin/roles`). */
  user?: string;
  /** The role changed (`/rbac/roles/:role…`). */
  role?: string;
  /** `add-endpoint`: the workspace of the new rule. */
  ruleWorkspace?: string;
}

/** A guard's denial. */
export interface RbacGuardDenial {
  reason: Exclude<RbacModifyDecision['reason'], 'allowed' | 'credentials' | 'endpoint'>;
  status: 403 | 405;
  message: string;
  /** `M2`…`M8` of spec 05 §8, or `documented` for the super-admin requirement. */
  check: 'documented' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6' | 'M8';
}

/**
 * The checks after endpoint authorisation (M1) that `canModifyRbac` and `checkAdminApiRequest`
 * share: the `'documented'` super-admin requirement, then M2–M6 and M8. `undefined` = allowed.
 */
export function guardRbacChange(
  engine: RbacEngine,
  actor: string,
  change: RbacGuardedChange,
  opts: RbacModifyOptions,
): RbacGuardDenial | undefined {
  const version = opts.kongVersion ?? engine.options.kongVersion;
  const at = (v: string): boolean => kongVersionAtLeast(version, v);
  const ws = change.workspace;
  // Only super admins (or RBAC managers) may assign or modify RBAC permissions, so an admin can
  // neither change its own permissions nor restrict a super admin's. Kong enforces this only
  // through endpoint rules and the 3.6+ guards below, hence 'documented' only.
  if (engine.semantics === 'documented' && !engine.isSuperAdmin(actor, ws) && !managesRbac(engine, actor, ws))
    return {
      reason: 'not-super-admin',
      status: 403,
      message: denialMessage(actor, change.action),
      check: 'documented',
    };
  const ownRole = change.role !== undefined && holdsRole(engine, actor, change.role, ws);
  switch (change.kind) {
    case 'assign-roles':
    case 'revoke-roles':
    case 'update-roles':
      if (
        change.kind === 'update-roles' &&
        at('3.7') &&
        opts.managerAuth !== 'oidc' &&
        opts.managerAuth !== 'ldap'
      )
        return { reason: 'method-not-allowed', status: 405, message: 'Method Not Allowed', check: 'M3' };
      if (change.user === actor && at('3.6') && (change.kind !== 'update-roles' || at('3.7')))
        return self('the admin should not update their own roles', 'M2');
      return undefined;
    case 'add-endpoint':
      if (ownRole && at('3.6')) return self('the admin should not update their own roles', 'M4');
      if (change.ruleWorkspace !== undefined && change.ruleWorkspace !== ws) {
        if (!hasFullRights(engine, actor, change.ruleWorkspace))
          return {
            reason: 'cross-workspace',
            status: 403,
            message: `${describeValue(actor)} is not allowed to create cross workspace permissions`,
            check: 'M8',
          };
      }
      return undefined;
    case 'update-endpoint':
    case 'delete-endpoint':
      if (ownRole && at('3.6'))
        return self('the admin should not update or delete their own endpoints', 'M5');
      return undefined;
    case 'delete-role':
      if (ownRole && at('3.6')) return self('the admin should not delete their own roles', 'M6');
      return undefined;
    default:
      return undefined;
  }
}

const self = (message: string, check: RbacGuardDenial['check']): RbacGuardDenial => ({
  reason: 'self-modification',
  status: 403,
  message,
  check,
});

/**
 * "A super admin (or any role with read and write access to the /admins and /rbac endpoints)"
 * manages RBAC. Read here as: every action allowed on `/admins` and on `/rbac/roles` in the
 * workspace. The default `admin` roles fail it, so they cannot restrict a super admin through
 * `/admins/:admin/roles`.
 */
function managesRbac(engine: RbacEngine, actor: string, workspace: string): boolean {
  const probes = [
    { endpoint: '/admins', routeName: '/admins' },
    { endpoint: '/rbac/roles', routeName: '/rbac/roles' },
  ];
  return probes.every((p) =>
    RBAC_ACTIONS.every((action) => engine.authorize(actor, { workspace, action, ...p }).allowed),
  );
}

/** Whether one of `actor`'s roles, in any workspace, is the role (`workspace`, `name`). */
function holdsRole(engine: RbacEngine, actor: string, name: string, workspace: string): boolean {
  // Kong itself considers every role of the admin (spec 05 §2), whatever the semantics.
  for (const ws of engine.assignmentWorkspaces(actor))
    for (const r of engine.effectiveRoles(actor, ws))
      if (r.name === name && r.workspace === workspace) return true;
  return false;
}

/** M8: the stored value at `(dest, *)` or `(*, *)` is exactly all four actions, no negative bit. */
function hasFullRights(engine: RbacEngine, actor: string, dest: string): boolean {
  const keys: [string, string][] =
    dest === '*'
      ? [['*', '*']]
      : [
          [dest, '*'],
          ['*', '*'],
        ];
  return keys.some(([ws, ep]) => engine.ruleBits(actor, ws, ep) === 0x0f);
}
