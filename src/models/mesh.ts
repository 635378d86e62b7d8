/**
 * The Mesh, ZoneIngress and ZoneEgress resources (Kuma 2.8.8 `api/mesh/v1alpha1/mesh.proto`,
 * `metrics.proto`, `zone_ingress.proto`, `zoneegress.proto`), as protobuf-JSON types (built from
 * ./protojson.ts). Kuma's rules on the values are admission checks (src/models/admission).
 */
import { z } from 'zod';
import { PbDouble, PbDuration, PbStruct, PbTags, PbUint32, pbEnum, pbOpt } from './protojson.js';

/** `EnvoyAdmin`. */
export const PbEnvoyAdmin = z.strictObject({ port: pbOpt(PbUint32) });

/** `MetricsBackend` (a Mesh metrics backend, or a Dataplane's own `metrics`). */
export const MetricsBackend = z.strictObject({
  name: pbOpt(z.string()),
  type: pbOpt(z.string()),
  conf: pbOpt(PbStruct),
});
export type MetricsBackend = z.infer<typeof MetricsBackend>;

// ---- Mesh (Kuma 2.8.8 `api/mesh/v1alpha1/mesh.proto`, `metrics.proto`) ----

const DpCert = z.strictObject({
  rotation: pbOpt(z.strictObject({ expiration: pbOpt(z.string()) })),
  requestTimeout: pbOpt(PbDuration),
});

/** `CertificateAuthorityBackend`. */
export const CertificateAuthorityBackend = z.strictObject({
  name: pbOpt(z.string()),
  type: pbOpt(z.string()),
  dpCert: pbOpt(DpCert),
  conf: pbOpt(PbStruct),
  mode: pbOpt(pbEnum({ STRICT: 0, PERMISSIVE: 1 })),
  rootChain: pbOpt(z.strictObject({ requestTimeout: pbOpt(PbDuration) })),
});

const Mtls = z.strictObject({
  enabledBackend: pbOpt(z.string()),
  backends: pbOpt(z.array(CertificateAuthorityBackend)),
  skipValidation: pbOpt(z.boolean()),
});

const TracingBackend = z.strictObject({
  name: pbOpt(z.string()),
  sampling: pbOpt(PbDouble),
  type: pbOpt(z.string()),
  conf: pbOpt(PbStruct),
});

const Tracing = z.strictObject({
  defaultBackend: pbOpt(z.string()),
  backends: pbOpt(z.array(TracingBackend)),
});

const LoggingBackend = z.strictObject({
  name: pbOpt(z.string()),
  format: pbOpt(z.string()),
  type: pbOpt(z.string()),
  conf: pbOpt(PbStruct),
});

const Logging = z.strictObject({
  defaultBackend: pbOpt(z.string()),
  backends: pbOpt(z.array(LoggingBackend)),
});

const Metrics = z.strictObject({
  enabledBackend: pbOpt(z.string()),
  backends: pbOpt(z.array(MetricsBackend)),
});

const Networking = z.strictObject({
  outbound: pbOpt(z.strictObject({ passthrough: pbOpt(z.boolean()) })),
});

const Routing = z.strictObject({
  localityAwareLoadBalancing: pbOpt(z.boolean()),
  zoneEgress: pbOpt(z.boolean()),
});

const Rules = z.strictObject({ tags: pbOpt(PbTags) });

const Constraints = z.strictObject({
  dataplaneProxy: pbOpt(
    z.strictObject({
      requirements: pbOpt(z.array(Rules)),
      restrictions: pbOpt(z.array(Rules)),
    }),
  ),
});

/** The fields of a Mesh besides its metadata (Universal form): Kuma 2.8.8's `Mesh` message. */
export const MeshFields = {
  mtls: pbOpt(Mtls),
  tracing: pbOpt(Tracing),
  logging: pbOpt(Logging),
  metrics: pbOpt(Metrics),
  networking: pbOpt(Networking),
  routing: pbOpt(Routing),
  constraints: pbOpt(Constraints),
  skipCreatingInitialPolicies: pbOpt(z.array(z.string())),
};
const MeshSpec = z.strictObject(MeshFields);
/** The Mesh fields as the loader returns them. */
export type MeshSpec = z.infer<typeof MeshSpec>;

// ---- ZoneIngress / ZoneEgress (`zone_ingress.proto`, `zoneegress.proto`) ----

const ZoneIngressNetworking = z.strictObject({
  address: pbOpt(z.string()),
  advertisedAddress: pbOpt(z.string()),
  port: pbOpt(PbUint32),
  advertisedPort: pbOpt(PbUint32),
  admin: pbOpt(PbEnvoyAdmin),
});

const AvailableService = z.strictObject({
  tags: pbOpt(PbTags),
  instances: pbOpt(PbUint32),
  mesh: pbOpt(z.string()),
  externalService: pbOpt(z.boolean()),
});

/** The fields of a ZoneIngress besides its metadata. */
export const ZoneIngressFields = {
  zone: pbOpt(z.string()),
  networking: pbOpt(ZoneIngressNetworking),
  availableServices: pbOpt(z.array(AvailableService)),
};
const ZoneIngressSpec = z.strictObject(ZoneIngressFields);
/** The ZoneIngress fields as the loader returns them. */
export type ZoneIngressSpec = z.infer<typeof ZoneIngressSpec>;

const ZoneEgressNetworking = z.strictObject({
  address: pbOpt(z.string()),
  port: pbOpt(PbUint32),
  admin: pbOpt(PbEnvoyAdmin),
});

/** The fields of a ZoneEgress besides its metadata. */
export const ZoneEgressFields = {
  zone: pbOpt(z.string()),
  networking: pbOpt(ZoneEgressNetworking),
};
const ZoneEgressSpec = z.strictObject(ZoneEgressFields);
/** The ZoneEgress fields as the loader returns them. */
export type ZoneEgressSpec = z.infer<typeof ZoneEgressSpec>;
