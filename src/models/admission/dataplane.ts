/**
 * Dataplane admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/dataplane_validator.go`).
 */

import { isIP } from '../../internal/go-net.js';
import { goQuote } from '../../internal/go-strconv.js';
import { parseGoRequestUri } from '../../internal/go-url.js';
import type { DataplaneSpec, Inbound, Outbound } from '../dataplane.js';
import type { Dataplane } from '../resource.js';
import { overlapsLoopback, validateAddress } from './address.js';
import { validatePrometheusConfig } from './backend-conf.js';
import { nanos } from './checks.js';
import {
  allowedValuesHint,
  PROTOCOL_TAG,
  SERVICE_TAG,
  type TagsOptions,
  validatePort,
  validateTags,
} from './tags.js';
import { key, type Path, type Violations } from './violations.js';

// ---- Dataplane ----

type Networking = DataplaneSpec['networking'];
type Probes = NonNullable<DataplaneSpec['probes']>;

/** Kuma's `SupportedProtocols` and `ParseProtocol`. */
const SUPPORTED_PROTOCOLS = ['grpc', 'http', 'http2', 'kafka', 'tcp'];
const KNOWN_PROTOCOLS = new Set(['http', 'http2', 'tcp', 'tls', 'grpc', 'kafka']);

export function validateDataplane(r: Dataplane, v: Violations): void {
  const spec = r as DataplaneSpec;
  const net = spec.networking as Networking | undefined;
  if (net === undefined) {
    v.add(['networking'], 'must be defined');
    return;
  }
  const inbound = net.inbound ?? [];
  const outbound = net.outbound ?? [];
  if (net.admin !== undefined) {
    const adminPort = net.admin.port ?? 0;
    const at = ['networking', 'admin', 'port'];
    if (usesInboundInterface(net, adminPort)) v.add(at, 'must differ from inbound');
    if (usesOutboundInterface(outbound, adminPort)) v.add(at, 'must differ from outbound');
  }
  const gateway = net.gateway;
  if (gateway !== undefined && (gateway.type ?? 'DELEGATED') === 'DELEGATED') {
    if (inbound.length > 0)
      v.add(['networking', 'inbound'], 'inbound cannot be defined for delegated gateways');
    validateGateway(v, gateway.tags);
    validateNetworking(v, net);
    validateProbes(v, spec.probes);
  } else if (gateway !== undefined) {
    if (inbound.length > 0)
      v.add(['networking', 'inbound'], 'inbound cannot be defined for builtin gateways');
    if (outbound.length > 0)
      v.add(['networking', 'outbound'], 'outbound cannot be defined for builtin gateways');
    // Kuma reports the probes of a builtin gateway under `networking`.
    if (spec.probes !== undefined)
      v.add(['networking', 'probes'], 'probes cannot be defined for builtin gateways');
    validateGateway(v, gateway.tags);
    validateNetworking(v, net);
  } else {
    if (inbound.length === 0)
      v.add(['networking'], 'has to contain at least one inbound interface or gateway');
    validateNetworking(v, net);
    validateProbes(v, spec.probes);
    if (spec.metrics !== undefined) {
      if ((spec.metrics.type ?? '') !== 'prometheus')
        v.add(['metrics', 'type'], 'unknown backend type. Available backends: "prometheus"');
      else validatePrometheusConfig(v, ['metrics', 'conf'], spec.metrics.conf);
    }
  }
}

/** `UsesInboundInterface(127.0.0.1, port)` over the inbound interfaces of `networking`. */
function usesInboundInterface(net: Networking, port: number): boolean {
  for (const ib of net.inbound ?? []) {
    const dataplaneIP = (ib.address ?? '') !== '' ? (ib.address ?? '') : net.address;
    const workloadIP = (ib.serviceAddress ?? '') !== '' ? (ib.serviceAddress ?? '') : dataplaneIP;
    const workloadPort = (ib.servicePort ?? 0) !== 0 ? (ib.servicePort ?? 0) : ib.port;
    if (port === ib.port && overlapsLoopback(dataplaneIP)) return true;
    if (port === workloadPort && overlapsLoopback(workloadIP)) return true;
  }
  return false;
}

/** `UsesOutboundInterface(127.0.0.1, port)`: an outbound without address listens on 127.0.0.1. */
function usesOutboundInterface(outbound: readonly Outbound[], port: number): boolean {
  return outbound.some(
    (ob) =>
      port === ob.port && overlapsLoopback((ob.address ?? '') !== '' ? (ob.address ?? '') : '127.0.0.1'),
  );
}

function validateNetworking(v: Violations, net: Networking): void {
  validateAddress(v, ['networking'], net.address);
  (net.inbound ?? []).forEach((ib, i) => {
    const path = ['networking', 'inbound', i];
    validateInbound(v, path, ib, net.address);
    if (!Object.hasOwn(ib.tags, SERVICE_TAG)) v.add([...path, 'tags', key(SERVICE_TAG)], 'tag has to exist');
  });
  (net.outbound ?? []).forEach((ob, i) => {
    validateOutbound(v, ['networking', 'outbound', i], ob);
  });
}

