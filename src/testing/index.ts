// fast-check arbitraries for mesh-policy resources, exported as `mesh-policy/testing`.
// Every arbitrary produces documents that are valid by construction (Universal form, normalised:
// `mesh` and `labels` present), and each family has an `arbInvalid*` twin with exactly one known
// mistake and the issue path a validator reports for it.
export * from './dataplane.js';
export * from './iam.js';
export * from './invalid.js';
export * from './mesh.js';
export * from './policies.js';
export * from './primitives.js';
export * from './rbac.js';
export * from './resource.js';
export * from './services.js';
