import { z } from 'zod';

/** Kong RBAC actions (spec 05 §1.2). */
export const RBAC_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
/** One Kong RBAC action. */
export type RbacAction = (typeof RBAC_ACTIONS)[number];

/** A rule endpoint as written in a document: `*`, or a path starting with `/` (spec 05 §1.3). */
const RuleEndpointPath = z
  .string()
  .refine((v) => v.trim() !== '', { message: 'cannot be empty' })
  .refine((v) => v.trim() === '*' || v.trim().startsWith('/'), {
    message: "must be '*' or a path starting with '/'",
  });

/** A workspace name in a rule: a workspace or `*` (any workspace). */
const RuleWorkspace = z
  .string()
  .min(1, 'cannot be empty')
  .refine((v) => v.trim() === v && v !== '', { message: 'must not have surrounding whitespace' });

/** One role endpoint permission (a *rule*, spec 05 §1.1). */
export const RoleEndpoint = z.strictObject({
  workspace: RuleWorkspace,
  endpoint: RuleEndpointPath,
  actions: z.array(z.enum(RBAC_ACTIONS)),
  negative: z.boolean().optional(),
  comment: z.string().optional(),
});
/** One role endpoint permission: `workspace` (or `*`), `endpoint` (or `*`), actions, `negative`. */
export type RoleEndpoint = {
  workspace: string;
  endpoint: string;
  actions: RbacAction[];
  negative?: boolean;
  comment?: string;
};

/** A rule inside a role document: `workspace` defaults to the role's workspace (spec 05 §7). */
export const RoleEndpointInput = RoleEndpoint.extend({ workspace: RuleWorkspace.optional() });
/** A rule inside a role definition; without `workspace` it applies to the role's workspace. */
export type RoleEndpointInput = Omit<RoleEndpoint, 'workspace'> & { workspace?: string };

/** One role entity permission (spec 05 §9). `entityId` is an entity id, a workspace id or `*`. */
export const RoleEntity = z.strictObject({
  entityId: z.string().min(1, 'cannot be empty'),
  entityType: z.string().optional(),
  actions: z.array(z.enum(RBAC_ACTIONS)),
  negative: z.boolean().optional(),
  comment: z.string().optional(),
});
/** One role entity permission. */
export type RoleEntity = {
  entityId: string;
  entityType?: string;
  actions: RbacAction[];
  negative?: boolean;
  comment?: string;
};

/** Document fields of a `type: RbacRole` resource (besides `name`). */
export const RbacRoleSpec = z.strictObject({
  workspace: RuleWorkspace.optional(),
  comment: z.string().optional(),
  isDefault: z.boolean().optional(),
  endpoints: z.array(RoleEndpointInput).optional(),
  entities: z.array(RoleEntity).optional(),
});
/** Fields of an RBAC role document. */
export type RbacRoleSpec = {
  workspace?: string;
  comment?: string;
  isDefault?: boolean;
  endpoints?: RoleEndpointInput[];
  entities?: RoleEntity[];
};

/** Document fields of a `type: RbacAssignment` resource: roles of `user` in `workspace`. */
export const RbacAssignmentSpec = z.strictObject({
  user: z.string().min(1, 'cannot be empty'),
  workspace: RuleWorkspace.optional(),
  roles: z.array(z.string().min(1, 'cannot be empty')),
});
/** Fields of an RBAC assignment document. */
export type RbacAssignmentSpec = { user: string; workspace?: string; roles: string[] };

/** Document fields of a `type: Workspace` resource. */
export const WorkspaceSpec = z.strictObject({ comment: z.string().optional() });
