import { z } from 'zod';
import { TargetRef } from './targetref.js';

/** Every targetRef policy kind of Kuma 2.8.8 (spec 03 §8.1). */
export const TARGET_REF_POLICY_TYPES = [
  'MeshAccessLog',
  'MeshCircuitBreaker',
  'MeshFaultInjection',
  'MeshHealthCheck',
  'MeshHTTPRoute',
  'MeshLoadBalancingStrategy',
  'MeshMetric',
  'MeshPassthrough',
  'MeshProxyPatch',
  'MeshRateLimit',
  'MeshRetry',
  'MeshTCPRoute',
  'MeshTimeout',
  'MeshTrace',
  'MeshTrafficPermission',
] as const;
export type TargetRefPolicyType = (typeof TARGET_REF_POLICY_TYPES)[number];

/** True for the Kuma 2.8 targetRef policy kinds (spec 03 §8.1). */
export function isTargetRefPolicyType(type: string): type is TargetRefPolicyType {
  return (TARGET_REF_POLICY_TYPES as readonly string[]).includes(type);
}

/** Which sections a kind has (spec 03 §8.1): `to`/`from` lists, or a single `default`. */
export const POLICY_SECTIONS: Record<TargetRefPolicyType, { to: boolean; from: boolean; single: boolean }> = {
  MeshAccessLog: { to: true, from: true, single: false },
  MeshCircuitBreaker: { to: true, from: true, single: false },
  MeshFaultInjection: { to: true, from: true, single: false },
  MeshHealthCheck: { to: true, from: false, single: false },
  MeshHTTPRoute: { to: true, from: false, single: false },
  MeshLoadBalancingStrategy: { to: true, from: false, single: false },
  MeshMetric: { to: false, from: false, single: true },
  MeshPassthrough: { to: false, from: false, single: true },
  MeshProxyPatch: { to: false, from: false, single: true },
  MeshRateLimit: { to: true, from: true, single: false },
  MeshRetry: { to: true, from: false, single: false },
  MeshTCPRoute: { to: true, from: false, single: false },
  MeshTimeout: { to: true, from: true, single: false },
  MeshTrace: { to: false, from: false, single: true },
  MeshTrafficPermission: { to: false, from: true, single: false },
};

/** A `to[]`/`from[]` entry of an ordinary policy. */
export const PolicyItem = z.strictObject({
  targetRef: TargetRef,
  default: z.unknown().optional(),
});
export type PolicyItem = { targetRef: TargetRef; default?: unknown };

/** A MeshHTTPRoute / MeshTCPRoute `to[]` entry: rules instead of `default`. */
export const RouteItem = z.strictObject({
  targetRef: TargetRef,
  hostnames: z.array(z.string()).optional(),
  rules: z.array(z.unknown()).optional(),
});
export type RouteItem = { targetRef: TargetRef; hostnames?: string[]; rules?: unknown[] };

/**
 * The generic targetRef policy `spec`. Per-kind schemas (`policies/`) narrow `default` and the
 * route items; this envelope is what every algorithm reads.
 */
export type TargetRefPolicySpec = {
  targetRef?: TargetRef;
  to?: Array<PolicyItem | RouteItem>;
  from?: PolicyItem[];
  default?: unknown;
};
