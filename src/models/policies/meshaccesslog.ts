import { z } from 'zod';

/**
 * The conf of a MeshAccessLog (Kuma 2.8.8
 * `pkg/plugins/policies/meshaccesslog/api/v1alpha1/meshaccesslog.go`). Every field is optional:
 * what Kuma requires, its validator reports (`validator.go`), with its own message.
 */

/** A `key` / `value` pair of a JSON format or of OpenTelemetry attributes. */
export const MeshAccessLogJsonValue = z.strictObject({
  key: z.string().optional(),
  value: z.string().optional(),
});

/** `format` of a file or TCP backend: `Plain` (a format string) or `Json` (key/value pairs). */
export const MeshAccessLogFormat = z.strictObject({
  // Only Kuma's OpenAPI schema restricts the value (its validator panics on anything else).
  type: z.enum(['Plain', 'Json']).optional(),
  plain: z.string().optional(),
  json: z.array(MeshAccessLogJsonValue).optional(),
  omitEmptyValues: z.boolean().optional(),
});

/** `tcp`: a TCP logging backend. */
export const MeshAccessLogTcpBackend = z.strictObject({
  format: MeshAccessLogFormat.optional(),
  address: z.string().optional(),
});

/** `file`: a file logging backend. */
export const MeshAccessLogFileBackend = z.strictObject({
  format: MeshAccessLogFormat.optional(),
  path: z.string().optional(),
});

/** `openTelemetry`: an OpenTelemetry logging backend (`body` is any JSON value). */
export const MeshAccessLogOtelBackend = z.strictObject({
  attributes: z.array(MeshAccessLogJsonValue).optional(),
  body: z.json().optional(),
  endpoint: z.string().optional(),
});

/** One entry of `backends`. */
export const MeshAccessLogBackend = z.strictObject({
  // Only Kuma's OpenAPI schema restricts the value (its validator panics on anything else).
  type: z.enum(['Tcp', 'File', 'OpenTelemetry']).optional(),
  tcp: MeshAccessLogTcpBackend.optional(),
  file: MeshAccessLogFileBackend.optional(),
  openTelemetry: MeshAccessLogOtelBackend.optional(),
});

/** `to[].default` / `from[].default` of a MeshAccessLog. */
export const MeshAccessLogConf = z.strictObject({
  backends: z.array(MeshAccessLogBackend).optional(),
});
export type MeshAccessLogConf = z.infer<typeof MeshAccessLogConf>;
