/**
 * K9 for RBAC: large inputs neither crash nor change decisions. (Growth is measured by
 * bench/rbac.bench.ts, never by timed tests.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RbacAction, RoleEndpoint } from '../../src/models/index.js';
import {
  authorizeEndpoint,
  authorizeKongEndpointMap,
  createRbac,
  generalizeEndpoint,
  lintRoles,
  requestCandidates,
  safeCreateRbac,
} from '../../src/rbac/index.js';
import { type RefRequest, refAuthorize, refGeneralize } from '../properties/rbac-reference.js';

describe('200,000 rules', () => {
  const N = 200_000;
  it('safeCreateRbac reports 200k bad rules instead of throwing RangeError', () => {
    const endpoints = Array.from({ length: N }, (_, i) => ({
      endpoint: `/s/${i}`,
      actions: ['nope' as RbacAction],
    }));
    const result = safeCreateRbac({ roles: [{ name: 'big', endpoints }], assignments: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(N);
      expect(result.issues[N - 1]?.path).toBe(`roles[0].endpoints[${N - 1}].actions[0]`);
    }
  });
  it('and compiles 200k good rules and entities', () => {
    const endpoints = Array.from({ length: N }, (_, i) => ({
      endpoint: `/s/${i}`,
      actions: ['read' as RbacAction],
    }));
    const entities = Array.from({ length: N }, (_, i) => ({
      entityId: `e${i}`,
      actions: ['read' as RbacAction],
    }));
    const rbac = createRbac({
      roles: [{ name: 'big', endpoints, entities }],
      assignments: [{ user: 'u', roles: ['big'] }],
    });
    expect(
      rbac.authorize('u', { workspace: 'default', endpoint: `/s/${N - 1}`, action: 'read' }).allowed,
    ).toBe(true);
    expect(rbac.authorize('u', { workspace: 'default', endpoint: `/s/${N}`, action: 'read' }).allowed).toBe(
      false,
    );
    expect(rbac.authorizeEntity('u', { entityId: `e${N - 1}`, action: 'read' }).allowed).toBe(true);
  });
});

describe('lintRoles on a key shared by thousands of roles', () => {
  it('names at most ten of the others in each finding (the findings stay linear in size)', () => {
    const roles = Array.from({ length: 3000 }, (_, i) => ({
      name: `r${i}`,
      endpoints: [
        { workspace: '*', endpoint: '/services', actions: ['read' as RbacAction], negative: true },
        { workspace: '*', endpoint: '/routes', actions: ['read' as RbacAction] },
      ],
    }));
    roles.push({
      name: 'p',
      endpoints: [{ workspace: '*', endpoint: '/services', actions: ['read' as RbacAction] }],
    } as (typeof roles)[number]);
    const findings = lintRoles(roles);
    const shadowed = findings.filter((f) => f.code === 'positive-shadowed');
    expect(shadowed).toHaveLength(1);
    expect(shadowed[0]?.message).toContain('r9.endpoints[0] and 2990 more');
    expect(findings.reduce((n, f) => n + f.message.length, 0)).toBeLessThan(3001 * 400);
  });
});

describe('long paths: only the generalisations some rule has are looked up, with the same decisions', () => {
  it('generalizeEndpoint agrees with the reference on long paths', () => {
    const seg = fc.constantFrom('a', 'b*', '*', 'x*y', 'svc', '');
    fc.assert(
      fc.property(fc.array(seg, { minLength: 17, maxLength: 60 }), fc.boolean(), (segs, lead) => {
        const path = `${lead ? '/' : ''}${segs.join('/')}`;
        expect(generalizeEndpoint(path)).toEqual(refGeneralize(path));
      }),
      { seed: 20261210, numRuns: 300 },
    );
  });

  it('requestCandidates keeps its order and drops the generalisation equal to the route', () => {
    const path = `/services${'/x'.repeat(20)}`;
    const route = `/services${'/:x'.repeat(19)}/x`;
    const list = requestCandidates(path, route).map((c) => c.endpoint);
    expect(list).toHaveLength(new Set(list).size);
    expect(list.slice(0, 2)).toEqual([path, `/services${'/*'.repeat(19)}/x`]);
    expect(list.at(-1)).toBe('*');
    expect(list.length).toBe(1 + 1 + 21 + 1);
  });

  it('authorizeEndpoint and the engine agree with the reference on paths of 17–40 segments', () => {
    // Rules drawn from the path's own generalisations (and near misses), so long rules do match.
    const arb = fc
      .record({
        segs: fc.array(fc.constantFrom('a', 'b', 'c*', 'svc', 'x*y', '*'), { minLength: 16, maxLength: 39 }),
        picks: fc.array(
          fc.record({
            which: fc.nat(),
            workspace: fc.constantFrom('ws', '*'),
            actions: fc.subarray<RbacAction>(['read', 'create', 'update', 'delete']),
            negative: fc.boolean(),
            miss: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        action: fc.constantFrom<RbacAction>('read', 'create', 'update', 'delete'),
        semantics: fc.constantFrom('documented' as const, 'kong' as const, 'kong-legacy' as const),
        route: fc.boolean(),
      })
      .map(({ segs, picks, action, semantics, route }) => {
        const path = `/${['services', ...segs].join('/')}`;
        const gens = refGeneralize(path);
        const seen = new Set<string>();
        const rules: RoleEndpoint[] = [];
        for (const p of picks) {
          let endpoint = gens.length === 0 ? path : (gens[p.which % gens.length] ?? path);
          if (p.miss) endpoint = `${endpoint.slice(0, -1)}q`;
          const key = `${p.workspace} ${endpoint}`;
          if (seen.has(key)) continue;
          seen.add(key);
          rules.push(
            p.negative
              ? { workspace: p.workspace, endpoint, actions: p.actions, negative: true }
              : { workspace: p.workspace, endpoint, actions: p.actions },
          );
        }
        const routeName = route
          ? `/services${segs.map((s, i) => (i % 3 === 0 || s.includes('*') ? '/:p' : `/${s}`)).join('')}`
          : undefined;
        const req: RefRequest =
          routeName === undefined
            ? { workspace: 'ws', endpoint: path, action }
            : { workspace: 'ws', endpoint: path, action, routeName };
        return { rules, req, semantics };
      });
    fc.assert(
      fc.property(arb, ({ rules, req, semantics }) => {
        const want = refAuthorize(rules, req, semantics);
        const got = authorizeEndpoint(rules, req, { semantics });
        expect({ allowed: got.allowed, reason: got.reason, tier: got.tier }).toEqual({
          allowed: want.allowed,
          reason: want.reason,
          tier: want.tier,
        });
        const rbac = createRbac(
          {
            roles: [{ name: 'r', workspace: 'ws', endpoints: rules }],
            assignments: [{ user: 'u', workspace: 'ws', role: 'r' }],
          },
          { semantics },
        );
        const e = rbac.explain('u', req);
        expect({ allowed: e.allowed, reason: e.reason, tier: e.tier }).toEqual({
          allowed: want.allowed,
          reason: want.reason,
          tier: want.tier,
        });
        expect(rbac.authorize('u', req).allowed).toBe(want.allowed);
      }),
      { seed: 20261211, numRuns: 600 },
    );
  });

  it("Kong's replay function decides long paths by the map's keys", () => {
    const path = `/a${'/x'.repeat(40)}`;
    const key = `/a${'/x'.repeat(20)}${'/*'.repeat(20)}`;
    const map = new Map([['ws', new Map([[key, 0x01]])]]);
    expect(
      authorizeKongEndpointMap(map, { workspace: 'ws', endpoint: path, action: 'read' }, 'v2024-01'),
    ).toBe(true);
    expect(
      authorizeKongEndpointMap(map, { workspace: 'ws', endpoint: `${path}/y`, action: 'read' }, 'v2024-01'),
    ).toBe(false);
  });
});
