/**
 * Properties of legacy selection on random meshes: the indexed implementation agrees with the
 * straightforward reference; results do not depend on policy input order; a strictly less
 * specific policy never changes the winner; an exact tag added to the winner keeps it winning.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareTagSelectorRanks,
  explainDataplanePolicy,
  explainInboundConnectionPolicies,
  explainOutboundConnectionPolicies,
  type LegacyTieBreak,
  selectConnectionPolicies,
  selectDataplanePolicy,
  selectInboundConnectionMatchingPolicies,
  selectInboundConnectionPolicies,
  selectOutboundConnectionPolicies,
  tagSelectorMatches,
  tagSelectorRank,
} from '../../src/legacy/index.js';
import { deepFreeze } from '../legacy/helpers.js';
import {
  refSelectConnectionPolicies,
  refSelectDataplanePolicy,
  refSelectInboundConnectionMatchingPolicies,
  refSelectInboundConnectionPolicies,
  refSelectOutboundConnectionPolicies,
} from '../legacy/reference.js';

const seedFromEnv = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined;
const params = {
  numRuns: Number(process.env.FC_NUM_RUNS ?? (process.env.CI ? 200 : 400)),
  seed: seedFromEnv ?? 20261122,
};

type Tags = Record<string, string>;
interface Policy {
  name: string;
  creationTime?: string;
  modificationTime?: string;
  sources?: { match: Tags }[];
  destinations?: { match: Tags }[];
  selectors?: { match: Tags }[];
}
interface Dp {
  name: string;
  networking: {
    address: string;
    inbound: { port: number; tags: Tags }[];
    outbound: { port: number; tags: Tags }[];
    gateway?: { tags: Tags };
  };
}

const SERVICES = ['web', 'backend', 'db', 'cache'];
const serviceValue = fc.constantFrom(...SERVICES, '*');
const otherValue = fc.constantFrom('v1', 'v2', '*');
const selector: fc.Arbitrary<Tags> = fc
  .record(
    { 'kuma.io/service': serviceValue, version: otherValue, zone: fc.constantFrom('eu', 'us', '*') },
    { requiredKeys: [] },
  )
  .map((r) => ({ ...r }) as Tags);
const destination: fc.Arbitrary<Tags> = fc.oneof(
  fc.record({ 'kuma.io/service': serviceValue }).map((r) => ({ ...r }) as Tags),
  selector,
);
const time = fc.option(
  fc.constantFrom('2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', '2021-01-01T00:00:00.000000001Z'),
  { nil: undefined },
);
const sels = (s: fc.Arbitrary<Tags>) =>
  fc.array(
    s.map((match) => ({ match })),
    { minLength: 0, maxLength: 3 },
  );

const policy = (name: fc.Arbitrary<string>): fc.Arbitrary<Policy> =>
  fc
    .record({
      name,
      creationTime: time,
      modificationTime: time,
      sources: sels(selector),
      destinations: sels(destination),
      selectors: sels(selector),
    })
    .map((p) => {
      const out: Policy = {
        name: p.name,
        sources: p.sources,
        destinations: p.destinations,
        selectors: p.selectors,
      };
      if (p.creationTime !== undefined) out.creationTime = p.creationTime;
      if (p.modificationTime !== undefined) out.modificationTime = p.modificationTime;
      return out;
    });

const uniquePolicies = fc.uniqueArray(policy(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')), {
  selector: (p) => p.name,
  maxLength: 8,
});
const anyPolicies = fc.array(policy(fc.constantFrom('a', 'b', 'c')), { maxLength: 8 });

const inboundTags: fc.Arbitrary<Tags> = fc
  .record(
    {
      'kuma.io/service': fc.constantFrom(...SERVICES),
      version: fc.constantFrom('v1', 'v2'),
      zone: fc.constantFrom('eu', 'us'),
    },
    { requiredKeys: ['kuma.io/service'] },
  )
  .map((r) => ({ ...r }) as Tags);

const dataplane: fc.Arbitrary<Dp> = fc
  .record({
    inbound: fc.array(fc.record({ port: fc.integer({ min: 1, max: 4 }), tags: inboundTags }), {
      maxLength: 3,
    }),
    outbound: fc.array(
      fc.record({
        port: fc.integer({ min: 1000, max: 1010 }),
        tags: fc.constantFrom(...SERVICES).map((s) => ({ 'kuma.io/service': s })),
      }),
      { maxLength: 4 },
    ),
    gateway: fc.option(
      inboundTags.map((tags) => ({ tags })),
      { nil: undefined },
    ),
  })
  .map(({ inbound, outbound, gateway }) => ({
    name: 'dp',
    networking: { address: '10.0.0.1', inbound, outbound, ...(gateway !== undefined ? { gateway } : {}) },
  }));

const tieBreak = fc.constantFrom<LegacyTieBreak>('modificationTime', 'creationTime');
const serviceList = fc.array(fc.constantFrom(...SERVICES, 'pass_through'), { maxLength: 5 });

describe('legacy selection: indexed implementation agrees with the reference', () => {
  it('on random meshes, for every selection function and both tie-breaks', () => {
    fc.assert(
      fc.property(dataplane, anyPolicies, serviceList, tieBreak, (dp, ps, services, tb) => {
        deepFreeze(dp);
        deepFreeze(ps);
        const opts = { tieBreak: tb };
        expect(selectDataplanePolicy(dp, ps, opts)).toBe(refSelectDataplanePolicy(dp, ps, tb));
        expect(selectOutboundConnectionPolicies(dp, ps, opts)).toEqual(
          refSelectOutboundConnectionPolicies(dp, ps, tb),
        );
        expect(selectConnectionPolicies(dp, services, ps, opts)).toEqual(
          refSelectConnectionPolicies(dp, services, ps, tb),
        );
        expect(selectInboundConnectionPolicies(dp, ps, opts)).toEqual(
          refSelectInboundConnectionPolicies(dp, ps, tb),
        );
        expect(selectInboundConnectionMatchingPolicies(dp, ps, opts)).toEqual(
          refSelectInboundConnectionMatchingPolicies(dp, ps, tb),
        );
        // Identity, not just equality: the winners are the caller's objects.
        const out = selectOutboundConnectionPolicies(dp, ps, opts);
        const ref = refSelectOutboundConnectionPolicies(dp, ps, tb);
        for (const k of Object.keys(ref)) expect(out[k]).toBe(ref[k]);
        // Explanations pick the same winners.
        const sel = selectOutboundConnectionPolicies(dp, ps, opts);
        for (const e of explainOutboundConnectionPolicies(dp, ps, opts)) expect(e.winner).toBe(sel[e.target]);
      }),
      params,
    );
  });
});

describe('legacy selection: order independence', () => {
  it('shuffling policies with distinct names changes no winner', () => {
    fc.assert(
      fc.property(
        dataplane,
        uniquePolicies.chain((ps) =>
          fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length })),
        ),
        tieBreak,
        (dp, [ps, shuffled], tb) => {
          deepFreeze(ps);
          const opts = { tieBreak: tb };
          expect(selectDataplanePolicy(dp, shuffled, opts)).toBe(selectDataplanePolicy(dp, ps, opts));
          expect(selectOutboundConnectionPolicies(dp, shuffled, opts)).toEqual(
            selectOutboundConnectionPolicies(dp, ps, opts),
          );
          expect(selectInboundConnectionPolicies(dp, shuffled, opts)).toEqual(
            selectInboundConnectionPolicies(dp, ps, opts),
          );
          expect(selectInboundConnectionMatchingPolicies(dp, shuffled, opts)).toEqual(
            selectInboundConnectionMatchingPolicies(dp, ps, opts),
          );
        },
      ),
      params,
    );
  });
});

describe('legacy selection: monotonicity', () => {
  it('adding a policy strictly less specific than the winner never changes it (dataplane policies)', () => {
    fc.assert(
      fc.property(dataplane, uniquePolicies, selector, time, (dp, ps, sel, t) => {
        const winner = explainDataplanePolicy(dp, ps).candidates[0];
        fc.pre(winner !== undefined && compareTagSelectorRanks(tagSelectorRank(sel), winner.rank) < 0);
        const extra: Policy = {
          name: 'zz-new',
          selectors: [{ match: sel }],
          ...(t !== undefined ? { creationTime: t, modificationTime: t } : {}),
        };
        // a name sorting first must not matter either
        const extraFirst: Policy = { ...extra, name: '0-new' };
        expect(selectDataplanePolicy(dp, [...ps, extra])).toBe(winner?.policy);
        expect(selectDataplanePolicy(dp, [extraFirst, ...ps])).toBe(winner?.policy);
      }),
      params,
    );
  });

  it('adding a policy strictly less specific than the winner never changes it (outbound policies)', () => {
    fc.assert(
      fc.property(dataplane, uniquePolicies, selector, destination, time, (dp, ps, src, dst, t) => {
        const before = explainOutboundConnectionPolicies(dp, ps);
        const extra: Policy = {
          name: '0-new',
          sources: [{ match: src }],
          destinations: [{ match: dst }],
          ...(t !== undefined ? { creationTime: t, modificationTime: t } : {}),
        };
        const after = selectOutboundConnectionPolicies(dp, [...ps, extra]);
        const combined = tagSelectorRank({ ...prefix('s', src), ...prefix('d', dst) });
        for (const e of before) {
          const w = e.candidates[0];
          if (w === undefined) continue;
          if (compareTagSelectorRanks(combined, w.rank) < 0) expect(after[e.target]).toBe(w.policy);
        }
      }),
      params,
    );
  });

  it('adding an exact tag to the winning selector keeps it winning (dataplane and inbound policies)', () => {
    fc.assert(
      fc.property(dataplane, uniquePolicies, fc.nat(), (dp, ps, pick) => {
        // dataplane policy: tighten the matching selector with a tag of an inbound it matched
        const w = explainDataplanePolicy(dp, ps).candidates[0];
        if (w !== undefined && w.selectorIndex >= 0) {
          const tags = [
            ...dp.networking.inbound.map((i) => i.tags),
            ...(dp.networking.gateway ? [dp.networking.gateway.tags] : []),
          ];
          const through = tags.find((t) => tagSelectorMatches(w.selector, t));
          const free = Object.keys(through ?? {}).filter((k) => !Object.hasOwn(w.selector, k));
          const key = free[pick % Math.max(free.length, 1)];
          if (through !== undefined && key !== undefined) {
            const p = w.policy as Policy;
            const selectors = (p.selectors ?? []).map((s, i) =>
              i === w.selectorIndex ? { match: { ...s.match, [key]: through[key] as string } } : s,
            );
            const tightened = { ...p, selectors };
            const list = ps.map((q) => (q === p ? tightened : q));
            expect(selectDataplanePolicy(dp, list)).toBe(tightened);
          }
        }
        // inbound connection policy: tighten the winning destination with the inbound's tag
        // one explanation per inbound, in inbound order
        explainInboundConnectionPolicies(dp, ps).forEach((e, index) => {
          const c = e.candidates[0];
          const ib = dp.networking.inbound[index];
          if (c === undefined || ib === undefined) return;
          const key = Object.keys(ib.tags).find((k) => !Object.hasOwn(c.selector, k));
          if (key === undefined) return;
          const p = c.policy as Policy;
          const destinations = (p.destinations ?? []).map((s, i) =>
            i === c.selectorIndex ? { match: { ...s.match, [key]: ib.tags[key] as string } } : s,
          );
          const tightened = { ...p, destinations };
          const oneInbound = { ...dp, networking: { ...dp.networking, inbound: [ib] } };
          const list = ps.map((q) => (q === p ? tightened : q));
          expect(selectInboundConnectionPolicies(oneInbound, list)[e.key]).toBe(tightened);
        });
      }),
      params,
    );
  });
});

function prefix(p: string, tags: Tags): Tags {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [`${p}:${k}`, v]));
}
