import { describe, expect, it } from 'vitest';
import { createRbac, defaultRoles, type RbacRequest, type RbacSemantics } from '../../src/rbac/index.js';

const deepFreeze = <T>(v: T): T => {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};

const req = (
  workspace: string,
  action: RbacRequest['action'],
  endpoint: string,
  routeName?: string,
): RbacRequest =>
  routeName === undefined ? { workspace, action, endpoint } : { workspace, action, endpoint, routeName };

describe('seed 004: default roles', () => {
  it('the default workspace has read-only, admin and super-admin, with rules on every workspace', () => {
    const roles = defaultRoles('default');
    expect(roles.map((r) => r.name)).toEqual(['read-only', 'admin', 'super-admin']);
    for (const r of roles) for (const e of r.endpoints) expect(e.workspace).toBe('*');
  });

  it('a new workspace gets workspace-read-only, -admin, -super-admin and -portal-admin on itself', () => {
    const roles = defaultRoles('Payments');
    expect(roles.map((r) => r.name)).toEqual([
      'workspace-read-only',
      'workspace-admin',
      'workspace-super-admin',
      'workspace-portal-admin',
    ]);
    for (const r of roles) for (const e of r.endpoints) expect(e.workspace).toBe('Payments');
  });

  it('kongVersion selects the /admins (3.6) and /groups (3.8) negatives of admin', () => {
    const endpoints = (v?: string) =>
      defaultRoles('default', v === undefined ? {} : { kongVersion: v })
        .find((r) => r.name === 'admin')!
        .endpoints.map((e) => e.endpoint);
    expect(endpoints('3.5.0.0')).not.toContain('/admins');
    expect(endpoints('3.6.0.0')).toContain('/admins');
    expect(endpoints('3.6.0.0')).not.toContain('/groups');
    expect(endpoints()).toContain('/groups/*');
  });

  for (const semantics of ['documented', 'kong'] as RbacSemantics[]) {
    it(`[${semantics}] admin has full access except RBAC; only super-admin can modify RBAC`, () => {
      const rbac = createRbac(
        deepFreeze({
          roles: defaultRoles('default'),
          assignments: [
            { user: 'ada', roles: ['admin'] },
            { user: 'sam', roles: ['super-admin'] },
            { user: 'rita', roles: ['read-only'] },
          ],
        }),
        { semantics },
      );
      expect(rbac.authorize('ada', req('default', 'create', '/services')).allowed).toBe(true);
      expect(rbac.authorize('ada', req('other', 'delete', '/routes/r1')).allowed).toBe(true);
      const rbacDenied = rbac.authorize(
        'ada',
        req('default', 'read', '/rbac/users/bob/permissions', '/rbac/users/:name_or_id/permissions'),
      );
      expect(rbacDenied).toMatchObject({ allowed: false, reason: 'negative-rule' });
      expect(rbacDenied.decidedBy).toMatchObject({ workspace: '*', endpoint: '/rbac/*/*/*', negative: true });
      expect(rbac.authorize('ada', req('default', 'create', '/rbac/roles')).allowed).toBe(false);
      expect(rbac.authorize('sam', req('default', 'create', '/rbac/roles')).allowed).toBe(true);
      expect(rbac.authorize('rita', req('ws', 'read', '/services')).allowed).toBe(true);
      expect(rbac.authorize('rita', req('ws', 'create', '/services')).allowed).toBe(false);
    });
  }
});

describe('seed 004: workspaces Payments and Deliveries', () => {
  const rbac = createRbac({
    roles: [...defaultRoles('default'), ...defaultRoles('Payments'), ...defaultRoles('Deliveries')],
    assignments: [{ user: 'pat', workspace: 'Payments', roles: ['workspace-admin'] }],
    workspaces: ['Payments', 'Deliveries'],
  });
  it('an admin created in Payments has access there', () => {
    expect(rbac.authorize('pat', req('Payments', 'create', '/services')).allowed).toBe(true);
  });
  it('an admin created in Payments has no access to any Deliveries endpoint', () => {
    for (const action of ['read', 'create', 'update', 'delete'] as const) {
      const d = rbac.authorize('pat', req('Deliveries', action, '/services'));
      expect(d).toEqual({ allowed: false, reason: 'no-matching-rule' });
    }
  });
});

