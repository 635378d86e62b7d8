/**
 * The merged conf type of each targetRef kind: what a rule's `conf` holds (`computeConf`,
 * `matchedPolicies`, inspect). For most kinds it is the kind's `default`; route kinds merge their
 * `to[]` entries into `{ rules, hostnames }` (MeshHTTPRoute) or one rule (MeshTCPRoute).
 */
import type { TargetRefPolicyType } from '../policy.js';
import type { MeshAccessLogConf } from './meshaccesslog.js';
import type { MeshCircuitBreakerConf } from './meshcircuitbreaker.js';
import type { MeshFaultInjectionConf } from './meshfaultinjection.js';
import type { MeshHealthCheckConf } from './meshhealthcheck.js';
import type { MeshHTTPRouteRule } from './meshhttproute.js';
import type { MeshLoadBalancingStrategyConf } from './meshloadbalancingstrategy.js';
import type { MeshMetricConf } from './meshmetric.js';
import type { MeshPassthroughConf } from './meshpassthrough.js';
import type { MeshProxyPatchConf } from './meshproxypatch.js';
import type { MeshRateLimitConf } from './meshratelimit.js';
import type { MeshRetryConf } from './meshretry.js';
import type { MeshTCPRouteRule } from './meshtcproute.js';
import type { MeshTimeoutConf } from './meshtimeout.js';
import type { MeshTraceConf } from './meshtrace.js';
import type { MeshTrafficPermissionConf } from './meshtrafficpermission.js';

/** The merged conf of every targetRef kind, by kind. */
export interface PolicyConfs {
  MeshAccessLog: MeshAccessLogConf;
  MeshCircuitBreaker: MeshCircuitBreakerConf;
  MeshFaultInjection: MeshFaultInjectionConf;
  MeshHealthCheck: MeshHealthCheckConf;
  /** A `to[]` entry's rules (highest priority first, as Kuma merges them) and hostnames. */
  MeshHTTPRoute: { rules?: MeshHTTPRouteRule[]; hostnames?: string[] };
  MeshLoadBalancingStrategy: MeshLoadBalancingStrategyConf;
  MeshMetric: MeshMetricConf;
  MeshPassthrough: MeshPassthroughConf;
  MeshProxyPatch: MeshProxyPatchConf;
  MeshRateLimit: MeshRateLimitConf;
  MeshRetry: MeshRetryConf;
  /** The first rule of a `to[]` entry (or one sending everything to its target). */
  MeshTCPRoute: MeshTCPRouteRule;
  MeshTimeout: MeshTimeoutConf;
  MeshTrace: MeshTraceConf;
  MeshTrafficPermission: MeshTrafficPermissionConf;
}

/** The merged conf type of one targetRef kind: `ConfOf<'MeshTimeout'>` is `MeshTimeoutConf`. */
export type ConfOf<K extends TargetRefPolicyType> = PolicyConfs[K];

/** `ConfOf<K>` for a kind known at compile time, `unknown` for any other string. */
export type ConfFor<K extends string> = K extends TargetRefPolicyType ? PolicyConfs[K] : unknown;
