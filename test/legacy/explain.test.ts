import { describe, expect, it } from 'vitest';
import {
  explainConnectionPolicies,
  explainDataplanePolicy,
  explainInboundConnectionMatchingPolicies,
  explainInboundConnectionPolicies,
  explainInboundDataplanePolicies,
  explainOutboundConnectionPolicies,
  resolveTrafficRouteWildcards,
  selectInboundConnectionMatchingPolicies,
  selectOutboundConnectionPolicies,
  shadowedPolicies,
  sortLegacyPoliciesByName,
  splitLegacyPoliciesBySource,
  trafficRouteHasWildcard,
} from '../../src/legacy/index.js';
import { deepFreeze } from './helpers.js';

const svc = (service: string, extra: Record<string, string> = {}) => ({
  match: { 'kuma.io/service': service, ...extra },
});
const dp = deepFreeze({
  name: 'web-1',
  mesh: 'default',
  networking: {
    address: '10.0.0.1',
    inbound: [{ port: 80, tags: { 'kuma.io/service': 'web', version: 'v1' } }],
    outbound: [
      { port: 10001, tags: { 'kuma.io/service': 'backend' } },
      { port: 10002, tags: { 'kuma.io/service': 'db' } },
    ],
  },
});

describe('explanations', () => {
  const policies = deepFreeze([
    {
      type: 'Timeout',
      name: 't1',
      creationTime: '2020-01-01T00:00:00Z',
      sources: [svc('*')],
      destinations: [svc('*')],
    },
    {
      type: 'Timeout',
      name: 't2',
      creationTime: '2019-01-01T00:00:00Z',
      sources: [svc('web')],
      destinations: [svc('*')],
    },
    {
      type: 'Timeout',
      name: 't3',
      creationTime: '2021-01-01T00:00:00Z',
      sources: [svc('*')],
      destinations: [svc('backend')],
    },
  ]);
  it('lists candidates best first with ranks, timestamps and a reason', () => {
    const [backend, db, pt] = explainOutboundConnectionPolicies(dp, policies);
    expect(backend?.target).toBe('backend');
    expect(backend?.winner?.name).toBe('t3');
    expect(backend?.candidates.map((c) => [c.name, c.rank, c.sourceRank, c.time, c.timeField])).toEqual([
      ['t3', { exact: 1, wildcard: 1 }, { exact: 0, wildcard: 1 }, '2021-01-01T00:00:00Z', 'creationTime'],
      ['t2', { exact: 1, wildcard: 1 }, { exact: 1, wildcard: 0 }, '2019-01-01T00:00:00Z', 'creationTime'],
      ['t1', { exact: 0, wildcard: 2 }, { exact: 0, wildcard: 1 }, '2020-01-01T00:00:00Z', 'creationTime'],
    ]);
    expect(backend?.reason).toBe(
      '"t3" wins: same rank, created later (2021-01-01T00:00:00Z > 2019-01-01T00:00:00Z) than "t2"',
    );
    expect(db?.reason).toBe('"t2" wins: same tag count (2), 1 exact beat 0 exact of "t1"');
    expect(pt?.target).toBe('pass_through');
  });
  it('agrees with selection on every target', () => {
    const sel = selectOutboundConnectionPolicies(dp, policies);
    for (const e of explainOutboundConnectionPolicies(dp, policies)) expect(e.winner).toBe(sel[e.target]);
    const conn = explainConnectionPolicies(dp, ['backend', 'nowhere'], policies);
    expect(conn.map((e) => [e.target, e.winner?.name, e.reason])).toEqual([
      ['backend', 't3', expect.stringContaining('created later')],
      ['nowhere', 't2', expect.stringContaining('exact')],
    ]);
  });
  it('explains tag-count and name decisions and the empty case', () => {
    const ps = deepFreeze([
      { name: 'b', selectors: [svc('web')] },
      { name: 'a', selectors: [svc('web')] },
      { name: 'c', selectors: [svc('*', { version: '*' })] },
    ]);
    expect(explainDataplanePolicy(dp, ps).reason).toBe('"c" wins: 2 tags beat 1 of "a"');
    expect(explainDataplanePolicy(dp, ps.slice(0, 2)).reason).toBe(
      '"a" wins: same rank and time, its name sorts before "b"',
    );
    expect(explainDataplanePolicy(dp, []).reason).toBe('no policy matches');
    expect(explainDataplanePolicy(dp, ps.slice(0, 1)).reason).toBe('"b" is the only matching policy');
    const perInbound = explainInboundDataplanePolicies(dp, ps);
    expect(perInbound.map((e) => [e.key, e.winner?.name])).toEqual([['10.0.0.1:80', 'c']]);
  });
  it('explains inbound connection policies per inbound', () => {
    const tps = deepFreeze([
      { name: 'x', sources: [svc('*')], destinations: [svc('web')] },
      {
        name: 'y',
        modificationTime: '2024-01-01T00:00:00Z',
        sources: [svc('*')],
        destinations: [svc('web')],
      },
    ]);
    const [e] = explainInboundConnectionPolicies(dp, tps);
    expect(e?.winner?.name).toBe('y');
    expect(e?.reason).toMatch(/^"y" wins: same rank, modified later/);
    expect(e?.interface).toEqual({
      dataplaneAdvertisedIP: '10.0.0.1',
      dataplaneIP: '10.0.0.1',
      dataplanePort: 80,
      workloadIP: '10.0.0.1',
      workloadPort: 80,
    });
  });
});

