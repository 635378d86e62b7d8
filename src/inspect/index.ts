/**
 * `mesh-policy/inspect`: everything that applies to a dataplane, with reasons; lint of a policy
 * set; diff of two policy sets. Built on the legacy, targetref and passthrough modules.
 */
export { describeDataplane } from './dataplane.js';
export { diffPolicySets, diffReports } from './diff.js';
export { createInspector, type Inspector, inspectDataplane } from './inspector.js';
export { estimateRuleSubsets, LINT_CODES, type LintCode, type LintOptions, lintPolicies } from './lint.js';
export type * from './types.js';
