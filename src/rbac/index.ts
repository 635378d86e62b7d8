// Kong Gateway RBAC (spec 05, seed 004): public surface of `mesh-policy/rbac`.
export {
  actionForMethod,
  denialMessage,
  isRbacAction,
  parseRbacActions,
  RBAC_ACTION_BITS,
  RBAC_ALL_ACTIONS_MASK,
  rbacActionMask,
  rbacActionsOfMask,
} from './actions.js';
export {
  checkAdminApiRequest,
  type RbacAdminApiContext,
  type RbacAdminApiDecision,
  type RbacAdminApiRequest,
} from './admin-api.js';
export { authorizeEndpoint, explainEndpoint, roleEndpointIssues } from './authorize.js';
export {
  endpointSegmentCount,
  generalizeEndpoint,
  normalizeRouteName,
  normalizeRuleEndpoint,
  RBAC_WHITELISTED_PATHS,
  type RbacCandidate,
  type RbacEndpointForm,
  requestCandidates,
  stripWorkspacePrefix,
} from './endpoints.js';
export {
  createRbac,
  type RbacAssignmentInput,
  type RbacInput,
  safeCreateRbac,
} from './engine.js';
export type {
  RbacChange,
  RbacChangeTarget,
  RbacEngine,
  RbacModifyDecision,
  RbacModifyOptions,
} from './engine-types.js';
export {
  authorizeEntity,
  buildEntityPermissionMap,
  checkEntityPermission,
  combineEntityChecks,
  type RbacEntityCheck,
  type RbacEntityDecision,
  type RbacEntityPermissionMap,
  type RbacEntityRequest,
} from './entities.js';
export {
  authorizeKongEndpointMap,
  authorizeKongEntityMap,
  checkKongCascade,
  KONG_ENDPOINT_GENERATIONS,
  KONG_ENTITY_GENERATIONS,
  type KongEndpointGeneration,
  type KongEndpointMap,
  type KongEndpointRequest,
  type KongEntityGeneration,
  type KongWorkspaceContents,
  readableKongEndpointMap,
  readableKongEntityMap,
  resolveKongEndpointMap,
  resolveKongEntityMap,
  resolveKongWorkspaceEntities,
} from './kong-generations.js';
export { lintRoles, type RbacLintFinding } from './lint.js';
export { createRbacFromResources, rbacInputFromResources } from './load.js';
export { canModifyRbac } from './modify.js';
export { defaultRoles, type RbacRoleDefinition } from './roles.js';
export type * from './types.js';
export type { NormalisedRole as RbacNormalisedRole } from './validate.js';
export { compareKongVersions } from './version.js';
