/**
 * Properties of targetRef matching: the result does not depend on the input order of policies
 * with distinct priorities (listener-hostname lists sorted by option, since Kuma 2.8.8 merges
 * those in input order on purpose), every sorted list is in Kuma's order (checked against the
 * independent reference of `SortByTargetRef`, never against the library's own sort), and inputs
 * are never mutated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataplane, MeshGateway, Resource, TargetRefPolicy } from '../../src/models/index.js';
import { matchDataplanePolicies } from '../../src/targetref/match-dataplane.js';
import { matchedPolicies } from '../../src/targetref/matched.js';
import { sortByPriority } from '../../src/targetref/priority.js';
import { isKumaSorted } from './targetref-priority-reference.js';

const seed = Number(process.env.FC_SEED ?? 20240513);
const numRuns = process.env.CI ? 150 : 400;

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

const services = ['web', 'api', 'edge'];
const versions = ['v1', 'v2'];

const gateway: MeshGateway = {
  type: 'MeshGateway',
  mesh: 'default',
  name: 'gw',
  labels: {},
  selectors: [{ match: { 'kuma.io/service': 'edge' } }],
  conf: {
    listeners: [
      { port: 8080, protocol: 'HTTP', tags: { listener: 'one' } },
      { port: 8080, protocol: 'HTTP', hostname: 'a.example.com', tags: { listener: 'one' } },
      { port: 8081, protocol: 'HTTP', tags: { listener: 'two' } },
    ],
  },
};

const arbTargetRef = fc.oneof(
  fc.record({ kind: fc.constant('Mesh' as const) }),
  fc.record({
    kind: fc.constant('Mesh' as const),
    proxyTypes: fc.constantFrom<('Sidecar' | 'Gateway')[]>(['Sidecar'], ['Gateway']),
  }),
  fc.record({
    kind: fc.constant('MeshSubset' as const),
    // One or two tags: the tag count is compared for MeshGateway only.
    tags: fc.record(
      { version: fc.constantFrom(...versions), 'kuma.io/service': fc.constantFrom(...services) },
      { requiredKeys: ['version'] },
    ),
  }),
  fc.record({ kind: fc.constant('MeshService' as const), name: fc.constantFrom(...services) }),
  fc.record({
    kind: fc.constant('MeshServiceSubset' as const),
    name: fc.constantFrom(...services),
    tags: fc.constantFrom({ version: 'v1' }, { listener: 'two' }),
  }),
  fc.record({ kind: fc.constant('MeshGateway' as const), name: fc.constantFrom('gw', 'nope') }),
  fc.record({
    kind: fc.constant('MeshGateway' as const),
    name: fc.constant('gw'),
    tags: fc.constant({ listener: 'one' }),
  }),
);

const arbItemRef = fc.oneof(
  fc.record({ kind: fc.constant('Mesh' as const) }),
  fc.record({ kind: fc.constant('MeshService' as const), name: fc.constantFrom(...services) }),
  fc.record({
    kind: fc.constant('MeshSubset' as const),
    tags: fc.record({ version: fc.constantFrom(...versions) }),
  }),
);

const arbLabels = fc.record(
  {
    'kuma.io/origin': fc.constantFrom('global', 'zone'),
    'kuma.io/policy-role': fc.constantFrom('producer', 'consumer'),
  },
  { requiredKeys: [] },
);

function arbPolicies(): fc.Arbitrary<TargetRefPolicy[]> {
  return fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 0, maxLength: 7 }).chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc
          .record({
            labels: arbLabels,
            targetRef: arbTargetRef,
            to: fc.array(
              fc.record({
                targetRef: arbItemRef,
                default: fc.record({ idleTimeout: fc.constantFrom('1s', '2s', '3s') }),
              }),
              { maxLength: 2 },
            ),
            from: fc.array(
              fc.record({
                targetRef: arbItemRef,
                default: fc.record({ connectionTimeout: fc.constantFrom('1s', '2s') }),
              }),
              { maxLength: 2 },
            ),
          })
          .map(
            ({ labels, targetRef, to, from }): TargetRefPolicy => ({
              type: 'MeshTimeout',
              mesh: 'default',
              name,
              labels: labels as Record<string, string>,
              spec: { targetRef, to, from },
            }),
          ),
      ),
    ),
  );
}

const arbDataplane: fc.Arbitrary<Dataplane> = fc.oneof(
  fc
    .array(
      fc.record({
        port: fc.integer({ min: 1000, max: 1003 }),
        service: fc.constantFrom(...services),
        version: fc.constantFrom(...versions),
        ignored: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map(
      (inbounds): Dataplane => ({
        type: 'Dataplane',
        mesh: 'default',
        name: 'dp',
        labels: {},
        networking: {
          address: '10.0.0.1',
          inbound: inbounds.map((i) => ({
            port: i.port,
            tags: { 'kuma.io/service': i.service, version: i.version },
            ...(i.ignored ? { state: 'Ignored' as const } : {}),
          })),
        },
      }),
    ),
  fc.constantFrom<Dataplane>(
    {
      type: 'Dataplane',
      mesh: 'default',
      name: 'gw-dp',
      labels: {},
      networking: { address: '127.0.0.1', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
    },
    {
      type: 'Dataplane',
      mesh: 'default',
      name: 'kong',
      labels: {},
      networking: { address: '10.0.0.5', gateway: { tags: { 'kuma.io/service': 'edge', version: 'v1' } } },
    },
  ),
);

/** The parts of a result that must not depend on input order (warnings compared as a set). */
function comparable(r: ReturnType<typeof matchedPolicies>): unknown {
  return {
    dataplanePolicies: r.dataplanePolicies.map((p) => p.name),
    toRules: r.toRules,
    fromRules: r.fromRules,
    singleItemRules: r.singleItemRules,
    gatewayRules: r.gatewayRules,
    warnings: [...r.warnings].sort(),
    explanations: r.explanations,
  };
}

