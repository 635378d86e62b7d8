/**
 * How Kuma 2.8.8 merges each targetRef policy kind's conf, written as data (spec 03 §7, §8.2).
 *
 * Kuma merges Go values serialised by Go's JSON encoder, so what a conf contributes to a merge
 * depends on each field's Go type: a pointer field is present only when written, a non-pointer
 * field with `omitempty` disappears when it holds a zero value, and a required field without
 * `omitempty` is always emitted (as its zero value when absent) and therefore always overrides.
 * This file records those facts per kind, plus the fields that are merged specially (`Append*`,
 * `mergeValues`, `mergeValuesByKey`), durations to normalise, Kubernetes CRD defaults and the
 * post-merge transform. The merge engine (`src/targetref/merge.ts`) interprets it; it has no
 * per-kind code.
 *
 * Fields a spec does not list are "optional pointer" fields (the default for conf fields):
 * present when written, objects merged member-wise, lists and scalars replaced. Unknown fields are
 * kept (Kuma's typed decode would drop them; validation reports them instead).
 */

/** The shape of a conf value, as far as merging cares. */
export type MergeType =
  /** Anything: handled as optional, nested objects merged member-wise, nulls dropped. */
  | { readonly t: 'any' }
  /** A scalar; `duration` scalars are normalised to Go's duration form (`77s` → `1m17s`). */
  | { readonly t: 'scalar'; readonly duration?: boolean }
  /** A list; `of` describes the elements (used only by defaults and nested normalisation). */
  | { readonly t: 'list'; readonly of?: MergeType }
  /** A struct with known fields (others are kept as `any` unless `closed`). */
  | {
      readonly t: 'object';
      readonly fields: Readonly<Record<string, MergeField>>;
      readonly closed?: boolean;
    };

/**
 * How a field is represented by Go's encoder (spec 03 §7.2):
 * - `optional`: pointer (or pointer-to-list) with `omitempty` — the default;
 * - `omitZero`: non-pointer list/map/scalar with `omitempty` — `[]`, `{}`, `0`, `""`, `false` vanish;
 * - `required`: non-pointer without `omitempty` — emitted as its zero value when absent;
 * - `nullable`: pointer without `omitempty` — emitted as `null` when absent.
 */
export type MergePresence = 'optional' | 'omitZero' | 'required' | 'nullable';

/** One field of a conf struct. */
export interface MergeField {
  readonly type: MergeType;
  /** Defaults to `optional`. */
  readonly presence?: MergePresence;
  /** Zero value of a `required` scalar (`''`, `0`, `false`, `'0s'`); lists/maps are `null`, structs `{}`. */
  readonly zero?: unknown;
  /** An `Append*` list: concatenated over all confs instead of replaced (spec 03 §7.6). */
  readonly append?: boolean;
  /** Go type is a pointer to a list (matters for the MeshMetric `appendProfiles` crash case). */
  readonly pointerList?: boolean;
  /** Top-level list tagged `mergeValues`: one merge group per value (spec 03 §7.3). */
  readonly mergeValues?: boolean;
  /** Top-level list tagged `mergeValuesByKey`: entries merged by their `key` field (spec 03 §7.7). */
  readonly mergeValuesByKey?: {
    readonly key: string;
    readonly default: string;
    readonly defaultType: MergeType;
  };
  /** Kubernetes CRD default filled when the parent object is present and the field absent (§7.2.1). */
  readonly k8sDefault?: unknown;
}

/** A post-merge transform (Kuma's `TransformDefaultAfterMerge`). */
export type MergeTransform = { readonly op: 'reverseList'; readonly field: string };

/** How `to[]` items turn into confs (spec 03 §2 `defaultOf`). */
export type ToItemConf =
  /** `to[i].default`. */
  | 'default'
  /** MeshHTTPRoute: `{rules: reverse(to.rules), hostnames: to.hostnames}`. */
  | 'httpRoute'
  /** MeshTCPRoute: `to.rules[0]`, or a synthesised rule sending everything to the item's target. */
  | 'tcpRoute';

/** The merge behaviour of one policy kind. */
export interface KindMergeSpec {
  /** The conf type that is merged. */
  readonly conf: MergeType & { readonly t: 'object' };
  /** Transforms applied, in order, to every merged result. */
  readonly transforms?: readonly MergeTransform[];
  /** How `to[]` items produce confs. Defaults to `default`. */
  readonly toItemConf?: ToItemConf;
}

const any: MergeType = { t: 'any' };
const dur: MergeType = { t: 'scalar', duration: true };
const scalar: MergeType = { t: 'scalar' };
const list = (of: MergeType = any): MergeType => ({ t: 'list', of });
const obj = (fields: Record<string, MergeField>): MergeType & { t: 'object' } => ({ t: 'object', fields });
const f = (type: MergeType, extra: Omit<MergeField, 'type'> = {}): MergeField => ({ type, ...extra });

