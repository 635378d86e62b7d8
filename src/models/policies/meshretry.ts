import { z } from 'zod';
import { StringLike, Tags } from '../common.js';
import { PolicyDuration } from './common.js';

/** `tcp` of a MeshRetry. */
export const MeshRetryTcp = z.strictObject({
  maxConnectAttempt: z.number().int().optional(),
});

/** `backOff` of `http` / `grpc`. */
export const MeshRetryBackOff = z.strictObject({
  baseInterval: PolicyDuration.optional(),
  maxInterval: PolicyDuration.optional(),
});

/** One entry of `rateLimitedBackOff.resetHeaders`. */
export const MeshRetryResetHeader = z.strictObject({
  name: z.string().optional(),
  format: z.enum(['Seconds', 'UnixTimestamp']).optional(),
});

/** `rateLimitedBackOff` of `http` / `grpc`. */
export const MeshRetryRateLimitedBackOff = z.strictObject({
  resetHeaders: z.array(MeshRetryResetHeader).optional(),
  maxInterval: PolicyDuration.optional(),
});

/**
 * A header match of `retriableRequestHeaders` / `retriableResponseHeaders`. `type` is any string:
 * Kuma 2.8.8's decoder and validator accept values outside the documented set (its own tests use
 * `PREFIX`).
 */
export const MeshRetryHeaderMatch = z.strictObject({
  type: z.string().optional(),
  name: z.string().optional(),
  value: StringLike.optional(),
});

/** One `http.hostSelection` predicate. */
export const MeshRetryPredicate = z.strictObject({
  predicate: z.string().optional(),
  tags: Tags.optional(),
  updateFrequency: z.number().int().optional(),
});

/**
 * A `retryOn` entry: a condition name, or (HTTP) a status code. A YAML number (`- 503`) is read as
 * its text, as Kuma's YAML decoder does for a string field; the admission check validates it.
 */
const RetryOn = StringLike;

/** `http` of a MeshRetry. */
export const MeshRetryHttp = z.strictObject({
  numRetries: z.number().int().optional(),
  perTryTimeout: PolicyDuration.optional(),
  backOff: MeshRetryBackOff.optional(),
  rateLimitedBackOff: MeshRetryRateLimitedBackOff.optional(),
  retryOn: z.array(RetryOn).optional(),
  retriableResponseHeaders: z.array(MeshRetryHeaderMatch).optional(),
  retriableRequestHeaders: z.array(MeshRetryHeaderMatch).optional(),
  hostSelection: z.array(MeshRetryPredicate).optional(),
  hostSelectionMaxAttempts: z.number().int().optional(),
});

/** `grpc` of a MeshRetry. */
export const MeshRetryGrpc = z.strictObject({
  numRetries: z.number().int().optional(),
  perTryTimeout: PolicyDuration.optional(),
  backOff: MeshRetryBackOff.optional(),
  rateLimitedBackOff: MeshRetryRateLimitedBackOff.optional(),
  retryOn: z.array(RetryOn).optional(),
});

/**
 * `to[].default` of a MeshRetry (Kuma 2.8.8
 * `pkg/plugins/policies/meshretry/api/v1alpha1/meshretry.go`). Which values are allowed is checked
 * by the admission validator, with Kuma's messages.
 */
export const MeshRetryConf = z.strictObject({
  tcp: MeshRetryTcp.optional(),
  http: MeshRetryHttp.optional(),
  grpc: MeshRetryGrpc.optional(),
});
export type MeshRetryConf = z.infer<typeof MeshRetryConf>;
