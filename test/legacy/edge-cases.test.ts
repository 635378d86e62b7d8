/**
 * Edge cases of spec 01 that the conformance tables do not reach, and the public helpers' behaviour
 * on malformed input (a MeshPolicyError, never another exception).
 */
import { describe, expect, it } from 'vitest';
import * as legacy from '../../src/legacy/index.js';
import {
  selectInboundConnectionMatchingPolicies,
  shadowedPolicies,
  splitLegacyPoliciesBySource,
} from '../../src/legacy/index.js';
import { MeshPolicyError } from '../../src/models/index.js';
import { deepFreeze } from './helpers.js';

const svc = (s: string) => ({ match: { 'kuma.io/service': s } });

function errorOf(fn: () => unknown): MeshPolicyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MeshPolicyError) return e;
    throw e;
  }
  throw new Error('expected a MeshPolicyError');
}

describe('RateLimit per-source split (spec 01 §5.8)', () => {
  it('a policy with n sources becomes n copies, so one without sources disappears (as in Kuma)', () => {
    const ps = deepFreeze([
      { name: 'none', destinations: [svc('web')] },
      { name: 'empty', sources: [], destinations: [svc('web')] },
      { name: 'two', sources: [svc('a'), svc('*')], destinations: [svc('web')] },
    ]);
    const split = splitLegacyPoliciesBySource(ps);
    expect(split.map((p) => [p.name, p.sources])).toEqual([
      ['two', [svc('a')]],
      ['two', [svc('*')]],
    ]);
    const dp = deepFreeze({
      networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
    });
    expect(selectInboundConnectionMatchingPolicies(dp, split)['1.1.1.1:1']?.map((p) => p.name)).toEqual([
      'two',
      'two',
    ]);
  });
  it('malformed input is a MeshPolicyError with paths', () => {
    expect(errorOf(() => splitLegacyPoliciesBySource(null as never)).issues.map((i) => i.path)).toEqual([
      'policies',
    ]);
    expect(
      errorOf(() => splitLegacyPoliciesBySource([null, { name: 'x', sources: 'web' }] as never)).issues.map(
        (i) => i.path,
      ),
    ).toEqual(['policies[0]', 'policies[1].sources']);
  });
});

describe('public helpers on malformed input', () => {
  const dp = deepFreeze({
    name: 'web-1',
    mesh: 'default',
    networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
  });
  it('throw a MeshPolicyError, never another exception', () => {
    const calls: [string, () => unknown][] = [
      ['shadowedPolicies(null list)', () => shadowedPolicies(dp as never, null as never)],
      ['shadowedPolicies(null policy)', () => shadowedPolicies([dp], [null] as never)],
      ['shadowedPolicies(null dataplanes)', () => shadowedPolicies(null as never, [])],
      ['sortLegacyPoliciesByName(null)', () => legacy.sortLegacyPoliciesByName(null as never)],
      [
        'sortLegacyPoliciesByName([null, x])',
        () => legacy.sortLegacyPoliciesByName([null, { name: 'x' }] as never),
      ],
      ['resolveTrafficRouteWildcards(null)', () => legacy.resolveTrafficRouteWildcards(null as never, {})],
      ['legacyInboundKey(dp, null)', () => legacy.legacyInboundKey(dp, null as never)],
      ['legacyInboundInterface(dp, null)', () => legacy.legacyInboundInterface(dp, null as never)],
      ['dataplaneMatches(null)', () => legacy.dataplaneMatches(null as never, {})],
      [
        'dataplaneMatches(bad inbounds)',
        () => legacy.dataplaneMatches({ networking: { inbound: 5 } } as never, {}),
      ],
      ['firstMatchingSelectorRank(null)', () => legacy.firstMatchingSelectorRank({}, null as never)],
      ['legacyOutboundServiceOf(null)', () => legacy.legacyOutboundServiceOf(null as never)],
      [
        'compareTagSelectorRanks(null)',
        () => legacy.compareTagSelectorRanks(null as never, legacy.ZERO_RANK),
      ],
      [
        'combineTagSelectorRanks(null)',
        () => legacy.combineTagSelectorRanks(legacy.ZERO_RANK, null as never),
      ],
      ['formatTagSelectorRank(null)', () => legacy.formatTagSelectorRank(null as never)],
      [
        'selectDataplanePolicyWithMatcher(no fn)',
        () => legacy.selectDataplanePolicyWithMatcher(null as never, []),
      ],
    ];
    for (const [what, fn] of calls) {
      let thrown: unknown;
      try {
        fn();
      } catch (e) {
        thrown = e;
      }
      expect(thrown instanceof MeshPolicyError, what).toBe(true);
    }
  });
  it('treat absent (null) tags and selector entries leniently, as the spec does for missing ones', () => {
    expect(legacy.tagSelectorMatches({ a: '*' }, null as never)).toBe(false);
    expect(legacy.tagSelectorMatches({}, null as never)).toBe(true);
    expect(legacy.firstMatchingSelectorRank({ a: 'b' }, [null, { match: { a: 'b' } }] as never)).toEqual(
      legacy.ZERO_RANK,
    );
    expect(legacy.legacyReason(null as never, null as never)).toBe('no policy matches');
  });
  it('shadowedPolicies checks the tie-break even when nothing is compared', () => {
    expect(errorOf(() => shadowedPolicies([], [], { tieBreak: 'newest' as never })).issues[0]?.path).toBe(
      'tieBreak',
    );
  });
  it('shadowedPolicies groups by mesh independently of input order (absent mesh is not "")', () => {
    const ps = [
      { type: 'Timeout', name: 'wide', sources: [svc('*')], destinations: [svc('*')] },
      { type: 'Timeout', mesh: '', name: 'narrow', sources: [svc('web')], destinations: [svc('*')] },
    ];
    const a = shadowedPolicies([dp], deepFreeze(ps)).map((s) => s.policy.name);
    const b = shadowedPolicies([dp], deepFreeze([...ps].reverse())).map((s) => s.policy.name);
    expect(a).toEqual(b);
  });
});

