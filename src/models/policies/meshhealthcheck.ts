import { z } from 'zod';
import { StringLike } from '../common.js';
import { PolicyDuration } from './common.js';

/** A header to set or add on the health-check request. */
export const MeshHealthCheckHeader = z.strictObject({
  name: z.string().optional(),
  value: StringLike.optional(),
});

/** `http.requestHeadersToAdd`. */
export const MeshHealthCheckHeaderModifier = z.strictObject({
  set: z.array(MeshHealthCheckHeader).optional(),
  add: z.array(MeshHealthCheckHeader).optional(),
});

/** `default.tcp` of a MeshHealthCheck. */
export const MeshHealthCheckTcp = z.strictObject({
  disabled: z.boolean().optional(),
  send: z.string().optional(),
  receive: z.array(z.string()).optional(),
});

/** `default.http` of a MeshHealthCheck. */
export const MeshHealthCheckHttp = z.strictObject({
  disabled: z.boolean().optional(),
  path: z.string().optional(),
  // A YAML key left without a value (`requestHeadersToAdd:`) is null: the same as absent for
  // Kuma's pointer field.
  requestHeadersToAdd: MeshHealthCheckHeaderModifier.nullable().optional(),
  expectedStatuses: z.array(z.number().int()).optional(),
  // `set` / `add` written one level too high (Kuma 2.8.8's own "full example" does this): Kuma's
  // decoder ignores them. Accepted here so that such documents load; the admission check warns.
  set: z.unknown().optional(),
  add: z.unknown().optional(),
});

/** `default.grpc` of a MeshHealthCheck. */
export const MeshHealthCheckGrpc = z.strictObject({
  disabled: z.boolean().optional(),
  serviceName: z.string().optional(),
  authority: z.string().optional(),
});

/**
 * `to[].default` of a MeshHealthCheck (Kuma 2.8.8
 * `pkg/plugins/policies/meshhealthcheck/api/v1alpha1/meshhealthcheck.go`). Ranges and formats are
 * checked by the admission validator, with Kuma's messages.
 */
export const MeshHealthCheckConf = z.strictObject({
  interval: PolicyDuration.optional(),
  timeout: PolicyDuration.optional(),
  unhealthyThreshold: z.number().int().optional(),
  healthyThreshold: z.number().int().optional(),
  initialJitter: PolicyDuration.optional(),
  intervalJitter: PolicyDuration.optional(),
  intervalJitterPercent: z.number().int().optional(),
  healthyPanicThreshold: z.union([z.number().int(), z.string()]).optional(),
  failTrafficOnPanic: z.boolean().optional(),
  eventLogPath: z.string().optional(),
  alwaysLogHealthCheckFailures: z.boolean().optional(),
  noTrafficInterval: PolicyDuration.optional(),
  tcp: MeshHealthCheckTcp.optional(),
  http: MeshHealthCheckHttp.optional(),
  grpc: MeshHealthCheckGrpc.optional(),
  reuseConnection: z.boolean().optional(),
});
export type MeshHealthCheckConf = z.infer<typeof MeshHealthCheckConf>;
