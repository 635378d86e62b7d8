import { z } from 'zod';

/*
 * The strict Go types (JSON tag names) of the 2.8 experimental resources, Universal form:
 * - MeshService, MeshExternalService, HostnameGenerator: Kuma 2.8.8
 *   `pkg/core/resources/apis/{meshservice,meshexternalservice,hostnamegenerator}/api/v1alpha1/`.
 * - MeshMultiZoneService does not exist in Kuma 2.8.8; its type is the one Kuma 2.9.0 introduced
 *   (`pkg/core/resources/apis/meshmultizoneservice/api/v1alpha1/meshmultizoneservice.go`).
 *
 * Every object is strict (an unknown field is an error). Values that Kuma's validators check
 * (ports, protocols, TLS versions, verification modes, SAN types, extension type, addresses, the
 * template, the selectors) are plain types here, so the admission checks report them with Kuma's
 * message. Only what nothing but Kuma's OpenAPI schema (`schema.yaml`) enforces is checked here:
 * its enums and its required fields that no validator looks at.
 */

/** A `uint32` field whose OpenAPI format is int32 (Kuma's schema bounds it to int32). */
const UInt32 = z.number().int().min(0).max(2147483647);
/** Go `map[string]string`. */
const StringMap = z.record(z.string(), z.string());
/** `intstr.IntOrString`. */
const IntOrString = z.union([z.number().int(), z.string()]);

/** `hostnamegenerator_api.HostnameGeneratorRef` (`coreName` is required by Kuma's schema). */
const HostnameGeneratorRef = z.strictObject({ coreName: z.string() });

/** `hostnamegenerator_api.Address` (status of MeshService / MeshExternalService). */
const Address = z.strictObject({
  hostname: z.string().optional(),
  origin: z.string().optional(),
  hostnameGeneratorRef: HostnameGeneratorRef.optional(),
});

/** `hostnamegenerator_api.Condition`: every field is required by Kuma's schema. */
const Condition = z.strictObject({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
});

/** `hostnamegenerator_api.HostnameGeneratorStatus`. */
const HostnameGeneratorStatus = z.strictObject({
  hostnameGeneratorRef: HostnameGeneratorRef,
  conditions: z.array(Condition).optional(),
});

// ---------------------------------------------------------------- MeshService (Kuma 2.8.8)

/** `meshservice_api.Port`. */
export const MeshServicePort = z.strictObject({
  name: z.string().optional(),
  port: UInt32,
  targetPort: IntOrString.optional(),
  appProtocol: z.string().optional(),
});

/** `meshservice_api.MeshService`: the `spec` of a MeshService. */
export const MeshServiceSpec = z.strictObject({
  selector: z
    .strictObject({
      dataplaneTags: StringMap.optional(),
      dataplaneRef: z.strictObject({ name: z.string().optional() }).optional(),
    })
    .optional(),
  ports: z.array(MeshServicePort).optional(),
  identities: z.array(z.strictObject({ type: z.enum(['ServiceTag']), value: z.string() })).optional(),
});
export type MeshServiceSpec = z.infer<typeof MeshServiceSpec>;

/** `meshservice_api.MeshServiceStatus`: the `status` of a MeshService (set by the control plane). */
export const MeshServiceStatus = z.strictObject({
  addresses: z.array(Address).optional(),
  vips: z.array(z.strictObject({ ip: z.string().optional() })).optional(),
  tls: z.strictObject({ status: z.enum(['Ready', 'NotReady']).optional() }).optional(),
  hostnameGenerators: z.array(HostnameGeneratorStatus).optional(),
});
export type MeshServiceStatus = z.infer<typeof MeshServiceStatus>;

// -------------------------------------------------------- MeshExternalService (Kuma 2.8.8)

/** `common_api.DataSource`. */
const DataSource = z.strictObject({
  inline: z.string().optional(),
  inlineString: z.string().optional(),
  secret: z.string().optional(),
});

/** `meshexternalservice_api.Match` (type, port and protocol are checked by the validator). */
export const MeshExternalServiceMatch = z.strictObject({
  type: z.string().optional(),
  port: z.number().int().optional(),
  protocol: z.string().optional(),
});

/** `meshexternalservice_api.Endpoint`. */
export const MeshExternalServiceEndpoint = z.strictObject({
  address: z.string().optional(),
  port: z.number().int().optional(),
});

/** `meshexternalservice_api.Tls`. */
export const MeshExternalServiceTls = z.strictObject({
  enabled: z.boolean().optional(),
  version: z.strictObject({ min: z.string().optional(), max: z.string().optional() }).optional(),
  allowRenegotiation: z.boolean().optional(),
  verification: z
    .strictObject({
      mode: z.string().optional(),
      serverName: z.string().optional(),
      subjectAltNames: z.array(z.strictObject({ type: z.string().optional(), value: z.string() })).optional(),
      caCert: DataSource.optional(),
      clientCert: DataSource.optional(),
      clientKey: DataSource.optional(),
    })
    .optional(),
});

/** `meshexternalservice_api.MeshExternalService`: the `spec` of a MeshExternalService. */
export const MeshExternalServiceSpec = z.strictObject({
  match: MeshExternalServiceMatch.optional(),
  // `config` is free-form JSON, required by Kuma's schema.
  extension: z.strictObject({ type: z.string().optional(), config: z.json() }).optional(),
  endpoints: z.array(MeshExternalServiceEndpoint).optional(),
  tls: MeshExternalServiceTls.optional(),
});
export type MeshExternalServiceSpec = z.infer<typeof MeshExternalServiceSpec>;

// ---------------------------------------------------------- HostnameGenerator (Kuma 2.8.8)

const LabelSelector = z.strictObject({ matchLabels: StringMap.optional() });

/** `hostnamegenerator_api.HostnameGenerator`: the `spec` of a HostnameGenerator. */
export const HostnameGeneratorSpec = z.strictObject({
  selector: z
    .strictObject({
      meshService: LabelSelector.optional(),
      meshExternalService: LabelSelector.optional(),
    })
    .optional(),
  template: z.string().optional(),
});
export type HostnameGeneratorSpec = z.infer<typeof HostnameGeneratorSpec>;

// ------------------------------------------------ MeshMultiZoneService (Kuma 2.9.0's type)

/** `meshmultizoneservice_api.MeshMultiZoneService` as Kuma 2.9.0 introduced it. */
export const MeshMultiZoneServiceSpec = z.strictObject({
  selector: z
    .strictObject({
      meshService: z.strictObject({ matchLabels: StringMap.optional() }).optional(),
    })
    .optional(),
  ports: z
    .array(
      z.strictObject({
        name: z.string().optional(),
        port: UInt32,
        appProtocol: z.string().optional(),
      }),
    )
    .optional(),
});
export type MeshMultiZoneServiceSpec = z.infer<typeof MeshMultiZoneServiceSpec>;

/**
 * The fields besides the metadata of MeshService, MeshExternalService, MeshMultiZoneService and
 * HostnameGenerator (Universal form: the body under `spec`; a MeshService may also carry the
 * `status` its control plane wrote).
 */
export function serviceResourceFields(type: string): { spec: z.ZodType; status?: z.ZodType } {
  switch (type) {
    case 'MeshService':
      return { spec: MeshServiceSpec, status: MeshServiceStatus.optional() };
    case 'MeshExternalService':
      return { spec: MeshExternalServiceSpec };
    case 'HostnameGenerator':
      return { spec: HostnameGeneratorSpec };
    case 'MeshMultiZoneService':
      return { spec: MeshMultiZoneServiceSpec };
    default:
      return { spec: z.record(z.string(), z.unknown()) };
  }
}
