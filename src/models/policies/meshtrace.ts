import { z } from 'zod';

/**
 * The conf of a MeshTrace (Kuma 2.8.8 `pkg/plugins/policies/meshtrace/api/v1alpha1/meshtrace.go`).
 * Every field is optional: what Kuma requires, its validator reports (`validator.go`), with its
 * own message (the one-backend limit included).
 */

/** `intstr.IntOrString`: an integer, or a string holding a decimal number. */
const IntOrString = z.union([z.number().int(), z.string()]);

/** `zipkin`: a Zipkin collector. */
export const MeshTraceZipkinBackend = z.strictObject({
  url: z.string().optional(),
  traceId128bit: z.boolean().optional(),
  apiVersion: z.enum(['httpJson', 'httpProto']).optional(),
  sharedSpanContext: z.boolean().optional(),
});

/** `datadog`: a Datadog agent (only scheme, host and port in `url`). */
export const MeshTraceDatadogBackend = z.strictObject({
  url: z.string().optional(),
  splitService: z.boolean().optional(),
});

/** `openTelemetry`: an OpenTelemetry collector. */
export const MeshTraceOpenTelemetryBackend = z.strictObject({
  endpoint: z.string().optional(),
});

/** One entry of `backends`. */
export const MeshTraceBackend = z.strictObject({
  // Only Kuma's OpenAPI schema restricts the value (its validator panics on anything else).
  type: z.enum(['Zipkin', 'Datadog', 'OpenTelemetry']).optional(),
  zipkin: MeshTraceZipkinBackend.optional(),
  datadog: MeshTraceDatadogBackend.optional(),
  openTelemetry: MeshTraceOpenTelemetryBackend.optional(),
});

/** `sampling`: percentages (0–100) as integers or decimal strings. */
export const MeshTraceSampling = z.strictObject({
  overall: IntOrString.optional(),
  client: IntOrString.optional(),
  random: IntOrString.optional(),
});

/** `tags[].header`: a tag taken from a request header. */
export const MeshTraceHeaderTag = z.strictObject({
  name: z.string().optional(),
  default: z.string().optional(),
});

/** One custom tag: a `literal` value or a `header`. */
export const MeshTraceTag = z.strictObject({
  name: z.string().optional(),
  literal: z.string().optional(),
  header: MeshTraceHeaderTag.optional(),
});

/** `default` of a MeshTrace. */
export const MeshTraceConf = z.strictObject({
  backends: z.array(MeshTraceBackend).optional(),
  sampling: MeshTraceSampling.optional(),
  tags: z.array(MeshTraceTag).optional(),
});
export type MeshTraceConf = z.infer<typeof MeshTraceConf>;