/** MeshRetry `http` / `grpc` share their back-off shapes. */
const retryBackOff: MergeField = f(
  obj({ baseInterval: f(dur, { k8sDefault: '25ms' }), maxInterval: f(dur) }),
);
const retryRateLimitedBackOff = f(obj({ maxInterval: f(dur, { k8sDefault: '300s' }) }));

const headerKeyValues = obj({
  set: f(list(), { presence: 'omitZero' }),
  add: f(list(), { presence: 'omitZero' }),
});

/** `requestRate` / `connectionRate`: both members required, so the object is replaced as a unit. */
const rateLimit = (): MergeField =>
  f(
    obj({
      num: f(scalar, { presence: 'required', zero: 0 }),
      interval: f(dur, { presence: 'required', zero: '0s' }),
    }),
  );

/** MeshLoadBalancingStrategy hash policy: a cookie's `ttl` is a Go duration (`*k8s.Duration`). */
const lbHashPolicy = obj({ cookie: f(obj({ ttl: f(dur) })) });

const httpRouteRuleConf = obj({
  filters: f(
    list(
      obj({
        requestRedirect: f(obj({ statusCode: f(scalar, { k8sDefault: 302 }) })),
        requestMirror: f(obj({ backendRef: f(obj({ weight: f(scalar, { k8sDefault: 1 }) })) })),
      }),
    ),
  ),
  backendRefs: f(list(obj({ weight: f(scalar, { k8sDefault: 1 }) }))),
});

const httpRouteMatch = obj({
  headers: f(list(obj({ type: f(scalar, { k8sDefault: 'Exact' }) }))),
});

