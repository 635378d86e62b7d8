import { z } from 'zod';
import { StringLike } from '../common.js';
import { PolicyDuration } from './common.js';

/**
 * A Kubernetes `intstr.IntOrString` percentage: an integer, or a decimal number written as a
 * string (`"50.5"`). Its range is Kuma's validator's business.
 */
const Percentage = z.union([z.number().int(), z.string()]);

/** `default.http[].abort` of a MeshFaultInjection. */
export const MeshFaultInjectionAbort = z.strictObject({
  httpStatus: z.number().int().optional(),
  percentage: Percentage.optional(),
});

/** `default.http[].delay` of a MeshFaultInjection. */
export const MeshFaultInjectionDelay = z.strictObject({
  value: PolicyDuration.optional(),
  percentage: Percentage.optional(),
});

/** `default.http[].responseBandwidth` of a MeshFaultInjection (`limit` such as `100Mbps`). */
export const MeshFaultInjectionResponseBandwidth = z.strictObject({
  // Unquoted numbers (`limit: 1000`) reach Kuma's validator as strings, which rejects their unit.
  limit: StringLike.optional(),
  percentage: Percentage.optional(),
});

/** One fault of `default.http[]` (Kuma 2.8.8 `FaultInjectionConf`). */
export const MeshFaultInjectionFault = z.strictObject({
  abort: MeshFaultInjectionAbort.optional(),
  delay: MeshFaultInjectionDelay.optional(),
  responseBandwidth: MeshFaultInjectionResponseBandwidth.optional(),
});

/**
 * `to[].default` / `from[].default` of a MeshFaultInjection (Kuma 2.8.8
 * `pkg/plugins/policies/meshfaultinjection/api/v1alpha1/meshfaultinjection.go`).
 */
export const MeshFaultInjectionConf = z.strictObject({
  http: z.array(MeshFaultInjectionFault).optional(),
});
export type MeshFaultInjectionConf = z.infer<typeof MeshFaultInjectionConf>;
