import { z } from 'zod';
import type { Selector } from './common.js';
import { MeshPolicyError } from './errors.js';
import {
  PbBytes,
  PbDouble,
  PbDuration,
  PbFloat,
  PbSelector,
  PbTags,
  PbUint32,
  PbUint64,
  type ProtoShape,
  pbEnum,
  pbEnumValues,
  pbList,
  pbMap,
  pbMessage,
} from './protojson.js';

/** Legacy (source/destination) policy types named in the seeds and spec 00 §4. */
export const LEGACY_POLICY_TYPES = [
  'TrafficPermission',
  'TrafficRoute',
  'TrafficLog',
  'TrafficTrace',
  'HealthCheck',
  'CircuitBreaker',
  'FaultInjection',
  'Retry',
  'Timeout',
  'RateLimit',
  'ProxyTemplate',
  'VirtualOutbound',
  'MeshGatewayRoute',
] as const;
export type LegacyPolicyType = (typeof LEGACY_POLICY_TYPES)[number];

/** Which selector fields a legacy type uses (spec 00 §4.1). */
export const LEGACY_SELECTOR_SHAPE: Record<LegacyPolicyType, 'sources-destinations' | 'selectors'> = {
  TrafficPermission: 'sources-destinations',
  TrafficRoute: 'sources-destinations',
  TrafficLog: 'sources-destinations',
  TrafficTrace: 'selectors',
  HealthCheck: 'sources-destinations',
  CircuitBreaker: 'sources-destinations',
  FaultInjection: 'sources-destinations',
  Retry: 'sources-destinations',
  Timeout: 'sources-destinations',
  RateLimit: 'sources-destinations',
  ProxyTemplate: 'selectors',
  VirtualOutbound: 'selectors',
  MeshGatewayRoute: 'selectors',
};

/** True for the legacy (source/destination or selectors) policy types of spec 00 §4. */
export function isLegacyPolicyType(type: string): type is LegacyPolicyType {
  return (LEGACY_POLICY_TYPES as readonly string[]).includes(type);
}

// The conf messages below are protobuf JSON as Kuma 2.8.8 reads it (see ./protojson.ts).

const message = pbMessage;
const list = pbList;
const map = pbMap;
const string = z.string();
const boolean = z.boolean();
const uint32 = PbUint32;
const uint64 = PbUint64;
const duration = PbDuration;
const bytes = PbBytes;

/** An enum field whose values are numbered in declaration order (open: other numbers stay numbers). */
const enumOf = <const N extends readonly [string, ...string[]]>(names: N) =>
  pbEnum(pbEnumValues(names), { open: true });

// --- Selectors --------------------------------------------------------------------------------

/** A list of legacy selectors (`mesh.v1alpha1.Selector`); a `null` match reads as none. */
const selectorList = z
  .array(PbSelector)
  .nullish()
  .transform((list) => list ?? undefined);

/** The fields of a legacy policy besides its metadata (Universal form: inlined). */
export const LegacyPolicySpec = z.strictObject({
  sources: selectorList,
  destinations: selectorList,
  selectors: selectorList,
  conf: z.unknown().optional(),
});
export type LegacyPolicySpec = {
  sources?: Selector[];
  destinations?: Selector[];
  selectors?: Selector[];
  conf?: unknown;
};

// --- Conf messages (Kuma 2.8.8 `api/mesh/v1alpha1/*.proto`) ------------------------------------

const HTTP_METHODS = [
  'NONE',
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
] as const;
const httpMethod = enumOf(HTTP_METHODS);
const tags = PbTags;

/** `TrafficLog.Conf` / `TrafficTrace.Conf`. */
export const TrafficLogConf = message({ backend: string });
export type TrafficLogConf = z.infer<typeof TrafficLogConf>;
export const TrafficTraceConf = message({ backend: string });
export type TrafficTraceConf = z.infer<typeof TrafficTraceConf>;

const trafficRouteSplit = message({ weight: uint32, destination: tags });
const stringMatcher = message({ prefix: string, exact: string, regex: string });
const regexReplace = message({ pattern: string, substitution: string });
const headersModification = message({
  add: list(message({ name: string, value: string, append: boolean }), {}),
  remove: list(message({ name: string }), {}),
});
const trafficRouteHttp = message({
  match: message({ method: stringMatcher, path: stringMatcher, headers: map(stringMatcher, {}) }),
  modify: message({
    path: message({ rewritePrefix: string, regex: regexReplace }),
    host: message({ value: string, fromPath: regexReplace }),
    requestHeaders: headersModification,
    responseHeaders: headersModification,
  }),
  split: list(trafficRouteSplit, {}),
  destination: tags,
});
const empty = message({});

