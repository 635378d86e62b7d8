import { describe, expect, it } from 'vitest';
import { createRbac, defaultRoles } from '../../src/rbac/index.js';

const ALL = ['read', 'create', 'update', 'delete'] as ('read' | 'create' | 'update' | 'delete')[];

describe("canModifyRbac under 'documented': seed 004's RBAC managers", () => {
  // Seed 004: "as a super admin (or any role with read and write access to the /admins and /rbac
  // endpoints) you can create new roles and customise permissions".
  const rbacManager = {
    name: 'rbac-manager',
    endpoints: [
      { workspace: '*', endpoint: '/admins', actions: ALL },
      { workspace: '*', endpoint: '/admins/*', actions: ALL },
      { workspace: '*', endpoint: '/admins/*/*', actions: ALL },
      { workspace: '*', endpoint: '/rbac/*', actions: ALL },
      { workspace: '*', endpoint: '/rbac/*/*', actions: ALL },
      { workspace: '*', endpoint: '/rbac/*/*/*', actions: ALL },
    ],
  };
  const rbac = createRbac({
    roles: [...defaultRoles(), rbacManager],
    assignments: [
      { user: 'mgr', roles: ['rbac-manager'] },
      { user: 'ada', roles: ['admin'] },
      { user: 'old', roles: ['read-only'] },
      { user: 'root', roles: ['super-admin'] },
    ],
  });

  it('a custom role with read and write access to /admins and /rbac may manage RBAC', () => {
    expect(rbac.canModifyRbac('mgr', { role: 'read-only' }, { kind: 'create-role' })).toMatchObject({
      allowed: true,
      status: 200,
    });
    expect(rbac.canModifyRbac('mgr', { user: 'old' }, { kind: 'assign-roles' }).allowed).toBe(true);
    expect(rbac.canModifyRbac('mgr', { role: 'read-only' }, { kind: 'add-endpoint' }).allowed).toBe(true);
    // ...but not its own roles (M2, M4).
    expect(rbac.canModifyRbac('mgr', { user: 'mgr' }, { kind: 'assign-roles' }).reason).toBe(
      'self-modification',
    );
  });

  it('the default admin still cannot restrict a super admin, in any version', () => {
    for (const kongVersion of ['3.5', '3.6', undefined]) {
      const engine = createRbac(
        {
          roles: defaultRoles('default', kongVersion === undefined ? {} : { kongVersion }),
          assignments: [
            { user: 'ada', roles: ['admin'] },
            { user: 'root', roles: ['super-admin'] },
          ],
        },
        kongVersion === undefined ? {} : { kongVersion },
      );
      expect(engine.canModifyRbac('ada', { user: 'root' }, { kind: 'revoke-roles' })).toMatchObject({
        allowed: false,
        status: 403,
      });
    }
    expect(rbac.canModifyRbac('old', { user: 'ada' }, { kind: 'assign-roles' }).allowed).toBe(false);
  });
});
