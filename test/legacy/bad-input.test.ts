/** Bad input: a MeshPolicyError with Kuma-style paths or the behaviour spec 01 gives; never a crash. */
import { describe, expect, it } from 'vitest';
import {
  selectConnectionPolicies,
  selectDataplanePolicy,
  selectInboundConnectionMatchingPolicies,
  selectInboundConnectionPolicies,
  selectOutboundConnectionPolicies,
  validateLegacyDataplane,
  validateLegacyPolicy,
} from '../../src/legacy/index.js';
import { MeshPolicyError } from '../../src/models/index.js';
import { deepFreeze } from './helpers.js';

const dp = deepFreeze({
  name: 'web-1',
  networking: {
    address: '10.0.0.1',
    inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }],
    outbound: [{ port: 1, tags: { 'kuma.io/service': 'backend' } }],
  },
});

function errorOf(fn: () => unknown): MeshPolicyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MeshPolicyError) return e;
    throw e;
  }
  throw new Error('expected a MeshPolicyError');
}

describe('malformed inputs raise MeshPolicyError with paths', () => {
  it('a non-string tag value', () => {
    const p = [{ name: 'x', sources: [{ match: { 'kuma.io/service': 1 } }], destinations: [{ match: {} }] }];
    const e = errorOf(() => selectOutboundConnectionPolicies(dp, p as never));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues).toEqual([
      { path: 'policies[0].sources[0].match["kuma.io/service"]', message: 'tag value must be a string' },
    ]);
  });
  it('a policy that is not an object, a selector list that is not a list', () => {
    const e = errorOf(() => selectDataplanePolicy(dp, [null, { name: 'y', selectors: 'web' }] as never));
    expect(e.issues.map((i) => i.path)).toEqual(['policies[0]', 'policies[1].selectors']);
  });
  it('a malformed dataplane and services list', () => {
    const bad = { networking: { inbound: [{ port: '80', tags: { a: {} } }] } };
    const e = errorOf(() => selectConnectionPolicies(bad as never, ['a', 3] as never, []));
    expect(e.issues.map((i) => i.path)).toEqual([
      'networking.inbound[0].tags.a',
      'networking.inbound[0].port',
      'services[1]',
    ]);
  });
  it('an unknown tie-break', () => {
    expect(
      errorOf(() => selectDataplanePolicy(dp, [], { tieBreak: 'newest' as never })).issues[0]?.path,
    ).toBe('tieBreak');
  });
  it('hostile keys do not pollute prototypes', () => {
    const policies = JSON.parse(
      '[{"name":"p","sources":[{"match":{"__proto__":"*"}}],"destinations":[{"match":{"kuma.io/service":"__proto__"}}]}]',
    ) as never;
    const hostile = JSON.parse(
      '{"networking":{"address":"1.1.1.1","inbound":[{"port":1,"tags":{"__proto__":"x","kuma.io/service":"a"}}],"outbound":[{"port":2,"tags":{"kuma.io/service":"__proto__"}}]}}',
    ) as never;
    const got = selectOutboundConnectionPolicies(hostile, policies);
    expect(Object.keys(got)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe('degenerate inputs behave as the spec says', () => {
  it('null or missing lists are empty', () => {
    expect(selectDataplanePolicy(dp, null)).toBeUndefined();
    expect(selectOutboundConnectionPolicies({}, null)).toEqual({});
    expect(selectInboundConnectionPolicies({}, undefined)).toEqual({});
  });
  it('a policy without sources/destinations never matches connections', () => {
    const p = deepFreeze([{ name: 'nothing' }]);
    expect(selectOutboundConnectionPolicies(dp, p)).toEqual({});
    expect(selectInboundConnectionPolicies(dp, p)).toEqual({});
    expect(selectInboundConnectionMatchingPolicies(dp, p)).toEqual({ '10.0.0.1:80': [] });
  });
  it('a dataplane with no inbounds has no inbound results and matches no source', () => {
    const p = deepFreeze([{ name: 'all', sources: [{ match: {} }], destinations: [{ match: {} }] }]);
    const noInbounds = deepFreeze({
      networking: { address: '1.1.1.1', outbound: [{ port: 1, tags: { 'kuma.io/service': 'a' } }] },
    });
    expect(selectInboundConnectionPolicies(noInbounds, p)).toEqual({});
    expect(selectOutboundConnectionPolicies(noInbounds, p)).toEqual({});
  });
  it('an empty selector list on a selector policy matches with rank 0', () => {
    expect(selectDataplanePolicy({}, deepFreeze([{ name: 'pt', selectors: [] }]))?.name).toBe('pt');
  });
});

describe('validateLegacyPolicy', () => {
  it('accepts a well-formed policy', () => {
    expect(
      validateLegacyPolicy({
        type: 'TrafficRoute',
        name: 'r',
        sources: [{ match: { 'kuma.io/service': '*' } }],
        destinations: [{ match: { 'kuma.io/service': 'backend' } }],
      }),
    ).toEqual({ ok: true, issues: [] });
  });
  it('reports missing lists, empty selectors, empty keys, non-string values and misplaced tags', () => {
    const r = validateLegacyPolicy({
      type: 'Timeout',
      name: 't',
      sources: [{ match: {} }, { match: { '': 'x', version: 2 } }],
      destinations: [{ match: { 'kuma.io/service': 'b', version: 'v1' } }],
    });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      { path: 'sources[0].match', message: 'must have at least one tag' },
      { path: 'sources[1].match', message: 'tag name must be non-empty' },
      { path: 'sources[1].match.version', message: 'tag value must be a string' },
      { path: 'sources[1].match', message: 'must contain tag "kuma.io/service"' },
      {
        path: 'destinations[0].match.version',
        message: 'only "kuma.io/service" is supported in destinations of Timeout',
      },
    ]);
    expect(validateLegacyPolicy({ type: 'TrafficPermission', name: 'p' }).issues.map((i) => i.path)).toEqual([
      'sources',
      'destinations',
    ]);
  });
  it('ProxyTemplate may have no selectors; FaultInjection needs a protocol', () => {
    expect(validateLegacyPolicy({ type: 'ProxyTemplate', name: 'pt', selectors: [] }).ok).toBe(true);
    const fi = validateLegacyPolicy({
      type: 'FaultInjection',
      name: 'fi',
      sources: [{ match: { 'kuma.io/service': '*' } }],
      destinations: [{ match: { 'kuma.io/service': 'b' } }],
    });
    expect(fi.issues.map((i) => i.path)).toEqual(['destinations[0].match']);
    expect(validateLegacyPolicy(42).ok).toBe(false);
  });
});

describe('validateLegacyDataplane', () => {
  it('requires an inbound for a sidecar and reports colliding inbound interfaces', () => {
    expect(validateLegacyDataplane({ networking: { address: '1.1.1.1' } }).issues.map((i) => i.path)).toEqual(
      ['networking'],
    );
    const collide = validateLegacyDataplane({
      networking: {
        address: '1.1.1.1',
        inbound: [
          { port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'backend' } },
          { port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'backend-api' } },
        ],
      },
    });
    expect(collide.issues.map((i) => i.path)).toEqual(['networking.inbound[1]']);
    expect(validateLegacyDataplane(dp)).toEqual({ ok: true, issues: [] });
  });
});

describe('large selectors', () => {
  it('a selector with 70,000 tags still ranks above a smaller one', () => {
    const tags = Object.fromEntries(
      Array.from({ length: 70_000 }, (_, i) => [`k${i}`, i % 2 === 0 ? '*' : `v${i}`]),
    );
    const big = deepFreeze({
      networking: { address: '1.1.1.1', inbound: [{ port: 1, tags: { ...tags, 'kuma.io/service': 'web' } }] },
    });
    const ps = deepFreeze([
      { name: 'a', selectors: [{ match: { 'kuma.io/service': 'web' } }] },
      { name: 'b', selectors: [{ match: tags }] },
    ]);
    expect(selectDataplanePolicy(big, ps)?.name).toBe('b');
  });
});
