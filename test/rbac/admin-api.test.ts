import { describe, expect, it } from 'vitest';
import { checkAdminApiRequest, createRbac, defaultRoles } from '../../src/rbac/index.js';

const engine = createRbac(
  {
    roles: [
      ...defaultRoles(),
      ...defaultRoles('ws'),
      {
        name: 'ops',
        workspace: 'ws',
        endpoints: [{ endpoint: '*', actions: ['read', 'create', 'update', 'delete'] }],
      },
    ],
    assignments: [
      { user: 'root', roles: ['super-admin'] },
      { user: 'ada', roles: ['admin'] },
      { user: 'wsops', workspace: 'ws', roles: ['ops'] },
    ],
  },
  { semantics: 'kong' },
);
const check = (user: string, req: Parameters<typeof checkAdminApiRequest>[1], extra = {}) =>
  checkAdminApiRequest({ engine, user, workspaces: ['ws'], ...extra }, req);

describe('checkAdminApiRequest (spec 05 §8)', () => {
  it('method, credentials and endpoint rules (M1)', () => {
    expect(check('root', { method: 'TRACE', path: '/services' })).toMatchObject({
      status: 500,
      check: 'method',
    });
    expect(check('nobody', { method: 'GET', path: '/services' })).toMatchObject({
      status: 401,
      message: 'Invalid RBAC credentials',
    });
    expect(check('ada', { method: 'POST', path: '/rbac/roles' })).toMatchObject({
      status: 403,
      check: 'M1',
      message: 'ada, you do not have permissions to create this resource',
    });
    expect(check('ada', { method: 'GET', path: '/services' })).toMatchObject({ allowed: true, status: 200 });
  });
  it('self-modification guards M2–M6 (3.6+), M3 (3.7+)', () => {
    expect(check('root', { method: 'POST', path: '/admins/root/roles' })).toMatchObject({
      status: 403,
      check: 'M2',
    });
    expect(
      check('root', { method: 'POST', path: '/admins/root/roles' }, { kongVersion: '3.5.0.0' }).allowed,
    ).toBe(true);
    expect(check('root', { method: 'PATCH', path: '/admins/ada/roles' })).toMatchObject({
      status: 405,
      check: 'M3',
    });
    expect(
      check('root', { method: 'PATCH', path: '/admins/root/roles' }, { managerAuth: 'ldap' }).check,
    ).toBe('M2');
    expect(
      check('root', { method: 'POST', path: '/rbac/roles/super-admin/endpoints', body: { endpoint: '/x' } }),
    ).toMatchObject({ status: 403, check: 'M4' });
    expect(check('root', { method: 'DELETE', path: '/rbac/roles/super-admin/endpoints/*/x' })).toMatchObject({
      check: 'M5',
      message: 'the admin should not update or delete their own endpoints',
    });
    expect(check('root', { method: 'DELETE', path: '/rbac/roles/super-admin' })).toMatchObject({
      check: 'M6',
    });
    expect(check('root', { method: 'DELETE', path: '/rbac/roles/read-only' }).allowed).toBe(true);
  });
  it('M7 workspace membership changes (3.9+)', () => {
    expect(check('root', { method: 'PATCH', path: '/admins/root/workspaces/ws' }).check).toBe('M7');
    expect(check('root', { method: 'PATCH', path: '/admins/ada/workspaces/ghost' })).toMatchObject({
      status: 404,
    });
    expect(check('root', { method: 'PATCH', path: '/admins/ada/workspaces/ws' }).allowed).toBe(true);
    expect(
      check('root', { method: 'PATCH', path: '/admins/ada/workspaces/ws' }, { kongVersion: '3.8' }).allowed,
    ).toBe(true);
  });
  it('M8 cross-workspace rules and M9 input checks', () => {
    const post = (user: string, workspace: string, body: object) =>
      check(user, { method: 'POST', path: '/rbac/roles/workspace-read-only/endpoints', workspace, body });
    expect(post('wsops', 'ws', { workspace: '*', endpoint: '/x', actions: 'read' })).toMatchObject({
      status: 403,
      check: 'M8',
      message: 'wsops is not allowed to create cross workspace permissions',
    });
    expect(post('wsops', 'ws', { endpoint: '/x', actions: 'read' }).allowed).toBe(true);
    expect(post('root', 'ws', { workspace: '*', endpoint: '/x', actions: 'read' }).allowed).toBe(true);
    expect(post('root', 'ws', { actions: 'read' })).toMatchObject({
      status: 400,
      message: "'endpoint' is a required field",
    });
    expect(post('root', 'ws', { workspace: 'ghost', endpoint: '/x' })).toMatchObject({
      status: 404,
      message: 'Workspace ghost does not exist',
    });
    expect(post('root', 'ws', { endpoint: '/x', actions: 'read,write' })).toMatchObject({
      status: 400,
      message: 'Undefined RBAC action write',
    });
  });
});