describe('shadowedPolicies', () => {
  it('reports candidates that never win, per type and mesh', () => {
    const ps = deepFreeze([
      { type: 'Timeout', mesh: 'default', name: 'wide', sources: [svc('*')], destinations: [svc('*')] },
      { type: 'Timeout', mesh: 'default', name: 'narrow', sources: [svc('web')], destinations: [svc('*')] },
      { type: 'Timeout', mesh: 'other', name: 'elsewhere', sources: [svc('*')], destinations: [svc('*')] },
      {
        type: 'FaultInjection',
        mesh: 'default',
        name: 'fi',
        sources: [svc('*')],
        destinations: [svc('web')],
      },
      {
        type: 'TrafficRoute',
        mesh: 'default',
        name: 'unmatched',
        sources: [svc('nobody')],
        destinations: [svc('*')],
      },
    ]);
    const got = shadowedPolicies([dp], ps);
    expect(got.map((s) => [s.policy.name, s.shadowedBy.name, s.dataplane, s.target])).toEqual([
      ['wide', 'narrow', 'web-1', 'backend'],
    ]);
    expect(got[0]?.reason).toBe('"narrow" wins: same tag count (2), 1 exact beat 0 exact of "wide"');
  });
  it('a policy that wins somewhere is not shadowed', () => {
    const other = deepFreeze({
      name: 'admin-1',
      mesh: 'default',
      networking: {
        address: '10.0.0.2',
        inbound: [{ port: 80, tags: { 'kuma.io/service': 'admin' } }],
        outbound: [{ port: 1, tags: { 'kuma.io/service': 'db' } }],
      },
    });
    const ps = deepFreeze([
      { type: 'Retry', mesh: 'default', name: 'wide', sources: [svc('*')], destinations: [svc('*')] },
      { type: 'Retry', mesh: 'default', name: 'narrow', sources: [svc('web')], destinations: [svc('*')] },
    ]);
    expect(shadowedPolicies([dp], ps).map((s) => s.policy.name)).toEqual(['wide']);
    expect(shadowedPolicies([dp, other], ps)).toEqual([]);
  });
});

describe('transformations', () => {
  it('sorts by name stably without touching the input', () => {
    const ps = deepFreeze([{ name: 'b', n: 1 }, { name: 'a' }, { name: 'b', n: 2 }]);
    expect(sortLegacyPoliciesByName(ps)).toEqual([{ name: 'a' }, { name: 'b', n: 1 }, { name: 'b', n: 2 }]);
  });
  it('splits policies per source', () => {
    const p = deepFreeze({ name: 'rl', sources: [svc('a'), svc('b')], destinations: [svc('*')] });
    expect(splitLegacyPoliciesBySource([p]).map((x) => x.sources)).toEqual([[svc('a')], [svc('b')]]);
  });
  it('resolves TrafficRoute wildcards per outbound', () => {
    const route = deepFreeze({
      name: 'r',
      conf: {
        split: [{ weight: 100, destination: { 'kuma.io/service': '*', version: 'v1' } }],
        loadBalancer: { roundRobin: {} },
      },
    });
    expect(trafficRouteHasWildcard(route)).toBe(true);
    expect(
      resolveTrafficRouteWildcards(route, { 'kuma.io/service': 'redis', version: 'v9', zone: 'eu' }).conf,
    ).toEqual({
      split: [{ weight: 100, destination: { version: 'v1', 'kuma.io/service': 'redis', zone: 'eu' } }],
    });
    const plain = deepFreeze({
      name: 'p',
      conf: { split: [{ weight: 1, destination: { 'kuma.io/service': 'x' } }] },
    });
    expect(resolveTrafficRouteWildcards(plain, { 'kuma.io/service': 'y' })).toBe(plain);
  });
});

describe('explainInboundConnectionMatchingPolicies', () => {
  it('lists the applied policies in order with the first-source ranks that ordered them', () => {
    const fi = (name: string, source: Record<string, string>) => ({
      name,
      sources: [{ match: source }],
      destinations: [svc('web', { 'kuma.io/protocol': 'http' }), svc('*')],
    });
    const web = deepFreeze({
      networking: {
        address: '10.0.0.1',
        inbound: [{ port: 80, tags: { 'kuma.io/service': 'web', 'kuma.io/protocol': 'http' } }],
      },
    });
    const [e] = explainInboundConnectionMatchingPolicies(
      web,
      deepFreeze([fi('wide', { 'kuma.io/service': '*' }), fi('narrow', { 'kuma.io/service': 'a' })]),
    );
    expect(e?.candidates.map((c) => [c.name, c.selectorIndex, c.sourceRank])).toEqual([
      ['narrow', 0, { exact: 1, wildcard: 0 }],
      ['narrow', 1, { exact: 1, wildcard: 0 }],
      ['wide', 0, { exact: 0, wildcard: 1 }],
      ['wide', 1, { exact: 0, wildcard: 1 }],
    ]);
    expect(e?.winner?.name).toBe('narrow');
    expect(e?.reason).toBe(
      '4 applied, by first source selector rank then later timestamp: "narrow" (1,0), "narrow" (1,0), "wide" (0,1), "wide" (0,1)',
    );
    expect(
      selectInboundConnectionMatchingPolicies(web, [fi('wide', { 'kuma.io/service': '*' })])['10.0.0.1:80'],
    ).toHaveLength(2);
  });
});
