/**
 * `conf` admission of the legacy outbound policies (Kuma 2.8.8
 * `pkg/core/resources/apis/mesh/{health_check,circuit_breaker,fault_injection,retry,timeout,rate_limit}_validator.go`).
 */

import { goQuote } from '../../internal/go-strconv.js';
import type {
  CircuitBreakerConf,
  FaultInjectionConf,
  HealthCheckConf,
  RateLimitConf,
  RetryConf,
  TimeoutConf,
} from '../legacy.js';
import { durationNanos, hasAnyField, isEmptyList } from './legacy-util.js';
import { key, type Path, type Violations } from './violations.js';

// --- HealthCheck ------------------------------------------------------------------------------

/** `ValidateDuration` (`validators.go`): set and not zero. */
function positiveDuration(v: Violations, path: Path, d: string | undefined): void {
  if (d === undefined || durationNanos(d) === 0n) v.add(path, 'must have a positive value');
}

export function validateHealthCheckConf(v: Violations, conf: HealthCheckConf | undefined): void {
  const path = ['conf'];
  if (conf === undefined) {
    v.add(path, 'has to be defined');
    return;
  }
  positiveDuration(v, [...path, 'interval'], conf.interval);
  positiveDuration(v, [...path, 'timeout'], conf.timeout);
  if ((conf.unhealthyThreshold ?? 0) === 0)
    v.add([...path, 'unhealthyThreshold'], 'must have a positive value');
  if ((conf.healthyThreshold ?? 0) === 0) v.add([...path, 'healthyThreshold'], 'must have a positive value');
  if (conf.initialJitter !== undefined) positiveDuration(v, [...path, 'initialJitter'], conf.initialJitter);
  if (conf.intervalJitter !== undefined)
    positiveDuration(v, [...path, 'intervalJitter'], conf.intervalJitter);
  if (conf.noTrafficInterval !== undefined)
    positiveDuration(v, [...path, 'noTrafficInterval'], conf.noTrafficInterval);
  // A FloatValue: compared as float32.
  const panic = Math.fround(conf.healthyPanicThreshold ?? 0);
  if (panic < 0 || panic > 100) v.add([...path, 'healthyPanicThreshold'], 'must be in range [0.0 - 100.0]');
  const http = conf.http;
  if (http !== undefined) {
    const hp = [...path, 'http'];
    if ((http.path ?? '') === '') v.add([...hp, 'path'], 'has to be defined and cannot be empty');
    (http.expectedStatuses ?? []).forEach((status, i) => {
      if (status < 100 || status >= 600) v.add([...hp, 'expectedStatuses', i], 'must be in range [100, 600)');
    });
    (http.requestHeadersToAdd ?? []).forEach((option, i) => {
      const p = [...hp, 'requestHeadersToAdd', i, 'header'];
      if (option.header === undefined) v.add(p, 'has to be defined');
      else if ((option.header.key ?? '') === '') v.add([...p, 'key'], 'cannot be empty');
    });
  }
  if (conf.tcp !== undefined && http !== undefined)
    v.add(path, 'http and tcp cannot be defined at the same time');
}

// --- CircuitBreaker ---------------------------------------------------------------------------

export function validateCircuitBreakerConf(v: Violations, conf: CircuitBreakerConf | undefined): void {
  const path = ['conf'];
  const detectors = conf?.detectors;
  const thresholds = conf?.thresholds;
  const hasDetectors = hasAnyField(detectors);
  const hasThresholds = hasAnyField(thresholds);
  if (!hasDetectors && !hasThresholds) {
    v.add(path, 'must have at least one of the detector or threshold configured');
    return;
  }
  if (detectors !== undefined && !hasDetectors) v.add([...path, 'detectors'], "can't be empty");
  if ((conf?.maxEjectionPercent ?? 0) > 100)
    v.add([...path, 'maxEjectionPercent'], 'has to be in [0.0 - 100.0] range');
  const failure = detectors?.failure;
  if (failure !== undefined && (failure.threshold ?? 0) > 100)
    v.add([...path, 'detectors', 'failure', 'threshold'], 'has to be in [0.0 - 100.0] range');
  if (thresholds !== undefined && !hasThresholds) v.add([...path, 'thresholds'], "can't be empty");
}

// --- FaultInjection ---------------------------------------------------------------------------

/** Go's `http.StatusText` knows these codes. */
const HTTP_STATUSES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
  422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);
const BANDWIDTH = /\d*\s?[gmk]bps/;

