/** The worked examples of spec 01 §8 and the edge rules of §3, §5 and §7. */
import { describe, expect, it } from 'vitest';
import {
  type LegacyPolicyLike,
  PASS_THROUGH_SERVICE,
  selectConnectionPolicies,
  selectDataplanePolicy,
  selectDataplanePolicyWithMatcher,
  selectInboundConnectionAllPolicies,
  selectInboundConnectionMatchingPolicies,
  selectInboundConnectionMatchingPoliciesByInterface,
  selectInboundConnectionPolicies,
  selectInboundConnectionPoliciesByInterface,
  selectInboundConnectionPolicy,
  selectInboundDataplanePolicies,
  selectInboundDataplanePoliciesByInterface,
  selectOutboundConnectionPolicies,
  selectOutboundConnectionPoliciesByInterface,
} from '../../src/legacy/index.js';
import { deepFreeze } from './helpers.js';

const svc = (service: string, extra: Record<string, string> = {}) => ({
  match: { 'kuma.io/service': service, ...extra },
});
const names = (r: Record<string, LegacyPolicyLike | LegacyPolicyLike[]>) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.map((p) => p.name) : v.name]),
  );

describe('8.2 inbound connection policy (TrafficPermission)', () => {
  const dp = deepFreeze({
    name: 'backend-1',
    networking: {
      address: '10.0.0.5',
      inbound: [
        { port: 9000, tags: { 'kuma.io/service': 'backend', version: 'v1' } },
        { port: 9001, tags: { 'kuma.io/service': 'backend', version: 'v2' } },
      ],
    },
  });
  const policies = deepFreeze([
    {
      name: 'tp-a',
      creationTime: '2024-01-01T00:00:00Z',
      destinations: [svc('backend')],
      sources: [svc('web')],
    },
    {
      name: 'tp-b',
      creationTime: '2023-01-01T00:00:00Z',
      destinations: [svc('backend', { version: 'v2' })],
      sources: [svc('*')],
    },
    { name: 'tp-c', creationTime: '2025-01-01T00:00:00Z', destinations: [svc('*')], sources: [svc('web')] },
  ]);
  it('picks tp-a for 9000 and tp-b for 9001, keyed by inbound listener', () => {
    expect(names(selectInboundConnectionPolicies(dp, policies))).toEqual({
      '10.0.0.5:9000': 'tp-a',
      '10.0.0.5:9001': 'tp-b',
    });
  });
  it('exposes Kuma interface keys too', () => {
    const got = selectInboundConnectionPoliciesByInterface(dp, policies);
    expect(got.map((e) => [e.key, e.interface.workloadPort, e.value.name])).toEqual([
      ['10.0.0.5:9000', 9000, 'tp-a'],
      ['10.0.0.5:9001', 9001, 'tp-b'],
    ]);
  });
  it('additional inbounds are matched after the dataplane ones', () => {
    const metrics = deepFreeze([
      { name: 'metrics', sources: [svc('prometheus')], destinations: [svc('dataplane-metrics')] },
    ]);
    const got = selectInboundConnectionPolicies(dp, metrics, {
      additionalInbounds: [{ port: 1234, tags: { 'kuma.io/service': 'dataplane-metrics' } }],
    });
    expect(names(got)).toEqual({ '10.0.0.5:1234': 'metrics' });
  });
});

