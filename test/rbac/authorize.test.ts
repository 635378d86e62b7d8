import { describe, expect, it } from 'vitest';
import type { RoleEndpoint } from '../../src/models/index.js';
import { authorizeEndpoint, explainEndpoint, type RbacSemantics } from '../../src/rbac/index.js';

const ALL = ['read', 'create', 'update', 'delete'] as RoleEndpoint['actions'];
const r = (
  workspace: string,
  endpoint: string,
  actions: RoleEndpoint['actions'],
  negative = false,
): RoleEndpoint =>
  Object.freeze(negative ? { workspace, endpoint, actions, negative } : { workspace, endpoint, actions });

describe('spec 05 §10 worked examples', () => {
  it('1. admin vs RBAC paths (tier 3 negative), services allowed at tier 4', () => {
    const admin = [
      r('*', '*', ALL),
      ...[1, 2, 3, 4, 5].map((d) => r('*', `/rbac${'/*'.repeat(d)}`, ALL, true)),
    ];
    for (const semantics of ['kong', 'documented', 'kong-legacy'] as RbacSemantics[]) {
      const d = authorizeEndpoint(
        admin,
        {
          workspace: 'default',
          endpoint: '/rbac/users/bob/permissions',
          routeName: '/rbac/users/:name_or_id/permissions',
          action: 'read',
        },
        { semantics },
      );
      expect(d.allowed).toBe(false);
      expect(d.decidedBy?.endpoint).toBe('/rbac/*/*/*');
      expect(
        authorizeEndpoint(
          admin,
          { workspace: 'default', endpoint: '/services', action: 'read' },
          { semantics },
        ),
      ).toMatchObject({ allowed: true, tier: { workspace: '*', endpoint: '*', level: 4 } });
    }
    expect(
      authorizeEndpoint(
        admin,
        { workspace: 'default', endpoint: '/rbac/users/bob/permissions', action: 'read' },
        { semantics: 'kong' },
      ).tier,
    ).toEqual({ workspace: '*', endpoint: '/rbac/*/*/*', level: 3 });
  });

  it('2. negative rule precedence at the same key; kong-legacy depends on order', () => {
    const P = r('default', '/services', ALL);
    const N = r('default', '/services', ALL, true);
    const req = { workspace: 'default', endpoint: '/services', action: 'read' as const };
    for (const semantics of ['kong', 'documented'] as RbacSemantics[]) {
      expect(authorizeEndpoint([P, N], req, { semantics })).toEqual({
        allowed: false,
        reason: 'negative-rule',
        decidedBy: N,
        tier: { workspace: 'default', endpoint: '/services', level: 1 },
      });
      expect(authorizeEndpoint([N, P], req, { semantics }).allowed).toBe(false);
      expect(authorizeEndpoint([P], req, { semantics }).allowed).toBe(true);
    }
    expect(authorizeEndpoint([P, N], req, { semantics: 'kong-legacy' }).allowed).toBe(false);
    expect(authorizeEndpoint([N, P], req, { semantics: 'kong-legacy' }).allowed).toBe(true);
  });

  it('3. specific positive beats wildcard negative', () => {
    const rules = [r('foo', '*', ['read'], true), r('foo', '/bar', ['read'])];
    expect(authorizeEndpoint(rules, { workspace: 'foo', endpoint: '/bar', action: 'read' }).allowed).toBe(
      true,
    );
    expect(authorizeEndpoint(rules, { workspace: 'foo', endpoint: '/baz', action: 'read' })).toMatchObject({
      allowed: false,
      reason: 'negative-rule',
    });
  });

  it('4. tier order differs between kong and documented', () => {
    const rules = [r('foo', '*', ['read'], true), r('*', '/bar', ['read'])];
    const req = { workspace: 'foo', endpoint: '/bar', action: 'read' as const };
    expect(authorizeEndpoint(rules, req, { semantics: 'kong' })).toMatchObject({
      allowed: false,
      tier: { level: 2 },
    });
    expect(authorizeEndpoint(rules, req, { semantics: 'documented' })).toMatchObject({
      allowed: true,
      tier: { workspace: '*', endpoint: '/bar', level: 2 },
    });
  });

  it('5. wildcard depth', () => {
    const rules = [r('ws', '/services/*', ['read'])];
    const ok = (endpoint: string) =>
      authorizeEndpoint(rules, { workspace: 'ws', endpoint, action: 'read' }).allowed;
    expect(ok('/services/s1')).toBe(true);
    expect(ok('/services')).toBe(false);
    expect(ok('/services/s1/routes')).toBe(false);
  });

  it('6. a mid-path wildcard needs the route name', () => {
    const rules = [r('ws', '/services/*/plugins', ['read'])];
    const base = { workspace: 'ws', endpoint: '/services/s1/plugins', action: 'read' as const };
    expect(authorizeEndpoint(rules, { ...base, routeName: '/services/:services/plugins' })).toMatchObject({
      allowed: true,
      tier: { endpoint: '/services/*/plugins' },
    });
    expect(authorizeEndpoint(rules, base).allowed).toBe(false);
  });

  it('7. an action the key does not mention: kong falls through, documented stops', () => {
    const rules = [r('ws', '/services', ['read']), r('*', '*', ALL)];
    const req = { workspace: 'ws', endpoint: '/services', action: 'delete' as const };
    expect(authorizeEndpoint(rules, req, { semantics: 'kong' })).toMatchObject({
      allowed: true,
      tier: { level: 4 },
    });
    expect(authorizeEndpoint(rules, req, { semantics: 'documented' })).toMatchObject({
      allowed: false,
      reason: 'not-granted',
      decidedBy: rules[0],
    });
  });

  it('8. empty actions', () => {
    const rules = [r('ws', '/services', [])];
    const req = { workspace: 'ws', endpoint: '/services', action: 'read' as const };
    expect(authorizeEndpoint(rules, req, { semantics: 'kong' }).reason).toBe('empty-actions');
    expect(authorizeEndpoint(rules, req, { semantics: 'documented' }).reason).toBe('not-granted');
    expect(authorizeEndpoint(rules, req, { semantics: 'kong-legacy' }).reason).toBe('no-matching-rule');
    // kong: an empty key denies even when a less specific rule would allow.
    expect(authorizeEndpoint([...rules, r('*', '*', ALL)], req, { semantics: 'kong' }).allowed).toBe(false);
    expect(authorizeEndpoint([...rules, r('*', '*', ALL)], req, { semantics: 'kong-legacy' }).allowed).toBe(
      true,
    );
  });

  it('9. workspace-prefixed raw input', () => {
    const rules = [r('ws', '/services/*', ['read'])];
    const d = authorizeEndpoint(rules, {
      workspace: 'ws',
      endpoint: '/ws/services/foo',
      routeName: 'workspace_/services/:services',
      action: 'read',
    });
    expect(d).toMatchObject({ allowed: true, tier: { endpoint: '/services/*' } });
  });
});

