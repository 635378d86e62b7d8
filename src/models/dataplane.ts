/**
 * The Dataplane resource (Kuma 2.8.8 `api/mesh/v1alpha1/dataplane.proto`), as protobuf-JSON types
 * (built from ./protojson.ts).
 * Kuma's rules on the values (addresses, ports, tags, proxy shapes) are admission checks:
 * src/models/admission/dataplane.ts.
 */
import { z } from 'zod';
import { isIP } from '../internal/go-net.js';
import { MetricsBackend, PbEnvoyAdmin } from './mesh.js';
import { PbDuration, PbTags, PbUint32, pbEnum, pbMessage, pbOpt, pbZero } from './protojson.js';

/** True for an IPv4 or IPv6 address as Go's `net.ParseIP` reads it. */
export function isIPAddress(s: string): boolean {
  return isIP(s);
}

export const InboundState = pbEnum({ Ready: 0, NotReady: 1, Ignored: 2 });

const ServiceProbe = z.strictObject({
  interval: pbOpt(PbDuration),
  timeout: pbOpt(PbDuration),
  unhealthyThreshold: pbOpt(PbUint32),
  healthyThreshold: pbOpt(PbUint32),
  tcp: pbOpt(z.strictObject({})),
});

export const Inbound = z.strictObject({
  port: pbZero(PbUint32, () => 0),
  servicePort: pbOpt(PbUint32),
  serviceAddress: pbOpt(z.string()),
  address: pbOpt(z.string()),
  tags: pbZero(PbTags, () => ({})),
  state: pbOpt(InboundState),
  health: pbOpt(z.strictObject({ ready: pbOpt(z.boolean()) })),
  name: pbOpt(z.string()),
  serviceProbe: pbOpt(ServiceProbe),
});
export type Inbound = z.infer<typeof Inbound>;

export const BackendRef = z.strictObject({
  kind: pbZero(z.string(), () => ''),
  name: pbZero(z.string(), () => ''),
  port: pbOpt(PbUint32),
});

export const Outbound = z.strictObject({
  port: pbZero(PbUint32, () => 0),
  address: pbOpt(z.string()),
  tags: pbOpt(PbTags),
  backendRef: pbOpt(BackendRef),
});
export type Outbound = z.infer<typeof Outbound>;

export const GatewayType = pbEnum({ DELEGATED: 0, BUILTIN: 1 });
export const DataplaneGateway = z.strictObject({
  type: pbOpt(GatewayType),
  tags: pbZero(PbTags, () => ({})),
});
export type DataplaneGateway = z.infer<typeof DataplaneGateway>;

export const TransparentProxying = z.strictObject({
  redirectPortInbound: pbOpt(PbUint32),
  redirectPortOutbound: pbOpt(PbUint32),
  directAccessServices: pbOpt(z.array(z.string())),
  redirectPortInboundV6: pbOpt(PbUint32),
  reachableServices: pbOpt(z.array(z.string())),
  ipFamilyMode: pbOpt(pbEnum({ UnSpecified: 0, DualStack: 1, IPv4: 2, IPv6: 3 })),
});
export type TransparentProxying = z.infer<typeof TransparentProxying>;

export const DataplaneNetworking = z.strictObject(
  {
    address: pbZero(z.string(), () => ''),
    advertisedAddress: pbOpt(z.string()),
    inbound: pbOpt(z.array(Inbound)),
    outbound: pbOpt(z.array(Outbound)),
    gateway: pbOpt(DataplaneGateway),
    transparentProxying: pbOpt(TransparentProxying),
    admin: pbOpt(PbEnvoyAdmin),
  },
  // Kuma reads `networking: null` as unset, which its validator reports as "must be defined".
  { error: (iss) => (iss.code === 'invalid_type' && iss.input === null ? 'must be defined' : undefined) },
);

/** `Probes.Endpoint` (`inbound_port` / `inbound_path` are also taken as `inboundPort` / `inboundPath`). */
const ProbeEndpoint = pbMessage(
  { inbound_port: PbUint32, inbound_path: z.string(), path: z.string() },
  { bothNames: 'error' },
);

const Probes = z.strictObject({
  port: pbOpt(PbUint32),
  endpoints: pbOpt(z.array(ProbeEndpoint)),
});

/** The fields of a Dataplane besides its metadata (Universal form). */
export const DataplaneSpec = z.strictObject({
  networking: DataplaneNetworking,
  metrics: pbOpt(MetricsBackend),
  probes: pbOpt(Probes),
});
export type DataplaneSpec = z.infer<typeof DataplaneSpec>;