/** An inbound's tags: a `kuma.io/protocol` tag must name a protocol Kuma knows. */
const INBOUND_TAGS: TagsOptions = {
  extraTags: [
    (v, p, tags) => {
      if (!Object.hasOwn(tags, PROTOCOL_TAG)) return;
      const value = tags[PROTOCOL_TAG] ?? '';
      if (!KNOWN_PROTOCOLS.has(value.toLowerCase()))
        v.add(
          [...p, key(PROTOCOL_TAG)],
          `tag ${goQuote(PROTOCOL_TAG)} has an invalid value ${goQuote(value)}. ${allowedValuesHint(...SUPPORTED_PROTOCOLS)}`,
        );
    },
  ],
};

function validateInbound(v: Violations, path: Path, ib: Inbound, dpAddress: string): void {
  validatePort(v, [...path, 'port'], ib.port);
  const servicePort = ib.servicePort ?? 0;
  if (servicePort !== 0) validatePort(v, [...path, 'servicePort'], servicePort);
  const serviceAddress = ib.serviceAddress ?? '';
  const address = ib.address ?? '';
  const samePort = servicePort === 0 || servicePort === ib.port;
  const overlapMessage = 'serviceAddress and servicePort has to differ from address and port';
  if (serviceAddress !== '') {
    if (!isIP(serviceAddress))
      v.add([...path, 'serviceAddress'], 'serviceAddress has to be valid IP address');
    if (serviceAddress === dpAddress && samePort) v.add([...path, 'serviceAddress'], overlapMessage);
  }
  if (address !== '') {
    if (!isIP(address)) v.add([...path, 'address'], 'address has to be valid IP address');
    if (address === serviceAddress && samePort) v.add([...path, 'serviceAddress'], overlapMessage);
  }
  validateTags(v, [...path, 'tags'], ib.tags, INBOUND_TAGS);
  const probe = ib.serviceProbe;
  if (probe !== undefined) {
    const pp = [...path, 'serviceProbe'];
    if (probe.interval !== undefined) positiveDuration(v, [...pp, 'interval'], probe.interval);
    if (probe.timeout !== undefined) positiveDuration(v, [...pp, 'timeout'], probe.timeout);
    if (probe.unhealthyThreshold !== undefined && probe.unhealthyThreshold === 0)
      v.add([...pp, 'unhealthyThreshold'], 'must have a positive value');
    if (probe.healthyThreshold !== undefined && probe.healthyThreshold === 0)
      v.add([...pp, 'healthyThreshold'], 'must have a positive value');
  }
}

/** Kuma's `ValidateDuration` on a set duration: it must not be zero. */
function positiveDuration(v: Violations, path: Path, value: string): void {
  if (nanos(value) === 0n) v.add(path, 'must have a positive value');
}

/** `allowedKinds` of a `backendRef`, sorted as Kuma prints them. */
const BACKEND_REF_KINDS = ['MeshExternalService', 'MeshService'];

const REQUIRE_SERVICE: TagsOptions = { requireService: true };

function validateOutbound(v: Violations, path: Path, ob: Outbound): void {
  validatePort(v, [...path, 'port'], ob.port);
  const address = ob.address ?? '';
  if (address !== '' && !isIP(address)) v.add([...path, 'address'], 'address has to be valid IP address');
  const tags = ob.tags ?? {};
  const tagCount = Object.keys(tags).length;
  const service = tags[SERVICE_TAG] ?? '';
  const ref = ob.backendRef;
  if (ref !== undefined) {
    if (!BACKEND_REF_KINDS.includes(ref.kind))
      v.add(
        [...path, 'backendRef', 'kind'],
        `invalid value. Available values are: ${BACKEND_REF_KINDS.join(',')}`,
      );
    if (ref.name === '') v.add([...path, 'backendRef', 'name'], 'cannot be empty');
    // The port of a MeshExternalService comes from its endpoints.
    if (ref.kind !== 'MeshExternalService') validatePort(v, [...path, 'backendRef', 'port'], ref.port);
  } else if (tagCount === 0) {
    if (service === '') v.add([...path, 'tags'], 'mandatory tag "kuma.io/service" is missing');
  } else {
    validateTags(v, [...path, 'tags'], tags, REQUIRE_SERVICE);
  }
  if (ref !== undefined && (tagCount !== 0 || service !== ''))
    v.add([...path, 'backendRef'], 'both backendRef and tags/service cannot be defined');
}

function validateGateway(v: Violations, tags: Readonly<Record<string, string>>): void {
  validateTags(v, ['networking', 'gateway', 'tags'], tags, {
    requireService: true,
    extraTags: [
      (v2, p, t) => {
        if (!Object.hasOwn(t, PROTOCOL_TAG)) return;
        const protocol = t[PROTOCOL_TAG] ?? '';
        if (protocol !== 'tcp')
          v2.add(
            [...p, key(PROTOCOL_TAG)],
            `other values than tcp are not allowed, provided value "${protocol}"`,
          );
      },
    ],
  });
}

function validateProbes(v: Violations, probes: Probes | undefined): void {
  if (probes === undefined) return;
  validatePort(v, ['probes', 'port'], probes.port);
  (probes.endpoints ?? []).forEach((endpoint, i) => {
    const path = ['probes', 'endpoints', i];
    validatePort(v, [...path, 'inboundPort'], endpoint.inboundPort);
    if (parseGoRequestUri(endpoint.inboundPath ?? '') === undefined)
      v.add([...path, 'inboundPath'], 'should be a valid URL Path');
    if (parseGoRequestUri(endpoint.path ?? '') === undefined)
      v.add([...path, 'path'], 'should be a valid URL Path');
  });
}
