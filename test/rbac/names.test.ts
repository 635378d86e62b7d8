/**
 * K7: a role is the pair (workspace, name), never a joined string; role, workspace and user names
 * with control characters are invalid (an issue at the path); HTTP methods are case-folded with
 * ASCII rules only. Also: the engine hands out its state frozen.
 */
import { describe, expect, it } from 'vitest';
import {
  actionForMethod,
  checkAdminApiRequest,
  createRbac,
  defaultRoles,
  lintRoles,
  safeCreateRbac,
} from '../../src/rbac/index.js';

describe('K7: roles are identified by (workspace, name)', () => {
  it('role b\\0c in workspace a does not satisfy an assignment to role c in workspace a\\0b', () => {
    const result = safeCreateRbac({
      roles: [{ name: 'b\u0000c', workspace: 'a', endpoints: [{ endpoint: '*', actions: ['read'] }] }],
      assignments: [{ user: 'u', workspace: 'a\u0000b', roles: ['c'] }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toContain('roles[0].name');
    expect(paths).toContain('assignments[0].workspace');
  });

  it('the same name in two workspaces are two roles; a name may contain what a joined key used as separator', () => {
    const rbac = createRbac({
      roles: [
        { name: 'ops', workspace: 'a', endpoints: [{ endpoint: '/x', actions: ['read'] }] },
        { name: 'ops', workspace: 'b', endpoints: [{ endpoint: '/y', actions: ['read'] }] },
        { name: 'a,b', workspace: 'a', endpoints: [{ endpoint: '/z', actions: ['read'] }] },
      ],
      assignments: [
        { user: 'u', workspace: 'a', roles: ['ops', 'a,b'] },
        { user: 'v', workspace: 'b', roles: ['ops'] },
      ],
    });
    expect(rbac.authorize('u', { workspace: 'a', endpoint: '/x', action: 'read' }).allowed).toBe(true);
    expect(rbac.authorize('u', { workspace: 'a', endpoint: '/z', action: 'read' }).allowed).toBe(true);
    expect(rbac.authorize('v', { workspace: 'b', endpoint: '/x', action: 'read' }).allowed).toBe(false);
    expect(rbac.authorize('v', { workspace: 'b', endpoint: '/y', action: 'read' }).allowed).toBe(true);
    expect(rbac.role('ops', 'b')?.endpoints[0]?.endpoint).toBe('/y');
    expect(rbac.role('ops', 'c')).toBeUndefined();
  });
});

describe('rule keys are pairs too', () => {
  it('lintRoles: workspace a\\0/b + /c is not the key of workspace a + /b\\0/c', () => {
    const findings = lintRoles([
      {
        name: 'r',
        endpoints: [
          { workspace: 'a\u0000/b', endpoint: '/c', actions: ['read'] },
          { workspace: 'a', endpoint: '/b\u0000/c', actions: ['read'] },
        ],
      },
    ]);
    expect(findings.filter((f) => f.code === 'duplicate-rule')).toEqual([]);
  });
});

describe('K7: names with control characters are invalid', () => {
  it('role, workspace and user names, each reported at its path', () => {
    const result = safeCreateRbac({
      roles: [
        { name: 'ops\u0007', endpoints: [] },
        { name: 'ok', workspace: 'w\u0085', endpoints: [] },
        { name: 'rules', endpoints: [{ workspace: 'x\u001b[31m', endpoint: '/a', actions: ['read'] }] },
      ],
      assignments: [
        { user: 'ada\n', roles: ['rules'] },
        { user: 'bob', roles: ['ru\u007fles'] },
      ],
      workspaces: ['tab\there'],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'workspaces[0]: workspace name must not contain control characters',
      'roles[0].name: role name must not contain control characters',
      'roles[1].workspace: workspace name must not contain control characters',
      'roles[2].endpoints[0].workspace: workspace name must not contain control characters',
      'assignments[0].user: user name must not contain control characters',
      'assignments[1].roles[0]: role name must not contain control characters',
    ]);
  });

  it('a request for a workspace with a control character is a deny with an issue', () => {
    const rbac = createRbac({
      roles: defaultRoles(),
      assignments: [{ user: 'root', roles: ['super-admin'] }],
    });
    expect(
      rbac.authorize('root', { workspace: 'ws\u0000', endpoint: '/services', action: 'read' }),
    ).toMatchObject({
      allowed: false,
      reason: 'invalid-input',
      issues: [{ path: 'workspace' }],
    });
  });
});

describe('K7: HTTP methods are case-folded with ASCII rules only', () => {
  it("'poſt' (long s) is no method; ASCII case still folds", () => {
    expect(actionForMethod('poſt')).toBeUndefined();
    expect(actionForMethod('ſtore')).toBeUndefined();
    expect(actionForMethod('deleTe')).toBe('delete');
    expect(actionForMethod('post')).toBe('create');
    const engine = createRbac({
      roles: defaultRoles(),
      assignments: [{ user: 'root', roles: ['super-admin'] }],
    });
    expect(
      checkAdminApiRequest({ engine, user: 'root' }, { method: 'poſt', path: '/services' }),
    ).toMatchObject({
      allowed: false,
      status: 500,
      check: 'method',
    });
  });
});

describe('the engine hands out its state frozen', () => {
  it('engine.role() cannot be used to change the engine', () => {
    const rbac = createRbac({
      roles: [
        {
          name: 'ops',
          endpoints: [{ endpoint: '/services', actions: ['read'] }],
          entities: [{ entityId: 'e1', actions: ['read'] }],
        },
      ],
      assignments: [{ user: 'u', roles: ['ops'] }],
    });
    const role = rbac.role('ops');
    expect(role).toBeDefined();
    if (role === undefined) return;
    expect(Object.isFrozen(role)).toBe(true);
    expect(Object.isFrozen(role.endpoints)).toBe(true);
    expect(Object.isFrozen(role.entities)).toBe(true);
    expect(Object.isFrozen(role.endpoints[0])).toBe(true);
    expect(Object.isFrozen(role.endpoints[0]?.actions)).toBe(true);
    expect(Object.isFrozen(role.entities[0]?.actions)).toBe(true);
    expect(() =>
      (role.endpoints as unknown[]).push({ endpoint: '*', workspace: '*', actions: ['delete'] }),
    ).toThrow(TypeError);
    expect(() => (role.endpoints[0]!.actions as string[]).push('delete')).toThrow(TypeError);
    const decided = rbac.authorize('u', { workspace: 'default', endpoint: '/services', action: 'read' });
    expect(Object.isFrozen(decided.decidedBy?.actions)).toBe(true);
    expect(
      rbac.authorize('u', { workspace: 'default', endpoint: '/services', action: 'delete' }).allowed,
    ).toBe(false);
  });
});
