import * as fc from 'fast-check';
import type { Dataplane, Inbound, MeshGateway, Outbound } from '../models/index.js';
import {
  arbExtraTags,
  arbIPv4,
  arbLabels,
  arbPort,
  arbResourceName,
  arbServiceName,
  arbTimes,
} from './primitives.js';

/** What kind of proxy a generated Dataplane is (spec 00 §2.6). */
export type DataplaneKind = 'sidecar' | 'delegated' | 'builtin';

export interface DataplaneArbitraryOptions {
  /** Proxy kinds to draw from (default: all three, sidecars most often). */
  kinds?: readonly DataplaneKind[];
  /** Mesh of the generated dataplanes (default `default`). */
  mesh?: string;
  /** Fixed name (default: generated). */
  name?: string;
  /** Services to draw inbound / gateway `kuma.io/service` values from (default: generated). */
  services?: readonly string[];
  /** Include `networking.transparentProxying` sometimes (default true; false for ECS-style proxies). */
  transparentProxying?: boolean;
}

function arbService(opts: DataplaneArbitraryOptions): fc.Arbitrary<string> {
  return opts.services !== undefined && opts.services.length > 0
    ? fc.constantFrom(...opts.services)
    : arbServiceName();
}

/** One inbound with `kuma.io/service` and a few other tags (port assigned by the caller). */
function arbInbound(opts: DataplaneArbitraryOptions): fc.Arbitrary<Omit<Inbound, 'port'>> {
  return fc
    .record({
      service: arbService(opts),
      extra: arbExtraTags(),
      servicePort: fc.option(arbPort(), { nil: undefined }),
      state: fc.option(fc.constantFrom('Ready' as const, 'NotReady' as const), { nil: undefined }),
    })
    .map(({ service, extra, servicePort, state }) => {
      const ib: Omit<Inbound, 'port'> = { tags: { ...extra, 'kuma.io/service': service } };
      if (servicePort !== undefined) ib.servicePort = servicePort;
      if (state !== undefined) ib.state = state;
      return ib;
    });
}

/**
 * One outbound: legacy tag form or `backendRef` form (port assigned by the caller). A MeshService
 * `backendRef` always names the service's port: Kuma rejects one without (`backendRef.port: port
 * must be in the range [1, 65535]`).
 */
export function arbOutboundTarget(): fc.Arbitrary<Omit<Outbound, 'port'>> {
  return fc.oneof(
    arbServiceName().map((s): Omit<Outbound, 'port'> => ({ tags: { 'kuma.io/service': s } })),
    fc
      .tuple(arbServiceName(), arbPort())
      .map(([name, port]): Omit<Outbound, 'port'> => ({ backendRef: { kind: 'MeshService', name, port } })),
  );
}

/** Distinct ports for `n` listeners (inbound, outbound or gateway). */
function withPorts<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<(T & { port: number })[]> {
  return items.chain((list) =>
    fc
      .uniqueArray(arbPort(), { minLength: list.length, maxLength: list.length })
      .map((ports) => list.map((item, i) => ({ ...item, port: ports[i] ?? 1 }))),
  );
}

/**
 * A valid Dataplane in Universal form (sidecar, delegated gateway or builtin gateway), satisfying
 * Kuma's Dataplane validation: a sidecar has ≥1 inbound with `kuma.io/service`; a delegated gateway
 * has gateway tags and no inbound; a builtin gateway has neither inbounds nor outbounds.
 */
