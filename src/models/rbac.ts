import { z } from 'zod';

/** Kong RBAC actions. */
export const RBAC_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type RbacAction = (typeof RBAC_ACTIONS)[number];

/** One role endpoint permission (a *rule*, spec 05 §1.1). */
export const RoleEndpoint = z.strictObject({
  workspace: z.string().min(1, 'cannot be empty'),
  endpoint: z.string().min(1, 'cannot be empty'),
  actions: z.array(z.enum(RBAC_ACTIONS)),
  negative: z.boolean().optional(),
  comment: z.string().optional(),
});
export type RoleEndpoint = {
  workspace: string;
  endpoint: string;
  actions: RbacAction[];
  negative?: boolean;
  comment?: string;
};

/** One role entity permission (spec 05 §9). */
export const RoleEntity = z.strictObject({
  entityId: z.string().min(1),
  entityType: z.string().optional(),
  actions: z.array(z.enum(RBAC_ACTIONS)),
  negative: z.boolean().optional(),
  comment: z.string().optional(),
});
export type RoleEntity = z.infer<typeof RoleEntity>;

/** Document fields of a `type: RbacRole` resource (besides `name`). */
export const RbacRoleSpec = z.strictObject({
  workspace: z.string().min(1, 'cannot be empty').optional(),
  comment: z.string().optional(),
  isDefault: z.boolean().optional(),
  endpoints: z.array(RoleEndpoint).optional(),
  entities: z.array(RoleEntity).optional(),
});
export type RbacRoleSpec = {
  workspace?: string;
  comment?: string;
  isDefault?: boolean;
  endpoints?: RoleEndpoint[];
  entities?: RoleEntity[];
};

/** Document fields of a `type: RbacAssignment` resource: roles of `user` in `workspace`. */
export const RbacAssignmentSpec = z.strictObject({
  user: z.string().min(1, 'cannot be empty'),
  workspace: z.string().min(1, 'cannot be empty').optional(),
  roles: z.array(z.string().min(1)),
});
export type RbacAssignmentSpec = { user: string; workspace?: string; roles: string[] };

/** Document fields of a `type: Workspace` resource. */
export const WorkspaceSpec = z.strictObject({ comment: z.string().optional() });
