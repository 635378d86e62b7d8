import { z } from 'zod';
import { StringLike } from '../common.js';

/** `spec.default.appendMatch[i]` of a MeshPassthrough (spec 04 §1.3, schema rules §3.5). */
export const MeshPassthroughMatch = z.strictObject({
  type: z.enum(['Domain', 'IP', 'CIDR']),
  value: StringLike,
  // Not required: Kuma ≥ 2.9 and the seed accept port-less entries (spec 04 §3.5).
  port: z.number().int().optional(),
  protocol: z.enum(['tcp', 'tls', 'grpc', 'http', 'http2']).optional(),
});
export type MeshPassthroughMatch = z.infer<typeof MeshPassthroughMatch>;

/** `spec.default` of a MeshPassthrough. */
export const MeshPassthroughConf = z.strictObject({
  passthroughMode: z.enum(['All', 'Matched', 'None']).optional(),
  appendMatch: z.array(MeshPassthroughMatch).optional(),
});
export type MeshPassthroughConf = z.infer<typeof MeshPassthroughConf>;
