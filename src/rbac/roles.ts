import {
  RBAC_ACTIONS,
  type RbacAction,
  type RoleEndpoint,
  type RoleEndpointInput,
  type RoleEntity,
} from '../models/index.js';
import { kongVersionAtLeast } from './version.js';

/** A role as `createRbac` takes it. Rules without `workspace` apply to the role's workspace. */
export interface RbacRoleDefinition {
  name: string;
  /** The workspace the role lives in; default `default`. */
  workspace?: string;
  endpoints: RoleEndpointInput[];
  entities?: RoleEntity[];
  comment?: string;
  isDefault?: boolean;
}

const ALL: RbacAction[] = [...RBAC_ACTIONS];

const rule = (workspace: string, endpoint: string, actions: RbacAction[], negative = false): RoleEndpoint =>
  negative
    ? { workspace, endpoint, actions: [...actions], negative: true }
    : { workspace, endpoint, actions: [...actions] };

/** Negative rules keeping an admin role away from RBAC, admins (3.6+) and groups (3.8+). */
function adminNegatives(workspace: string, kongVersion: string | undefined): RoleEndpoint[] {
  const out: RoleEndpoint[] = [];
  for (let depth = 1; depth <= 5; depth++) out.push(rule(workspace, `/rbac${'/*'.repeat(depth)}`, ALL, true));
  if (kongVersionAtLeast(kongVersion, '3.6')) {
    out.push(rule(workspace, '/admins', ALL, true), rule(workspace, '/admins/*', ALL, true));
  }
  if (kongVersionAtLeast(kongVersion, '3.8')) {
    out.push(rule(workspace, '/groups', ALL, true), rule(workspace, '/groups/*', ALL, true));
  }
  return out;
}

/**
 * The default roles of a workspace (spec 05 §6). For `default`: the cluster roles `read-only`,
 * `admin` and `super-admin`, whose rules apply to every workspace (`*`). For any other workspace
 * `W`: the roles Kong Manager creates — `workspace-read-only`, `workspace-admin`,
 * `workspace-super-admin` and `workspace-portal-admin`, with rules on `W`. `kongVersion`
 * (default latest) selects the `/admins` (3.6+) and `/groups` (3.8+) negative rules. A workspace
 * created through the Admin API alone gets none of these (spec 05 §12 K9).
 */
export function defaultRoles(
  workspace = 'default',
  opts: { kongVersion?: string } = {},
): RbacRoleDefinition[] {
  const v = opts?.kongVersion;
  if (workspace === 'default') {
    return [
      { name: 'read-only', workspace, endpoints: [rule('*', '*', ['read'])] },
      { name: 'admin', workspace, endpoints: [rule('*', '*', ALL), ...adminNegatives('*', v)] },
      { name: 'super-admin', workspace, endpoints: [rule('*', '*', ALL)] },
    ];
  }
  const W = workspace;
  return [
    { name: 'workspace-read-only', workspace: W, endpoints: [rule(W, '*', ['read'])] },
    { name: 'workspace-admin', workspace: W, endpoints: [rule(W, '*', ALL), ...adminNegatives(W, v)] },
    { name: 'workspace-super-admin', workspace: W, endpoints: [rule(W, '*', ALL)] },
    {
      name: 'workspace-portal-admin',
      workspace: W,
      endpoints: [
        rule(W, '/developers', ALL),
        rule(W, '/developers/*', ALL),
        rule(W, '/files', ALL),
        rule(W, '/files/*', ALL),
        rule(W, '/kong', ALL),
        rule(W, `/workspaces/${W}`, ['read', 'update']),
        ...adminNegatives(W, v),
      ],
    },
  ];
}
