/**
 * Every example of seed 002 ("How Kong Mesh chooses the right policy to apply") with its exact
 * expected winner.
 */
import { describe, expect, it } from 'vitest';
import {
  compareTagSelectorRanks,
  type LegacyPolicyLike,
  selectConnectionPolicies,
  selectDataplanePolicy,
  selectInboundConnectionPolicies,
  selectOutboundConnectionPolicies,
  shadowedPolicies,
  tagSelectorRank,
} from '../../src/legacy/index.js';
import { loadResources } from '../../src/models/index.js';
import { deepFreeze } from './helpers.js';

const svc = (service: string, extra: Record<string, string> = {}) => ({
  match: { 'kuma.io/service': service, ...extra },
});
const names = (r: Record<string, LegacyPolicyLike>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.name]));

describe('seed 002: catch-all vs web-to-backend (TrafficLog)', () => {
  const catchAll = {
    type: 'TrafficLog',
    name: 'catch-all-policy',
    sources: [svc('*')],
    destinations: [svc('*')],
    conf: { backend: 'logstash' },
  };
  const webToBackend = {
    type: 'TrafficLog',
    name: 'web-to-backend-policy',
    sources: [svc('web', { cloud: 'aws', region: 'us' })],
    destinations: [svc('backend')],
    conf: { backend: 'splunk' },
  };
  const policies = deepFreeze([catchAll, webToBackend]);
  const webInAws = deepFreeze({
    name: 'web-1',
    networking: {
      address: '192.168.0.1',
      inbound: [{ port: 9000, tags: { 'kuma.io/service': 'web', cloud: 'aws', region: 'us' } }],
      outbound: [
        { port: 1234, tags: { 'kuma.io/service': 'backend' } },
        { port: 1235, tags: { 'kuma.io/service': 'admin' } },
      ],
    },
  });
  it('the focused policy wins for web → backend, the catch-all elsewhere', () => {
    expect(names(selectOutboundConnectionPolicies(webInAws, policies))).toEqual({
      backend: 'web-to-backend-policy',
      admin: 'catch-all-policy',
      pass_through: 'catch-all-policy',
    });
  });
  it('a web proxy outside aws/us only gets the catch-all', () => {
    const webElsewhere = deepFreeze({
      name: 'web-2',
      networking: {
        address: '192.168.0.3',
        inbound: [{ port: 9000, tags: { 'kuma.io/service': 'web', cloud: 'gcp' } }],
        outbound: [{ port: 1234, tags: { 'kuma.io/service': 'backend' } }],
      },
    });
    expect(names(selectOutboundConnectionPolicies(webElsewhere, policies))).toEqual({
      backend: 'catch-all-policy',
      pass_through: 'catch-all-policy',
    });
  });
});

describe('seed 002: the four general rules', () => {
  const rank = (match: Record<string, string>) => tagSelectorRank(match);
  it('rule 1: more tags is more specific', () => {
    expect(
      compareTagSelectorRanks(
        rank({ 'kuma.io/service': '*', cloud: 'aws', region: 'us' }),
        rank({ 'kuma.io/service': '*' }),
      ),
    ).toBeGreaterThan(0);
  });
  it('rule 2: an exact value beats a wildcard', () => {
    expect(
      compareTagSelectorRanks(rank({ 'kuma.io/service': 'web' }), rank({ 'kuma.io/service': '*' })),
    ).toBeGreaterThan(0);
  });
  it('rule 3: same number of tags, more exact values wins', () => {
    expect(
      compareTagSelectorRanks(
        rank({ 'kuma.io/service': 'web', version: 'v1' }),
        rank({ 'kuma.io/service': 'web', version: '*' }),
      ),
    ).toBeGreaterThan(0);
  });
  it('rule 4: equal policies resolve to the latest one (modificationTime by default)', () => {
    const dp = deepFreeze({
      networking: {
        address: '10.0.0.1',
        inbound: [{ port: 80, tags: { 'kuma.io/service': 'web', version: 'v1', cloud: 'aws' } }],
      },
    });
    const newer = {
      name: 'newer',
      creationTime: '2018-01-01T20:00:00Z',
      modificationTime: '2020-01-01T20:00:00.0000Z',
      selectors: [svc('web', { version: 'v1' })],
    };
    const older = {
      name: 'older',
      creationTime: '2019-01-01T00:00:00Z',
      modificationTime: '2019-01-01T20:00:00.0000Z',
      selectors: [svc('web', { cloud: 'aws' })],
    };
    const ps = deepFreeze([older, newer]);
    expect(selectDataplanePolicy(dp, ps)?.name).toBe('newer');
    // Kuma 2.8.8 compares creation times only: the policy created later wins there.
    expect(selectDataplanePolicy(dp, ps, { tieBreak: 'creationTime' })?.name).toBe('older');
  });
});

