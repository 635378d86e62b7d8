/** Who may change RBAC (spec 05 §8): endpoint authorisation plus Kong's self-modification guards. */

import { MeshPolicyError, RBAC_ACTIONS, type RbacAction } from '../models/index.js';
import { denialMessage } from './actions.js';
import type { RbacEngine } from './engine.js';
import { describeValue } from './text.js';
import type { RbacDecision, RbacRequest } from './types.js';
import { kongVersionAtLeast } from './version.js';

/** An RBAC change an admin attempts, in Admin API terms. */
export type RbacChange =
  | { kind: 'assign-roles' | 'revoke-roles' | 'update-roles'; workspace?: string }
  | { kind: 'create-role'; workspace?: string }
  | { kind: 'delete-role'; workspace?: string }
  | { kind: 'add-endpoint'; workspace?: string; ruleWorkspace?: string }
  | {
      kind: 'update-endpoint' | 'delete-endpoint';
      workspace?: string;
      ruleWorkspace?: string;
      endpoint?: string;
    };

/** Whom the change is about: an admin (role assignment changes) or a role (everything else). */
export interface RbacChangeTarget {
  user?: string;
  role?: string;
}

/** Options of `canModifyRbac`. */
export interface RbacModifyOptions {
  /** Kong EE version (guards M2–M7 arrived in 3.6/3.7). Default: the engine's, else latest. */
  kongVersion?: string;
  /** Kong Manager authentication; `PATCH /admins/:admin/roles` needs `oidc` or `ldap` (3.7+). */
  managerAuth?: 'basic' | 'oidc' | 'ldap' | 'other';
}

/** The answer, with the HTTP status and message Kong would send. */
export interface RbacModifyDecision {
  allowed: boolean;
  /** `endpoint` = denied by rules (M1); the other values name Kong's dedicated guards. */
  reason:
    | 'allowed'
    | 'endpoint'
    | 'not-super-admin'
    | 'self-modification'
    | 'cross-workspace'
    | 'method-not-allowed';
  status: 200 | 403 | 405;
  message?: string;
  /** The Admin API request the change amounts to, and its HTTP method. */
  request: RbacRequest;
  method: string;
  /** The endpoint decision (M1). */
  endpointDecision: RbacDecision;
}

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
 * May `actor` make `change` about `target` (spec 05 §8)? With `'documented'` semantics (seed 004)
 * the actor must also be a super admin of the request workspace, or hold every action on
 * `/admins` and `/rbac/roles` there (the seed's "any role with read and write access to the
 * /admins and /rbac endpoints"). First the endpoint rules (M1: with the
 * default roles only super admins reach `/rbac` and `/admins`), then Kong's guards: an admin
 * cannot change its own roles or its own roles' endpoints (M2, M4–M6, 3.6+), `PATCH
 * /admins/:admin/roles` needs OIDC/LDAP (M3, 3.7+), and cross-workspace rules need full rights
 * on the destination (M8). Unknown actors are denied; an `engine` that is not an engine, a
 * `target` that is not an object or a `change` of unknown kind throw
 * `MeshPolicyError('INVALID_INPUT')`. Null options read as none.
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
  const version = opts?.kongVersion ?? engine.options.kongVersion;
  const { request, method } = requestFor(change, target);
  const endpointDecision = engine.authorize(actor, request);
  const deny = (
    reason: RbacModifyDecision['reason'],
    status: 403 | 405,
    message: string,
  ): RbacModifyDecision => ({ allowed: false, reason, status, message, request, method, endpointDecision });
  if (!endpointDecision.allowed) return deny('endpoint', 403, denialMessage(actor, request.action));
  // Seed 004: only super admins may assign or modify RBAC permissions, so an admin can neither
  // change its own permissions nor restrict a super admin's. Kong enforces this only through
  // endpoint rules and the 3.6+ guards below (spec 05 §8, K6), hence 'documented' only.
  // The seed's opening sentence counts "any role with read and write access to the /admins and
  // /rbac endpoints" as able to create roles and customise permissions, like a super admin.
  if (
    engine.semantics === 'documented' &&
    !engine.isSuperAdmin(actor, request.workspace) &&
    !managesRbac(engine, actor, request.workspace)
  )
    return deny('not-super-admin', 403, denialMessage(actor, request.action));
  const ownRoles = engine.effectiveRoles(actor, request.workspace);
  const allRoles = engine.options.semantics === 'documented' ? ownRolesAnywhere(engine, actor) : ownRoles;
  const isOwnRole =
    target.role !== undefined &&
    allRoles.some((r) => r.name === target.role && r.workspace === request.workspace);
  const at = (v: string): boolean => kongVersionAtLeast(version, v);
  switch (change.kind) {
    case 'assign-roles':
    case 'revoke-roles':
    case 'update-roles':
      if (
        change.kind === 'update-roles' &&
        at('3.7') &&
        opts?.managerAuth !== 'oidc' &&
        opts?.managerAuth !== 'ldap'
      )
        return deny('method-not-allowed', 405, 'Method Not Allowed');
      if (target.user === actor && at('3.6') && (change.kind !== 'update-roles' || at('3.7')))
        return deny('self-modification', 403, 'the admin should not update their own roles');
      break;
    case 'add-endpoint':
      if (isOwnRole && at('3.6'))
        return deny('self-modification', 403, 'the admin should not update their own roles');
      if (change.ruleWorkspace !== undefined && change.ruleWorkspace !== request.workspace) {
        if (!hasFullRights(engine, actor, change.ruleWorkspace))
          return deny(
            'cross-workspace',
            403,
            `${describeValue(actor)} is not allowed to create cross workspace permissions`,
          );
      }
      break;
    case 'update-endpoint':
    case 'delete-endpoint':
      if (isOwnRole && at('3.6'))
        return deny('self-modification', 403, 'the admin should not update or delete their own endpoints');
      break;
    case 'delete-role':
      if (isOwnRole && at('3.6'))
        return deny('self-modification', 403, 'the admin should not delete their own roles');
      break;
    default:
      break;
  }
  return { allowed: true, reason: 'allowed', status: 200, request, method, endpointDecision };
}

/**
 * Seed 004: "a super admin (or any role with read and write access to the /admins and /rbac
 * endpoints)" manages RBAC. Read here as: every action allowed on `/admins` and on `/rbac/roles`
 * in the workspace. The default `admin` roles fail it (their `/rbac/*` negatives; since 3.6 also
 * `/admins`), so they still cannot restrict a super admin through `/admins/:admin/roles`.
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

function ownRolesAnywhere(engine: RbacEngine, actor: string): { name: string; workspace: string }[] {
  // Kong itself considers every role of the admin (spec 05 §2), whatever the semantics.
  const seen = new Map<string, { name: string; workspace: string }>();
  for (const ws of engine.assignmentWorkspaces(actor)) {
    for (const r of engine.effectiveRoles(actor, ws)) seen.set(`${r.workspace}\u0000${r.name}`, r);
  }
  return [...seen.values()];
}

/** M8: the stored value at `(dest, *)` or `(*, *)` is exactly all four actions, no negative bit. */
function hasFullRights(engine: RbacEngine, actor: string, dest: string): boolean {
  const keys =
    dest === '*'
      ? [['*', '*']]
      : [
          [dest, '*'],
          ['*', '*'],
        ];
  return keys.some(([ws, ep]) => {
    const bits = engine.ruleBits(actor, ws!, ep!);
    return bits === 0x0f;
  });
}
