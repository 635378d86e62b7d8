import * as fc from 'fast-check';
import {
  RBAC_ACTIONS,
  type RbacAction,
  type RbacAssignment,
  type RbacRole,
  type RoleEndpoint,
} from '../models/index.js';
import { cached } from './cache.js';
import { arbResourceName } from './primitives.js';

/** A Kong workspace name (`default` or a generated one). */
export function arbWorkspaceName(): fc.Arbitrary<string> {
  return cached('arbWorkspaceName', () =>
    fc.oneof(fc.constant('default'), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)),
  );
}

/** A Kong Admin API endpoint pattern as a role rule stores it (normalised: leading `/`, no trailing `/`). */
export function arbRbacEndpoint(): fc.Arbitrary<string> {
  const entity = fc.constantFrom(
    'services',
    'routes',
    'consumers',
    'plugins',
    'upstreams',
    'certificates',
    'rbac',
  );
  return fc.oneof(
    fc.constant('*'),
    entity.map((e) => `/${e}`),
    entity.map((e) => `/${e}/*`),
    fc.tuple(entity, arbResourceName()).map(([e, n]) => `/${e}/${n}`),
    fc
      .tuple(entity, arbResourceName(), fc.constantFrom('routes', 'plugins'))
      .map(([e, n, s]) => `/${e}/${n}/${s}`),
  );
}

/** A non-empty set of RBAC actions, in Kong's order. */
export function arbRbacActions(): fc.Arbitrary<RbacAction[]> {
  return fc
    .subarray([...RBAC_ACTIONS], { minLength: 1 })
    .map((xs) => RBAC_ACTIONS.filter((a) => xs.includes(a)));
}

/** One role endpoint rule (`workspace` may be `*`; `negative` sometimes). */
export function arbRoleEndpoint(workspaces?: readonly string[]): fc.Arbitrary<RoleEndpoint> {
  const ws =
    workspaces !== undefined && workspaces.length > 0
      ? fc.constantFrom('*', ...workspaces)
      : fc.oneof(fc.constant('*'), arbWorkspaceName());
  return fc
    .record({ workspace: ws, endpoint: arbRbacEndpoint(), actions: arbRbacActions(), negative: fc.boolean() })
    .map(({ workspace, endpoint, actions, negative }) =>
      negative ? { workspace, endpoint, actions, negative } : { workspace, endpoint, actions },
    );
}

function uniqueRules(rules: RoleEndpoint[]): RoleEndpoint[] {
  // Kong's primary key is (role, workspace, endpoint): one rule per pair.
  const seen = new Set<string>();
  return rules.filter((r) => {
    const k = `${r.workspace}\u0000${r.endpoint}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A valid `type: RbacRole` resource. */
export function arbRbacRole(
  opts: { workspace?: string; workspaces?: readonly string[] } = {},
): fc.Arbitrary<RbacRole> {
  return fc
    .record({
      name: arbResourceName(),
      workspace: opts.workspace !== undefined ? fc.constant(opts.workspace) : arbWorkspaceName(),
      endpoints: fc.array(arbRoleEndpoint(opts.workspaces), { minLength: 1, maxLength: 5 }),
    })
    .map(
      ({ name, workspace, endpoints }): RbacRole => ({
        type: 'RbacRole',
        mesh: '',
        name,
        labels: {},
        workspace,
        endpoints: uniqueRules(endpoints),
      }),
    );
}

/** A valid `type: RbacAssignment` resource (roles of one user in one workspace). */
export function arbRbacAssignment(
  opts: { roles?: readonly string[]; workspace?: string } = {},
): fc.Arbitrary<RbacAssignment> {
  const role =
    opts.roles !== undefined && opts.roles.length > 0 ? fc.constantFrom(...opts.roles) : arbResourceName();
  return fc
    .record({
      name: arbResourceName(),
      user: arbResourceName(),
      workspace: opts.workspace !== undefined ? fc.constant(opts.workspace) : arbWorkspaceName(),
      roles: fc.uniqueArray(role, { minLength: 1, maxLength: 3 }),
    })
    .map(
      ({ name, user, workspace, roles }): RbacAssignment => ({
        type: 'RbacAssignment',
        mesh: '',
        name,
        labels: {},
        user,
        workspace,
        roles,
      }),
    );
}

/** The input of `createRbac`: roles and assignments that refer to those roles. */
export interface RbacConfigSample {
  roles: { name: string; workspace: string; endpoints: RoleEndpoint[] }[];
  assignments: { user: string; workspace: string; roles: string[] }[];
}

/**
 * Roles (unique per workspace) and assignments of users to roles of the same workspace, the shape
 * `createRbac` takes. Every assigned role exists.
 */
export function arbRbacConfig(): fc.Arbitrary<RbacConfigSample> {
  return fc.uniqueArray(arbWorkspaceName(), { minLength: 1, maxLength: 3 }).chain((workspaces) =>
    fc
      .uniqueArray(
        fc.record({
          name: arbResourceName(),
          workspace: fc.constantFrom(...workspaces),
          endpoints: fc.array(arbRoleEndpoint(workspaces), { minLength: 1, maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 5, selector: (r) => `${r.workspace}/${r.name}` },
      )
      .chain((roles) => {
        const withUnique = roles.map((r) => ({ ...r, endpoints: uniqueRules(r.endpoints) }));
        const assignment = fc.constantFrom(...withUnique).chain((r) =>
          fc.record({
            user: fc.constantFrom('alice', 'bob', 'carol', 'dave'),
            workspace: fc.constant(r.workspace),
            roles: fc.subarray(
              withUnique.filter((x) => x.workspace === r.workspace).map((x) => x.name),
              { minLength: 1 },
            ),
          }),
        );
        return fc
          .uniqueArray(assignment, { maxLength: 6, selector: (a) => `${a.user}/${a.workspace}` })
          .map((assignments) => ({ roles: withUnique, assignments }));
      }),
  );
}