describe('targetref matching properties', () => {
  it('input order of policies with distinct priorities does not matter', () => {
    fc.assert(
      fc.property(
        arbDataplane,
        arbPolicies().chain((ps) =>
          fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length })),
        ),
        (dp, [policies, shuffled]) => {
          const opts = { sortListenerHostnameLists: true };
          const a = matchedPolicies('MeshTimeout', dp, [...policies, gateway], opts);
          const b = matchedPolicies('MeshTimeout', dp, [gateway, ...shuffled], opts);
          expect(comparable(b)).toEqual(comparable(a));
          // The priority order is strict here (distinct display names): no tie warnings.
          expect(a.warnings.filter((w) => w.includes('same priority'))).toEqual([]);
          expect(isKumaSorted(a.dataplanePolicies)).toBe(true);
        },
      ),
      { seed, numRuns },
    );
  });

  it('per-inbound and per-listener lists equal their own priority sort (filtered from one total order)', () => {
    fc.assert(
      fc.property(arbDataplane, arbPolicies(), fc.boolean(), (dp, policies, sortHostnames) => {
        const sel = matchDataplanePolicies('MeshTimeout', dp, [...policies, gateway], {
          sortListenerHostnameLists: sortHostnames,
        });
        expect(isKumaSorted(sel.dataplanePolicies)).toBe(true);
        const position = new Map(sel.dataplanePolicies.map((p, i) => [p, i]));
        // Each per-inbound list is in Kuma's order: the merge order of the matched policies, filtered.
        for (const list of Object.values(sel.byInbound)) {
          expect(isKumaSorted(list)).toBe(true);
          for (const p of list) expect(position.has(p)).toBe(true);
          const at = list.map((p) => position.get(p) as number);
          expect(at).toEqual([...at].sort((x, y) => x - y));
        }
        for (const list of Object.values(sel.byListenerHostname)) {
          if (sortHostnames) expect(isKumaSorted(list)).toBe(true);
          else {
            const inputOrder = [...list].sort((a, b) => policies.indexOf(a) - policies.indexOf(b));
            expect(list.map((p) => p.name)).toEqual(inputOrder.map((p) => p.name));
          }
        }
        const positions = sel.explanations.filter((e) => e.matched).map((e) => e.position);
        expect(positions).toEqual(sel.dataplanePolicies.map((_, i) => i));
      }),
      { seed, numRuns },
    );
  });

  it('sortByPriority is a total order: any permutation of distinct (mesh, name) policies sorts the same', () => {
    const arbSortable = fc
      .uniqueArray(fc.tuple(fc.constantFrom('m1', 'm2'), fc.stringMatching(/^[a-c]{1,2}$/)), {
        selector: ([m, n]) => `${m}/${n}`,
        maxLength: 12,
      })
      .chain((ids) =>
        fc.tuple(
          ...ids.map(([mesh, name]) =>
            fc
              .record({
                labels: fc.record(
                  {
                    'kuma.io/origin': fc.constantFrom('global', 'zone', 'other'),
                    'kuma.io/policy-role': fc.constantFrom('system', 'producer', 'consumer'),
                    // Shared display names create exact ties, broken by core name / mesh.
                    'kuma.io/display-name': fc.constantFrom('x', 'y'),
                  },
                  { requiredKeys: [] },
                ),
                targetRef: arbTargetRef,
              })
              .map(
                ({ labels, targetRef }): TargetRefPolicy => ({
                  type: 'MeshTimeout',
                  mesh,
                  name,
                  labels: labels as Record<string, string>,
                  spec: { targetRef },
                }),
              ),
          ),
        ),
      );
    fc.assert(
      fc.property(
        arbSortable.chain((ps) =>
          fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length })),
        ),
        ([a, b]) => {
          const sa = sortByPriority(a);
          expect(isKumaSorted(sa)).toBe(true);
          expect(sortByPriority(b)).toEqual(sa);
          expect(sortByPriority(sa)).toEqual(sa);
        },
      ),
      { seed, numRuns },
    );
  });

  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(arbDataplane, arbPolicies(), (dp, policies) => {
        const resources: Resource[] = [...policies, gateway];
        const before = structuredClone({ dp, resources });
        const frozenDp = deepFreeze(structuredClone(dp));
        const frozen = deepFreeze(structuredClone(resources));
        matchedPolicies('MeshTimeout', frozenDp, frozen);
        matchedPolicies('MeshTimeout', frozenDp, frozen, {
          sortListenerHostnameLists: true,
          includeShadow: true,
        });
        expect({ dp: frozenDp, resources: frozen }).toEqual(before);
      }),
      { seed, numRuns: Math.ceil(numRuns / 2) },
    );
  });
});
