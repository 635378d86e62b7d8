import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POLICY_SECTIONS, TARGET_REF_KINDS, TARGET_REF_POLICY_TYPES } from '../../src/models/index.js';
import {
  arbDataplane,
  arbInvalidDataplane,
  arbInvalidTargetRefPolicy,
  arbMesh,
  arbMeshGateway,
  arbMeshPassthroughConf,
  arbOutboundTarget,
  arbResourceName,
  arbTargetRef,
  arbTargetRefPolicy,
  policyNeedsSidecarProxyType,
  policyTopLevelKinds,
} from '../../src/testing/index.js';

// Fixed seed so the shapes are reproducible; FC_SEED explores others.
const seed = Number(process.env.FC_SEED ?? 424242);
const sample = <T>(arb: fc.Arbitrary<T>, n = 60) => fc.sample(arb, { numRuns: n, seed });

describe('mesh-policy/testing shapes', () => {
  it('dataplanes of each kind have the shape Kuma requires', () => {
    for (const dp of sample(arbDataplane({ kinds: ['sidecar'] }))) {
      expect(dp.networking.inbound?.length ?? 0).toBeGreaterThan(0);
      expect(dp.networking.gateway).toBeUndefined();
      for (const ib of dp.networking.inbound ?? []) expect(ib.tags['kuma.io/service']).toBeTruthy();
      const ports = (dp.networking.inbound ?? []).map((i) => i.port);
      expect(new Set(ports).size).toBe(ports.length);
    }
    for (const dp of sample(arbDataplane({ kinds: ['delegated'] }))) {
      expect(dp.networking.inbound).toBeUndefined();
      expect(dp.networking.gateway?.type ?? 'DELEGATED').toBe('DELEGATED');
      expect(dp.networking.gateway?.tags['kuma.io/service']).toBeTruthy();
    }
    for (const dp of sample(arbDataplane({ kinds: ['builtin'] }))) {
      expect(dp.networking.inbound).toBeUndefined();
      expect(dp.networking.outbound).toBeUndefined();
      expect(dp.networking.gateway?.type).toBe('BUILTIN');
    }
    // ECS-style dataplanes never get transparent proxying.
    for (const dp of sample(arbDataplane({ transparentProxying: false })))
      expect(dp.networking.transparentProxying).toBeUndefined();
  });

  it('targetRefs carry exactly the fields their kind needs', () => {
    for (const kind of TARGET_REF_KINDS)
      for (const ref of sample(arbTargetRef(kind), 20)) {
        expect(ref.kind).toBe(kind);
        expect(ref.name !== undefined).toBe(kind !== 'Mesh' && kind !== 'MeshSubset');
        expect(ref.tags !== undefined).toBe(kind === 'MeshSubset' || kind === 'MeshServiceSubset');
        if (ref.proxyTypes !== undefined) expect(['Mesh', 'MeshSubset']).toContain(kind);
      }
  });

  it('policies use only the sections and top-level kinds their kind allows', () => {
    for (const type of TARGET_REF_POLICY_TYPES) {
      for (const p of sample(arbTargetRefPolicy(type), 15)) {
        const sections = POLICY_SECTIONS[type];
        expect(p.type).toBe(type);
        if (!sections.to) expect(p.spec.to).toBeUndefined();
        if (!sections.from) expect(p.spec.from).toBeUndefined();
        if (sections.single) expect(p.spec.default).toBeDefined();
        else expect((p.spec.to?.length ?? 0) + (p.spec.from?.length ?? 0)).toBeGreaterThan(0);
        const top = p.spec.targetRef;
        expect(top).toBeDefined();
        if (top === undefined) continue;
        expect(policyTopLevelKinds(type)).toContain(top.kind);
        if (policyNeedsSidecarProxyType(type) && (top.kind === 'Mesh' || top.kind === 'MeshSubset'))
          expect(top.proxyTypes).toEqual(['Sidecar']);
      }
    }
  });

  it('MeshPassthrough confs never put two L7 protocols, or an L7 and a tcp/tls entry, on one port', () => {
    for (const conf of sample(arbMeshPassthroughConf(), 200)) {
      const byPort = new Map<number, Set<string>>();
      for (const m of conf.appendMatch ?? []) {
        expect(m.port).toBeDefined();
        if (m.type === 'Domain') expect(m.protocol).not.toBe('tcp');
        const set = byPort.get(m.port ?? 0) ?? new Set<string>();
        set.add(m.protocol ?? 'tcp');
        byPort.set(m.port ?? 0, set);
      }
      for (const protocols of byPort.values()) {
        const l7 = [...protocols].filter((p) => p === 'http' || p === 'http2' || p === 'grpc');
        expect(l7.length <= 1 && (l7.length === 0 || protocols.size === 1)).toBe(true);
      }
    }
  });

  it('values follow the rules of Kuma admission that the schemas alone do not express', () => {
    // Kuma reserves these tags for the proxy: a MeshGateway or one of its listeners may not set them.
    const reserved = ['kuma.io/service', 'kuma.io/protocol', 'kuma.io/zone', 'kuma.io/external-service-name'];
    for (const gw of sample(arbMeshGateway(), 200)) {
      for (const tags of [gw.tags ?? {}, ...gw.conf.listeners.map((l) => l.tags ?? {})])
        for (const k of reserved) expect(Object.keys(tags)).not.toContain(k);
    }
    // A MeshService backendRef names the service's port (Kuma: port must be in [1, 65535]).
    for (const ob of sample(arbOutboundTarget(), 200))
      if (ob.backendRef?.kind === 'MeshService') expect(ob.backendRef.port).toBeGreaterThan(0);
    // MeshRateLimit: a rate's interval is greater than 50ms.
    const millis = (d: string) =>
      [...d.matchAll(/(\d+)(ms|m|s)/g)].reduce(
        (sum, [, n, unit]) => sum + Number(n) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000),
        0,
      );
    expect(millis('1m30s')).toBe(90_000);
    for (const p of sample(arbTargetRefPolicy('MeshRateLimit'), 200))
      for (const item of p.spec.from ?? []) {
        const interval = (item.default as { local: { http: { requestRate: { interval: string } } } }).local
          .http.requestRate.interval;
        expect(millis(interval), interval).toBeGreaterThan(50);
      }
  });

  it('invalid twins say what is broken and where, and differ from every valid document', () => {
    for (const s of sample(arbInvalidDataplane(), 100)) {
      expect(s.mistake).not.toBe('');
      expect(s.path).toMatch(/^(networking|name|creationTime)/);
      expect(s.checkedBy).toBe('model');
    }
    const kinds = new Set(sample(arbInvalidTargetRefPolicy('MeshPassthrough'), 200).map((s) => s.checkedBy));
    expect([...kinds].sort()).toEqual(['model', 'passthrough']);
  });

  it('arbMesh: unique dataplane names, one target per policy, sizes as asked', () => {
    for (const m of sample(arbMesh({ dataplanes: 3, policies: 4 }), 20)) {
      expect(m.dataplanes).toHaveLength(3);
      expect(m.policies).toHaveLength(4);
      expect(Object.keys(m.targets)).toHaveLength(4);
      expect(new Set(m.dataplanes.map((d) => d.name)).size).toBe(3);
    }
  });

  it('building blocks are built once and shared', () => {
    expect(arbResourceName()).toBe(arbResourceName());
    expect(arbTargetRefPolicy('MeshTimeout')).toBe(arbTargetRefPolicy('MeshTimeout'));
  });
});
