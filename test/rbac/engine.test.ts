import { describe, expect, it } from 'vitest';
import { loadResources, MeshPolicyError } from '../../src/models/index.js';
import {
  authorizeEntity,
  createRbac,
  createRbacFromResources,
  defaultRoles,
  lintRoles,
  safeCreateRbac,
} from '../../src/rbac/index.js';

const deepFreeze = <T>(v: T): T => {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};

describe('createRbac input validation', () => {
  it('reports every problem at once with Kuma-style paths, and builds nothing', () => {
    const r = safeCreateRbac({
      roles: [
        { name: 'a', endpoints: [{ endpoint: 'services', actions: ['read'] }] },
        { name: 'a', endpoints: [] },
        { name: 'b', workspace: '', endpoints: [{ endpoint: '/x', actions: ['write' as never] }] },
        {
          name: 'c',
          endpoints: [
            { endpoint: '/x', actions: ['read'] },
            { endpoint: '/x/', actions: ['create'] },
          ],
        },
      ],
      assignments: [
        { user: 'u', roles: ['nope'] },
        { user: 'u', workspace: 'ghost', roles: ['a'] },
      ],
      workspaces: ['ws'],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => `${i.path}: ${i.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'roles[1].name: duplicate role a in workspace default',
        'roles[2].workspace: workspace name cannot be empty',
        'roles[2].endpoints[0].actions[0]: Undefined RBAC action write',
        expect.stringMatching(/^roles\[3\]\.endpoints\[1\]: duplicate rule/),
        'assignments[0].roles[0]: unknown role nope in workspace default',
        'assignments[1].workspace: Workspace ghost does not exist',
      ]),
    );
    expect(() =>
      createRbac({ roles: [{ name: 'a', endpoints: [] }], assignments: [{ user: 'u', roles: ['b'] }] }),
    ).toThrow(MeshPolicyError);
  });

  it('never mutates its input and normalises endpoints as Kong stores them', () => {
    const input = deepFreeze({
      roles: [
        { name: 'r', workspace: 'ws', endpoints: [{ endpoint: ' /services/ ', actions: ['read' as const] }] },
      ],
      assignments: [{ user: 'u', workspace: 'ws', role: 'r' }],
    });
    const rbac = createRbac(input);
    expect(rbac.role('r', 'ws')?.endpoints).toEqual([
      { workspace: 'ws', endpoint: '/services', actions: ['read'] },
    ]);
    const kongLike = createRbac({
      roles: [{ name: 'r', endpoints: [{ endpoint: 'rbac/*', actions: ['read'] }] }],
      assignments: [{ user: 'u', role: 'r' }],
    });
    expect(kongLike.role('r')?.endpoints[0]?.endpoint).toBe('/rbac/*');
    expect(rbac.authorize('u', { workspace: 'ws', endpoint: '/services', action: 'read' }).allowed).toBe(
      true,
    );
  });

  it('an unknown user is denied with an issue', () => {
    const rbac = createRbac({ roles: defaultRoles(), assignments: [{ user: 'u', roles: ['super-admin'] }] });
    const d = rbac.authorize('nobody', { workspace: 'default', endpoint: '/services', action: 'read' });
    expect(d).toMatchObject({ allowed: false, reason: 'no-matching-rule' });
    expect(d.issues?.[0]?.path).toBe('user');
    expect(rbac.effectiveRoles('nobody', 'default')).toEqual([]);
    expect(rbac.users()).toEqual(['u']);
  });
});

describe('engine.explain', () => {
  const rbac = createRbac({
    roles: [...defaultRoles(), ...defaultRoles('ws')],
    assignments: [
      { user: 'u', roles: ['admin'] },
      { user: 'u', workspace: 'ws', roles: ['workspace-portal-admin'] },
    ],
  });
  it('names the deciding role, tier, form and every key looked at (documented)', () => {
    const e = rbac.explain('u', {
      workspace: 'ws',
      endpoint: '/files/f1',
      action: 'update',
      routeName: '/files/:files',
    });
    expect(e).toMatchObject({
      allowed: true,
      reason: 'positive-rule',
      tier: { workspace: 'ws', endpoint: '/files/*', level: 1 },
      endpointForm: 'route',
      decidedByRole: { name: 'workspace-portal-admin', workspace: 'ws' },
      roles: [{ name: 'workspace-portal-admin', workspace: 'ws' }],
    });
    expect(e.lookedAt.at(-1)?.outcome).toBe('decided');
    // The portal admin has no rule for /services in ws: documented role resolution ignores default roles there.
    expect(rbac.authorize('u', { workspace: 'ws', endpoint: '/services', action: 'read' }).allowed).toBe(
      false,
    );
    expect(rbac.authorize('u', { workspace: 'other', endpoint: '/services', action: 'read' }).allowed).toBe(
      true,
    );
  });
  it('explain and authorize agree', () => {
    for (const endpoint of [
      '/services',
      '/files',
      '/rbac/roles',
      '/kong',
      '/workspaces/ws',
      '/developers/d/x',
    ])
      for (const action of ['read', 'create', 'update', 'delete'] as const)
        for (const workspace of ['ws', 'default', 'other']) {
          const req = { workspace, endpoint, action };
          const { allowed, reason, tier, decidedBy } = rbac.explain('u', req);
          expect({ allowed, reason, tier, decidedBy }).toEqual({
            ...{ tier: undefined, decidedBy: undefined },
            ...rbac.authorize('u', req),
          });
        }
  });
});

describe('canModifyRbac (spec 05 §8)', () => {
  const rbac = createRbac({
    roles: [...defaultRoles(), ...defaultRoles('ws')],
    assignments: [
      { user: 'root', roles: ['super-admin'] },
      { user: 'ada', roles: ['admin'] },
      { user: 'wsroot', workspace: 'ws', roles: ['workspace-super-admin'] },
    ],
  });
  it('only super admins may assign roles; an admin cannot (M1)', () => {
    expect(rbac.canModifyRbac('root', { user: 'ada' }, { kind: 'assign-roles' })).toMatchObject({
      allowed: true,
      status: 200,
    });
    // K6: under 'documented' the default admin never reaches /admins (at any depth): M1 denies.
    expect(rbac.canModifyRbac('ada', { user: 'root' }, { kind: 'revoke-roles' })).toMatchObject({
      allowed: false,
      reason: 'endpoint',
      status: 403,
      message: 'ada, you do not have permissions to delete this resource',
    });
    expect(rbac.canModifyRbac('ada', { role: 'super-admin' }, { kind: 'add-endpoint' }).allowed).toBe(false);
    // Kong: the admin role's /admins and /admins/* negatives do not cover /admins/:admin/roles.
    const kong = createRbac(
      {
        roles: defaultRoles(),
        assignments: [
          { user: 'ada', roles: ['admin'] },
          { user: 'root', roles: ['super-admin'] },
        ],
      },
      { semantics: 'kong' },
    );
    expect(kong.canModifyRbac('ada', { user: 'root' }, { kind: 'revoke-roles' }).allowed).toBe(true);
    expect(kong.canModifyRbac('ada', { role: 'super-admin' }, { kind: 'add-endpoint' }).reason).toBe(
      'endpoint',
    );
    expect(rbac.isSuperAdmin('root', 'ws')).toBe(true);
    expect(rbac.isSuperAdmin('ada', 'default')).toBe(false);
    expect(rbac.isSuperAdmin('wsroot', 'ws')).toBe(true);
    expect(rbac.isSuperAdmin('wsroot', 'default')).toBe(false);
  });
  it('an admin cannot change its own roles or endpoints (M2, M4–M6, 3.6+)', () => {
    expect(rbac.canModifyRbac('root', { user: 'root' }, { kind: 'assign-roles' })).toMatchObject({
      allowed: false,
      reason: 'self-modification',
      message: 'the admin should not update their own roles',
    });
    expect(
      rbac.canModifyRbac('root', { user: 'root' }, { kind: 'assign-roles' }, { kongVersion: '3.5' }).allowed,
    ).toBe(true);
    expect(rbac.canModifyRbac('root', { role: 'super-admin' }, { kind: 'add-endpoint' }).reason).toBe(
      'self-modification',
    );
    expect(
      rbac.canModifyRbac('root', { role: 'super-admin' }, { kind: 'delete-endpoint', endpoint: '/x' })
        .message,
    ).toBe('the admin should not update or delete their own endpoints');
    expect(rbac.canModifyRbac('root', { role: 'super-admin' }, { kind: 'delete-role' }).message).toBe(
      'the admin should not delete their own roles',
    );
    expect(rbac.canModifyRbac('root', { role: 'admin' }, { kind: 'delete-role' }).allowed).toBe(true);
  });
  it('PATCH roles needs OIDC/LDAP (M3); cross-workspace rules need full rights (M8)', () => {
    expect(rbac.canModifyRbac('root', { user: 'ada' }, { kind: 'update-roles' }).status).toBe(405);
    expect(
      rbac.canModifyRbac('root', { user: 'ada' }, { kind: 'update-roles' }, { managerAuth: 'oidc' }).allowed,
    ).toBe(true);
    expect(
      rbac.canModifyRbac(
        'wsroot',
        { role: 'workspace-read-only' },
        { kind: 'add-endpoint', workspace: 'ws', ruleWorkspace: '*' },
      ),
    ).toMatchObject({ allowed: false, reason: 'cross-workspace' });
    expect(
      rbac.canModifyRbac(
        'root',
        { role: 'workspace-read-only' },
        { kind: 'add-endpoint', workspace: 'ws', ruleWorkspace: '*' },
      ).allowed,
    ).toBe(true);
  });
});

describe('entity permissions (spec 05 §9)', () => {
  it('§9.5 example and the truth table', () => {
    const entities = deepFreeze([
      { entityId: 'ws-A', actions: ['read' as const] },
      { entityId: 'svc-1', actions: ['read' as const], negative: true },
    ]);
    expect(
      authorizeEntity(entities, { entityId: 'svc-1', workspaceId: 'ws-A', action: 'read' }).allowed,
    ).toBe(false);
    expect(
      authorizeEntity(entities, { entityId: 'svc-2', workspaceId: 'ws-A', action: 'read' }).allowed,
    ).toBe(true);
    expect(
      authorizeEntity(entities, { entityId: 'svc-3', workspaceId: 'ws-B', action: 'read' }),
    ).toMatchObject({
      allowed: false,
      reason: 'no-matching-rule',
    });
    expect(authorizeEntity(entities, { entityId: 'svc-2', action: 'read' }).allowed).toBe(false);
    expect(
      authorizeEntity(
        [
          { entityId: 'ws-A', actions: ['read'], negative: true },
          { entityId: 'e', actions: ['read'] },
        ],
        {
          entityId: 'e',
          workspaceId: 'ws-A',
          action: 'read',
        },
      ).allowed,
    ).toBe(false);
    expect(
      authorizeEntity([{ entityId: 'e', actions: ['read'] }], {
        entityId: 'e',
        workspaceId: 'ws-A',
        action: 'read',
      }).allowed,
    ).toBe(true);
    expect(authorizeEntity([], { entityId: 'e', action: 'read' }, { rbac: 'endpoint' }).reason).toBe(
      'rbac-off',
    );
    expect(authorizeEntity([], { entityId: 'w', action: 'read', entityType: 'workspaces' }).reason).toBe(
      'system-entity',
    );
  });
  it('the engine combines the entity permissions of all the user roles', () => {
    const rbac = createRbac(
      {
        roles: [
          { name: 'a', endpoints: [], entities: [{ entityId: 'ws-A', actions: ['read'] }] },
          { name: 'b', endpoints: [], entities: [{ entityId: 'svc-1', actions: ['read'], negative: true }] },
        ],
        assignments: [{ user: 'u', roles: ['a', 'b'] }],
      },
      { rbac: 'both' },
    );
    expect(
      rbac.authorizeEntity('u', { entityId: 'svc-1', workspaceId: 'ws-A', action: 'read' }).allowed,
    ).toBe(false);
    expect(
      rbac.authorizeEntity('u', { entityId: 'svc-2', workspaceId: 'ws-A', action: 'read' }).allowed,
    ).toBe(true);
    expect(
      rbac.authorizeEntity('x', { entityId: 'svc-2', workspaceId: 'ws-A', action: 'read' }).allowed,
    ).toBe(false);
  });
});

describe('lintRoles', () => {
  it('flags dead negative rules and shadowed positive rules', () => {
    const findings = lintRoles([
      {
        name: 'r',
        workspace: 'ws',
        endpoints: [
          { endpoint: '/services', actions: ['read', 'create'] },
          { endpoint: '/services', actions: ['read', 'create', 'delete'], negative: true },
          { endpoint: '/routes', actions: [], negative: true },
          { endpoint: '/services/', actions: ['read'] },
          { endpoint: '/services/*/plugins', actions: ['read'] },
          { workspace: 'other', endpoint: '*', actions: ['read'], negative: true },
        ],
      },
    ]);
    expect(findings.map((f) => `${f.path} ${f.code} ${f.severity}`)).toEqual([
      'endpoints[0] positive-shadowed warning',
      'endpoints[1] duplicate-rule error',
      'endpoints[2] negative-without-actions warning',
      'endpoints[3] duplicate-rule error',
      'endpoints[3] positive-shadowed warning',
      'endpoints[4] route-only-endpoint info',
      'endpoints[5] foreign-workspace-rule warning',
    ]);
    expect(lintRoles(defaultRoles())).toEqual([]);
    expect(lintRoles(defaultRoles('ws'))).toEqual([]);
  });
  it('shadowing across roles is reported as info', () => {
    const f = lintRoles([
      { name: 'p', endpoints: [{ endpoint: '/s', actions: ['read'] }] },
      { name: 'n', endpoints: [{ endpoint: '/s', actions: ['read'], negative: true }] },
    ]);
    expect(f).toMatchObject([{ role: 'p', code: 'positive-shadowed', severity: 'info' }]);
  });
});

describe('createRbacFromResources', () => {
  const docs = `
type: Workspace
name: Payments
---
type: RbacRole
name: payments-admin
workspace: Payments
endpoints:
  - endpoint: '*'
    actions: [read, create, update, delete]
  - endpoint: /rbac/*
    actions: [read, create, update, delete]
    negative: true
---
type: RbacAssignment
name: pat-payments
user: pat
workspace: Payments
roles: [payments-admin]
`;
  it('builds an engine from documents', () => {
    const { resources, issues } = loadResources(docs);
    expect(issues).toEqual([]);
    const r = createRbacFromResources(resources);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(
      r.engine.authorize('pat', { workspace: 'Payments', endpoint: '/services', action: 'create' }).allowed,
    ).toBe(true);
    expect(
      r.engine.authorize('pat', { workspace: 'Payments', endpoint: '/rbac/roles', action: 'read' }).allowed,
    ).toBe(false);
  });
  it('reports unknown workspaces and roles naming the document', () => {
    const { resources } = loadResources(
      `${docs}---\ntype: RbacAssignment\nname: bad\nuser: pat\nworkspace: Deliveries\nroles: [x]\n---\ntype: RbacAssignment\nname: bad2\nuser: pat\nworkspace: Payments\nroles: [x]\n`,
    );
    const r = createRbacFromResources(resources);
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'workspace: RbacAssignment bad: Workspace Deliveries does not exist',
      'roles[0]: RbacAssignment bad2: unknown role x in workspace Payments',
    ]);
  });
  it('the document schema rejects endpoints without a leading slash and unknown actions', () => {
    const { issues } = loadResources(
      'type: RbacRole\nname: r\nendpoints:\n  - endpoint: services\n    actions: [read, write]\n',
    );
    expect(issues.map((i) => i.path)).toEqual(['endpoints[0].endpoint', 'endpoints[0].actions[1]']);
  });
});

describe('kong-legacy follows assignment order', () => {
  it('the last role assigned wins at a shared key, across workspaces', () => {
    const roles = [
      { name: 'P', endpoints: [{ workspace: 'ws', endpoint: '/services', actions: ['read' as const] }] },
      {
        name: 'N',
        workspace: 'ws',
        endpoints: [{ endpoint: '/services', actions: ['read' as const], negative: true }],
      },
    ];
    const req = { workspace: 'ws', endpoint: '/services', action: 'read' as const };
    const pFirst = createRbac(
      {
        roles,
        assignments: [
          { user: 'u', roles: ['P'] },
          { user: 'u', workspace: 'ws', roles: ['N'] },
        ],
      },
      { semantics: 'kong-legacy' },
    );
    const nFirst = createRbac(
      {
        roles,
        assignments: [
          { user: 'u', workspace: 'ws', roles: ['N'] },
          { user: 'u', roles: ['P'] },
        ],
      },
      { semantics: 'kong-legacy' },
    );
    expect(pFirst.authorize('u', req).allowed).toBe(false);
    expect(nFirst.authorize('u', req).allowed).toBe(true);
    expect(
      createRbac(
        {
          roles,
          assignments: [
            { user: 'u', workspace: 'ws', roles: ['N'] },
            { user: 'u', roles: ['P'] },
          ],
        },
        { semantics: 'kong' },
      ).authorize('u', req).allowed,
    ).toBe(false);
  });
});

describe('spec 05 §9.3 truth table, row by row', () => {
  // [w, e, ew, ee, workspaceable, expected]
  const rows: [boolean, boolean, boolean, boolean, boolean, boolean][] = [
    [false, false, true, true, true, false],
    [false, false, false, false, true, false],
    [false, true, true, true, true, false],
    [false, true, false, true, true, true],
    [true, false, true, false, true, true],
    [true, false, true, true, true, false],
    [true, true, true, true, true, true],
    [false, true, false, true, false, true],
    [false, false, false, true, false, false],
  ];
  it.each(rows)('w=%s e=%s ew=%s ee=%s workspaceable=%s ⇒ %s', (w, e, ew, ee, workspaceable, expected) => {
    const entities: { entityId: string; actions: ['read']; negative?: true }[] = [];
    // explicit + allowed = positive entry; explicit + denied = negative entry; not explicit = no entry
    if (ew)
      entities.push(
        w ? { entityId: 'ws', actions: ['read'] } : { entityId: 'ws', actions: ['read'], negative: true },
      );
    if (ee)
      entities.push(
        e ? { entityId: 'id', actions: ['read'] } : { entityId: 'id', actions: ['read'], negative: true },
      );
    // w (e) can only be true through an explicit entry: every row above respects that.
    expect((w && !ew) || (e && !ee)).toBe(false);
    const req = workspaceable
      ? { entityId: 'id', workspaceId: 'ws', action: 'read' as const }
      : { entityId: 'id', action: 'read' as const };
    expect(authorizeEntity(entities, req).allowed).toBe(expected);
  });
});
