// Public barrel: everything each module exports, nothing else.
export * from './identity/index.js';
export * from './inspect/index.js';
export * from './legacy/index.js';
export * from './models/index.js';
export * from './passthrough/index.js';
export * from './rbac/index.js';
export * from './targetref/index.js';
