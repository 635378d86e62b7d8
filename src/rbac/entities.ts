/** Entity-level permissions (spec 05 §9, Kong EE ≥ 2.1). */
import { MeshPolicyError, type RbacAction, type RoleEntity } from '../models/index.js';
import { RBAC_ACTION_BITS, rbacActionMask } from './actions.js';
import type { RbacEnforcement } from './types.js';
import { roleEntityIssues } from './validate.js';

/** Entity permission map: entity id (or workspace id, or `*`) → Kong bits (low = allow, high = deny). */
export type RbacEntityPermissionMap = ReadonlyMap<string, number>;

/**
 * Builds the entity map of spec 05 §9.1: positive actions OR-ed per entity id first, then the
 * negative actions OR-ed into the upper nibble, so the result does not depend on role order.
 * Entities that are not a list of entity permissions throw `MeshPolicyError('INVALID_INPUT')`.
 */
export function buildEntityPermissionMap(entities: readonly RoleEntity[]): RbacEntityPermissionMap {
  const issues = roleEntityIssues(entities, ['entities']);
  if (issues.length > 0)
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'buildEntityPermissionMap: entities must be a list of role entity permissions',
      issues,
    );
  return entityPermissionMap(entities);
}

/** `buildEntityPermissionMap` of entities already validated (the engine's and `authorizeEntity`'s). */
export function entityPermissionMap(entities: readonly RoleEntity[]): RbacEntityPermissionMap {
  const map = new Map<string, number>();
  for (const e of entities) {
    if (e.negative === true) continue;
    map.set(e.entityId, (map.get(e.entityId) ?? 0) | rbacActionMask(e.actions));
  }
  for (const e of entities) {
    if (e.negative !== true) continue;
    map.set(e.entityId, (map.get(e.entityId) ?? 0) | (rbacActionMask(e.actions) << 4));
  }
  return map;
}

/** Result of checking one id: whether it is allowed and whether an entry decided explicitly. */
export interface RbacEntityCheck {
  allowed: boolean;
  explicit: boolean;
  /** The map key that decided (`id` or `*`). */
  key?: string;
}

/**
 * `check(id, action)` of spec 05 §9.2: the id's entry, then `*`; negative before positive. A
 * `map` that is not a map throws `MeshPolicyError('INVALID_INPUT')`.
 */
export function checkEntityPermission(
  map: RbacEntityPermissionMap,
  id: string,
  action: RbacAction,
): RbacEntityCheck {
  if (typeof (map as Partial<RbacEntityPermissionMap> | null)?.get !== 'function')
    throw new MeshPolicyError('INVALID_INPUT', 'checkEntityPermission: map must be an entity permission map');
  return checkEntity(map, id, action);
}

/** `checkEntityPermission` without the argument check (`decideEntity` runs it per request). */
function checkEntity(map: RbacEntityPermissionMap, id: string, action: RbacAction): RbacEntityCheck {
  const bit = RBAC_ACTION_BITS[action];
  for (const key of [id, '*']) {
    const bits = map.get(key);
    if (bits === undefined) continue;
    if ((bits & (bit << 4)) !== 0) return { allowed: false, explicit: true, key };
    if ((bits & bit) !== 0) return { allowed: true, explicit: true, key };
  }
  return { allowed: false, explicit: false };
}

/**
 * The workspace × entity truth table of spec 05 §9.3: deny when neither allows; for entities
 * that are not workspaceable, the entity check alone; when both decided explicitly, both must
 * allow; otherwise either suffices. A null `workspace` reads as none; an `entity` that is not a
 * check object is a deny.
 */
export function combineEntityChecks(
  workspace: RbacEntityCheck | undefined,
  entity: RbacEntityCheck,
): boolean {
  if (entity === null || typeof entity !== 'object') return false;
  return combineChecks(workspace ?? undefined, entity);
}

/** `combineEntityChecks` without the argument checks (`decideEntity` runs it per request). */
function combineChecks(workspace: RbacEntityCheck | undefined, entity: RbacEntityCheck): boolean {
  const w = workspace?.allowed ?? false;
  if (!w && !entity.allowed) return false;
  if (workspace === undefined) return entity.allowed;
  if (workspace.explicit && entity.explicit) return w && entity.allowed;
  return w || entity.allowed;
}

/** An operation on one entity. */
export interface RbacEntityRequest {
  entityId: string;
  action: RbacAction;
  /** The entity's workspace id; omit for entity types that are not workspaceable. */
  workspaceId?: string;
  /** Entity type (table name); system tables are never entity-checked (spec 05 §9.4). */
  entityType?: string;
}

/** The answer to an entity request. */
export interface RbacEntityDecision {
  allowed: boolean;
  reason:
    | 'rbac-off'
    | 'system-entity'
    | 'positive-rule'
    | 'negative-rule'
    | 'no-matching-rule'
    | 'invalid-input';
  workspace?: RbacEntityCheck;
  entity?: RbacEntityCheck;
}

const SYSTEM_TABLE = /workspac|^sessions$|^keyring_meta$|^keyring_keys$/;

/** Decides an entity request against a prepared map (spec 05 §9). */
export function decideEntity(
  map: RbacEntityPermissionMap,
  request: RbacEntityRequest,
  enforcement: RbacEnforcement = 'both',
): RbacEntityDecision {
  if (enforcement === 'off' || enforcement === 'endpoint') return { allowed: true, reason: 'rbac-off' };
  if (
    request === null ||
    typeof request !== 'object' ||
    typeof request.entityId !== 'string' ||
    typeof request.action !== 'string' ||
    !Object.hasOwn(RBAC_ACTION_BITS, request.action) ||
    (request.workspaceId !== undefined && typeof request.workspaceId !== 'string')
  ) {
    return { allowed: false, reason: 'invalid-input' };
  }
  if (typeof request.entityType === 'string' && SYSTEM_TABLE.test(request.entityType))
    return { allowed: true, reason: 'system-entity' };
  const entity = checkEntity(map, request.entityId, request.action);
  const workspace =
    request.workspaceId === undefined ? undefined : checkEntity(map, request.workspaceId, request.action);
  const allowed = combineChecks(workspace, entity);
  const explicit = entity.explicit || workspace?.explicit === true;
  const reason = allowed ? 'positive-rule' : explicit ? 'negative-rule' : 'no-matching-rule';
  const out: RbacEntityDecision = { allowed, reason, entity };
  if (workspace !== undefined) out.workspace = workspace;
  return out;
}

/**
 * Decides an operation on one entity from role entity permissions (spec 05 §9), e.g.
 * `(ws-A, read)` + `(svc-1, read, negative)`: service `svc-1` of ws-A is denied, `svc-2` allowed.
 * Enforcement defaults to `'both'`; `'off'`/`'endpoint'` allow everything here.
 */
export function authorizeEntity(
  entities: readonly RoleEntity[],
  request: RbacEntityRequest,
  opts: { rbac?: RbacEnforcement } = {},
): RbacEntityDecision {
  if (roleEntityIssues(entities).length > 0) return { allowed: false, reason: 'invalid-input' };
  const rbac = opts?.rbac ?? 'both';
  if (!['off', 'endpoint', 'entity', 'both'].includes(rbac))
    return { allowed: false, reason: 'invalid-input' };
  return decideEntity(entityPermissionMap(entities), request, rbac);
}