describe('requests RBAC never blocks (§1.5)', () => {
  it('whitelisted paths, GET /workspaces (3.6+), rbac off', () => {
    expect(
      authorizeEndpoint([], { workspace: 'default', endpoint: '/userinfo', action: 'delete' }).reason,
    ).toBe('whitelisted');
    expect(
      authorizeEndpoint([], { workspace: 'default', endpoint: '/workspaces', action: 'read' }).allowed,
    ).toBe(true);
    expect(
      authorizeEndpoint(
        [],
        { workspace: 'default', endpoint: '/workspaces', action: 'read' },
        { kongVersion: '3.5' },
      ).allowed,
    ).toBe(false);
    expect(
      authorizeEndpoint([], { workspace: 'default', endpoint: '/workspaces', action: 'create' }).allowed,
    ).toBe(false);
    expect(
      authorizeEndpoint([], { workspace: 'x', endpoint: '/a', action: 'read' }, { rbac: 'off' }),
    ).toEqual({
      allowed: true,
      reason: 'rbac-off',
    });
  });
  it('no rules: deny', () => {
    expect(authorizeEndpoint([], { workspace: 'x', endpoint: '/a', action: 'read' })).toEqual({
      allowed: false,
      reason: 'no-matching-rule',
    });
  });
});

describe('bad input is a deny with issues, never an allow or a crash', () => {
  it('unknown action in a rule', () => {
    const d = authorizeEndpoint(
      [{ workspace: '*', endpoint: '*', actions: ['reed'] } as unknown as RoleEndpoint],
      {
        workspace: 'x',
        endpoint: '/a',
        action: 'read',
      },
    );
    expect(d).toMatchObject({ allowed: false, reason: 'invalid-input' });
    expect(d.issues?.[0]?.path).toBe('rules[0].actions[0]');
  });
  it('bad requests', () => {
    const rules = [r('*', '*', ALL)];
    for (const bad of [
      { workspace: '', endpoint: '/a', action: 'read' },
      { workspace: '*', endpoint: '/a', action: 'read' },
      { workspace: 'x', endpoint: '/a', action: 'write' },
      { workspace: 'x', endpoint: '/a', action: '__proto__' },
      { workspace: 'x', endpoint: 3, action: 'read' },
      null,
    ]) {
      const d = authorizeEndpoint(rules, bad as never);
      expect(d.allowed).toBe(false);
      expect(d.reason).toBe('invalid-input');
    }
  });
  it('__proto__ and constructor as workspace or endpoint names are plain names', () => {
    const rules = [r('__proto__', '/constructor', ['read'])];
    expect(
      authorizeEndpoint(rules, { workspace: '__proto__', endpoint: '/constructor', action: 'read' }).allowed,
    ).toBe(true);
    expect(
      authorizeEndpoint(rules, { workspace: 'constructor', endpoint: '/__proto__', action: 'read' }).allowed,
    ).toBe(false);
    expect(({} as Record<string, unknown>).read).toBeUndefined();
  });
});

describe('explainEndpoint', () => {
  it('lists candidates, the keys looked at and the deciding form', () => {
    const rules = [r('ws', '/services', ['read']), r('ws', '/services/*', ['read'], true), r('*', '*', ALL)];
    const e = explainEndpoint(
      rules,
      { workspace: 'ws', endpoint: '/services/s1', routeName: '/services/:services', action: 'read' },
      { semantics: 'kong' },
    );
    expect(e.allowed).toBe(false);
    expect(e.endpointForm).toBe('route');
    expect(e.lookedAt).toHaveLength(1);
    expect(e.lookedAt[0]).toMatchObject({ workspace: 'ws', endpoint: '/services/*', outcome: 'decided' });
    expect(e.candidates.map((c) => c.endpoint)).toEqual(['/services/s1', '/services/*', '/*/*', '*']);
    expect(e.summary).toMatch(/denied \(negative-rule\) at tier 1/);
    const passed = explainEndpoint(
      [r('ws', '/services', ['read']), r('*', '*', ALL)],
      { workspace: 'ws', endpoint: '/services', action: 'create' },
      { semantics: 'kong' },
    );
    expect(passed.lookedAt.map((k) => k.outcome)).toEqual(['passed', 'decided']);
  });
});
