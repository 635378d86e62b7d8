/**
 * MeshRetry admission (Kuma 2.8.8 `pkg/plugins/policies/meshretry/api/v1alpha1/validator.go`).
 */
import { parseGoInt } from '../../internal/go-strconv.js';
import { policyRole } from '../common.js';
import type { MeshRetryConf } from '../policies/meshretry.js';
import type { TargetRefPolicy } from '../resource.js';
import { durationGreaterThanZero, stringDefined } from './checks.js';
import { type TargetRefInput, validateTargetRef } from './tags.js';
import { MSG, type Path, type Violations } from './violations.js';

interface Item {
  readonly targetRef?: TargetRefInput;
  readonly default?: MeshRetryConf;
}

type Http = NonNullable<MeshRetryConf['http']>;
type Grpc = NonNullable<MeshRetryConf['grpc']>;
type BackOff = NonNullable<Http['backOff']>;
type RateLimitedBackOff = NonNullable<Http['rateLimitedBackOff']>;
type Predicate = NonNullable<Http['hostSelection']>[number];

/** The named `http.retryOn` conditions (Kuma's `HTTPRetryOn` values). */
const HTTP_RETRY_ON: ReadonlySet<string> = new Set([
  '5xx',
  'GatewayError',
  'Reset',
  'Retriable4xx',
  'ConnectFailure',
  'EnvoyRatelimited',
  'RefusedStream',
  'Http3PostConnectFailure',
  'HttpMethodConnect',
  'HttpMethodDelete',
  'HttpMethodGet',
  'HttpMethodHead',
  'HttpMethodOptions',
  'HttpMethodPatch',
  'HttpMethodPost',
  'HttpMethodPut',
  'HttpMethodTrace',
]);

/** The `grpc.retryOn` conditions (Kuma's `GRPCRetryOn` values). */
const GRPC_RETRY_ON: ReadonlySet<string> = new Set([
  'Canceled',
  'DeadlineExceeded',
  'Internal',
  'ResourceExhausted',
  'Unavailable',
]);

/** The status codes Go's `net/http.StatusText` names (any other number is an unknown item). */
const KNOWN_STATUS_CODES: ReadonlySet<number> = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
  422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** A retryOn entry Kuma reads as a status code: Go's `strconv.Atoi` syntax, and a named status. */
function isKnownStatusCode(value: string): boolean {
  const code = parseGoInt(value, true, 64);
  return typeof code === 'bigint' && KNOWN_STATUS_CODES.has(Number(code));
}

export function validateMeshRetry(r: TargetRefPolicy<'MeshRetry'>, v: Violations): void {
  const spec = r.spec as { targetRef?: TargetRefInput; to?: readonly Item[] };
  const top = spec.targetRef ?? {};
  const system = policyRole(r) === 'system';
  validateTargetRef(v, ['spec', 'targetRef'], top, {
    supportedKinds: system
      ? ['Mesh', 'MeshSubset', 'MeshGateway', 'MeshService', 'MeshServiceSubset', 'MeshHTTPRoute']
      : ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'],
    gatewayListenerTagsAllowed: system,
  });
  const to = spec.to ?? [];
  if (to.length === 0) v.add(['spec', 'to'], 'needs at least one item');
  const topKind = top.kind ?? '';
  const toKinds =
    topKind === 'MeshGateway' || topKind === 'MeshHTTPRoute' ? ['Mesh'] : ['Mesh', 'MeshService'];
  to.forEach((item, i) => {
    validateTargetRef(v, ['spec', 'to', i, 'targetRef'], item.targetRef, { supportedKinds: toKinds });
    // Kuma roots the conf checks at `conf` below `default`.
    validateDefault(v, ['spec', 'to', i, 'default', 'conf'], item.default ?? {});
  });
}

