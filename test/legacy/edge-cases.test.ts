/**
 * Edge cases of spec 01 that the conformance tables do not reach, and the public helpers' behaviour
 * on malformed input (a MeshPolicyError, never another exception).
 */
import { describe, expect, it } from 'vitest';
import {
  selectInboundConnectionMatchingPolicies,
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