describe('8.3 outbound connection policy with aggregate rank (Timeout)', () => {
  const dp = deepFreeze({
    name: 'web-1',
    networking: {
      address: '10.0.0.1',
      inbound: [{ port: 80, tags: { 'kuma.io/service': 'web', version: 'v1' } }],
      outbound: [
        { port: 10001, tags: { 'kuma.io/service': 'backend' } },
        { port: 10002, tags: { 'kuma.io/service': 'db' } },
      ],
    },
  });
  const policies = deepFreeze([
    { name: 't1', creationTime: '2020-01-01T00:00:00Z', sources: [svc('*')], destinations: [svc('*')] },
    { name: 't2', creationTime: '2019-01-01T00:00:00Z', sources: [svc('web')], destinations: [svc('*')] },
    { name: 't3', creationTime: '2021-01-01T00:00:00Z', sources: [svc('*')], destinations: [svc('backend')] },
  ]);
  it('sums source and destination ranks; pass_through is included', () => {
    expect(names(selectOutboundConnectionPolicies(dp, policies))).toEqual({
      backend: 't3',
      db: 't2',
      [PASS_THROUGH_SERVICE]: 't2',
    });
  });
  it('maps back to outbound interfaces', () => {
    const got = selectOutboundConnectionPoliciesByInterface(dp, policies);
    expect(got.map((e) => [e.interface.dataplaneIP, e.interface.dataplanePort, e.policy.name])).toEqual([
      ['127.0.0.1', 10001, 't3'],
      ['127.0.0.1', 10002, 't2'],
    ]);
  });
  it('a destination with a tag other than kuma.io/service never matches', () => {
    const p = deepFreeze([
      { name: 'x', sources: [svc('*')], destinations: [svc('backend', { version: 'v1' })] },
    ]);
    expect(selectOutboundConnectionPolicies(dp, p)).toEqual({});
  });
  it('outbounds with backendRef are skipped; an outbound without tags is service ""', () => {
    const dp2 = deepFreeze({
      networking: {
        inbound: [{ tags: { 'kuma.io/service': 'web' } }],
        outbound: [{ port: 1, backendRef: { kind: 'MeshService', name: 'backend' } }, { port: 2 }],
      },
    });
    const p = deepFreeze([{ name: 'all', sources: [svc('*')], destinations: [svc('*')] }]);
    expect(Object.keys(selectOutboundConnectionPolicies(dp2, p))).toEqual(['', PASS_THROUGH_SERVICE]);
  });
  it('explicit services: duplicates count once, unknown services get no entry', () => {
    expect(names(selectConnectionPolicies(dp, ['db', 'db', 'backend'], policies))).toEqual({
      db: 't2',
      backend: 't3',
    });
    expect(selectConnectionPolicies(dp, [], policies)).toEqual({});
  });
  it('the best matching source counts, not the first', () => {
    const p = deepFreeze([
      { name: 'a', sources: [svc('*'), svc('web', { version: 'v1' })], destinations: [svc('*')] },
      { name: 'b', sources: [svc('web')], destinations: [svc('db')] },
    ]);
    // a: (2,0)+(0,1) = (2,1) beats b: (1,0)+(1,0) = (2,0)
    expect(names(selectConnectionPolicies(dp, ['db'], p))).toEqual({ db: 'a' });
  });
});

describe('8.4 name and time tie-break (ProxyTemplate)', () => {
  const dp = deepFreeze({
    networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
  });
  const at = '2024-05-01T10:00:00Z';
  it('same rank and time: the smaller name wins whatever the input order', () => {
    const ps = deepFreeze([
      { name: 'pt-b', creationTime: at, modificationTime: at, selectors: [svc('web')] },
      { name: 'pt-a', creationTime: at, modificationTime: at, selectors: [svc('web')] },
    ]);
    expect(selectDataplanePolicy(dp, ps)?.name).toBe('pt-a');
    expect(selectDataplanePolicy(dp, [...ps].reverse())?.name).toBe('pt-a');
  });
  it('one second later wins; a policy without selectors loses to both', () => {
    const ps = deepFreeze([
      { name: 'pt-b', creationTime: '2024-05-01T10:00:01Z', selectors: [svc('web')] },
      { name: 'pt-a', creationTime: at, selectors: [svc('web')] },
      { name: 'pt-0', creationTime: '2030-01-01T00:00:00Z' },
    ]);
    expect(selectDataplanePolicy(dp, ps)?.name).toBe('pt-b');
    expect(selectDataplanePolicy(dp, ps.slice(2))?.name).toBe('pt-0');
  });
  it('nanosecond precision decides', () => {
    const ps = deepFreeze([
      { name: 'a', creationTime: '2024-05-01T10:00:00.000000001Z', selectors: [svc('web')] },
      { name: 'b', creationTime: '2024-05-01T10:00:00.000000002Z', selectors: [svc('web')] },
    ]);
    expect(selectDataplanePolicy(dp, ps)?.name).toBe('b');
  });
  it('the rank of the matching selector counts, not the best selector of the policy', () => {
    const ps = deepFreeze([
      { name: 'a', selectors: [svc('web'), svc('web', { version: 'v1', zone: 'z' })] },
      { name: 'b', selectors: [svc('*', { x: '*' })] },
    ]);
    // a matches only through its first selector (1,0); b does not match (no x tag)
    expect(selectDataplanePolicy(dp, ps)?.name).toBe('a');
  });
  it('a gateway dataplane matches through its gateway tags; the custom matcher variant works alike', () => {
    const gw = deepFreeze({
      networking: { address: '1.1.1.2', gateway: { type: 'BUILTIN', tags: { 'kuma.io/service': 'edge' } } },
    });
    const ps = deepFreeze([{ name: 'edge', selectors: [svc('edge')] }]);
    expect(selectDataplanePolicy(gw, ps)?.name).toBe('edge');
    expect(selectDataplanePolicyWithMatcher(() => false, ps)).toBeUndefined();
    expect(selectDataplanePolicyWithMatcher((s) => s['kuma.io/service'] === 'edge', ps)?.name).toBe('edge');
  });
});

