/**
 * The library's promises beyond "no crash": invalid twins fail at exactly their path, no public
 * function mutates its input (every one is called on deep-frozen inputs), and results do not
 * depend on the order of inputs where order is not precedence.
 */
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lintEcsDataplane } from '../../src/identity/index.js';
import * as root from '../../src/index.js';
import { diffPolicySets, inspectDataplane, lintPolicies } from '../../src/inspect/index.js';
import {
  type Dataplane,
  loadResources,
  MeshPolicyError,
  type Resource,
  safeParseResource,
  TARGET_REF_POLICY_TYPES,
} from '../../src/models/index.js';
import { validateMeshPassthrough } from '../../src/passthrough/index.js';
import { createRbac } from '../../src/rbac/index.js';
import { matchedPolicies } from '../../src/targetref/index.js';
import {
  arbInvalidResource,
  arbInvalidTargetRefPolicy,
  arbLegacyPolicy,
  arbMesh,
  arbRbacConfig,
  type MeshSample,
} from '../../src/testing/index.js';
import { expectNoPollution } from './harness.js';
import { HOSTILE_SEED, prototypeSnapshot } from './inputs.js';

const before = prototypeSnapshot();
afterAll(() => expectNoPollution(before));

const numRuns = process.env.CI ? 150 : 300;
const params = { seed: HOSTILE_SEED, numRuns };
const distinctPaths = (issues: readonly { path: string }[]) => [...new Set(issues.map((i) => i.path))];

describe('invalid twins yield exactly their expected path', () => {
  it('through safeParseResource and through loadResources (YAML text)', () => {
    fc.assert(
      fc.property(arbInvalidResource(), (s) => {
        const parsed = safeParseResource(s.document);
        expect(parsed.ok, s.mistake).toBe(false);
        if (!parsed.ok) expect(distinctPaths(parsed.issues), s.mistake).toEqual([s.path]);
        const loaded = loadResources(stringify(s.document), { source: 'twin.yaml' });
        expect(loaded.resources, s.mistake).toEqual([]);
        expect(distinctPaths(loaded.issues), s.mistake).toEqual([s.path]);
        expect(loaded.issues.every((i) => i.source === 'twin.yaml' && i.document === 0)).toBe(true);
      }),
      params,
    );
  });

  it('MeshPassthrough twins through validateMeshPassthrough, both semantics', () => {
    fc.assert(
      fc.property(
        arbInvalidTargetRefPolicy('MeshPassthrough').filter((s) => s.checkedBy === 'passthrough'),
        (s) => {
          for (const semantics of ['documented', 'kuma-2.8'] as const) {
            const r = validateMeshPassthrough(s.document, { semantics });
            expect(r.ok, `${s.mistake} (${semantics})`).toBe(false);
            expect(distinctPaths(r.issues), `${s.mistake} (${semantics})`).toEqual([s.path]);
          }
          // The models run Kuma 2.8.8's admission, MeshPassthrough's rules included: same verdict.
          const parsed = safeParseResource(s.document);
          expect(parsed.ok, s.mistake).toBe(false);
          if (!parsed.ok) expect(distinctPaths(parsed.issues), s.mistake).toEqual([s.path]);
        },
      ),
      params,
    );
  });
});

/** Freezes a value and everything reachable from it. */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v, seen);
  return Object.freeze(value);
}

/** What a mutation of a frozen object looks like in strict-mode code. */
const MUTATION =
  /read[- ]only|not extensible|Cannot assign|Cannot add property|Cannot delete|Cannot define property|object is frozen/i;

/**
 * A dataplane with several inbounds and outbounds in descending order (one per sampled dataplane's
 * service, so its policies select several inbounds): a write that reorders a caller's list (an
 * in-place sort) only shows on a frozen list of two or more out-of-order elements.
 */