/** `TrafficRoute.Conf`. */
export const TrafficRouteConf = message({
  split: list(trafficRouteSplit, {}),
  load_balancer: message({
    round_robin: empty,
    least_request: message({ choice_count: uint32 }),
    ring_hash: message({ hash_function: string, min_ring_size: uint64, max_ring_size: uint64 }),
    random: empty,
    maglev: empty,
  }),
  destination: tags,
  http: list(trafficRouteHttp, {}),
});
export type TrafficRouteConf = z.infer<typeof TrafficRouteConf>;

/** `HealthCheck.Conf`. */
export const HealthCheckConf = message({
  interval: duration,
  timeout: duration,
  unhealthy_threshold: uint32,
  healthy_threshold: uint32,
  initial_jitter: duration,
  interval_jitter: duration,
  interval_jitter_percent: uint32,
  healthy_panic_threshold: PbFloat,
  fail_traffic_on_panic: boolean,
  event_log_path: string,
  always_log_health_check_failures: boolean,
  no_traffic_interval: duration,
  tcp: message({ send: bytes, receive: list(bytes, '') }),
  http: message({
    path: string,
    request_headers_to_add: list(
      message({ header: message({ key: string, value: string }), append: boolean }),
      {},
    ),
    expected_statuses: list(uint32, 0),
  }),
  reuse_connection: boolean,
});
export type HealthCheckConf = z.infer<typeof HealthCheckConf>;

const consecutiveErrors = message({ consecutive: uint32 });

/** `CircuitBreaker.Conf`. */
export const CircuitBreakerConf = message({
  interval: duration,
  baseEjectionTime: duration,
  maxEjectionPercent: uint32,
  splitExternalAndLocalErrors: boolean,
  detectors: message({
    totalErrors: consecutiveErrors,
    gatewayErrors: consecutiveErrors,
    localErrors: consecutiveErrors,
    standardDeviation: message({ requestVolume: uint32, minimumHosts: uint32, factor: PbDouble }),
    failure: message({ requestVolume: uint32, minimumHosts: uint32, threshold: uint32 }),
  }),
  thresholds: message({
    maxConnections: uint32,
    maxPendingRequests: uint32,
    maxRetries: uint32,
    maxRequests: uint32,
  }),
});
export type CircuitBreakerConf = z.infer<typeof CircuitBreakerConf>;

/** `FaultInjection.Conf`. */
export const FaultInjectionConf = message({
  delay: message({ percentage: PbDouble, value: duration }),
  abort: message({ percentage: PbDouble, httpStatus: uint32 }),
  response_bandwidth: message({ percentage: PbDouble, limit: string }),
});
export type FaultInjectionConf = z.infer<typeof FaultInjectionConf>;

const backOff = message({ base_interval: duration, max_interval: duration });
const HTTP_RETRY_ON = [
  'all_5xx',
  'gateway_error',
  'reset',
  'connect_failure',
  'envoy_ratelimited',
  'retriable_4xx',
  'refused_stream',
  'retriable_status_codes',
  'retriable_headers',
  'http3_post_connect_failure',
] as const;
const GRPC_RETRY_ON = [
  'cancelled',
  'deadline_exceeded',
  'internal',
  'resource_exhausted',
  'unavailable',
] as const;

/** `Retry.Conf`. */
export const RetryConf = message({
  http: message({
    num_retries: uint32,
    per_try_timeout: duration,
    back_off: backOff,
    retriable_status_codes: list(uint32, 0),
    retriable_methods: list(httpMethod, 'NONE'),
    retry_on: list(enumOf(HTTP_RETRY_ON), 'all_5xx'),
  }),
  tcp: message({ max_connect_attempts: uint32 }),
  grpc: message({
    retry_on: list(enumOf(GRPC_RETRY_ON), 'cancelled'),
    num_retries: uint32,
    per_try_timeout: duration,
    back_off: backOff,
  }),
});
export type RetryConf = z.infer<typeof RetryConf>;

/** `Timeout.Conf`. */
export const TimeoutConf = message({
  connect_timeout: duration,
  tcp: message({ idle_timeout: duration }),
  http: message({
    request_timeout: duration,
    idle_timeout: duration,
    stream_idle_timeout: duration,
    max_stream_duration: duration,
  }),
  grpc: message({ stream_idle_timeout: duration, max_stream_duration: duration }),
});
export type TimeoutConf = z.infer<typeof TimeoutConf>;

