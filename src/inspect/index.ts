/**
 * `mesh-policy/inspect`: everything that applies to a dataplane, with reasons; lint of a policy
 * set; diff of two policy sets. Built on the legacy, targetref and passthrough modules.
 */
export { describeDataplane } from './dataplane.js';
export type * from './types.js';
