import { z } from 'zod';
import { PolicyDuration } from './common.js';

/**
 * The conf of a MeshMetric (Kuma 2.8.8
 * `pkg/plugins/policies/meshmetric/api/v1alpha1/meshmetric.go`). Every field is optional: what
 * Kuma requires, its validator reports (`validator.go`), with its own message (selector types,
 * profile names and backend types included).
 */

/** `sidecar.profiles.appendProfiles[]`: a predefined profile (`All`, `Basic`, `None`). */
export const MeshMetricProfile = z.strictObject({
  name: z.string().optional(),
});

/** `sidecar.profiles.include[]` / `exclude[]`: a metric-name selector. */
export const MeshMetricSelector = z.strictObject({
  type: z.string().optional(),
  match: z.string().optional(),
});

/** `sidecar.profiles`. */
export const MeshMetricProfiles = z.strictObject({
  appendProfiles: z.array(MeshMetricProfile).optional(),
  exclude: z.array(MeshMetricSelector).optional(),
  include: z.array(MeshMetricSelector).optional(),
});

/** `sidecar`. */
export const MeshMetricSidecar = z.strictObject({
  profiles: MeshMetricProfiles.optional(),
  includeUnused: z.boolean().optional(),
});

/** `applications[]`: an application whose metrics the proxy scrapes. */
export const MeshMetricApplication = z.strictObject({
  name: z.string().optional(),
  path: z.string().optional(),
  address: z.string().optional(),
  port: z.number().int().optional(),
});

/** `backends[].prometheus.tls`. */
export const MeshMetricPrometheusTls = z.strictObject({
  mode: z.enum(['Disabled', 'ProvidedTLS', 'ActiveMTLSBackend']).optional(),
});

/** `backends[].prometheus`. */
export const MeshMetricPrometheusBackend = z.strictObject({
  clientId: z.string().optional(),
  port: z.number().int().optional(),
  path: z.string().optional(),
  tls: MeshMetricPrometheusTls.optional(),
});

/** `backends[].openTelemetry`. */
export const MeshMetricOpenTelemetryBackend = z.strictObject({
  endpoint: z.string().optional(),
  refreshInterval: PolicyDuration.optional(),
});

/** One entry of `backends`. */
export const MeshMetricBackend = z.strictObject({
  type: z.string().optional(),
  prometheus: MeshMetricPrometheusBackend.optional(),
  openTelemetry: MeshMetricOpenTelemetryBackend.optional(),
});

/** `default` of a MeshMetric. */
export const MeshMetricConf = z.strictObject({
  sidecar: MeshMetricSidecar.optional(),
  applications: z.array(MeshMetricApplication).optional(),
  backends: z.array(MeshMetricBackend).optional(),
});
export type MeshMetricConf = z.infer<typeof MeshMetricConf>;
