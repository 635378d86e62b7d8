// Public API of the targetref module (seed 003; spec 02 and 03).
// Matching and priority (spec 02):

// Tag algebra, rules and merge (spec 03):
export { formatGoDuration, normalizeGoDuration, parseGoDuration } from './duration.js';
export {
  EGRESS_RULES_KEY,
  type EgressMatchedPolicies,
  egressMatchedPolicies,
  egressServiceSelected,
} from './egress.js';
export {
  type DataplanePolicySelection,
  type MatchedPoliciesOptions,
  matchDataplanePolicies,
  type PolicyMatchExplanation,
} from './match-dataplane.js';
export {
  type GatewayRuleSets,
  type KumaRuleStepResult,
  kumaRuleStep,
  type MatchedPolicies,
  matchedPolicies,
} from './matched.js';
export {
  applyKubernetesDefaults,
  canonicalConf,
  jsonMergePatch,
  type MergeOptions,
  mergeConfs,
} from './merge.js';
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
// (FieldProvenance is re-exported under another name: inspect exports its own FieldProvenance.)
export {
  type ConfExplanation,
  type ExplainSource,
  explainConf,
  explainMerge,
  type FieldProvenance as MergeFieldProvenance,
  type MergeExplanation,
} from './provenance.js';
export {
  buildEgressToRules,
  buildFromRules,
  buildSingleItemRules,
  buildToRules,
  goJsonMatches,
  goJsonString,
  type RuleSetOptions,
  ruleMatchesHash,
  ruleOriginOf,
  toItemConf,
  withDefaults as confWithKubernetesDefaults,
} from './rule-sets.js';
export * from './rules.js';
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
// (SERVICE_TAG stays internal: legacy exports the same constant.)
export {
  compareStrings,
  compareTags,
  containsElement,
  formatSubset,
  intersect,
  isSubset,
  positiveCount,
  RULE_MATCHES_HASH_TAG,
  type Subset,
  type SubsetElement,
  subsetFromTargetRef,
  type Tag,
} from './subset.js';
export { type PolicyValidationResult, targetRefIncludesGateways, validatePolicy } from './validate.js';
