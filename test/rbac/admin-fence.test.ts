/**
 * K6 (docs/rbac.md "Default roles"): under `'documented'` the default `admin` roles never reach a
 * path whose first segment is `rbac` or `admins`, at any depth; `canModifyRbac` and
 * `checkAdminApiRequest` always agree; `workspace_` prefixes are stripped only at a segment
 * boundary; a route name that is not a Kong route pattern (or does not match the path) is a deny
 * with an issue, never a wildcard.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorizeEndpoint,
  checkAdminApiRequest,
  createRbac,
  defaultRoles,
  type RbacChange,
  type RbacChangeTarget,
  type RbacEngine,
  type RbacRoleDefinition,
  type RbacSemantics,
  stripWorkspacePrefix,
} from '../../src/rbac/index.js';

const ALL = ['read', 'create', 'update', 'delete'] as const;
const engineOf = (semantics: RbacSemantics, extraRoles: RbacRoleDefinition[] = []) =>
  createRbac(
    {
      roles: [
        ...defaultRoles(),
        ...defaultRoles('ws'),
        ...defaultRoles('r'),
        ...defaultRoles('rbac'),
        ...extraRoles,
      ],
      assignments: [
        { user: 'ada', roles: ['admin'] },
        { user: 'root', roles: ['super-admin'] },
        { user: 'both', roles: ['admin', 'super-admin'] },
        { user: 'wsadmin', workspace: 'ws', roles: ['workspace-admin'] },
        { user: 'portal', workspace: 'ws', roles: ['workspace-portal-admin'] },
        { user: 'radmin', workspace: 'r', roles: ['workspace-admin'] },
        { user: 'rbacadmin', workspace: 'rbac', roles: ['workspace-admin'] },
      ],
    },
    { semantics },
  );

describe("K6: the default admin never reaches /rbac or /admins under 'documented'", () => {
  const rbac = engineOf('documented');
  const ask = (
    user: string,
    workspace: string,
    endpoint: string,
    action: (typeof ALL)[number],
    routeName?: string,
  ) =>
    rbac.authorize(
      user,
      routeName === undefined ? { workspace, endpoint, action } : { workspace, endpoint, action, routeName },
    );

  it('the reported cases are denied, by the negative rule of the admin role', () => {
    // 3 segments, past the /admins/* rule.
    expect(ask('ada', 'default', '/admins/root/roles', 'delete')).toMatchObject({
      allowed: false,
      reason: 'negative-rule',
      tier: { workspace: '*', endpoint: '/admins/*/*', level: 2 },
    });
    // 7 segments, past the five /rbac/*… depths.
    expect(
      ask('ada', 'default', '/rbac/roles/super-admin/endpoints/default/services/x', 'update'),
    ).toMatchObject({ allowed: false, reason: 'negative-rule' });
    // A segment ending in '*' yields no generalisation at all.
    expect(ask('ada', 'default', '/rbac/roles/a*', 'delete')).toMatchObject({
      allowed: false,
      reason: 'negative-rule',
    });
    // The first segment alone, and /admins before Kong 3.6 had an /admins rule.
    expect(ask('ada', 'default', '/rbac', 'read').allowed).toBe(false);
    const old = createRbac(
      {
        roles: defaultRoles('default', { kongVersion: '3.5' }),
        assignments: [{ user: 'ada', roles: ['admin'] }],
      },
      { kongVersion: '3.5' },
    );
    expect(old.authorize('ada', { workspace: 'default', endpoint: '/admins', action: 'read' }).allowed).toBe(
      false,
    );
    expect(
      old.authorize('ada', { workspace: 'default', endpoint: '/admins/x/roles', action: 'create' }).allowed,
    ).toBe(false);
  });

  it('explain names the implied rule of the admin role', () => {
    const e = rbac.explain('ada', { workspace: 'default', endpoint: '/admins/root/roles', action: 'delete' });
    expect(e).toMatchObject({ allowed: false, decidedByRole: { name: 'admin', workspace: 'default' } });
    expect(e.decidedBy).toMatchObject({ workspace: '*', endpoint: '/admins/*/*', negative: true });
    expect(e.lookedAt.at(-1)).toMatchObject({ endpoint: '/admins/*/*', outcome: 'decided', level: 2 });
    expect(
      rbac.authorize('ada', { workspace: 'default', endpoint: '/admins/root/roles', action: 'delete' }),
    ).toEqual({
      allowed: e.allowed,
      reason: e.reason,
      decidedBy: e.decidedBy,
      tier: e.tier,
    });
  });

  it('the whitelisted admin paths stay open, other paths are unchanged', () => {
    expect(ask('ada', 'default', '/admins/self/password', 'update')).toMatchObject({
      allowed: true,
      reason: 'whitelisted',
    });
    expect(ask('ada', 'default', '/services/a/b/c/d/e/f', 'delete').allowed).toBe(true);
    expect(ask('ada', 'default', '/rbacx/roles', 'delete').allowed).toBe(true);
    expect(ask('root', 'default', '/rbac/roles/a/endpoints/default/services/x', 'update').allowed).toBe(true);
  });

  const seg = fc.constantFrom(
    'roles',
    'users',
    'x',
    'super-admin',
    'endpoints',
    'default',
    'a*',
    '*',
    'b*c',
    'rbac',
    'admins',
    'r',
  );
  const arbRequest = fc.record({
    first: fc.constantFrom('rbac', 'admins'),
    rest: fc.array(seg, { maxLength: 30 }),
    trailing: fc.boolean(),
    action: fc.constantFrom(...ALL),
    route: fc.constantFrom('none', 'exact', 'params', 'splat', 'raw'),
    user: fc.constantFrom('ada', 'both', 'wsadmin', 'portal'),
  });

  it('at every depth, with or without a route name, raw or stripped', () => {
    fc.assert(
      fc.property(arbRequest, ({ first, rest, trailing, action, route, user }) => {
        const workspace = user === 'wsadmin' || user === 'portal' ? 'ws' : 'default';
        const path = `/${[first, ...rest].join('/')}${trailing ? '/' : ''}`;
        const segs = [first, ...rest];
        let endpoint = path;
        let routeName: string | undefined;
        if (route === 'exact') routeName = `/${segs.join('/')}`;
        if (route === 'params') routeName = `/${segs.map((s, i) => (i === 0 ? s : `:p${i}`)).join('/')}`;
        if (route === 'splat' && segs.length > 1) routeName = `/${first}/*`;
        if (route === 'raw') {
          endpoint = `/${workspace}${path}`;
          routeName = `workspace_/${segs.map((s, i) => (i === 0 ? s : `:p${i}`)).join('/')}`;
        }
        const d = ask(user, workspace, endpoint, action, routeName);
        if (d.allowed) expect(d.reason).toBe('whitelisted');
        const e = rbac.explain(
          user,
          routeName === undefined
            ? { workspace, endpoint, action }
            : { workspace, endpoint, action, routeName },
        );
        expect(e.allowed).toBe(d.allowed);
      }),
      { seed: 20261208, numRuns: 2000 },
    );
  });

  it("under 'kong' Kong's literal default-role rules are kept", () => {
    const kong = engineOf('kong');
    expect(
      kong.authorize('ada', { workspace: 'default', endpoint: '/admins/root/roles', action: 'delete' })
        .allowed,
    ).toBe(true);
    expect(
      kong.authorize('ada', { workspace: 'default', endpoint: '/rbac/roles/x', action: 'delete' }).allowed,
    ).toBe(false);
  });
});