describe('8.5 all matching policies (FaultInjection)', () => {
  const dp = deepFreeze({
    networking: {
      address: '10.0.0.9',
      inbound: [
        { port: 80, tags: { 'kuma.io/service': 'backend', 'kuma.io/protocol': 'http', version: 'v1' } },
      ],
    },
  });
  const fi1 = {
    name: 'fi-1',
    creationTime: '2024-01-02T00:00:00Z',
    sources: [svc('*')],
    destinations: [svc('backend', { 'kuma.io/protocol': 'http' }), svc('*', { 'kuma.io/protocol': 'http' })],
  };
  const fi2 = {
    name: 'fi-2',
    creationTime: '2024-01-01T00:00:00Z',
    sources: [svc('web', { version: 'v1' }), svc('*')],
    destinations: [svc('backend', { 'kuma.io/protocol': 'http' })],
  };
  it('orders by the first source selector and duplicates per matching destination', () => {
    const got = selectInboundConnectionMatchingPolicies(dp, deepFreeze([fi2, fi1]));
    expect(names(got)).toEqual({ '10.0.0.9:80': ['fi-2', 'fi-1', 'fi-1'] });
  });
  it('every inbound gets an entry, possibly empty', () => {
    const got = selectInboundConnectionMatchingPoliciesByInterface(dp, []);
    expect(got.map((e) => [e.key, e.value])).toEqual([['10.0.0.9:80', []]]);
  });
  it('the direct tag-map variant keeps input order on exact ties', () => {
    const tags = { 'kuma.io/service': 'x' };
    const p = (name: string) => ({ name, sources: [svc('*')], destinations: [svc('x')] });
    expect(selectInboundConnectionAllPolicies(tags, deepFreeze([p('b'), p('a')])).map((x) => x.name)).toEqual(
      ['b', 'a'],
    );
    expect(selectInboundConnectionAllPolicies(tags, [])).toEqual([]);
  });
});

describe('5.5 single policy for a tag set', () => {
  const tags = { 'kuma.io/service': 'httpbin' };
  const p = (name: string, dest = svc('httpbin')) => ({ name, sources: [svc('*')], destinations: [dest] });
  it('keeps input order on exact ties (no name pre-sort)', () => {
    expect(selectInboundConnectionPolicy(tags, deepFreeze([p('b'), p('a')]))?.name).toBe('b');
  });
  it('an empty destination selector wins only when nothing else matches (Q1)', () => {
    const empty = { name: 'empty', sources: [svc('*')], destinations: [{ match: {} }] };
    expect(selectInboundConnectionPolicy(tags, deepFreeze([empty, p('z')]))?.name).toBe('z');
    expect(selectInboundConnectionPolicy(tags, deepFreeze([empty]))?.name).toBe('empty');
  });
});

describe('5.2 per-inbound dataplane policies and collisions (7, L7)', () => {
  const dp = deepFreeze({
    networking: {
      address: '10.0.0.1',
      inbound: [
        { port: 80, servicePort: 8080, tags: { 'kuma.io/service': 'web' } },
        { port: 80, servicePort: 8080, tags: { 'kuma.io/service': 'web-api' } },
        { port: 81, tags: { 'kuma.io/service': 'admin' }, state: 'Ignored' },
      ],
      gateway: undefined,
    },
  });
  const ps = deepFreeze([
    { name: 'web', selectors: [svc('web')] },
    { name: 'api', selectors: [svc('web-api')] },
    { name: 'admin', selectors: [svc('admin')] },
  ]);
  it('a later colliding inbound with a winner overwrites; Ignored inbounds count', () => {
    expect(names(selectInboundDataplanePolicies(dp, ps))).toEqual({
      '10.0.0.1:80': 'api',
      '10.0.0.1:81': 'admin',
    });
    expect(selectInboundDataplanePoliciesByInterface(dp, ps).map((e) => e.value.name)).toEqual([
      'api',
      'admin',
    ]);
  });
  it('a later colliding inbound without a winner does not erase the entry', () => {
    expect(names(selectInboundDataplanePolicies(dp, ps.slice(0, 1)))).toEqual({ '10.0.0.1:80': 'web' });
  });
});

describe('tie-break option', () => {
  const dp = deepFreeze({
    networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { 'kuma.io/service': 'web' } }] },
  });
  const updated = {
    name: 'a',
    creationTime: '2020-01-01T00:00:00Z',
    modificationTime: '2024-01-01T00:00:00Z',
    selectors: [svc('web')],
  };
  const fresh = { name: 'b', creationTime: '2023-01-01T00:00:00Z', selectors: [svc('web')] };
  const ps = deepFreeze([updated, fresh]);
  it('modificationTime by default, falling back to creationTime', () => {
    expect(selectDataplanePolicy(dp, ps)?.name).toBe('a');
  });
  it('creationTime reproduces Kuma 2.8.8', () => {
    expect(selectDataplanePolicy(dp, ps, { tieBreak: 'creationTime' })?.name).toBe('b');
  });
});
