import { z } from 'zod';
import { Labels, StringLike, Tags } from './common.js';

/** Every targetRef kind Kuma 2.8 knows, in its fixed priority order (lowest first, spec 02 §2.1). */
export const TARGET_REF_KINDS = [
  'Mesh',
  'MeshSubset',
  'MeshGateway',
  'MeshService',
  'MeshExternalService',
  'MeshServiceSubset',
  'MeshHTTPRoute',
] as const;
export type TargetRefKind = (typeof TARGET_REF_KINDS)[number];

export const PROXY_TYPES = ['Sidecar', 'Gateway'] as const;
export type ProxyType = (typeof PROXY_TYPES)[number];

/**
 * A targetRef as written. The schema accepts every field Kuma 2.8's API has; which fields a kind
 * may carry (name required for MeshService, proxyTypes only on Mesh/MeshSubset, …) is checked by
 * the per-policy validators, which report Kuma's paths and messages.
 */
export const TargetRef = z.strictObject({
  // Any string here: which kinds a section accepts (and that one is given) is the admission
  // check's business, which reports Kuma's "must be defined" / "value is not supported".
  kind: z.string().optional() as unknown as z.ZodType<TargetRefKind>,
  name: StringLike.optional(),
  tags: Tags.optional(),
  proxyTypes: z.array(z.enum(PROXY_TYPES)).optional(),
  mesh: z.string().optional(),
  namespace: z.string().optional(),
  labels: Labels.optional(),
  sectionName: z.string().optional(),
});
export type TargetRef = {
  kind: TargetRefKind;
  name?: string;
  tags?: Record<string, string>;
  proxyTypes?: ProxyType[];
  mesh?: string;
  namespace?: string;
  labels?: Record<string, string>;
  sectionName?: string;
};