describe('tie-break timestamps (spec 01 §3, README decisions)', () => {
  const dp = deepFreeze({
    name: 'web-1',
    networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
  });
  const sel = [svc('web')];
  it('an unusable modificationTime counts as absent: the policy falls back to its creationTime', () => {
    const a = {
      name: 'a',
      modificationTime: 'yesterday',
      creationTime: '2024-01-01T00:00:00Z',
      selectors: sel,
    };
    const b = { name: 'b', creationTime: '2023-01-01T00:00:00Z', selectors: sel };
    expect(legacy.selectDataplanePolicy(dp, deepFreeze([b, a]))?.name).toBe('a');
    const [first] = legacy.explainDataplanePolicy(dp, deepFreeze([b, a])).candidates;
    expect([first?.name, first?.timeField, first?.time]).toEqual([
      'a',
      'creationTime',
      '2024-01-01T00:00:00Z',
    ]);
  });
  it('equal instants written with different offsets tie, so the smaller name wins', () => {
    const z = { name: 'z', creationTime: '2024-01-01T00:00:00Z', selectors: sel };
    const y = { name: 'y', creationTime: '2024-01-01T01:00:00+01:00', selectors: sel };
    expect(legacy.selectDataplanePolicy(dp, deepFreeze([z, y]))?.name).toBe('y');
    expect(legacy.selectDataplanePolicy(dp, deepFreeze([y, z]))?.name).toBe('y');
  });
  it('a missing timestamp on one side is the zero time: any real timestamp is later', () => {
    const old = { name: 'b-old', creationTime: '1970-01-01T00:00:00Z', selectors: sel };
    const none = { name: 'a-none', selectors: sel };
    expect(legacy.selectDataplanePolicy(dp, deepFreeze([none, old]))?.name).toBe('b-old');
    const zero = { name: 'c-zero', creationTime: '0001-01-01T00:00:00Z', selectors: sel };
    expect(legacy.selectDataplanePolicy(dp, deepFreeze([zero, none]))?.name).toBe('a-none');
  });
});

describe('name pre-sort is byte-wise (UTF-8), as Go compares strings', () => {
  const dp = deepFreeze({
    name: 'web-1',
    networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
  });
  // UTF-8: U+FF21 is EF BC A1, U+1F600 is F0 9F 98 80, so U+FF21 sorts first (UTF-16 says otherwise).
  const fullwidth = { name: 'p-\uFF21', selectors: [svc('web')] };
  const emoji = { name: 'p-\u{1F600}', selectors: [svc('web')] };
  it('decides exact ties and the sort helper', () => {
    expect(legacy.selectDataplanePolicy(dp, deepFreeze([emoji, fullwidth]))?.name).toBe(fullwidth.name);
    expect(legacy.sortLegacyPoliciesByName(deepFreeze([emoji, fullwidth])).map((p) => p.name)).toEqual([
      fullwidth.name,
      emoji.name,
    ]);
  });
});

describe('explanation targets', () => {
  it('a whole-dataplane explanation has target "dataplane", as documented', () => {
    const dp = deepFreeze({
      name: 'web-1',
      networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
    });
    expect(legacy.explainDataplanePolicy(dp, []).target).toBe('dataplane');
  });
});

describe('gateways and inbound addresses', () => {
  const policies = deepFreeze([
    { name: 'to-all', sources: [svc('*')], destinations: [svc('*')] },
    { name: 'edge-to-backend', sources: [svc('edge')], destinations: [svc('backend')] },
  ]);
  it('a delegated gateway matches sources through its gateway tags and gets pass_through', () => {
    const gw = deepFreeze({
      networking: {
        address: '1.1.1.1',
        gateway: { tags: { 'kuma.io/service': 'edge' } },
        outbound: [{ port: 1, tags: { 'kuma.io/service': 'backend' } }],
      },
    });
    const got = legacy.selectOutboundConnectionPolicies(gw, policies);
    expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.name]))).toEqual({
      backend: 'edge-to-backend',
      pass_through: 'to-all',
    });
    expect(legacy.selectInboundConnectionPolicies(gw, policies)).toEqual({});
  });
  it('an inbound with its own address is keyed by it; a wildcard-only selector needs the key', () => {
    const dp = deepFreeze({
      networking: {
        address: '1.1.1.1',
        inbound: [
          { port: 80, address: '2.2.2.2', tags: { 'kuma.io/service': 'web' } },
          { port: 81, tags: { 'kuma.io/service': 'web', version: 'v1' } },
        ],
      },
    });
    const ps = deepFreeze([
      { name: 'any-version', sources: [svc('*')], destinations: [{ match: { version: '*' } }] },
    ]);
    expect(Object.keys(legacy.selectInboundConnectionPolicies(dp, ps))).toEqual(['1.1.1.1:81']);
    expect(Object.keys(legacy.selectInboundConnectionMatchingPolicies(dp, ps))).toEqual([
      '2.2.2.2:80',
      '1.1.1.1:81',
    ]);
  });
});
