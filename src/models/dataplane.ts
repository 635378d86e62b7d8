import { z } from 'zod';
import { StringLike, Tags } from './common.js';

const Port = z.number().int().min(0).max(65535);

export const InboundState = z.enum(['Ready', 'NotReady', 'Ignored']);

export const Inbound = z.strictObject({
  port: Port,
  servicePort: Port.optional(),
  serviceAddress: z.string().optional(),
  address: z.string().optional(),
  tags: Tags,
  state: InboundState.optional(),
  health: z.strictObject({ ready: z.boolean().optional() }).optional(),
  name: z.string().optional(),
  serviceProbe: z.record(z.string(), z.unknown()).optional(),
});
export type Inbound = z.infer<typeof Inbound>;

export const BackendRef = z.strictObject({
  kind: z.enum(['MeshService', 'MeshExternalService', 'MeshMultiZoneService']),
  name: z.string(),
  port: Port.optional(),
  labels: z.record(z.string(), StringLike).optional(),
});

export const Outbound = z.strictObject({
  port: Port,
  address: z.string().optional(),
  tags: Tags.optional(),
  backendRef: BackendRef.optional(),
});
export type Outbound = z.infer<typeof Outbound>;

export const GatewayType = z.enum(['DELEGATED', 'BUILTIN']);
export const DataplaneGateway = z.strictObject({
  type: GatewayType.optional(),
  tags: Tags,
});
export type DataplaneGateway = z.infer<typeof DataplaneGateway>;

export const TransparentProxying = z.strictObject({
  redirectPortInbound: Port.optional(),
  redirectPortOutbound: Port.optional(),
  redirectPortInboundV6: Port.optional(),
  directAccessServices: z.array(z.string()).optional(),
  reachableServices: z.array(z.string()).optional(),
  reachableBackends: z.record(z.string(), z.unknown()).optional(),
  ipFamilyMode: z.enum(['UnSpecified', 'DualStack', 'IPv4', 'IPv6']).optional(),
});
export type TransparentProxying = z.infer<typeof TransparentProxying>;

export const DataplaneNetworking = z.strictObject({
  address: z.string(),
  advertisedAddress: z.string().optional(),
  inbound: z.array(Inbound).optional(),
  outbound: z.array(Outbound).optional(),
  gateway: DataplaneGateway.optional(),
  transparentProxying: TransparentProxying.optional(),
  admin: z.strictObject({ port: Port.optional() }).optional(),
});

/** The fields of a Dataplane besides its metadata (Universal form). */
export const DataplaneSpec = z.strictObject({
  networking: DataplaneNetworking,
  metrics: z.record(z.string(), z.unknown()).optional(),
  probes: z.record(z.string(), z.unknown()).optional(),
});
export type DataplaneSpec = z.infer<typeof DataplaneSpec>;
