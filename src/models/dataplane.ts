import { z } from 'zod';
import { StringLike, Tags } from './common.js';
import { MeshPolicyError } from './errors.js';

const Port = z.number().int().min(0).max(65535);
/** A listening port: Kuma rejects 0 for inbound and outbound ports (spec 00 §2.2). */
const ListenPort = z.number().int().min(1).max(65535);

export const InboundState = z.enum(['Ready', 'NotReady', 'Ignored']);

export const Inbound = z.strictObject({
  port: ListenPort,
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
  port: ListenPort,
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

const SERVICE_TAG = 'kuma.io/service';

/** Go's `net.ParseIP` for IPv4: four decimal octets 0–255 without leading zeros. */
function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** Go's `net.ParseIP` for IPv6 (no zone): hex groups, at most one `::`, optional IPv4 tail. */
function isIPv6(s: string): boolean {
  if (s.length > 45 || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  // An IPv4 tail may only end the address (`::ffff:1.2.3.4`, not `1.2.3.4::`).
  const ending = halves.length === 2 ? tail : head;
  const last = ending[ending.length - 1];
  const all = [...head, ...tail];
  let count = all.length;
  if (last?.includes('.') === true) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1; // an IPv4 tail takes two groups
  }
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** True for an IPv4 or IPv6 address as Go's `net.ParseIP` reads it. */
export function isIPAddress(s: string): boolean {
  return typeof s === 'string' && (isIPv4(s) || isIPv6(s));
}

/** A DNS name as Kuma's validator (govalidator `IsDNSName`) accepts it: labels of ≤63 characters. */
function isDNSName(s: string): boolean {
  if (s === '' || s.replaceAll('.', '').length > 255 || isIPAddress(s)) return false;
  return /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}(?:\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*[._]?$/.test(s);
}

type DataplaneIssue = { path: PropertyKey[]; message: string };

function requireService(
  tags: Record<string, string> | undefined,
  path: PropertyKey[],
  out: DataplaneIssue[],
) {
  if (tags === undefined || !Object.hasOwn(tags, SERVICE_TAG))
    out.push({ path: [...path, 'tags', SERVICE_TAG], message: 'tag has to exist' });
  else if (tags[SERVICE_TAG] === '')
    out.push({ path: [...path, 'tags', SERVICE_TAG], message: 'tag value cannot be empty' });
}

/**
 * The rules Kuma's Dataplane validator applies beyond the field types (spec 00 §2.1–2.6): a valid
 * `networking.address` (IP or DNS name, not `0.0.0.0`/`::`), IP addresses on inbounds and
 * outbounds, `kuma.io/service` on every inbound, tag outbound and gateway, `tags` and
 * `backendRef` mutually exclusive on an outbound, and the proxy shapes (a sidecar has ≥1 inbound,
 * a gateway none, a builtin gateway no outbound either). Paths are relative to the spec fields.
 */
export function dataplaneIssues(spec: DataplaneSpec): DataplaneIssue[] {
  const net = spec?.networking;
  if (net === null || typeof net !== 'object')
    throw new MeshPolicyError('INVALID_INPUT', 'dataplaneIssues: spec.networking must be an object');
  const out: DataplaneIssue[] = [];
  const at = (path: PropertyKey[], message: string) => out.push({ path: ['networking', ...path], message });
  const address = net.address;
  if (address === '0.0.0.0' || address === '::') at(['address'], 'must not be 0.0.0.0 or ::');
  else if (!isIPAddress(address) && !isDNSName(address))
    at(['address'], 'address has to be valid IP address or domain name');
  if (net.advertisedAddress !== undefined && net.advertisedAddress !== '') {
    const adv = net.advertisedAddress;
    if (!isIPAddress(adv) && !isDNSName(adv))
      at(['advertisedAddress'], 'advertisedAddress has to be valid IP address or domain name');
  }
  const inbound = net.inbound ?? [];
  const outbound = net.outbound ?? [];
  inbound.forEach((ib, i) => {
    const p = ['networking', 'inbound', i];
    if (ib.address !== undefined && ib.address !== '' && !isIPAddress(ib.address))
      out.push({ path: [...p, 'address'], message: 'address has to be valid IP address' });
    if (ib.serviceAddress !== undefined && ib.serviceAddress !== '' && !isIPAddress(ib.serviceAddress))
      out.push({ path: [...p, 'serviceAddress'], message: 'serviceAddress has to be valid IP address' });
    requireService(ib.tags, p, out);
  });
  outbound.forEach((ob, i) => {
    const p = ['networking', 'outbound', i];
    if (ob.address !== undefined && ob.address !== '' && !isIPAddress(ob.address))
      out.push({ path: [...p, 'address'], message: 'address has to be valid IP address' });
    if (ob.backendRef !== undefined) {
      if (ob.tags !== undefined && Object.keys(ob.tags).length > 0)
        out.push({ path: [...p, 'tags'], message: 'tags and backendRef cannot be defined together' });
    } else requireService(ob.tags, p, out);
  });
  if (net.gateway !== undefined) {
    requireService(net.gateway.tags, ['networking', 'gateway'], out);
    if (inbound.length > 0) at(['inbound'], 'inbound cannot be defined both with gateway');
    if (net.gateway.type === 'BUILTIN' && outbound.length > 0)
      at(['outbound'], 'outbound cannot be defined for a builtin gateway');
  } else if (inbound.length === 0) {
    at([], 'has to contain at least one inbound interface or gateway');
  }
  return out;
}