/** The fault injection's `validatePercentage` (also used by MeshGatewayRoute mirrors). */
export function faultPercentage(v: Violations, path: Path, percentage: number | undefined): void {
  if (percentage === undefined) v.add([...path, 'percentage'], 'cannot be empty');
  else if (percentage < 0 || percentage > 100)
    v.add([...path, 'percentage'], 'has to be in [0.0 - 100.0] range');
}

export function validateFaultInjectionConf(v: Violations, conf: FaultInjectionConf | undefined): void {
  const path = ['conf'];
  const delay = hasAnyField(conf?.delay) ? conf?.delay : undefined;
  const abort = hasAnyField(conf?.abort) ? conf?.abort : undefined;
  const bandwidth = hasAnyField(conf?.responseBandwidth) ? conf?.responseBandwidth : undefined;
  if (delay === undefined && abort === undefined && bandwidth === undefined)
    v.add(path, 'must have at least one of the faults configured');
  if (delay !== undefined) {
    faultPercentage(v, [...path, 'delay'], delay.percentage);
    if (delay.value === undefined) v.add([...path, 'delay', 'value'], 'cannot be empty');
  }
  if (abort !== undefined) {
    faultPercentage(v, [...path, 'abort'], abort.percentage);
    if (abort.httpStatus === undefined) v.add([...path, 'abort', 'httpStatus'], 'cannot be empty');
    else if (!HTTP_STATUSES.has(abort.httpStatus))
      v.add([...path, 'abort', 'httpStatus'], 'http status code is incorrect');
  }
  if (bandwidth !== undefined) {
    faultPercentage(v, [...path, 'responseBandwidth'], bandwidth.percentage);
    if (bandwidth.limit === undefined) v.add([...path, 'responseBandwidth', 'limit'], 'cannot be empty');
    else if (!BANDWIDTH.test(bandwidth.limit))
      v.add([...path, 'responseBandwidth', 'limit'], 'has to be in kbps/mbps/gbps units');
  }
}

// --- Retry ------------------------------------------------------------------------------------

type RetryHttp = NonNullable<RetryConf['http']>;
type RetryGrpc = NonNullable<RetryConf['grpc']>;
type BackOff = NonNullable<RetryHttp['backOff']>;

const EMPTY_FIELD = 'field cannot be empty';
const GREATER_THAN_0 = 'has to be greater than 0';
const GREATER_THAN_0_WHEN_DEFINED = 'has to be greater than 0 when defined';

function durationGreaterThan0OrNil(v: Violations, path: Path, d: string | undefined): void {
  if (d !== undefined && durationNanos(d) === 0n) v.add(path, GREATER_THAN_0_WHEN_DEFINED);
}

function backOff(v: Violations, path: Path, b: BackOff | undefined): void {
  if (b === undefined) return;
  if (b.baseInterval === undefined) v.add([...path, 'baseInterval'], 'has to be defined');
  else if (durationNanos(b.baseInterval) === 0n) v.add([...path, 'baseInterval'], GREATER_THAN_0);
  else durationGreaterThan0OrNil(v, [...path, 'maxInterval'], b.maxInterval);
}

function retryHttp(v: Violations, path: Path, http: RetryHttp | undefined): void {
  if (http === undefined) return;
  if (
    http.numRetries === undefined &&
    http.perTryTimeout === undefined &&
    http.backOff === undefined &&
    isEmptyList(http.retriableStatusCodes) &&
    isEmptyList(http.retriableMethods) &&
    isEmptyList(http.retryOn)
  )
    v.add(path, EMPTY_FIELD);
  if (http.numRetries === 0) v.add([...path, 'numRetries'], GREATER_THAN_0_WHEN_DEFINED);
  durationGreaterThan0OrNil(v, [...path, 'perTryTimeout'], http.perTryTimeout);
  backOff(v, [...path, 'backOff'], http.backOff);
  (http.retriableMethods ?? []).forEach((method, i) => {
    if (method === 'NONE') v.add([...path, 'retriableMethods', i], EMPTY_FIELD);
  });
  (http.retryOn ?? []).forEach((retryOn, i) => {
    if (retryOn === 'retriable_status_codes' && isEmptyList(http.retriableStatusCodes))
      v.add([...path, 'retryOn', i], 'retriableStatusCodes cannot be empty when this option is specified');
  });
}