function validateDefault(v: Violations, path: Path, c: MeshRetryConf): void {
  if (c.tcp === undefined && c.http === undefined && c.grpc === undefined)
    v.add(path, "at least one of the 'tcp', 'http', 'grpc' must be specified");
  if (c.tcp !== undefined) {
    const attempts = c.tcp.maxConnectAttempt;
    if (attempts === undefined) v.add([...path, 'tcp'], MSG.mustNotBeEmpty);
    else if (attempts === 0) v.add([...path, 'tcp', 'maxConnectAttempt'], MSG.hasToBeGreaterThanZero);
  }
  if (c.http !== undefined) validateHttp(v, [...path, 'http'], c.http);
  if (c.grpc !== undefined) validateGrpc(v, [...path, 'grpc'], c.grpc);
}

function validateHttp(v: Violations, path: Path, http: Http): void {
  // `hostSelectionMaxAttempts` alone does not count: Kuma leaves it out of this check.
  if (
    http.numRetries === undefined &&
    http.perTryTimeout === undefined &&
    http.backOff === undefined &&
    http.retryOn === undefined &&
    http.retriableRequestHeaders === undefined &&
    http.retriableResponseHeaders === undefined &&
    http.rateLimitedBackOff === undefined &&
    http.hostSelection === undefined
  )
    v.add(path, MSG.mustNotBeEmpty);
  if (http.backOff !== undefined) validateBackOff(v, [...path, 'backOff'], http.backOff);
  if (http.rateLimitedBackOff !== undefined)
    validateRateLimitedBackOff(v, [...path, 'rateLimitedBackOff'], http.rateLimitedBackOff);
  (http.retryOn ?? []).forEach((item, i) => {
    if (!HTTP_RETRY_ON.has(item) && !isKnownStatusCode(item))
      v.add([...path, 'retryOn', i], `unknown item '${item}'`);
  });
  if (http.hostSelection !== undefined)
    validateHostSelection(v, [...path, 'hostSelection'], http.hostSelection);
}

function validateGrpc(v: Violations, path: Path, grpc: Grpc): void {
  if (
    grpc.numRetries === undefined &&
    grpc.perTryTimeout === undefined &&
    grpc.backOff === undefined &&
    grpc.retryOn === undefined &&
    grpc.rateLimitedBackOff === undefined
  )
    v.add(path, MSG.mustNotBeEmpty);
  if (grpc.backOff !== undefined) validateBackOff(v, [...path, 'backOff'], grpc.backOff);
  if (grpc.rateLimitedBackOff !== undefined)
    validateRateLimitedBackOff(v, [...path, 'rateLimitedBackOff'], grpc.rateLimitedBackOff);
  (grpc.retryOn ?? []).forEach((item, i) => {
    if (!GRPC_RETRY_ON.has(item)) v.add([...path, 'retryOn', i], `unknown item '${item}'`);
  });
}

function validateBackOff(v: Violations, path: Path, b: BackOff): void {
  if (b.baseInterval === undefined && b.maxInterval === undefined) v.add(path, MSG.mustNotBeEmpty);
}

function validateRateLimitedBackOff(v: Violations, path: Path, b: RateLimitedBackOff): void {
  if (b.maxInterval !== undefined) durationGreaterThanZero(v, [...path, 'maxInterval'], b.maxInterval);
  if (b.resetHeaders === undefined) {
    v.add([...path, 'resetHeaders'], MSG.mustBeDefined);
    return;
  }
  b.resetHeaders.forEach((header, i) => {
    stringDefined(v, [...path, 'resetHeaders', i, 'name'], header.name);
  });
}

function validateHostSelection(v: Violations, path: Path, predicates: readonly Predicate[]): void {
  let prioritySet = false;
  predicates.forEach((p, i) => {
    const type = p.predicate ?? '';
    switch (type) {
      case 'OmitHostsWithTags':
        if (p.tags === undefined) v.add([...path, i, 'tags'], MSG.mustBeDefined);
        break;
      case 'OmitPreviousPriorities':
        if (prioritySet) v.add([...path, i, 'predicate'], `${type} must only be specified once`);
        if ((p.updateFrequency ?? 0) <= 0)
          v.add([...path, i, 'updateFrequency'], MSG.mustBeDefinedAndGreaterThanZero);
        prioritySet = true;
        break;
      case 'OmitPreviousHosts':
        break;
      default:
        v.add([...path, i, 'predicate'], `unknown predicate type '${type}'`);
    }
  });
}
