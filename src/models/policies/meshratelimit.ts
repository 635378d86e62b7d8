import { z } from 'zod';
import { StringLike } from '../common.js';
import { PolicyDuration } from './common.js';

/** `requestRate` / `connectionRate` of a MeshRateLimit: `num` units per `interval`. */
export const MeshRateLimitRate = z.strictObject({
  // Kuma's validator reports `num` ≤ 0 and `interval` ≤ 50ms itself.
  num: z.number().int().optional(),
  interval: PolicyDuration.optional(),
});
export type MeshRateLimitRate = z.infer<typeof MeshRateLimitRate>;

/**
 * A header to set or add on a rate-limited response. The name rules and the 16-item limit are
 * those of Kuma 2.8.8's OpenAPI schema (`schema.yaml`), which its API server enforces.
 */
const HeaderKeyValue = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[a-z0-9!#$%&'*+\-.^_`|~]+$/, 'must be a lower-case HTTP header name')
    .optional(),
  value: StringLike.optional(),
});

/** `onRateLimit.headers` of a MeshRateLimit. */
export const MeshRateLimitHeaderModifier = z.strictObject({
  set: z.array(HeaderKeyValue).max(16).optional(),
  add: z.array(HeaderKeyValue).max(16).optional(),
});

/** `local.http` of a MeshRateLimit. */
export const MeshRateLimitLocalHttp = z.strictObject({
  disabled: z.boolean().optional(),
  requestRate: MeshRateLimitRate.optional(),
  onRateLimit: z
    .strictObject({
      status: z.number().int().optional(),
      headers: MeshRateLimitHeaderModifier.optional(),
    })
    .optional(),
});

/** `local.tcp` of a MeshRateLimit. */
export const MeshRateLimitLocalTcp = z.strictObject({
  disabled: z.boolean().optional(),
  connectionRate: MeshRateLimitRate.optional(),
});

/**
 * `to[].default` / `from[].default` of a MeshRateLimit (Kuma 2.8.8
 * `pkg/plugins/policies/meshratelimit/api/v1alpha1/meshratelimit.go`).
 */
export const MeshRateLimitConf = z.strictObject({
  local: z
    .strictObject({
      http: MeshRateLimitLocalHttp.optional(),
      tcp: MeshRateLimitLocalTcp.optional(),
    })
    .optional(),
});
export type MeshRateLimitConf = z.infer<typeof MeshRateLimitConf>;
