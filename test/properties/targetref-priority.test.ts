/**
 * The targetRef priority order against an independent reference of Kuma 2.8.8's
 * `SortByTargetRef` (targetref-priority-reference.ts, written from Kuma's source): every list the
 * library sorts — `sortByPriority`, the comparators, `matchedPolicies`' merge order — is in Kuma's
 * order, and the comparators agree with Kuma's on every pair, exact ties included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataplane, TargetRefPolicy } from '../../src/models/index.js';
import { matchedPolicies } from '../../src/targetref/matched.js';
import {
  compareKumaPriority,
  comparePolicyPriority,
  prioritySortKey,
  sortByPriority,
  sortByPriorityWithWarnings,
} from '../../src/targetref/priority.js';
import { goCompareStrings, isKumaSorted, kumaTargetRefCompare } from './targetref-priority-reference.js';

const seed = Number(process.env.FC_SEED ?? 20240917);
const numRuns = process.env.CI ? 300 : 1000;
const params = { seed, numRuns };

const KINDS = [
  'Mesh',
  'MeshSubset',
  'MeshGateway',
  'MeshService',
  'MeshExternalService',
  'MeshServiceSubset',
  'MeshHTTPRoute',
  'Bogus',
];
/** Few characters, so equal names and prefixes are common; the last two differ in UTF-16 and UTF-8 order. */
const arbName = fc
  .array(fc.constantFrom('a', 'b', '-', '\uff61', '\u{1f600}'), { minLength: 1, maxLength: 3 })
  .map((cs) => cs.join(''));
const arbTags = fc.dictionary(fc.constantFrom('k1', 'k2', 'k3', 'listener'), fc.constantFrom('x', 'y'), {
  maxKeys: 3,
});
const arbTargetRef = fc.option(
  fc.record(
    { kind: fc.constantFrom(...KINDS), name: fc.constant('t'), tags: arbTags },
    { requiredKeys: ['kind'] },
  ),
  { nil: undefined },
);
const arbLabels = fc.record(
  {
    'kuma.io/origin': fc.constantFrom('global', 'zone', '', 'other'),
    'kuma.io/policy-role': fc.constantFrom('system', 'producer', 'consumer', 'workload-owner', ''),
    'kuma.io/display-name': fc.oneof(arbName, fc.constant('')),
  },
  { requiredKeys: [] },
);

const arbPolicy: fc.Arbitrary<TargetRefPolicy> = fc
  .record({
    mesh: fc.constantFrom('default', 'other'),
    name: arbName,
    labels: arbLabels,
    targetRef: arbTargetRef,
  })
  .map(
    ({ mesh, name, labels, targetRef }) =>
      ({
        type: 'MeshTimeout',
        mesh,
        name,
        labels,
        spec: targetRef === undefined ? {} : { targetRef },
      }) as TargetRefPolicy,
  );

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const names = (xs: readonly TargetRefPolicy[]) => xs.map((p) => `${p.mesh}/${p.name}`).sort();

describe("priority order against Kuma 2.8.8's SortByTargetRef (independent reference)", () => {
  it('the reference compares strings as Go does (UTF-8 bytes, not UTF-16 code units)', () => {
    expect(goCompareStrings('\uff61', '\u{1f600}')).toBe(-1);
    expect('\uff61' < '\u{1f600}').toBe(false); // what a naive comparison would get wrong
    expect(goCompareStrings('a', 'ab')).toBe(-1);
    expect(goCompareStrings('b', 'b')).toBe(0);
  });

  it('compareKumaPriority on sort keys has the sign of Kuma’s comparator, ties included', () => {
    fc.assert(
      fc.property(arbPolicy, arbPolicy, (a, b) => {
        expect(sign(compareKumaPriority(prioritySortKey(a), prioritySortKey(b)))).toBe(
          sign(kumaTargetRefCompare(a, b)),
        );
      }),
      params,
    );
  });

  it('comparePolicyPriority agrees with Kuma wherever Kuma decides, and is antisymmetric', () => {
    fc.assert(
      fc.property(arbPolicy, arbPolicy, (a, b) => {
        const kuma = sign(kumaTargetRefCompare(a, b));
        const ours = sign(comparePolicyPriority(a, b));
        if (kuma !== 0) expect(ours).toBe(kuma);
        expect(sign(comparePolicyPriority(b, a))).toBe(-ours);
      }),
      params,
    );
  });

  it('sortByPriority returns a permutation of its input in Kuma’s order', () => {
    fc.assert(
      fc.property(fc.array(arbPolicy, { maxLength: 12 }), (policies) => {
        const sorted = sortByPriority(policies);
        expect(names(sorted)).toEqual(names(policies));
        expect(isKumaSorted(sorted)).toBe(true);
      }),
      params,
    );
  });

  it('exact ties of Kuma’s order are reported, and only those', () => {
    fc.assert(
      fc.property(fc.array(arbPolicy, { maxLength: 8 }), (policies) => {
        const { sorted, warnings } = sortByPriorityWithWarnings(policies);
        let ties = 0;
        for (let i = 1; i < sorted.length; i++)
          if (kumaTargetRefCompare(sorted[i - 1] as TargetRefPolicy, sorted[i] as TargetRefPolicy) === 0)
            ties++;
        expect(warnings.length > 0).toBe(ties > 0);
      }),
      params,
    );
  });

  it('matchedPolicies merges the policies that select a dataplane in Kuma’s order', () => {
    const dp: Dataplane = {
      type: 'Dataplane',
      mesh: 'default',
      name: 'web-1',
      labels: {},
      networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'web' } }] },
    };
    // Top-level refs that select the dataplane's inbound, of four kinds.
    const arbSelecting = fc
      .record({
        name: arbName,
        labels: arbLabels,
        targetRef: fc.constantFrom(
          { kind: 'Mesh' },
          { kind: 'MeshSubset', tags: {} },
          { kind: 'MeshSubset', tags: { 'kuma.io/service': 'web' } },
          { kind: 'MeshService', name: 'web' },
          { kind: 'MeshServiceSubset', name: 'web', tags: {} },
        ),
      })
      .map(
        ({ name, labels, targetRef }) =>
          ({
            type: 'MeshTimeout',
            mesh: 'default',
            name,
            labels,
            spec: { targetRef, default: { idleTimeout: '1s' } },
          }) as TargetRefPolicy,
      );
    fc.assert(
      fc.property(fc.uniqueArray(arbSelecting, { selector: (p) => p.name, maxLength: 10 }), (policies) => {
        const r = matchedPolicies('MeshTimeout', dp, policies);
        expect(names(r.dataplanePolicies)).toEqual(names(policies));
        expect(isKumaSorted(r.dataplanePolicies)).toBe(true);
      }),
      params,
    );
  });
});
