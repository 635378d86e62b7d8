/**
 * MeshTCPRoute `to[]` items, after Kuma 2.8.8 `pkg/plugins/policies/meshtcproute/api/v1alpha1/meshtcproute.go`.
 * Which targetRef kinds the targetRef and backendRefs may use is the admission check's
 * (`src/models/admission/meshtcproute.ts`).
 */
import { z } from 'zod';
import { TargetRef } from '../targetref.js';
import { MeshRouteBackendRef } from './meshhttproute.js';

/** The `default` of a MeshTCPRoute rule (`RuleConf`), and the type of a merged MeshTCPRoute conf. */
export const MeshTCPRouteConf = z.strictObject({
  backendRefs: z.array(MeshRouteBackendRef).optional(),
});
export type MeshTCPRouteConf = z.infer<typeof MeshTCPRouteConf>;

/** A MeshTCPRoute rule: `default.backendRefs`. */
export const MeshTCPRouteRule = z.strictObject({
  default: MeshTCPRouteConf.optional(),
});
export type MeshTCPRouteRule = z.infer<typeof MeshTCPRouteRule>;

/** A MeshTCPRoute `to[]` item (an absent targetRef is reported by the admission check). */
export const MeshTCPRouteTo = z.strictObject({
  targetRef: TargetRef.optional(),
  rules: z.array(MeshTCPRouteRule).optional(),
});
export type MeshTCPRouteTo = z.infer<typeof MeshTCPRouteTo>;
