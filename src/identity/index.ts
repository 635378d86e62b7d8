// ECS workload identity (seed 001, spec 06): IAM role tags → identity, what a proxy may claim,
// control-plane settings, sidecar flags and dataplanes without transparent proxying.
export * from './control-plane.js';
export * from './iam.js';
export * from './lint.js';
export * from './sidecar.js';
export type {
  IdentityCheckResult,
  IdentityIssue,
  IdentityIssueResource,
  IdentitySeverity,
} from './util.js';