describe('K6: canModifyRbac and checkAdminApiRequest give the same answer for the same change', () => {
  // Custom roles with partial RBAC rights: the documented super-admin requirement must apply to both.
  const rbacOnly: RbacRoleDefinition = {
    name: 'rbac-only',
    endpoints: [1, 2, 3, 4, 5, 6].map((d) => ({
      workspace: '*',
      endpoint: `/rbac${'/*'.repeat(d)}`,
      actions: [...ALL],
    })),
  };
  const manager: RbacRoleDefinition = {
    name: 'manager',
    endpoints: [
      { workspace: '*', endpoint: '/admins', actions: [...ALL] },
      ...[1, 2, 3].map((d) => ({ workspace: '*', endpoint: `/admins${'/*'.repeat(d)}`, actions: [...ALL] })),
      ...[1, 2, 3, 4, 5, 6].map((d) => ({
        workspace: '*',
        endpoint: `/rbac${'/*'.repeat(d)}`,
        actions: [...ALL],
      })),
    ],
  };
  const build = (semantics: RbacSemantics): RbacEngine =>
    createRbac(
      {
        roles: [...defaultRoles(), ...defaultRoles('ws'), rbacOnly, manager],
        assignments: [
          { user: 'ada', roles: ['admin'] },
          { user: 'root', roles: ['super-admin'] },
          { user: 'ro', roles: ['read-only'] },
          { user: 'half', roles: ['rbac-only'] },
          { user: 'mgr', roles: ['manager'] },
          { user: 'wsroot', workspace: 'ws', roles: ['workspace-super-admin'] },
          { user: 'wsadmin', workspace: 'ws', roles: ['workspace-admin'] },
        ],
      },
      { semantics },
    );
  const engines = { documented: build('documented'), kong: build('kong') };
  const USERS = ['ada', 'root', 'ro', 'half', 'mgr', 'wsroot', 'wsadmin', 'nobody'];
  const ROLES = [
    'admin',
    'super-admin',
    'read-only',
    'rbac-only',
    'manager',
    'workspace-admin',
    'workspace-super-admin',
  ];

  it('a custom role with /rbac rights but no /admins rights: both deny under documented', () => {
    const engine = engines.documented;
    const m = engine.canModifyRbac('half', { role: 'read-only' }, { kind: 'create-role' });
    const c = checkAdminApiRequest(
      { engine, user: 'half' },
      { method: 'POST', path: '/rbac/roles', routeName: '/rbac/roles' },
    );
    expect(m).toMatchObject({ allowed: false, status: 403, reason: 'not-super-admin' });
    expect(c).toMatchObject({ allowed: false, status: 403, check: 'documented' });
  });

  it('on random changes (documented and kong)', () => {
    const arbChange: fc.Arbitrary<RbacChange> = fc.oneof(
      fc.record({
        kind: fc.constantFrom('assign-roles' as const, 'revoke-roles' as const, 'update-roles' as const),
        workspace: fc.constantFrom('default', 'ws'),
      }),
      fc.record({
        kind: fc.constantFrom('create-role' as const, 'delete-role' as const),
        workspace: fc.constantFrom('default', 'ws'),
      }),
      fc.record(
        {
          kind: fc.constant('add-endpoint' as const),
          workspace: fc.constantFrom('default', 'ws'),
          ruleWorkspace: fc.constantFrom('default', 'ws', '*'),
        },
        { requiredKeys: ['kind'] },
      ),
      fc.record(
        {
          kind: fc.constantFrom('update-endpoint' as const, 'delete-endpoint' as const),
          workspace: fc.constantFrom('default', 'ws'),
          ruleWorkspace: fc.constantFrom('default', 'ws', '*'),
          endpoint: fc.constantFrom('/services', '/services/*', '*', '/rbac/roles/x/endpoints'),
        },
        { requiredKeys: ['kind'] },
      ),
    );
    const arbTarget: fc.Arbitrary<RbacChangeTarget> = fc.record(
      { user: fc.constantFrom(...USERS), role: fc.constantFrom(...ROLES) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<'documented' | 'kong'>('documented', 'kong'),
        fc.constantFrom(...USERS),
        arbTarget,
        arbChange,
        fc.constantFrom(undefined, '3.5', '3.6', '3.7'),
        fc.constantFrom(undefined, 'basic' as const, 'oidc' as const),
        (semantics, actor, target, change, kongVersion, managerAuth) => {
          const engine = engines[semantics];
          const opts = {
            ...(kongVersion !== undefined ? { kongVersion } : {}),
            ...(managerAuth !== undefined ? { managerAuth } : {}),
          };
          const m = engine.canModifyRbac(actor, target, change, opts);
          const body =
            change.kind === 'add-endpoint'
              ? {
                  endpoint: '/services',
                  ...(change.ruleWorkspace !== undefined ? { workspace: change.ruleWorkspace } : {}),
                }
              : undefined;
          const c = checkAdminApiRequest(
            { engine, user: actor, ...opts },
            {
              method: m.method,
              path: m.request.endpoint,
              workspace: m.request.workspace,
              ...(m.request.routeName !== undefined ? { routeName: m.request.routeName } : {}),
              ...(body !== undefined ? { body } : {}),
            },
          );
          expect({ allowed: c.allowed, status: c.status, message: c.message }).toEqual({
            allowed: m.allowed,
            status: m.status,
            message: m.message,
          });
        },
      ),
      { seed: 20261209, numRuns: 3000 },
    );
  });
});

