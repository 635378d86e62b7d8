/**
 * Hostile input never crashes legacy selection: any value either selects or raises a
 * MeshPolicyError, and never pollutes prototypes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as legacy from '../../src/legacy/index.js';
import { MeshPolicyError } from '../../src/models/index.js';

const params = {
  numRuns: Number(process.env.FC_NUM_RUNS ?? (process.env.CI ? 200 : 400)),
  seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261123,
};

const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'kuma.io/service',
  'version',
  '',
  'toString',
);
const hostileValue = fc.oneof(fc.constantFrom('*', 'web', '', '__proto__'), fc.anything({ maxDepth: 1 }));
const tags = fc.dictionary(hostileKey, hostileValue, { maxKeys: 4 });
const selectorList = fc.oneof(
  fc.array(
    fc.oneof(
      fc.record({ match: fc.oneof(tags, fc.anything({ maxDepth: 1 })) }),
      fc.anything({ maxDepth: 1 }),
    ),
    { maxLength: 3 },
  ),
  fc.anything({ maxDepth: 1 }),
);
const policy = fc.oneof(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('a', 'b', '__proto__'), fc.anything({ maxDepth: 0 })),
      creationTime: fc.oneof(
        fc.constantFrom('2020-01-01T00:00:00Z', 'not a time'),
        fc.anything({ maxDepth: 0 }),
      ),
      modificationTime: fc.anything({ maxDepth: 0 }),
      sources: selectorList,
      destinations: selectorList,
      selectors: selectorList,
    },
    { requiredKeys: [] },
  ),
  fc.anything({ maxDepth: 1 }),
);
const dataplane = fc.oneof(
  fc.record(
    {
      networking: fc.oneof(
        fc.record(
          {
            address: fc.anything({ maxDepth: 0 }),
            inbound: fc.oneof(
              fc.array(fc.record({ port: fc.anything({ maxDepth: 0 }), tags }, { requiredKeys: [] }), {
                maxLength: 3,
              }),
              fc.anything({ maxDepth: 1 }),
            ),
            outbound: fc.oneof(
              fc.array(fc.record({ port: fc.integer(), tags }, { requiredKeys: [] }), { maxLength: 3 }),
              fc.anything({ maxDepth: 1 }),
            ),
            gateway: fc.oneof(fc.record({ tags }), fc.anything({ maxDepth: 1 })),
          },
          { requiredKeys: [] },
        ),
        fc.anything({ maxDepth: 1 }),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.anything({ maxDepth: 1 }),
);

function safely(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof MeshPolicyError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
  }
}

describe('legacy selection on hostile input', () => {
  it('returns or throws MeshPolicyError, and leaves Object.prototype alone', () => {
    fc.assert(
      fc.property(
        dataplane,
        fc.oneof(fc.array(policy, { maxLength: 4 }), fc.anything({ maxDepth: 1 })),
        (dp, ps) => {
          const d = dp as never;
          const p = ps as never;
          safely(() => legacy.selectDataplanePolicy(d, p));
          safely(() => legacy.explainDataplanePolicy(d, p));
          safely(() => legacy.selectInboundDataplanePolicies(d, p));
          safely(() => legacy.selectOutboundConnectionPolicies(d, p));
          safely(() => legacy.explainOutboundConnectionPolicies(d, p));
          safely(() => legacy.selectConnectionPolicies(d, ['web', '__proto__'], p));
          safely(() => legacy.selectInboundConnectionPolicies(d, p));
          safely(() => legacy.explainInboundConnectionPolicies(d, p));
          safely(() => legacy.selectInboundConnectionMatchingPolicies(d, p));
          safely(() => legacy.explainInboundConnectionMatchingPolicies(d, p));
          safely(() => legacy.selectOutboundConnectionPoliciesByInterface(d, p));
          safely(() => legacy.explainConnectionPolicies(d, p as never, p));
          safely(() => legacy.selectInboundConnectionPolicy(dp as never, p));
          safely(() => legacy.selectInboundConnectionAllPolicies(dp as never, p));
          safely(() => legacy.selectExternalServicePermissions(ps as never, p));
          safely(() => legacy.selectDataplanePolicyWithMatcher(() => true, p));
          safely(() => legacy.validateLegacyPolicy(Array.isArray(ps) ? ps[0] : ps));
          safely(() => legacy.explainInboundDataplanePolicies(d, p));
          safely(() => legacy.selectInboundDataplanePoliciesByInterface(d, p));
          safely(() => legacy.selectInboundConnectionPoliciesByInterface(d, p));
          safely(() => legacy.selectInboundConnectionMatchingPoliciesByInterface(d, p));
          safely(() => legacy.shadowedPolicies([d], p));
          safely(() => legacy.splitLegacyPoliciesBySource(p));
          safely(() => legacy.sortLegacyPoliciesByName(p));
          safely(() => legacy.dataplaneMatches(d, { 'kuma.io/service': '*' }));
          safely(() => legacy.legacyInboundKey(d, (Array.isArray(ps) ? ps[0] : ps) as never));
          safely(() => legacy.legacyInboundInterface(d, (Array.isArray(ps) ? ps[0] : ps) as never));
          safely(() => legacy.legacyOutboundServices(d));
          safely(() => legacy.firstMatchingSelectorRank(dp as never, p));
          safely(() =>
            legacy.resolveTrafficRouteWildcards((Array.isArray(ps) ? ps[0] : ps) as never, dp as never),
          );
          safely(() => legacy.validateLegacyDataplane(dp));
          expect(Object.keys(Object.prototype)).toEqual([]);
          expect(({} as Record<string, unknown>).web).toBeUndefined();
        },
      ),
      params,
    );
  });
});