/** Per-kind merge specs for every targetRef policy kind of Kuma 2.8.8 (spec 03 §8.2). */
export const MERGE_SPECS: Readonly<Record<string, KindMergeSpec>> = {
  MeshAccessLog: {
    conf: obj({
      backends: f(
        list(
          obj({
            file: f(obj({ format: f(obj({ omitEmptyValues: f(scalar, { k8sDefault: false }) })) })),
            tcp: f(obj({ format: f(obj({ omitEmptyValues: f(scalar, { k8sDefault: false }) })) })),
          }),
        ),
      ),
    }),
  },
  MeshCircuitBreaker: {
    conf: obj({
      outlierDetection: f(obj({ interval: f(dur), baseEjectionTime: f(dur) })),
    }),
  },
  MeshFaultInjection: {
    conf: obj({ http: f(list(obj({ delay: f(obj({ value: f(dur) })) }))) }),
  },
  MeshHealthCheck: {
    conf: obj({
      interval: f(dur, { k8sDefault: '1m' }),
      timeout: f(dur, { k8sDefault: '15s' }),
      unhealthyThreshold: f(scalar, { k8sDefault: 5 }),
      healthyThreshold: f(scalar, { k8sDefault: 1 }),
      initialJitter: f(dur),
      intervalJitter: f(dur),
      noTrafficInterval: f(dur),
      http: f(obj({ path: f(scalar, { k8sDefault: '/' }), requestHeadersToAdd: f(headerKeyValues) })),
    }),
  },
  MeshHTTPRoute: {
    conf: obj({
      rules: f(
        list(
          obj({
            // Go: `Matches []Match json:"matches"` and `Default RuleConf json:"default"` (no omitempty).
            matches: f(list(httpRouteMatch), { presence: 'required' }),
            default: f(httpRouteRuleConf, { presence: 'required' }),
          }),
        ),
        {
          presence: 'omitZero',
          append: true,
          mergeValuesByKey: { key: 'matches', default: 'default', defaultType: httpRouteRuleConf },
        },
      ),
      hostnames: f(list(scalar), { presence: 'omitZero', mergeValues: true }),
    }),
    transforms: [{ op: 'reverseList', field: 'rules' }],
    toItemConf: 'httpRoute',
  },
  MeshLoadBalancingStrategy: {
    conf: obj({
      loadBalancer: f(
        obj({
          type: f(scalar, { presence: 'required', zero: '' }),
          ringHash: f(obj({ hashPolicies: f(list(lbHashPolicy)) })),
          maglev: f(obj({ hashPolicies: f(list(lbHashPolicy)) })),
        }),
      ),
      localityAwareness: f(
        obj({
          crossZone: f(
            obj({
              failover: f(list(), { presence: 'omitZero' }),
              failoverThreshold: f(obj({ percentage: f(any, { presence: 'required', zero: 0 }) })),
            }),
          ),
        }),
      ),
    }),
  },
  MeshMetric: {
    conf: obj({
      sidecar: f(
        obj({
          profiles: f(obj({ appendProfiles: f(list(), { append: true, pointerList: true }) })),
          includeUnused: f(scalar, { k8sDefault: false }),
        }),
      ),
      applications: f(list(obj({ path: f(scalar, { k8sDefault: '/metrics/prometheus' }) }))),
      backends: f(
        list(
          obj({
            openTelemetry: f(obj({ refreshInterval: f(dur) })),
            prometheus: f(
              obj({
                path: f(scalar, { k8sDefault: '/metrics' }),
                port: f(scalar, { k8sDefault: 5670 }),
                tls: f(obj({ mode: f(scalar, { k8sDefault: 'Disabled' }) })),
              }),
            ),
          }),
        ),
      ),
    }),
  },
  MeshPassthrough: {
    conf: obj({
      passthroughMode: f(scalar, { k8sDefault: 'None' }),
      appendMatch: f(list(obj({ protocol: f(scalar, { k8sDefault: 'tcp' }) })), {
        presence: 'omitZero',
        append: true,
      }),
    }),
  },
  MeshProxyPatch: {
    conf: obj({ appendModifications: f(list(), { presence: 'required', append: true }) }),
  },
  MeshRateLimit: {
    conf: obj({
      local: f(
        obj({
          http: f(
            obj({
              requestRate: rateLimit(),
              onRateLimit: f(obj({ headers: f(headerKeyValues) })),
            }),
          ),
          tcp: f(obj({ connectionRate: rateLimit() })),
        }),
      ),
    }),
  },
  MeshRetry: {
    conf: obj({
      http: f(
        obj({
          perTryTimeout: f(dur),
          backOff: retryBackOff,
          rateLimitedBackOff: retryRateLimitedBackOff,
          hostSelection: f(list(obj({ updateFrequency: f(scalar, { k8sDefault: 2 }) }))),
          retriableRequestHeaders: f(list(obj({ type: f(scalar, { k8sDefault: 'Exact' }) }))),
          retriableResponseHeaders: f(list(obj({ type: f(scalar, { k8sDefault: 'Exact' }) }))),
        }),
      ),
      grpc: f(
        obj({
          perTryTimeout: f(dur),
          backOff: retryBackOff,
          rateLimitedBackOff: retryRateLimitedBackOff,
        }),
      ),
    }),
  },
  MeshTCPRoute: {
    conf: obj({
      default: f(
        obj({
          backendRefs: f(list(obj({ weight: f(scalar, { k8sDefault: 1 }) })), { presence: 'required' }),
        }),
        {
          presence: 'required',
        },
      ),
    }),
    toItemConf: 'tcpRoute',
  },
  MeshTimeout: {
    conf: obj({
      connectionTimeout: f(dur),
      idleTimeout: f(dur),
      http: f(
        obj({
          requestTimeout: f(dur),
          streamIdleTimeout: f(dur),
          maxStreamDuration: f(dur),
          maxConnectionDuration: f(dur),
          requestHeadersTimeout: f(dur),
        }),
      ),
    }),
  },
  MeshTrace: {
    conf: obj({
      sampling: f(
        obj({
          overall: f(any, { k8sDefault: 100 }),
          client: f(any, { k8sDefault: 100 }),
          random: f(any, { k8sDefault: 100 }),
        }),
      ),
      backends: f(
        list(
          obj({
            zipkin: f(
              obj({
                traceId128bit: f(scalar, { k8sDefault: false }),
                apiVersion: f(scalar, { k8sDefault: 'httpJson' }),
                sharedSpanContext: f(scalar, { k8sDefault: true }),
              }),
            ),
            datadog: f(obj({ splitService: f(scalar, { k8sDefault: false }) })),
          }),
        ),
      ),
    }),
  },
  MeshTrafficPermission: {
    conf: obj({ action: f(scalar, { presence: 'omitZero' }) }),
  },
};

/** The spec used for kinds this file does not know (e.g. seed 003's `ExamplePolicy`): plain RFC 7396. */
export const DEFAULT_MERGE_SPEC: KindMergeSpec = { conf: obj({}) };

/** The merge spec of a policy kind (the plain default for unknown kinds). */
export function mergeSpecFor(type: string): KindMergeSpec {
  return Object.hasOwn(MERGE_SPECS, type) ? (MERGE_SPECS[type] as KindMergeSpec) : DEFAULT_MERGE_SPEC;
}

/** The MeshHTTPRoute rule-conf type, merged per `matches` key (exported for the rule builders). */
export const HTTP_ROUTE_MATCH_TYPE: MergeType = httpRouteMatch;