describe('K6: workspace prefixes and route names', () => {
  it('a workspace prefix is stripped only at a segment boundary', () => {
    expect(stripWorkspacePrefix('r', '/rbac/roles/x', 'workspace_/rbac/roles/:rbac_roles')).toEqual({
      endpoint: '/rbac/roles/x',
      routeName: '/rbac/roles/:rbac_roles',
    });
    expect(stripWorkspacePrefix('ws', '/ws/services', 'workspace_/services')).toEqual({
      endpoint: '/services',
      routeName: '/services',
    });
    expect(stripWorkspacePrefix('ws', '/ws', 'workspace_/')).toEqual({ endpoint: '', routeName: '/' });
    // Already stripped (the path fits the route as given, not shortened): not stripped twice.
    expect(stripWorkspacePrefix('rbac', '/rbac/roles', 'workspace_/rbac/roles')).toEqual({
      endpoint: '/rbac/roles',
      routeName: '/rbac/roles',
    });
    const adminRules = defaultRoles()[1]!.endpoints.map((e) => ({
      ...e,
      workspace: e.workspace ?? 'default',
    }));
    for (const semantics of ['documented', 'kong', 'kong-legacy'] as const)
      expect(
        authorizeEndpoint(
          adminRules,
          {
            workspace: 'r',
            endpoint: '/rbac/roles/x',
            routeName: 'workspace_/rbac/roles/:rbac_roles',
            action: 'delete',
          },
          { semantics },
        ).allowed,
        semantics,
      ).toBe(false);
  });

  it('workspace r / rbac: the admin role still cannot reach /rbac/roles (engine, every semantics)', () => {
    for (const semantics of ['documented', 'kong', 'kong-legacy'] as const) {
      const rbac = engineOf(semantics);
      expect(
        rbac.authorize('ada', {
          workspace: 'r',
          endpoint: '/rbac/roles/x',
          routeName: 'workspace_/rbac/roles/:rbac_roles',
          action: 'delete',
        }).allowed,
        semantics,
      ).toBe(false);
      expect(
        rbac.authorize('ada', {
          workspace: 'rbac',
          endpoint: '/rbac/roles',
          routeName: 'workspace_/rbac/roles',
          action: 'create',
        }).allowed,
        semantics,
      ).toBe(false);
      // The raw form of the same request: stripped once.
      expect(
        rbac.authorize('ada', {
          workspace: 'rbac',
          endpoint: '/rbac/rbac/roles',
          routeName: 'workspace_/rbac/roles',
          action: 'create',
        }).allowed,
        semantics,
      ).toBe(false);
      expect(
        rbac.authorize('ada', {
          workspace: 'rbac',
          endpoint: '/rbac/services',
          routeName: 'workspace_/services',
          action: 'create',
        }).allowed,
        semantics,
      ).toBe(true);
    }
  });

  it('a route name that is no route pattern, or does not match the path, is a deny with an issue', () => {
    for (const semantics of ['documented', 'kong', 'kong-legacy'] as const) {
      const rbac = engineOf(semantics);
      for (const routeName of [
        '*',
        '/*',
        '/:a/:b',
        'workspace_*',
        '/rbac/ro*',
        '/services/:services',
        '/rbac//roles',
        '/rbac/roles/*/x',
      ])
        expect(
          rbac.authorize('ada', {
            workspace: 'default',
            endpoint: '/rbac/roles',
            routeName,
            action: 'create',
          }),
          `${semantics} ${routeName}`,
        ).toMatchObject({ allowed: false, reason: 'invalid-input', issues: [{ path: 'routeName' }] });
      // Root may do anything, yet a bogus route is still no wildcard: a deny with an issue.
      expect(
        rbac.authorize('root', {
          workspace: 'default',
          endpoint: '/services',
          routeName: '*',
          action: 'read',
        }),
      ).toMatchObject({
        allowed: false,
        reason: 'invalid-input',
      });
      expect(
        rbac.authorize('root', {
          workspace: 'default',
          endpoint: '/services/s1',
          routeName: '/services/:services',
          action: 'read',
        }).allowed,
      ).toBe(true);
    }
    // Kong's replay mode (bare keys, authorizeEndpoint under 'kong'): the pattern is still checked.
    const adminRules = defaultRoles()[1]!.endpoints.map((e) => ({
      ...e,
      workspace: e.workspace ?? 'default',
    }));
    expect(
      authorizeEndpoint(
        adminRules,
        { workspace: 'default', endpoint: '/rbac/roles', routeName: '*', action: 'create' },
        { semantics: 'kong' },
      ),
    ).toMatchObject({ allowed: false, reason: 'invalid-input' });
  });
});
