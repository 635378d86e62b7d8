import { z } from 'zod';
import { Selector } from './common.js';

/** Legacy (source/destination) policy types named in the seeds and spec 00 §4. */
export const LEGACY_POLICY_TYPES = [
  'TrafficPermission',
  'TrafficRoute',
  'TrafficLog',
  'TrafficTrace',
  'HealthCheck',
  'CircuitBreaker',
  'FaultInjection',
  'Retry',
  'Timeout',
  'RateLimit',
  'ProxyTemplate',
  'VirtualOutbound',
  'MeshGatewayRoute',
] as const;
export type LegacyPolicyType = (typeof LEGACY_POLICY_TYPES)[number];

/** Which selector fields a legacy type uses (spec 00 §4.1). */
export const LEGACY_SELECTOR_SHAPE: Record<LegacyPolicyType, 'sources-destinations' | 'selectors'> = {
  TrafficPermission: 'sources-destinations',
  TrafficRoute: 'sources-destinations',
  TrafficLog: 'sources-destinations',
  TrafficTrace: 'selectors',
  HealthCheck: 'sources-destinations',
  CircuitBreaker: 'sources-destinations',
  FaultInjection: 'sources-destinations',
  Retry: 'sources-destinations',
  Timeout: 'sources-destinations',
  RateLimit: 'sources-destinations',
  ProxyTemplate: 'selectors',
  VirtualOutbound: 'selectors',
  MeshGatewayRoute: 'selectors',
};

/** True for the legacy (source/destination or selectors) policy types of spec 00 §4. */
export function isLegacyPolicyType(type: string): type is LegacyPolicyType {
  return (LEGACY_POLICY_TYPES as readonly string[]).includes(type);
}

/** The fields of a legacy policy besides its metadata (Universal form: inlined). */
export const LegacyPolicySpec = z.strictObject({
  sources: z.array(Selector).optional(),
  destinations: z.array(Selector).optional(),
  selectors: z.array(Selector).optional(),
  conf: z.unknown().optional(),
});
export type LegacyPolicySpec = {
  sources?: Selector[];
  destinations?: Selector[];
  selectors?: Selector[];
  conf?: unknown;
};