describe('seed 002: combine policies to avoid overriding (TrafficPermission)', () => {
  const a = deepFreeze({
    type: 'Dataplane',
    mesh: 'default',
    name: 'a-1',
    networking: { address: '10.0.0.10', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'a' } }] },
  });
  const bToA = {
    type: 'TrafficPermission',
    mesh: 'default',
    name: 'allow-b-to-a',
    creationTime: '2024-01-01T00:00:00Z',
    sources: [svc('b')],
    destinations: [svc('a')],
  };
  const cToA = {
    type: 'TrafficPermission',
    mesh: 'default',
    name: 'allow-c-to-a',
    creationTime: '2024-01-02T00:00:00Z',
    sources: [svc('c')],
    destinations: [svc('a')],
  };
  it('the most recent of two equally specific permissions overrides the other', () => {
    expect(names(selectInboundConnectionPolicies(a, deepFreeze([bToA, cToA])))).toEqual({
      '10.0.0.10:8080': 'allow-c-to-a',
    });
  });
  it('the overridden permission is reported as shadowed', () => {
    const shadowed = shadowedPolicies([a], deepFreeze([bToA, cToA]));
    expect(shadowed.map((s) => [s.policy.name, s.shadowedBy.name, s.target])).toEqual([
      ['allow-b-to-a', 'allow-c-to-a', '10.0.0.10:8080'],
    ]);
    expect(shadowed[0]?.reason).toMatch(/later/);
  });
  it('the combined policy is the single one selected and carries both sources', () => {
    const combined = {
      type: 'TrafficPermission',
      mesh: 'default',
      name: 'allow-b-c-to-a',
      sources: [svc('b'), svc('c')],
      destinations: [svc('a')],
    };
    const got = selectInboundConnectionPolicies(a, deepFreeze([combined]));
    expect(names(got)).toEqual({ '10.0.0.10:8080': 'allow-b-c-to-a' });
    expect(got['10.0.0.10:8080']?.sources).toHaveLength(2);
    expect(shadowedPolicies([a], deepFreeze([combined]))).toEqual([]);
  });
});

describe('seed 002: dataplane policy (ProxyTemplate), loaded from Universal YAML', () => {
  const { resources, issues } = loadResources(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 192.168.0.1
  inbound:
    - port: 9000
      servicePort: 6379
      tags:
        kuma.io/service: web
---
type: ProxyTemplate
mesh: default
name: custom-template-1
selectors:
  - match:
      kuma.io/service: web
conf:
  imports:
    - default-proxy
`);
  it('applies custom-template-1 to web-1', () => {
    expect(issues).toEqual([]);
    const [dp, pt] = resources;
    if (dp?.type !== 'Dataplane' || pt?.type !== 'ProxyTemplate') throw new Error('fixture did not load');
    expect(selectDataplanePolicy(dp, [pt])?.name).toBe('custom-template-1');
  });
});

const web1 = deepFreeze({
  name: 'web-1',
  networking: {
    address: '192.168.0.1',
    inbound: [{ port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'web' } }],
    outbound: [
      { port: 1234, tags: { 'kuma.io/service': 'backend' } },
      { port: 1234, tags: { 'kuma.io/service': 'admin' } },
    ],
  },
});

describe('seed 002: outbound connection policy (HealthCheck)', () => {
  const hc = deepFreeze([
    { name: 'catch-all-policy', sources: [svc('web')], destinations: [svc('backend')] },
  ]);
  it('applies only to the backend outbound of web-1', () => {
    expect(names(selectConnectionPolicies(web1, ['backend', 'admin'], hc))).toEqual({
      backend: 'catch-all-policy',
    });
  });
  it('does not change backend-1', () => {
    const backend1 = deepFreeze({
      name: 'backend-1',
      networking: {
        address: '192.168.0.2',
        inbound: [{ port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'backend' } }],
      },
    });
    expect(selectConnectionPolicies(backend1, ['web'], hc)).toEqual({});
  });
});

describe('seed 002: inbound connection policy (TrafficPermission)', () => {
  const tp = deepFreeze([
    { name: 'catch-all-policy', sources: [svc('web')], destinations: [svc('backend')] },
  ]);
  it('is enforced on the first inbound of backend-1 only', () => {
    const backend1 = deepFreeze({
      name: 'backend-1',
      networking: {
        address: '192.168.0.2',
        inbound: [
          { port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'backend' } },
          { port: 9000, servicePort: 6379, tags: { 'kuma.io/service': 'backend-api' } },
        ],
      },
    });
    // Both inbounds share one listener (and interface); the backend-api one has no winner, so the
    // backend inbound's policy stays.
    expect(names(selectInboundConnectionPolicies(backend1, tp))).toEqual({
      '192.168.0.2:9000': 'catch-all-policy',
    });
  });
  it('leaves web-1 unchanged', () => {
    expect(selectInboundConnectionPolicies(web1, tp)).toEqual({});
  });
});
