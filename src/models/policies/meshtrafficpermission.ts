import { z } from 'zod';

/** `from[].default` of a MeshTrafficPermission. */
export const MeshTrafficPermissionConf = z.strictObject({
  action: z.enum(['Allow', 'Deny', 'AllowWithShadowDeny']).optional(),
});
export type MeshTrafficPermissionConf = z.infer<typeof MeshTrafficPermissionConf>;
