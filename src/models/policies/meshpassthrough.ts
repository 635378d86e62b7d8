import { z } from 'zod';
import { StringLike } from '../common.js';

/**
 * `spec.default.appendMatch[i]` of a MeshPassthrough: Kuma 2.8.8's `Match` type
 * (`pkg/plugins/policies/meshpassthrough/api/v1alpha1/meshpassthrough.go`). `type`, `value`,
 * `port` and `protocol` are checked by the admission step with Kuma's messages, so the schema
 * only fixes their JSON types; a port-less entry means every port.
 */
export const MeshPassthroughMatch = z.strictObject({
  type: StringLike.optional(),
  value: StringLike.optional(),
  port: z.number().int().optional(),
  protocol: StringLike.optional(),
});
export type MeshPassthroughMatch = z.infer<typeof MeshPassthroughMatch>;

/** `spec.default` of a MeshPassthrough (Kuma 2.8.8's `Conf`). */
export const MeshPassthroughConf = z.strictObject({
  // Only Kuma's OpenAPI schema restricts the mode; its validator does not look at it.
  passthroughMode: z.enum(['All', 'Matched', 'None']).optional(),
  appendMatch: z.array(MeshPassthroughMatch).optional(),
});
export type MeshPassthroughConf = z.infer<typeof MeshPassthroughConf>;
