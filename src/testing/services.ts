import * as fc from 'fast-check';
import type {
  ExternalService,
  MeshExternalService,
  MeshResource,
  MeshServiceResource,
  Workspace,
  ZoneEgress,
  ZoneIngress,
} from '../models/index.js';
import {
  arbExtraTags,
  arbIPv4,
  arbLabels,
  arbPort,
  arbResourceName,
  arbServiceName,
  arbTimes,
} from './primitives.js';

const arbHost = fc
  .tuple(
    fc.constantFrom('api', 'db', 'httpbin', 'payments'),
    fc.constantFrom('example.com', 'internal', 'org'),
  )
  .map(([a, b]) => `${a}.${b}`);

/** A legacy ExternalService (`networking.address` host:port, tags with `kuma.io/service`). */
export function arbExternalService(opts: { mesh?: string } = {}): fc.Arbitrary<ExternalService> {
  return fc
    .record({
      name: arbResourceName(),
      labels: arbLabels(),
      times: arbTimes(),
      host: arbHost,
      port: arbPort(),
      service: arbServiceName(),
      extra: arbExtraTags(2),
    })
    .map((g) => ({
      type: 'ExternalService',
      mesh: opts.mesh ?? 'default',
      name: g.name,
      labels: g.labels,
      ...g.times,
      networking: { address: `${g.host}:${g.port}` },
      tags: { ...g.extra, 'kuma.io/service': g.service },
    }));
}

/** A MeshExternalService (2.8 experimental: `match` and `endpoints` under `spec`). */
export function arbMeshExternalService(opts: { mesh?: string } = {}): fc.Arbitrary<MeshExternalService> {
  return fc
    .record({
      name: arbResourceName(),
      labels: arbLabels(),
      host: arbHost,
      port: arbPort(),
      protocol: fc.constantFrom('tcp', 'http', 'http2', 'grpc'),
    })
    .map((g) => ({
      type: 'MeshExternalService',
      mesh: opts.mesh ?? 'default',
      name: g.name,
      labels: g.labels,
      spec: {
        match: { type: 'HostnameGenerator', port: g.port, protocol: g.protocol },
        endpoints: [{ address: g.host, port: g.port }],
      },
    }));
}

/** A MeshService (2.8 experimental: `selector` and `ports` under `spec`). */
export function arbMeshService(opts: { mesh?: string } = {}): fc.Arbitrary<MeshServiceResource> {
  return fc
    .record({
      name: arbServiceName().map((s) => s.replace(/_/g, '-')),
      labels: arbLabels(),
      port: arbPort(),
      app: arbResourceName(),
    })
    .map((g) => ({
      type: 'MeshService',
      mesh: opts.mesh ?? 'default',
      name: g.name,
      labels: g.labels,
      spec: {
        selector: { dataplaneTags: { app: g.app } },
        ports: [{ port: g.port, targetPort: g.port, appProtocol: 'http' }],
      },
    }));
}

/** A Mesh (its `mesh` is its own name), sometimes with mTLS and the pass-through switch. */
export function arbMeshResource(): fc.Arbitrary<MeshResource> {
  return fc
    .record({
      name: arbResourceName(),
      labels: arbLabels(),
      passthrough: fc.option(fc.boolean(), { nil: undefined }),
      mtls: fc.boolean(),
    })
    .map((g) => {
      const mesh: MeshResource = { type: 'Mesh', mesh: g.name, name: g.name, labels: g.labels };
      if (g.passthrough !== undefined) mesh.networking = { outbound: { passthrough: g.passthrough } };
      if (g.mtls) mesh.mtls = { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] };
      return mesh;
    });
}

/** A ZoneIngress or ZoneEgress (not mesh-scoped). */
export function arbZoneProxy(): fc.Arbitrary<ZoneIngress | ZoneEgress> {
  return fc
    .record({
      type: fc.constantFrom('ZoneIngress' as const, 'ZoneEgress' as const),
      name: arbResourceName(),
      zone: arbResourceName(),
      address: arbIPv4(),
      port: arbPort(),
    })
    .map((g) => ({
      type: g.type,
      mesh: '',
      name: g.name,
      labels: {},
      zone: g.zone,
      networking: { address: g.address, port: g.port },
    }));
}

/** A Kong workspace. */
export function arbWorkspace(): fc.Arbitrary<Workspace> {
  return arbResourceName().map((name) => ({ type: 'Workspace', mesh: '', name, labels: {} }));
}
