import { z } from 'zod';
import { PolicyDuration } from './common.js';

/** A Go `*uint32` (its range is checked by the admission validator, with Kuma's messages). */
const Uint32 = z.number().int();

/** `default.connectionLimits` of a MeshCircuitBreaker. */
export const MeshCircuitBreakerConnectionLimits = z.strictObject({
  maxConnections: Uint32.optional(),
  maxConnectionPools: Uint32.optional(),
  maxPendingRequests: Uint32.optional(),
  maxRetries: Uint32.optional(),
  maxRequests: Uint32.optional(),
});

/** `detectors.totalFailures` / `gatewayFailures` / `localOriginFailures`. */
const ConsecutiveDetector = z.strictObject({ consecutive: Uint32.optional() });

/** `detectors.successRate`: `standardDeviationFactor` is an integer or a decimal string. */
export const MeshCircuitBreakerSuccessRate = z.strictObject({
  minimumHosts: Uint32.optional(),
  requestVolume: Uint32.optional(),
  standardDeviationFactor: z.union([z.number().int(), z.string()]).optional(),
});

/** `detectors.failurePercentage`. */
export const MeshCircuitBreakerFailurePercentage = z.strictObject({
  minimumHosts: Uint32.optional(),
  requestVolume: Uint32.optional(),
  threshold: Uint32.optional(),
});

/** `outlierDetection.detectors`. */
export const MeshCircuitBreakerDetectors = z.strictObject({
  totalFailures: ConsecutiveDetector.optional(),
  gatewayFailures: ConsecutiveDetector.optional(),
  localOriginFailures: ConsecutiveDetector.optional(),
  successRate: MeshCircuitBreakerSuccessRate.optional(),
  failurePercentage: MeshCircuitBreakerFailurePercentage.optional(),
});

/** `default.outlierDetection` of a MeshCircuitBreaker. */
export const MeshCircuitBreakerOutlierDetection = z.strictObject({
  disabled: z.boolean().optional(),
  interval: PolicyDuration.optional(),
  baseEjectionTime: PolicyDuration.optional(),
  maxEjectionPercent: Uint32.optional(),
  splitExternalAndLocalErrors: z.boolean().optional(),
  detectors: MeshCircuitBreakerDetectors.optional(),
});

/**
 * `to[].default` / `from[].default` of a MeshCircuitBreaker (Kuma 2.8.8
 * `pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/meshcircuitbreaker.go`).
 */
export const MeshCircuitBreakerConf = z.strictObject({
  connectionLimits: MeshCircuitBreakerConnectionLimits.optional(),
  outlierDetection: MeshCircuitBreakerOutlierDetection.optional(),
});
export type MeshCircuitBreakerConf = z.infer<typeof MeshCircuitBreakerConf>;
