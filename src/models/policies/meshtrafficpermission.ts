import { z } from 'zod';

/**
 * `from[].default` of a MeshTrafficPermission (Kuma 2.8.8
 * `pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/meshtrafficpermission.go`). The action
 * enum is Kuma's OpenAPI schema's; its absence is reported by the admission check.
 */
export const MeshTrafficPermissionConf = z.strictObject({
  action: z.enum(['Allow', 'Deny', 'AllowWithShadowDeny']).optional(),
});
export type MeshTrafficPermissionConf = z.infer<typeof MeshTrafficPermissionConf>;
