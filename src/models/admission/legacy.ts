/**
 * Legacy policy admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/*_validator.go`): the selector
 * rules of every legacy type, then the checks of its `conf` (in `legacy-*.ts`).
 */
import type {
  CircuitBreakerConf,
  FaultInjectionConf,
  HealthCheckConf,
  LegacyPolicyType,
  MeshGatewayRouteConf,
  ProxyTemplateConf,
  RateLimitConf,
  RetryConf,
  TimeoutConf,
  TrafficRouteConf,
  VirtualOutboundConf,
} from '../legacy.js';
import type { LegacyPolicy, RawIssue } from '../resource.js';
import {
  validateCircuitBreakerConf,
  validateFaultInjectionConf,
  validateHealthCheckConf,
  validateRateLimitConf,
  validateRetryConf,
  validateTimeoutConf,
} from './legacy-conf.js';
import { validateMeshGatewayRouteConf } from './legacy-gatewayroute.js';
import { validateProxyTemplateConf } from './legacy-proxytemplate.js';
import { validateTrafficRouteConf } from './legacy-trafficroute.js';
import { validateVirtualOutboundConf } from './legacy-virtualoutbound.js';
import {
  ONLY_SERVICE_TAG_ALLOWED,
  protocolValidator,
  type SelectorsOptions,
  validateSelectors,
} from './tags.js';
import { Violations } from './violations.js';

type SelectorField = 'sources' | 'destinations' | 'selectors';
type SelectorRules = Partial<Record<SelectorField, SelectorsOptions>>;

/** At least one selector, each with at least one tag. */
const ANY_TAGS: SelectorsOptions = { requireAtLeastOneSelector: true, requireAtLeastOneTag: true };
/** As `ANY_TAGS`, and each selector names a `kuma.io/service`. */
const WITH_SERVICE: SelectorsOptions = { ...ANY_TAGS, requireService: true };
/** Sources with a service, destinations with only a service (the outbound policies). */
const SERVICE_TO_SERVICE: SelectorRules = { sources: WITH_SERVICE, destinations: ONLY_SERVICE_TAG_ALLOWED };

/** Which selector checks Kuma runs per type (each type's `validateSources` / `validateDestinations`). */
const SELECTOR_RULES: Record<LegacyPolicyType, SelectorRules> = {
  TrafficPermission: { sources: ANY_TAGS, destinations: ANY_TAGS },
  TrafficRoute: SERVICE_TO_SERVICE,
  TrafficLog: SERVICE_TO_SERVICE,
  TrafficTrace: { selectors: ANY_TAGS },
  HealthCheck: SERVICE_TO_SERVICE,
  CircuitBreaker: SERVICE_TO_SERVICE,
  FaultInjection: {
    sources: ANY_TAGS,
    destinations: { ...ANY_TAGS, extraTags: [protocolValidator('http', 'http2', 'grpc')] },
  },
  Retry: SERVICE_TO_SERVICE,
  Timeout: SERVICE_TO_SERVICE,
  RateLimit: { sources: ANY_TAGS, destinations: ANY_TAGS },
  ProxyTemplate: { selectors: { requireAtLeastOneTag: true, requireService: true } },
  VirtualOutbound: { selectors: ANY_TAGS },
  MeshGatewayRoute: { selectors: WITH_SERVICE },
};

const FIELDS: readonly SelectorField[] = ['sources', 'destinations', 'selectors'];

type Selectors = Partial<
  Record<SelectorField, ReadonlyArray<{ readonly match?: Readonly<Record<string, string>> }>>
>;

function validateLegacySelectors(v: Violations, rules: SelectorRules, spec: Selectors): void {
  for (const field of FIELDS) {
    const opts = rules[field];
    if (opts !== undefined) validateSelectors(v, [field], spec[field], opts);
  }
}

/**
 * Kuma's selector checks of a legacy policy alone (its `sources` / `destinations` / `selectors`,
 * not its `conf`), with Kuma's paths and messages, for the legacy module's `validateLegacyPolicy`.
 * A MeshGateway's `selectors` get the rules of Kuma's `gateway_validator.go` (at least one
 * selector, each with a tag and a `kuma.io/service`). Other types give no issue.
 */
export function legacySelectorIssues(type: string, spec: Selectors): RawIssue[] {
  const v = new Violations();
  const rules =
    type === 'MeshGateway' ? { selectors: WITH_SERVICE } : SELECTOR_RULES[type as LegacyPolicyType];
  if (rules !== undefined) validateLegacySelectors(v, rules, spec);
  return v.issues;
}

export function validateLegacyPolicy(r: LegacyPolicy, v: Violations): void {
  const rules = SELECTOR_RULES[r.type];
  if (rules === undefined) return;
  // The selector fields a type's proto message does not have are unknown fields.
  for (const field of FIELDS)
    if (rules[field] === undefined && r[field] !== undefined) v.add([field], 'unknown field');
  validateLegacySelectors(v, rules, r);
  const conf: unknown = r.conf;
  switch (r.type) {
    case 'TrafficRoute':
      validateTrafficRouteConf(v, conf as TrafficRouteConf | undefined);
      break;
    case 'HealthCheck':
      validateHealthCheckConf(v, conf as HealthCheckConf | undefined);
      break;
    case 'CircuitBreaker':
      validateCircuitBreakerConf(v, conf as CircuitBreakerConf | undefined);
      break;
    case 'FaultInjection':
      validateFaultInjectionConf(v, conf as FaultInjectionConf | undefined);
      break;
    case 'Retry':
      validateRetryConf(v, conf as RetryConf | undefined);
      break;
    case 'Timeout':
      validateTimeoutConf(v, conf as TimeoutConf | undefined);
      break;
    case 'RateLimit':
      validateRateLimitConf(v, conf as RateLimitConf | undefined);
      break;
    case 'ProxyTemplate':
      validateProxyTemplateConf(v, conf as ProxyTemplateConf | undefined);
      break;
    case 'VirtualOutbound':
      validateVirtualOutboundConf(v, conf as VirtualOutboundConf | undefined);
      break;
    case 'MeshGatewayRoute':
      validateMeshGatewayRouteConf(v, conf as MeshGatewayRouteConf | undefined);
      break;
    // TrafficPermission has no conf; TrafficLog's and TrafficTrace's may be empty (the mesh's
    // default backend is used).
  }
}