function wideDataplane(mesh: string, dataplanes: readonly Dataplane[]): Dataplane {
  const inbound = dataplanes.flatMap((d) => d.networking.inbound ?? []);
  const outbound = dataplanes.flatMap((d) => d.networking.outbound ?? []);
  return {
    type: 'Dataplane',
    mesh,
    name: 'wide-dataplane',
    labels: { 'kuma.io/zone': 'zone-1', app: 'wide' },
    networking: {
      address: '10.99.0.1',
      inbound: [
        ...inbound.map((ib, i) => ({ ...ib, port: 9000 - i })),
        { port: 7000, tags: { 'kuma.io/service': 'zz-last', version: 'v1' } },
      ],
      outbound: [
        { port: 20000, tags: { 'kuma.io/service': 'zz-out' } },
        ...outbound.map((ob, i) => ({ ...ob, port: 19999 - i })),
        { port: 10000, tags: { 'kuma.io/service': 'aa-out' } },
      ],
    },
  };
}

function sampleMesh(seedOffset: number): MeshSample & { all: Resource[]; wide: Dataplane } {
  const [mesh] = fc.sample(arbMesh({ dataplanes: { min: 2, max: 4 }, policies: { min: 4, max: 10 } }), {
    numRuns: 1,
    seed: HOSTILE_SEED + seedOffset,
  });
  if (mesh === undefined) throw new Error('no sample');
  const services = mesh.dataplanes.map((d) => d.networking.inbound?.[0]?.tags['kuma.io/service'] ?? 'x');
  const legacy = fc
    .sample(arbLegacyPolicy(undefined, { services }), { numRuns: 6, seed: HOSTILE_SEED + seedOffset })
    .map((p, i) => ({ ...p, name: `legacy-${i}` }));
  const meshResource = { type: 'Mesh', mesh: mesh.mesh, name: mesh.mesh, labels: {} } as Resource;
  const wide = wideDataplane(mesh.mesh, mesh.dataplanes);
  return { ...mesh, wide, all: [wide, ...mesh.resources, ...legacy, meshResource] };
}