describe('seed 004: super-admin in default + workspace-read-only in ws', () => {
  const input = deepFreeze({
    roles: [...defaultRoles('default'), ...defaultRoles('ws')],
    assignments: [
      { user: 'u', roles: ['super-admin'] },
      { user: 'u', workspace: 'ws', roles: ['workspace-read-only'] },
    ],
  });
  const documented = createRbac(input);
  const kong = createRbac(input, { semantics: 'kong' });

  it('documented (default): read-only in ws', () => {
    expect(documented.authorize('u', req('ws', 'read', '/services'))).toMatchObject({
      allowed: true,
      reason: 'positive-rule',
      tier: { workspace: 'ws', endpoint: '*', level: 3 },
    });
    expect(documented.authorize('u', req('ws', 'create', '/services'))).toMatchObject({
      allowed: false,
      reason: 'not-granted',
      tier: { workspace: 'ws', endpoint: '*', level: 3 },
    });
    expect(documented.effectiveRoles('u', 'ws')).toEqual([{ name: 'workspace-read-only', workspace: 'ws' }]);
  });

  it('documented: full access in every other workspace, including RBAC', () => {
    expect(documented.authorize('u', req('other', 'create', '/services'))).toMatchObject({
      allowed: true,
      tier: { workspace: '*', endpoint: '*', level: 4 },
    });
    expect(documented.authorize('u', req('default', 'create', '/rbac/roles')).allowed).toBe(true);
    expect(documented.effectiveRoles('u', 'other')).toEqual([{ name: 'super-admin', workspace: 'default' }]);
  });

  it('kong: the read-only role takes nothing away (spec 05 §7, K3)', () => {
    expect(kong.authorize('u', req('ws', 'create', '/services'))).toMatchObject({
      allowed: true,
      tier: { workspace: '*', endpoint: '*', level: 4 },
    });
    expect(kong.authorize('u', req('ws', 'read', '/services'))).toMatchObject({
      allowed: true,
      tier: { workspace: 'ws', endpoint: '*', level: 2 },
    });
    expect(kong.effectiveRoles('u', 'ws')).toHaveLength(2);
  });
});

describe('seed 004: negative rules', () => {
  it('a negative rule beats a positive rule at the same level, whatever the role order', () => {
    for (const order of [
      ['P', 'N'],
      ['N', 'P'],
    ]) {
      for (const semantics of ['documented', 'kong'] as RbacSemantics[]) {
        const rbac = createRbac(
          {
            roles: [
              {
                name: 'P',
                endpoints: [{ endpoint: '/services', actions: ['read', 'create', 'update', 'delete'] }],
              },
              {
                name: 'N',
                endpoints: [
                  { endpoint: '/services', actions: ['read', 'create', 'update', 'delete'], negative: true },
                ],
              },
            ],
            assignments: [{ user: 'testUser', roles: order }],
          },
          { semantics },
        );
        expect(rbac.authorize('testUser', req('default', 'read', '/services', '/services'))).toMatchObject({
          allowed: false,
          reason: 'negative-rule',
          tier: { level: 1 },
        });
      }
    }
  });

  it('a more specific positive rule still beats a less specific negative one', () => {
    const rbac = createRbac({
      roles: [
        {
          name: 'r',
          workspace: 'ws',
          endpoints: [
            { endpoint: '*', actions: ['read'], negative: true },
            { endpoint: '/services', actions: ['read'] },
          ],
        },
      ],
      assignments: [{ user: 'u', workspace: 'ws', roles: ['r'] }],
    });
    expect(rbac.authorize('u', req('ws', 'read', '/services')).allowed).toBe(true);
    expect(rbac.authorize('u', req('ws', 'read', '/routes')).reason).toBe('negative-rule');
  });
});
