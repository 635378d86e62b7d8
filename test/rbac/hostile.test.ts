import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/models/index.js';
import {
  authorizeEndpoint,
  createRbac,
  createRbacFromResources,
  explainEndpoint,
  lintRoles,
  safeCreateRbac,
} from '../../src/rbac/index.js';

describe('hostile input', () => {
  it('__proto__ / constructor as role, user and workspace names neither crash nor pollute', () => {
    const rbac = createRbac({
      roles: [
        {
          name: '__proto__',
          workspace: 'constructor',
          endpoints: [{ endpoint: '/__proto__', actions: ['read'] }],
        },
        { name: 'constructor', endpoints: [{ workspace: '*', endpoint: '/constructor', actions: ['read'] }] },
      ],
      assignments: [
        { user: '__proto__', workspace: 'constructor', roles: ['__proto__'] },
        { user: 'constructor', roles: ['constructor'] },
      ],
    });
    expect(
      rbac.authorize('__proto__', { workspace: 'constructor', endpoint: '/__proto__', action: 'read' })
        .allowed,
    ).toBe(true);
    expect(
      rbac.authorize('constructor', { workspace: 'x', endpoint: '/constructor', action: 'read' }).allowed,
    ).toBe(true);
    expect(
      rbac.authorize('toString', { workspace: 'x', endpoint: '/constructor', action: 'read' }).allowed,
    ).toBe(false);
    expect(rbac.authorize('hasOwnProperty', { workspace: 'x', endpoint: '/a', action: 'read' }).reason).toBe(
      'no-matching-rule',
    );
    expect(({} as Record<string, unknown>).read).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('allowed');
  });

  it('a path with thousands of segments is decided quickly, and the same way', () => {
    const long = `/services${'/x'.repeat(20_000)}`;
    const rules = [
      { workspace: 'ws', endpoint: '/services/*', actions: ['read' as const] },
      { workspace: '*', endpoint: '*', actions: ['read' as const], negative: true },
    ];
    const t = performance.now();
    const d = authorizeEndpoint(
      rules,
      { workspace: 'ws', endpoint: long, action: 'read', routeName: long },
      { semantics: 'kong' },
    );
    const e = explainEndpoint(rules, { workspace: 'ws', endpoint: long, action: 'read' });
    const rbac = createRbac({
      roles: [{ name: 'r', workspace: 'ws', endpoints: rules }],
      assignments: [{ user: 'u', workspace: 'ws', role: 'r' }],
    });
    for (let i = 0; i < 50; i++)
      rbac.authorize('u', { workspace: 'ws', endpoint: `${long}/${i}`, action: 'read' });
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(d).toMatchObject({
      allowed: false,
      reason: 'negative-rule',
      tier: { workspace: '*', endpoint: '*' },
    });
    expect(e.candidates.map((c) => c.form)).toEqual(['exact', 'wildcard']);
  });

  it('non-object and wrongly typed input gives issues, not exceptions', () => {
    for (const bad of [
      null,
      42,
      'x',
      { roles: 'no', assignments: {} },
      { roles: [null], assignments: [null] },
    ]) {
      const r = safeCreateRbac(bad as never);
      expect(r.ok).toBe(false);
    }
    expect(
      safeCreateRbac({
        roles: [{ name: 'r', endpoints: [{ endpoint: 5, actions: 'read', negative: 'yes' }] as never }],
        assignments: [{ user: 'u', roles: [7 as never] }],
      }).ok,
    ).toBe(false);
    expect(
      authorizeEndpoint('nope' as never, { workspace: 'w', endpoint: '/a', action: 'read' }).reason,
    ).toBe('invalid-input');
    expect(lintRoles([null, { name: 'r', endpoints: [null, { endpoint: 3 }] }] as never)).toEqual([]);
  });

  it('documents with __proto__ keys are rejected by the schema, nothing is built half-way', () => {
    const { resources, issues } = loadResources(
      'type: RbacRole\nname: r\nendpoints:\n  - endpoint: /a\n    actions: [read]\n    __proto__: {negative: true}\n',
    );
    expect(Object.prototype).not.toHaveProperty('negative');
    const r = createRbacFromResources(resources);
    if (issues.length === 0) {
      // If the loader kept the document, the rule must not have become negative via the prototype.
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.engine.role('r')?.endpoints[0]?.negative).toBeUndefined();
    } else expect(resources).toHaveLength(0);
  });
});

describe('hostile values in messages and options', () => {
  it('objects with a non-function toString, symbols and null options give issues, not TypeErrors', () => {
    const evil = { toString: 1, valueOf: 2 };
    const r = safeCreateRbac({
      roles: [{ name: 'r', endpoints: [{ endpoint: '/a', actions: [evil as never, Symbol('x') as never] }] }],
      assignments: [{ user: 'u', roles: [evil as never] }],
    });
    expect(r.ok).toBe(false);
    expect(() => createRbac({ roles: [], assignments: [] }, null as never)).not.toThrow();
    expect(() => createRbac({ roles: [], assignments: [] }, { semantics: 'nope' } as never)).toThrow(
      /options.semantics/,
    );
    expect(
      authorizeEndpoint([], { workspace: 'w', endpoint: '/a', action: 'read' }, { rbac: evil } as never)
        .reason,
    ).toBe('invalid-input');
    const engine = createRbac({ roles: [], assignments: [] });
    expect(engine.authorize(evil as never, { workspace: 'w', endpoint: '/a', action: 'read' }).allowed).toBe(
      false,
    );
    expect(engine.explain('u', evil as never).reason).toBe('invalid-input');
    expect(lintRoles(evil as never)).toEqual([]);
  });
});