/** `RateLimit.Conf`. */
export const RateLimitConf = message({
  http: message({
    requests: uint32,
    interval: duration,
    onRateLimit: message({
      status: uint32,
      headers: list(message({ key: string, value: string, append: boolean }), {}),
    }),
  }),
});
export type RateLimitConf = z.infer<typeof RateLimitConf>;

const modification = <S extends ProtoShape>(match: S) =>
  message({ match: message(match), operation: string, value: string });

/** `ProxyTemplate.Conf`. */
export const ProxyTemplateConf = message({
  imports: list(string, ''),
  resources: list(message({ name: string, version: string, resource: string }), {}),
  modifications: list(
    message({
      cluster: modification({ origin: string, name: string }),
      listener: modification({ origin: string, name: string, tags }),
      networkFilter: modification({ origin: string, name: string, listenerName: string, listenerTags: tags }),
      httpFilter: modification({ origin: string, name: string, listenerName: string, listenerTags: tags }),
      virtualHost: modification({ origin: string, name: string, routeConfigurationName: string }),
    }),
    {},
  ),
});
export type ProxyTemplateConf = z.infer<typeof ProxyTemplateConf>;

/** `VirtualOutbound.Conf`. */
export const VirtualOutboundConf = message({
  host: string,
  port: string,
  parameters: list(message({ name: string, tag_key: string }), {}),
});
export type VirtualOutboundConf = z.infer<typeof VirtualOutboundConf>;

const gatewayBackend = message({ weight: uint32, destination: tags });
const headerFilter = message({
  set: list(message({ name: string, value: string }), {}),
  add: list(message({ name: string, value: string }), {}),
  remove: list(string, ''),
});
const rewrite = message({
  replace_full: string,
  replace_prefix_match: string,
  host_to_backend_hostname: boolean,
});

/** `MeshGatewayRoute.Conf`. */
export const MeshGatewayRouteConf = message({
  tcp: message({ rules: list(message({ backends: list(gatewayBackend, {}) }), {}) }),
  http: message({
    hostnames: list(string, ''),
    rules: list(
      message({
        matches: list(
          message({
            path: message({ match: enumOf(['EXACT', 'PREFIX', 'REGEX']), value: string }),
            method: httpMethod,
            headers: list(
              message({
                match: enumOf(['EXACT', 'REGEX', 'ABSENT', 'PRESENT']),
                name: string,
                value: string,
              }),
              {},
            ),
            query_parameters: list(
              message({ match: enumOf(['EXACT', 'REGEX']), name: string, value: string }),
              {},
            ),
          }),
          {},
        ),
        filters: list(
          message({
            request_header: headerFilter,
            mirror: message({ backend: gatewayBackend, percentage: PbDouble }),
            redirect: message({
              scheme: string,
              hostname: string,
              port: uint32,
              status_code: uint32,
              path: rewrite,
            }),
            rewrite,
            response_header: headerFilter,
          }),
          {},
        ),
        backends: list(gatewayBackend, {}),
      }),
      {},
    ),
  }),
});
export type MeshGatewayRouteConf = z.infer<typeof MeshGatewayRouteConf>;

/** A `conf` that is not part of the type's protobuf message (TrafficPermission has none). */
const NO_CONF = z.never({ error: 'unknown field' }).optional();

const CONF_SCHEMAS: Record<LegacyPolicyType, z.ZodType> = {
  TrafficPermission: NO_CONF,
  TrafficRoute: TrafficRouteConf,
  TrafficLog: TrafficLogConf,
  TrafficTrace: TrafficTraceConf,
  HealthCheck: HealthCheckConf,
  CircuitBreaker: CircuitBreakerConf,
  FaultInjection: FaultInjectionConf,
  Retry: RetryConf,
  Timeout: TimeoutConf,
  RateLimit: RateLimitConf,
  ProxyTemplate: ProxyTemplateConf,
  VirtualOutbound: VirtualOutboundConf,
  MeshGatewayRoute: MeshGatewayRouteConf,
};

/**
 * The `conf` schema of a legacy policy type: its Kuma 2.8.8 proto message as protobuf JSON (see
 * above). `null` reads as no conf.
 */
export function legacyConfSchema(type: LegacyPolicyType): z.ZodType {
  if (typeof type !== 'string' || !isLegacyPolicyType(type))
    throw new MeshPolicyError('INVALID_INPUT', 'legacyConfSchema: type must be a legacy policy type');
  const schema = CONF_SCHEMAS[type];
  if (schema === NO_CONF) return NO_CONF;
  return schema
    .nullish()
    .transform((conf) => conf ?? undefined)
    .optional();
}
