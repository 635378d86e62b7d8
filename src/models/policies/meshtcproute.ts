import { z } from 'zod';
import { TargetRef } from '../targetref.js';
import { PolicyBackendRef } from './common.js';

/** A MeshTCPRoute rule: `default.backendRefs`. */
export const MeshTCPRouteRule = z.strictObject({
  default: z.strictObject({ backendRefs: z.array(PolicyBackendRef).optional() }),
});
export type MeshTCPRouteRule = z.infer<typeof MeshTCPRouteRule>;

/** A MeshTCPRoute `to[]` item. */
export const MeshTCPRouteTo = z.strictObject({
  targetRef: TargetRef,
  rules: z.array(MeshTCPRouteRule).optional(),
});
export type MeshTCPRouteTo = z.infer<typeof MeshTCPRouteTo>;
