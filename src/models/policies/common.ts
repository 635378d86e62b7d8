import { z } from 'zod';
import { StringLike } from '../common.js';
import { TargetRef } from '../targetref.js';

/**
 * A Kubernetes-style Go duration (`2s`, `1m30s`, `500ms`). Kept as the string the user wrote:
 * merging and comparison never need the numeric value, and Kuma re-serialises it unchanged for
 * values below one minute.
 */
export const PolicyDuration = StringLike.pipe(
  z
    .string()
    .regex(
      /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/,
      'must be a duration such as 10s or 1m30s',
    ),
);

/** A port number 1–65535. */
export const PolicyPort = z.number().int().min(1, 'must be in 1-65535').max(65535, 'must be in 1-65535');

/** `common_api.BackendRef`: a targetRef plus an optional weight and port. */
export const PolicyBackendRef = z.strictObject({
  ...TargetRef.shape,
  weight: z.number().int().min(0).optional(),
  port: PolicyPort.optional(),
});
export type PolicyBackendRef = z.infer<typeof PolicyBackendRef>;

/** `common_api.HeaderMatch` (used by MeshHTTPRoute matches). */
export const PolicyHeaderMatch = z.strictObject({
  type: z.enum(['Exact', 'Present', 'RegularExpression', 'Absent', 'Prefix']).optional(),
  name: z.string().min(1, 'cannot be empty'),
  value: StringLike.optional(),
});
export type PolicyHeaderMatch = z.infer<typeof PolicyHeaderMatch>;

/** A permissive conf: any object (unknown keys allowed), for kinds whose merge has no special field. */
export const PermissiveConf = z.record(z.string(), z.unknown());
export type PermissiveConf = Record<string, unknown>;
