import { z } from 'zod';
import { MeshPolicyError } from '../errors.js';
import { POLICY_SECTIONS, type TargetRefPolicyType } from '../policy.js';
import { TargetRef } from '../targetref.js';
import { PermissiveConf } from './common.js';
import { MeshAccessLogConf } from './meshaccesslog.js';
import { MeshCircuitBreakerConf } from './meshcircuitbreaker.js';
import { MeshFaultInjectionConf } from './meshfaultinjection.js';
import { MeshHealthCheckConf } from './meshhealthcheck.js';
import { MeshHTTPRouteTo } from './meshhttproute.js';
import { MeshLoadBalancingStrategyConf } from './meshloadbalancingstrategy.js';
import { MeshMetricConf } from './meshmetric.js';
import { MeshPassthroughConf } from './meshpassthrough.js';
import { MeshProxyPatchConf } from './meshproxypatch.js';
import { MeshRateLimitConf } from './meshratelimit.js';
import { MeshRetryConf } from './meshretry.js';
import { MeshTCPRouteTo } from './meshtcproute.js';
import { MeshTimeoutConf } from './meshtimeout.js';
import { MeshTraceConf } from './meshtrace.js';
import { MeshTrafficPermissionConf } from './meshtrafficpermission.js';

export * from './common.js';
export type * from './confs.js';
export * from './meshaccesslog.js';
export * from './meshcircuitbreaker.js';
export * from './meshfaultinjection.js';
export * from './meshhealthcheck.js';
export * from './meshhttproute.js';
export * from './meshloadbalancingstrategy.js';
export * from './meshmetric.js';
export * from './meshpassthrough.js';
export * from './meshproxypatch.js';
export * from './meshratelimit.js';
export * from './meshretry.js';
export * from './meshtcproute.js';
export * from './meshtimeout.js';
export * from './meshtrace.js';
export * from './meshtrafficpermission.js';

/**
 * The `default` (conf) schema of each kind. Kinds listed here are strict (unknown keys are
 * errors); the others accept any object, since their merge has no special field (spec 03 §8.2).
 */
export const POLICY_CONF_SCHEMAS: Partial<Record<TargetRefPolicyType, z.ZodType>> = {
  MeshAccessLog: MeshAccessLogConf,
  MeshCircuitBreaker: MeshCircuitBreakerConf,
  MeshFaultInjection: MeshFaultInjectionConf,
  MeshHealthCheck: MeshHealthCheckConf,
  MeshLoadBalancingStrategy: MeshLoadBalancingStrategyConf,
  MeshMetric: MeshMetricConf,
  MeshRateLimit: MeshRateLimitConf,
  MeshRetry: MeshRetryConf,
  MeshTrace: MeshTraceConf,
  MeshPassthrough: MeshPassthroughConf,
  MeshTrafficPermission: MeshTrafficPermissionConf,
  MeshTimeout: MeshTimeoutConf,
  MeshProxyPatch: MeshProxyPatchConf,
};

/** MeshPassthrough's top-level targetRef: the OpenAPI schema requires a non-empty `proxyTypes`. */
const PassthroughTargetRef = z.strictObject({
  ...TargetRef.shape,
  proxyTypes: TargetRef.shape.proxyTypes.unwrap().min(1).optional(),
});

const specCache = new Map<TargetRefPolicyType, z.ZodType>();

/**
 * The `spec` schema of a targetRef policy kind. Which sections exist comes from
 * `POLICY_SECTIONS` (spec 03 §8.1); the conf schema from `POLICY_CONF_SCHEMAS`; MeshHTTPRoute and
 * MeshTCPRoute have their own `to[]` items (`rules` instead of `default`).
 */
export function targetRefPolicySpecSchema(type: TargetRefPolicyType): z.ZodType {
  const cached = specCache.get(type);
  if (cached !== undefined) return cached;
  if (typeof type !== 'string' || !Object.hasOwn(POLICY_SECTIONS, type))
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'targetRefPolicySpecSchema: type must be a targetRef policy type',
    );
  const sections = POLICY_SECTIONS[type];
  const conf = POLICY_CONF_SCHEMAS[type] ?? PermissiveConf;
  const item = z.strictObject({ targetRef: TargetRef, default: conf.optional() });
  const shape: Record<string, z.ZodType> = {
    targetRef: (type === 'MeshPassthrough' ? PassthroughTargetRef : TargetRef).optional(),
  };
  if (sections.to) {
    const toItem =
      type === 'MeshHTTPRoute' ? MeshHTTPRouteTo : type === 'MeshTCPRoute' ? MeshTCPRouteTo : item;
    shape.to = z.array(toItem).optional();
  }
  if (sections.from) shape.from = z.array(item).optional();
  if (sections.single) shape.default = conf.optional();
  const schema = z.strictObject(shape);
  specCache.set(type, schema);
  return schema;
}