describe('no public function mutates its input', () => {
  it('every exported function, called on deep-frozen inputs of every shape, never writes to them', () => {
    const m = sampleMesh(1);
    const dp = m.dataplanes[0]!;
    const [rbac] = fc.sample(arbRbacConfig(), { numRuns: 1, seed: HOSTILE_SEED });
    const perDataplane = (d: Dataplane): unknown[][] => [
      [d, m.all],
      [d, m.all.filter((r) => r.type === 'TrafficPermission')],
      [d, ['web', 'backend'], m.all],
      [d.name, m.all],
      [d],
      ...TARGET_REF_POLICY_TYPES.map((t) => [t, d, m.all]),
    ];
    const argSets: unknown[][] = [
      [m.all],
      ...perDataplane(dp),
      ...perDataplane(m.wide),
      [m.all, m.all],
      [m.policies[0]],
      [m.policies[0]?.spec.default ?? { passthroughMode: 'All' }],
      [rbac],
      [rbac?.roles[0]?.endpoints, { workspace: 'default', endpoint: '/services', action: 'read' }],
      [{ 'kuma.io/type': 'dataplane', 'kuma.io/mesh': 'default' }],
      [{ type: 'dataplane', mesh: 'default' }, dp],
      [m.policies],
    ].map((args) => deepFreeze(args));
    const exported = root as unknown as Record<string, unknown>;
    const mutations: string[] = [];
    const foreign: string[] = [];
    let calls = 0;
    for (const name of Object.keys(exported).sort()) {
      const fn = exported[name];
      if (typeof fn !== 'function' || /^[A-Z]/.test(name)) continue; // classes and schemas
      for (const args of argSets) {
        calls++;
        try {
          const out = (fn as (...a: unknown[]) => unknown)(...args);
          if (out instanceof Promise) out.catch(() => undefined);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (MUTATION.test(message)) mutations.push(`${name}(${args.length} args): ${message}`);
          // The library throws MeshPolicyError only: anything else is a defect, whatever it says.
          else if (!(error instanceof MeshPolicyError))
            foreign.push(`${name}(${args.length} args): ${message}`);
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(mutations).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('engines and compiled matchers, used on frozen requests, do not write to their inputs', () => {
    const [rbac] = fc.sample(arbRbacConfig(), { numRuns: 1, seed: HOSTILE_SEED + 2 });
    const frozen = deepFreeze(structuredClone(rbac));
    const engine = createRbac(frozen as never);
    const request = deepFreeze({ workspace: 'default', endpoint: '/services/foo', action: 'read' as const });
    for (const user of ['alice', 'bob', 'carol', 'dave']) engine.authorize(user, request);
    expect(frozen).toEqual(rbac);
    const conf = deepFreeze({
      passthroughMode: 'Matched' as const,
      appendMatch: [
        { type: 'Domain' as const, value: 'api.example.com', port: 443, protocol: 'tls' as const },
      ],
    });
    const compiled = root.compilePassthrough(conf);
    const verdict = compiled.match(
      deepFreeze({ address: '1.2.3.4', port: 443, protocol: 'tls', sni: 'api.example.com' }),
    );
    expect(verdict.allowed).toBe(true);
  });
});

/** Deterministic pseudo-random permutation (Fisher–Yates with a small LCG). */
function permute<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('results do not depend on input order (where order is not precedence)', () => {
  const meshes = Array.from({ length: process.env.CI ? 6 : 12 }, (_, i) => sampleMesh(100 + i));

  it('matchedPolicies, for every policy kind and dataplane', () => {
    for (const m of meshes)
      for (const dp of m.dataplanes)
        for (const type of TARGET_REF_POLICY_TYPES) {
          const a = JSON.stringify(matchedPolicies(type, dp, m.all));
          for (const seed of [1, 2])
            expect(JSON.stringify(matchedPolicies(type, dp, permute(m.all, seed))), type).toBe(a);
        }
  });

  it('inspectDataplane and lintPolicies', () => {
    for (const m of meshes) {
      for (const dp of m.dataplanes) {
        const a = JSON.stringify(inspectDataplane(dp.name, m.all));
        expect(JSON.stringify(inspectDataplane(dp.name, permute(m.all, 7))), dp.name).toBe(a);
      }
      expect(JSON.stringify(lintPolicies(permute(m.all, 3)))).toBe(JSON.stringify(lintPolicies(m.all)));
    }
  });

  it('diffPolicySets', () => {
    for (const m of meshes.slice(0, 4)) {
      const after = m.all.filter((r) => r !== m.policies[0]);
      const a = JSON.stringify(diffPolicySets(m.all, after));
      expect(JSON.stringify(diffPolicySets(permute(m.all, 19), permute(after, 23)))).toBe(a);
    }
  });

  it('legacy selection functions', () => {
    const exported = root as unknown as Record<string, unknown>;
    const selectors = Object.keys(exported).filter(
      (k) => /^select.*(Policy|Policies)$/.test(k) && k !== 'selectConnectionPolicies',
    );
    expect(selectors.length).toBeGreaterThan(3);
    for (const m of meshes)
      for (const dp of m.dataplanes)
        for (const name of selectors) {
          const fn = exported[name] as (dp: unknown, policies: unknown) => unknown;
          let a: string;
          try {
            a = JSON.stringify(fn(dp, m.all));
          } catch {
            continue; // a selection that needs other arguments
          }
          expect(JSON.stringify(fn(dp, permute(m.all, 5))), name).toBe(a);
        }
  });

  it('createRbac: role and assignment order does not change any decision', () => {
    const configs = fc.sample(arbRbacConfig(), { numRuns: 30, seed: HOSTILE_SEED + 3 });
    const requests = [
      '/services',
      '/services/foo',
      '/routes/x',
      '/rbac/roles',
      '/consumers/a/plugins',
    ].flatMap((endpoint) =>
      (['read', 'create', 'update', 'delete'] as const).flatMap((action) =>
        ['default', 'ws', '*'].map((workspace) => ({ workspace, endpoint, action })),
      ),
    );
    for (const c of configs) {
      const decide = (cfg: typeof c) => {
        const engine = createRbac(cfg as never);
        return JSON.stringify(
          ['alice', 'bob', 'carol', 'dave'].flatMap((u) =>
            requests.map((r) => engine.authorize(u, r).allowed),
          ),
        );
      };
      const permuted = { roles: permute(c.roles, 11), assignments: permute(c.assignments, 13) };
      expect(decide(permuted)).toBe(decide(c));
    }
  });

  it('lintEcsDataplane', () => {
    for (const m of meshes)
      for (const dp of m.dataplanes)
        expect(JSON.stringify(lintEcsDataplane(dp, permute(m.all, 17)))).toBe(
          JSON.stringify(lintEcsDataplane(dp, m.all)),
        );
  });
});
