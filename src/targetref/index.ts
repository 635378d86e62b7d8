// Public API of the targetref module (seed 003; spec 02 and 03).
// Matching and priority (spec 02):
export {
  type DataplanePolicySelection,
  type MatchedPoliciesOptions,
  matchDataplanePolicies,
  type PolicyMatchExplanation,
} from './match-dataplane.js';
export {
  compareKumaPriority,
  comparePolicyPriority,
  type PrioritizedPolicy,
  type PrioritySortKey,
  type PrioritySortResult,
  prioritySortKey,
  sortByPriority,
  sortByPriorityWithWarnings,
  targetRefKindOrder,
} from './priority.js';
export {
  type DataplaneProxyType,
  dataplaneProxyType,
  isTargetRefReferenced,
  type ListenerHostnameKey,
  type SelectionContext,
  selectDataplaneMeshGateway,
  selectionMatched,
  selectTargetRef,
  type TargetRefSelection,
  targetRefTagsMatch,
} from './select.js';
// Tag algebra, rules and merge (spec 03):
export * from './subset.js';
export {
  type PolicyTargetRefSupport,
  type PolicyValidationResult,
  TARGET_REF_SUPPORT,
  targetRefIncludesGateways,
  targetRefSupport,
  validatePolicy,
  validateTargetRefAt,
} from './validate.js';