/** Kuma's messages about gRPC `retryOn` values given more than once, sorted as Kuma sorts them. */
function repeatedRetryOn(values: readonly (string | number)[]): string[] {
  const indexes = new Map<string, number[]>();
  values.forEach((value, i) => {
    const name = String(value);
    indexes.set(name, [...(indexes.get(name) ?? []), i]);
  });
  return [...indexes]
    .filter(([, at]) => at.length > 1)
    .map(([name, at]) => `repeated value ${goQuote(name)} at indexes [${at.join(', ')}]`)
    .sort();
}

function retryGrpc(v: Violations, path: Path, grpc: RetryGrpc | undefined): void {
  if (grpc === undefined) return;
  if (
    grpc.numRetries === undefined &&
    grpc.perTryTimeout === undefined &&
    grpc.backOff === undefined &&
    isEmptyList(grpc.retryOn)
  )
    v.add(path, EMPTY_FIELD);
  for (const message of repeatedRetryOn(grpc.retryOn ?? [])) v.add([...path, 'retryOn'], message);
  if (grpc.numRetries === 0) v.add([...path, 'numRetries'], GREATER_THAN_0_WHEN_DEFINED);
  durationGreaterThan0OrNil(v, [...path, 'perTryTimeout'], grpc.perTryTimeout);
  backOff(v, [...path, 'backOff'], grpc.backOff);
}

export function validateRetryConf(v: Violations, conf: RetryConf | undefined): void {
  const path = ['conf'];
  if (conf === undefined) {
    v.add(path, 'has to be defined');
    return;
  }
  if (conf.http === undefined && conf.grpc === undefined && conf.tcp === undefined) {
    v.add(path, 'missing protocol [grpc|http|tcp] configuration');
    return;
  }
  retryHttp(v, [...path, 'http'], conf.http);
  retryGrpc(v, [...path, 'grpc'], conf.grpc);
  if (conf.tcp !== undefined && (conf.tcp.maxConnectAttempts ?? 0) === 0)
    v.add([...path, 'tcp', 'maxConnectAttempts'], GREATER_THAN_0);
}

// --- Timeout ----------------------------------------------------------------------------------

const AT_LEAST_ONE_TIMEOUT = 'at least one timeout in section has to be defined';

export function validateTimeoutConf(v: Violations, conf: TimeoutConf | undefined): void {
  const path = ['conf'];
  if (conf === undefined) {
    v.add(path, 'has to be defined');
    return;
  }
  const { tcp, http, grpc } = conf;
  if (tcp !== undefined) {
    if (tcp.idleTimeout === undefined) v.add([...path, 'tcp'], AT_LEAST_ONE_TIMEOUT);
    else if (durationNanos(tcp.idleTimeout) === 0n) v.add([...path, 'tcp', 'idleTimeout'], GREATER_THAN_0);
  }
  if (http !== undefined) {
    if (http.requestTimeout === undefined && http.idleTimeout === undefined)
      v.add([...path, 'http'], AT_LEAST_ONE_TIMEOUT);
    else {
      durationGreaterThan0OrNil(v, [...path, 'http', 'requestTimeout'], http.requestTimeout);
      durationGreaterThan0OrNil(v, [...path, 'http', 'idleTimeout'], http.idleTimeout);
    }
  }
  if (grpc !== undefined) {
    if (grpc.streamIdleTimeout === undefined && grpc.maxStreamDuration === undefined)
      v.add([...path, 'grpc'], AT_LEAST_ONE_TIMEOUT);
    else {
      durationGreaterThan0OrNil(v, [...path, 'grpc', 'streamIdleTimeout'], grpc.streamIdleTimeout);
      durationGreaterThan0OrNil(v, [...path, 'grpc', 'maxStreamDuration'], grpc.maxStreamDuration);
    }
  }
}

// --- RateLimit --------------------------------------------------------------------------------

export function validateRateLimitConf(v: Violations, conf: RateLimitConf | undefined): void {
  const path = ['conf'];
  if (conf === undefined) v.add(path, 'must have conf');
  const http = conf?.http;
  if (http === undefined) return;
  const hp = [...path, 'http'];
  if ((http.requests ?? 0) === 0) v.add([...hp, 'requests'], 'requests must be set');
  if (http.interval === undefined) v.add([...hp, 'interval'], 'interval must be set');
  // Kuma reports header problems at `header["<index>"]`.
  (http.onRateLimit?.headers ?? []).forEach((header, i) => {
    const p = [...hp, 'onRateLimit', 'header', key(String(i))];
    if ((header.key ?? '') === '') v.add(p, 'key must be set');
    if ((header.value ?? '') === '') v.add(p, 'value must be set');
  });
}
