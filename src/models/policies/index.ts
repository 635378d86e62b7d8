import { z } from 'zod';
import { POLICY_SECTIONS, PolicyItem, RouteItem, type TargetRefPolicyType } from '../policy.js';
import { TargetRef } from '../targetref.js';

/**
 * The `spec` schema of a targetRef policy kind. Which sections exist comes from
 * `POLICY_SECTIONS`; per-kind `default` schemas narrow the conf where the kind needs it.
 */
export function targetRefPolicySpecSchema(type: TargetRefPolicyType): z.ZodType {
  const sections = POLICY_SECTIONS[type];
  const isRoute = type === 'MeshHTTPRoute' || type === 'MeshTCPRoute';
  const shape: Record<string, z.ZodType> = { targetRef: TargetRef.optional() };
  if (sections.to) shape.to = z.array(isRoute ? RouteItem : PolicyItem).optional();
  if (sections.from) shape.from = z.array(PolicyItem).optional();
  if (sections.single) shape.default = z.unknown().optional();
  return z.strictObject(shape);
}
