/** The reference implementation itself reproduces the spec's worked examples (so properties compare against something right). */
import { describe, expect, it } from 'vitest';
import {
  refSelectDataplanePolicy,
  refSelectInboundConnectionMatchingPolicies,
  refSelectInboundConnectionPolicies,
  refSelectOutboundConnectionPolicies,
} from './reference.js';

const svc = (service: string, extra: Record<string, string> = {}) => ({
  match: { 'kuma.io/service': service, ...extra },
});
const names = (r: Record<string, { name: string } | { name: string }[]>) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.map((p) => p.name) : v.name]),
  );

describe('reference implementation', () => {
  it('8.3 aggregate ranks', () => {
    const dp = {
      networking: {
        inbound: [{ tags: { 'kuma.io/service': 'web', version: 'v1' } }],
        outbound: [{ tags: { 'kuma.io/service': 'backend' } }, { tags: { 'kuma.io/service': 'db' } }],
      },
    };
    const ps = [
      { name: 't1', creationTime: '2020-01-01T00:00:00Z', sources: [svc('*')], destinations: [svc('*')] },
      { name: 't2', creationTime: '2019-01-01T00:00:00Z', sources: [svc('web')], destinations: [svc('*')] },
      {
        name: 't3',
        creationTime: '2021-01-01T00:00:00Z',
        sources: [svc('*')],
        destinations: [svc('backend')],
      },
    ];
    expect(names(refSelectOutboundConnectionPolicies(dp, ps))).toEqual({
      backend: 't3',
      db: 't2',
      pass_through: 't2',
    });
  });
  it('8.2 inbound, 8.4 name tie-break, 8.5 ordering', () => {
    const dp = {
      networking: {
        address: '10.0.0.5',
        inbound: [
          { port: 9000, tags: { 'kuma.io/service': 'backend', version: 'v1', 'kuma.io/protocol': 'http' } },
          { port: 9001, tags: { 'kuma.io/service': 'backend', version: 'v2' } },
        ],
      },
    };
    const tps = [
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
    ];
    expect(names(refSelectInboundConnectionPolicies(dp, tps))).toEqual({
      '10.0.0.5:9000': 'tp-a',
      '10.0.0.5:9001': 'tp-b',
    });
    const at = '2024-05-01T10:00:00Z';
    const pts = [
      { name: 'pt-b', creationTime: at, selectors: [svc('backend')] },
      { name: 'pt-a', creationTime: at, selectors: [svc('backend')] },
    ];
    expect(refSelectDataplanePolicy(dp, pts)?.name).toBe('pt-a');
    const fi = [
      {
        name: 'fi-1',
        creationTime: 't1',
        sources: [svc('*')],
        destinations: [
          svc('backend', { 'kuma.io/protocol': 'http' }),
          svc('*', { 'kuma.io/protocol': 'http' }),
        ],
      },
      {
        name: 'fi-2',
        sources: [svc('web', { version: 'v1' }), svc('*')],
        destinations: [svc('backend', { 'kuma.io/protocol': 'http' })],
      },
    ];
    expect(names(refSelectInboundConnectionMatchingPolicies(dp, fi))['10.0.0.5:9000']).toEqual([
      'fi-2',
      'fi-1',
      'fi-1',
    ]);
  });
});
