/**
 * Which admission check runs for which resource type. Every Kuma type the loader knows has an
 * entry, so a missing port is visible here.
 */
import type { Resource } from '../resource.js';
import { validateDataplane } from './dataplane.js';
import { validateExternalService } from './externalservice.js';
import { validateHostnameGenerator } from './hostnamegenerator.js';
import { validateLegacyPolicy } from './legacy.js';
import { validateMesh } from './mesh.js';
import { validateMeshAccessLog } from './meshaccesslog.js';
import { validateMeshCircuitBreaker } from './meshcircuitbreaker.js';
import { validateMeshExternalService } from './meshexternalservice.js';
import { validateMeshFaultInjection } from './meshfaultinjection.js';
import { validateMeshGateway } from './meshgateway.js';
import { validateMeshHealthCheck } from './meshhealthcheck.js';
import { validateMeshHTTPRoute } from './meshhttproute.js';
import { validateMeshLoadBalancingStrategy } from './meshloadbalancingstrategy.js';
import { validateMeshMetric } from './meshmetric.js';
import { validateMeshMultiZoneService } from './meshmultizoneservice.js';
import { validateMeshPassthrough } from './meshpassthrough.js';
import { validateMeshProxyPatch } from './meshproxypatch.js';
import { validateMeshRateLimit } from './meshratelimit.js';
import { validateMeshRetry } from './meshretry.js';
import { validateMeshService } from './meshservice.js';
import { validateMeshTCPRoute } from './meshtcproute.js';
import { validateMeshTimeout } from './meshtimeout.js';
import { validateMeshTrace } from './meshtrace.js';
import { validateMeshTrafficPermission } from './meshtrafficpermission.js';
import type { Violations } from './violations.js';
import { validateZoneEgress } from './zoneegress.js';
import { validateZoneIngress } from './zoneingress.js';

type Check = (resource: Resource, v: Violations) => void;
// Each validator narrows the resource to its own type; the registry is keyed by that type.
const as = <R>(check: (r: R, v: Violations) => void): Check => check as unknown as Check;

export const VALIDATORS: Readonly<Record<string, Check>> = {
  MeshAccessLog: as(validateMeshAccessLog),
  MeshCircuitBreaker: as(validateMeshCircuitBreaker),
  MeshFaultInjection: as(validateMeshFaultInjection),
  MeshHealthCheck: as(validateMeshHealthCheck),
  MeshHTTPRoute: as(validateMeshHTTPRoute),
  MeshLoadBalancingStrategy: as(validateMeshLoadBalancingStrategy),
  MeshMetric: as(validateMeshMetric),
  MeshPassthrough: as(validateMeshPassthrough),
  MeshProxyPatch: as(validateMeshProxyPatch),
  MeshRateLimit: as(validateMeshRateLimit),
  MeshRetry: as(validateMeshRetry),
  MeshTCPRoute: as(validateMeshTCPRoute),
  MeshTrace: as(validateMeshTrace),
  MeshTrafficPermission: as(validateMeshTrafficPermission),
  MeshTimeout: as(validateMeshTimeout),
  Dataplane: as(validateDataplane),
  MeshGateway: as(validateMeshGateway),
  Mesh: as(validateMesh),
  ZoneIngress: as(validateZoneIngress),
  ZoneEgress: as(validateZoneEgress),
  ExternalService: as(validateExternalService),
  MeshService: as(validateMeshService),
  MeshExternalService: as(validateMeshExternalService),
  HostnameGenerator: as(validateHostnameGenerator),
  MeshMultiZoneService: as(validateMeshMultiZoneService),
  TrafficPermission: as(validateLegacyPolicy),
  TrafficRoute: as(validateLegacyPolicy),
  TrafficLog: as(validateLegacyPolicy),
  TrafficTrace: as(validateLegacyPolicy),
  HealthCheck: as(validateLegacyPolicy),
  CircuitBreaker: as(validateLegacyPolicy),
  FaultInjection: as(validateLegacyPolicy),
  Retry: as(validateLegacyPolicy),
  Timeout: as(validateLegacyPolicy),
  RateLimit: as(validateLegacyPolicy),
  ProxyTemplate: as(validateLegacyPolicy),
  VirtualOutbound: as(validateLegacyPolicy),
  MeshGatewayRoute: as(validateLegacyPolicy),
};