export function arbDataplane(opts: DataplaneArbitraryOptions = {}): fc.Arbitrary<Dataplane> {
  const kinds = opts.kinds ?? ['sidecar', 'sidecar', 'sidecar', 'delegated', 'builtin'];
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      name: opts.name !== undefined ? fc.constant(opts.name) : arbResourceName(),
      labels: arbLabels(),
      times: arbTimes(),
      address: arbIPv4(),
      inbound: withPorts(fc.array(arbInbound(opts), { minLength: 1, maxLength: 3 })),
      outbound: withPorts(fc.array(arbOutboundTarget(), { maxLength: 3 })),
      gatewayService: arbService(opts),
      gatewayTags: arbExtraTags(2),
      omitDelegatedType: fc.boolean(),
      tproxy: opts.transparentProxying === false ? fc.constant(false) : fc.boolean(),
    })
    .map((g): Dataplane => {
      const networking: Dataplane['networking'] = { address: g.address };
      if (g.kind === 'sidecar') networking.inbound = g.inbound;
      if (g.kind !== 'builtin' && g.outbound.length > 0) networking.outbound = g.outbound;
      if (g.kind !== 'sidecar') {
        const tags = { ...g.gatewayTags, 'kuma.io/service': g.gatewayService };
        networking.gateway =
          g.kind === 'builtin'
            ? { type: 'BUILTIN', tags }
            : g.omitDelegatedType
              ? { tags }
              : { type: 'DELEGATED', tags };
      }
      if (g.tproxy && g.kind === 'sidecar')
        networking.transparentProxying = { redirectPortInbound: 15006, redirectPortOutbound: 15001 };
      return {
        type: 'Dataplane',
        mesh: opts.mesh ?? 'default',
        name: g.name,
        labels: g.labels,
        ...g.times,
        networking,
      };
    });
}

/**
 * Tags a MeshGateway or one of its listeners may carry: Kuma reserves the tags that describe a
 * dataplane itself (`kuma.io/service`, `kuma.io/protocol`, `kuma.io/zone`,
 * `kuma.io/external-service-name`) for the proxy.
 */
const GATEWAY_RESERVED_TAGS = new Set([
  'kuma.io/service',
  'kuma.io/protocol',
  'kuma.io/zone',
  'kuma.io/external-service-name',
]);
function arbGatewayTags(): fc.Arbitrary<Record<string, string>> {
  return arbExtraTags(2).map((tags) =>
    Object.fromEntries(Object.entries(tags).filter(([k]) => !GATEWAY_RESERVED_TAGS.has(k))),
  );
}

/**
 * A valid MeshGateway: selectors with `kuma.io/service`, 1–3 listeners on distinct ports, gateway
 * and listener tags without the tags Kuma reserves for the proxy (`kuma.io/zone`, …).
 */
export function arbMeshGateway(
  opts: { mesh?: string; services?: readonly string[] } = {},
): fc.Arbitrary<MeshGateway> {
  const listener = fc.record({
    protocol: fc.constantFrom('HTTP' as const, 'TCP' as const),
    hostname: fc.option(fc.constantFrom('*', 'example.com', 'api.example.com'), { nil: undefined }),
    tags: arbGatewayTags(),
  });
  return fc
    .record({
      name: arbResourceName(),
      labels: arbLabels(),
      times: arbTimes(),
      service: arbService(opts),
      tags: fc.option(arbGatewayTags(), { nil: undefined }),
      listeners: withPorts(fc.array(listener, { minLength: 1, maxLength: 3 })),
    })
    .map((g): MeshGateway => {
      const listeners = g.listeners.map((l) => {
        const out: MeshGateway['conf']['listeners'][number] = { port: l.port, protocol: l.protocol };
        if (l.hostname !== undefined && l.protocol === 'HTTP') out.hostname = l.hostname;
        if (Object.keys(l.tags).length > 0) out.tags = l.tags;
        return out;
      });
      const gw: MeshGateway = {
        type: 'MeshGateway',
        mesh: opts.mesh ?? 'default',
        name: g.name,
        labels: g.labels,
        ...g.times,
        selectors: [{ match: { 'kuma.io/service': g.service } }],
        conf: { listeners },
      };
      if (g.tags !== undefined && Object.keys(g.tags).length > 0) gw.tags = g.tags;
      return gw;
    });
}
