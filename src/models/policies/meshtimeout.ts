import { z } from 'zod';
import { PolicyDuration } from './common.js';

/** `default.http` of a MeshTimeout. */
export const MeshTimeoutHttp = z.strictObject({
  requestTimeout: PolicyDuration.optional(),
  streamIdleTimeout: PolicyDuration.optional(),
  maxStreamDuration: PolicyDuration.optional(),
  maxConnectionDuration: PolicyDuration.optional(),
  requestHeadersTimeout: PolicyDuration.optional(),
});

/** `to[].default` / `from[].default` of a MeshTimeout. Durations stay strings. */
export const MeshTimeoutConf = z.strictObject({
  connectionTimeout: PolicyDuration.optional(),
  idleTimeout: PolicyDuration.optional(),
  http: MeshTimeoutHttp.optional(),
});
export type MeshTimeoutConf = z.infer<typeof MeshTimeoutConf>;
