/**
 * `mesh-policy/legacy` — Kuma's "most specific policy" selection for legacy source/destination
 * and selector policies (seed 002, spec 01), with explanations and shadowing analysis.
 */
export { legacyReason } from './explain.js';
export { formatLegacyInboundInterface, legacyInboundInterface, legacyInboundKey } from './identity.js';
export {
  explainConnectionPolicies,
  explainOutboundConnectionPolicies,
  type LegacyOutboundEntry,
  legacyOutboundServiceOf,
  legacyOutboundServices,
  PASS_THROUGH_SERVICE,
  selectConnectionPolicies,
  selectOutboundConnectionPolicies,
  selectOutboundConnectionPoliciesByInterface,
} from './select-connection.js';
export {
  explainDataplanePolicy,
  explainInboundDataplanePolicies,
  selectDataplanePolicy,
  selectDataplanePolicyWithMatcher,
  selectInboundDataplanePolicies,
  selectInboundDataplanePoliciesByInterface,
} from './select-dataplane.js';
export {
  explainInboundConnectionMatchingPolicies,
  explainInboundConnectionPolicies,
  type LegacyExternalServiceLike,
  selectExternalServicePermissions,
  selectInboundConnectionAllPolicies,
  selectInboundConnectionMatchingPolicies,
  selectInboundConnectionMatchingPoliciesByInterface,
  selectInboundConnectionPolicies,
  selectInboundConnectionPoliciesByInterface,
  selectInboundConnectionPolicy,
} from './select-inbound.js';
export { type LegacyTypedPolicyLike, type ShadowedLegacyPolicy, shadowedPolicies } from './shadow.js';
export {
  combineTagSelectorRanks,
  compareTagSelectorRanks,
  type DataplaneTagSource,
  dataplaneMatches,
  firstMatchingSelectorRank,
  formatTagSelectorRank,
  isEmptySelector,
  MATCH_ALL_TAG_VALUE,
  SERVICE_TAG,
  type TagMap,
  type TagSelector,
  type TagSelectorRank,
  tagSelectorMatches,
  tagSelectorRank,
  ZERO_RANK,
} from './tag-selector.js';
export {
  resolveTrafficRouteWildcards,
  sortLegacyPoliciesByName,
  splitLegacyPoliciesBySource,
  type TrafficRouteLike,
  type TrafficRouteSplitLike,
  trafficRouteHasWildcard,
} from './transform.js';
export type * from './types.js';
export { type LegacyValidationResult, validateLegacyDataplane, validateLegacyPolicy } from './validate.js';
