import * as fc from 'fast-check';
import {
  LEGACY_POLICY_TYPES,
  type LegacyPolicy,
  type LegacyPolicyType,
  type MeshPassthroughConf,
  type MeshPassthroughMatch,
  type PolicyItem,
  type RouteItem,
  TARGET_REF_POLICY_TYPES,
  type TargetRef,
  type TargetRefKind,
  type TargetRefPolicy,
  type TargetRefPolicyType,
} from '../models/index.js';
import { cached } from './cache.js';
import {
  arbDuration,
  arbExtraTags,
  arbLabels,
  arbResourceName,
  arbServiceName,
  arbTagValue,
  arbTimes,
} from './primitives.js';

export interface TargetRefArbitraryOptions {
  /** Services to draw `name`s from (default: generated). */
  services?: readonly string[];
  /** Allow `proxyTypes` on Mesh / MeshSubset (default true). */
  proxyTypes?: boolean;
}

/**
 * A targetRef of the given kind, valid at the top level of a policy: `name` where the kind needs
 * one, non-empty `tags` for the subset kinds, `proxyTypes` only on Mesh / MeshSubset.
 */
export function arbTargetRef(
  kind: TargetRefKind,
  opts: TargetRefArbitraryOptions = {},
): fc.Arbitrary<TargetRef> {
  const name =
    kind === 'MeshService' || kind === 'MeshServiceSubset'
      ? opts.services !== undefined && opts.services.length > 0
        ? fc.constantFrom(...opts.services)
        : arbServiceName()
      : arbResourceName();
  const tags = arbExtraTags(2).filter((t) => Object.keys(t).length > 0);
  const proxyTypes =
    opts.proxyTypes === false
      ? fc.constant(undefined)
      : fc.option(
          fc.constantFrom<TargetRef['proxyTypes']>(['Sidecar'], ['Gateway'], ['Sidecar', 'Gateway']),
          {
            nil: undefined,
          },
        );
  switch (kind) {
    case 'Mesh':
      return proxyTypes.map((p): TargetRef => (p === undefined ? { kind } : { kind, proxyTypes: p }));
    case 'MeshSubset':
      return fc
        .tuple(tags, proxyTypes)
        .map(([t, p]): TargetRef => (p === undefined ? { kind, tags: t } : { kind, tags: t, proxyTypes: p }));
    case 'MeshServiceSubset':
      return fc.tuple(name, tags).map(([n, t]): TargetRef => ({ kind, name: n, tags: t }));
    default:
      return name.map((n): TargetRef => ({ kind, name: n }));
  }
}

/** Any targetRef kind (each with its valid shape). */
export function arbAnyTargetRef(opts: TargetRefArbitraryOptions = {}): fc.Arbitrary<TargetRef> {
  return fc
    .constantFrom<TargetRefKind>(
      'Mesh',
      'MeshSubset',
      'MeshGateway',
      'MeshService',
      'MeshExternalService',
      'MeshServiceSubset',
      'MeshHTTPRoute',
    )
    .chain((k) => arbTargetRef(k, opts));
}

/** Protocol per L7 port, so no port ever carries two L7 protocols (spec 04 §3.3 P2, both semantics). */
const L7_PORTS: Record<number, 'http' | 'http2' | 'grpc'> = {
  80: 'http',
  8080: 'http2',
  8000: 'grpc',
  3000: 'http',
};
const L4_PORTS = [443, 5432, 6379, 8443, 9092];

/**
 * One MeshPassthrough `appendMatch` entry that is valid under both semantics: a port is always
 * given, L7 entries use ports no tcp/tls entry uses, Domain entries are never tcp.
 */
export function arbMeshPassthroughMatch(): fc.Arbitrary<MeshPassthroughMatch> {
  const domain = fc
    .tuple(
      cached('domainLabel', () => fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/)),
      fc.constantFrom('com', 'org', 'io', 'example.com'),
    )
    .map(([a, b]) => `${a}.${b}`);
  const l7Port = fc.constantFrom(80, 8080, 8000, 3000);
  const l4Port = fc.constantFrom(...L4_PORTS);
  return fc.oneof(
    fc
      .tuple(domain, l4Port)
      .map(([value, port]): MeshPassthroughMatch => ({ type: 'Domain', value, port, protocol: 'tls' })),
    fc.tuple(domain, l4Port).map(
      ([value, port]): MeshPassthroughMatch => ({
        type: 'Domain',
        value: `*.${value}`,
        port,
        protocol: 'tls',
      }),
    ),
    fc.tuple(domain, l7Port).map(
      ([value, port]): MeshPassthroughMatch => ({
        type: 'Domain',
        value,
        port,
        protocol: L7_PORTS[port] ?? 'http',
      }),
    ),
    fc
      .tuple(
        fc.nat(255),
        fc.integer({ min: 1, max: 254 }),
        l4Port,
        fc.constantFrom('tcp' as const, 'tls' as const),
      )
      .map(
        ([a, b, port, protocol]): MeshPassthroughMatch => ({
          type: 'IP',
          value: `192.168.${a}.${b}`,
          port,
          protocol,
        }),
      ),
    fc.tuple(fc.nat(255), fc.constantFrom(8, 16, 24), l4Port).map(
      ([a, bits, port]): MeshPassthroughMatch => ({
        type: 'CIDR',
        value: `10.${a}.0.0/${bits}`,
        port,
        protocol: 'tcp',
      }),
    ),
  );
}

/** A MeshPassthrough `default` (conf) valid under both semantics (no duplicate port/protocol/value). */
export function arbMeshPassthroughConf(): fc.Arbitrary<MeshPassthroughConf> {
  return fc
    .record({
      mode: fc.option(fc.constantFrom('All' as const, 'Matched' as const, 'None' as const), {
        nil: undefined,
      }),
      matches: fc.uniqueArray(arbMeshPassthroughMatch(), {
        maxLength: 6,
        selector: (m) => `${m.port}/${m.protocol}/${m.value}`,
      }),
    })
    .map(({ mode, matches }) => {
      const conf: MeshPassthroughConf = {};
      if (mode !== undefined) conf.passthroughMode = mode;
      if (matches.length > 0) conf.appendMatch = matches;
      return conf;
    });
}

/** A plausible `default` for a `to[]`/`from[]` item or a single-item policy of `type`. */
export function arbPolicyConf(
  type: TargetRefPolicyType,
  services?: readonly string[],
): fc.Arbitrary<unknown> {
  const svc = services !== undefined && services.length > 0 ? fc.constantFrom(...services) : arbServiceName();
  const small = fc.integer({ min: 1, max: 10 });
  switch (type) {
    case 'MeshAccessLog':
      return fc
        .constantFrom('/dev/stdout', '/tmp/access.log')
        .map((path) => ({ backends: [{ type: 'File', file: { path } }] }));
    case 'MeshCircuitBreaker':
      return fc.tuple(fc.integer({ min: 1, max: 1024 }), small).map(([max, consecutive]) => ({
        connectionLimits: { maxConnections: max },
        outlierDetection: { disabled: false, detectors: { totalFailures: { consecutive } } },
      }));
    case 'MeshFaultInjection':
      return fc
        .tuple(fc.constantFrom(500, 503), fc.integer({ min: 1, max: 100 }), arbDuration())
        .map(([httpStatus, percentage, value]) => ({
          http: [{ abort: { httpStatus, percentage } }, { delay: { value, percentage } }],
        }));
    case 'MeshHealthCheck':
      return fc.tuple(arbDuration(), arbDuration(), small).map(([interval, timeout, n]) => ({
        interval,
        timeout,
        unhealthyThreshold: n,
        healthyThreshold: 1,
        http: { path: '/health' },
      }));
    case 'MeshLoadBalancingStrategy':
      return fc
        .constantFrom('RoundRobin', 'LeastRequest', 'Random')
        .map((t) => ({ loadBalancer: { type: t } }));
    case 'MeshMetric':
      return fc.constantFrom('Basic', 'All', 'None').map((name) => ({
        sidecar: { profiles: { appendProfiles: [{ name }] } },
        backends: [{ type: 'Prometheus', prometheus: { port: 5670, path: '/metrics' } }],
      }));
    case 'MeshPassthrough':
      return arbMeshPassthroughConf();
    case 'MeshProxyPatch':
      return arbDuration().map((value) => ({
        appendModifications: [
          {
            cluster: {
              operation: 'Patch',
              match: { origin: 'outbound' },
              jsonPatches: [{ op: 'replace', path: '/connectTimeout', value }],
            },
          },
        ],
      }));
    case 'MeshRateLimit':
      // Kuma: a rate's interval must be greater than 50ms.
      return fc
        .tuple(
          fc.integer({ min: 1, max: 1000 }),
          arbDuration().filter((d) => !/^\d+ms$/.test(d) || Number.parseInt(d, 10) > 50),
        )
        .map(([num, interval]) => ({ local: { http: { requestRate: { num, interval } } } }));
    case 'MeshRetry':
      return fc.tuple(small, arbDuration()).map(([n, t]) => ({ http: { numRetries: n, perTryTimeout: t } }));
    case 'MeshTimeout':
      return fc
        .tuple(arbDuration(), arbDuration(), fc.option(arbDuration(), { nil: undefined }))
        .map(([idle, connect, request]) => ({
          idleTimeout: idle,
          connectionTimeout: connect,
          ...(request !== undefined ? { http: { requestTimeout: request } } : {}),
        }));
    case 'MeshTrace':
      return fc.integer({ min: 0, max: 100 }).map((overall) => ({
        backends: [{ type: 'Zipkin', zipkin: { url: 'http://zipkin.mesh-observability:9411/api/v2/spans' } }],
        sampling: { overall },
      }));
    case 'MeshTrafficPermission':
      return fc.constantFrom('Allow', 'Deny', 'AllowWithShadowDeny').map((action) => ({ action }));
    case 'MeshHTTPRoute':
      return fc
        .tuple(
          cached('pathSegment', () => fc.stringMatching(/^[a-z]{1,8}$/)),
          svc,
          fc.integer({ min: 1, max: 100 }),
        )
        .map(([seg, name, weight]) => ({
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: `/${seg}` } }],
              default: { backendRefs: [{ kind: 'MeshService', name, weight }] },
            },
          ],
        }));
    case 'MeshTCPRoute':
      return svc.map((name) => ({ rules: [{ default: { backendRefs: [{ kind: 'MeshService', name }] } }] }));
  }
}

/** Which top-level kinds / sections a generated policy uses (a valid subset of spec 03 §8.1). */
interface KindShape {
  top: readonly TargetRefKind[];
  /** `proxyTypes` Mesh/MeshSubset must carry (undefined = free choice). */
  sidecarOnly: boolean;
  to?: readonly TargetRefKind[];
  from?: readonly TargetRefKind[];
  single?: boolean;
  /** At least one item in `to`/`from` (the kinds that require it). */
  required?: boolean;
}

const SELECTING: readonly TargetRefKind[] = ['Mesh', 'MeshSubset', 'MeshService', 'MeshServiceSubset'];
const SHAPES: Record<TargetRefPolicyType, KindShape> = {
  MeshAccessLog: {
    top: SELECTING,
    sidecarOnly: false,
    to: ['Mesh', 'MeshService'],
    from: ['Mesh'],
    required: true,
  },
  MeshCircuitBreaker: {
    top: SELECTING,
    sidecarOnly: false,
    to: ['Mesh', 'MeshService'],
    from: ['Mesh'],
    required: true,
  },
  MeshFaultInjection: {
    top: SELECTING,
    sidecarOnly: true,
    from: ['Mesh', 'MeshSubset', 'MeshServiceSubset'],
    required: true,
  },
  MeshHealthCheck: { top: SELECTING, sidecarOnly: false, to: ['Mesh', 'MeshService'], required: true },
  MeshHTTPRoute: { top: SELECTING, sidecarOnly: false, to: ['MeshService'], required: true },
  MeshLoadBalancingStrategy: {
    top: SELECTING,
    sidecarOnly: false,
    to: ['Mesh', 'MeshService'],
    required: true,
  },
  MeshMetric: { top: SELECTING, sidecarOnly: false, single: true },
  MeshPassthrough: { top: ['Mesh', 'MeshSubset'], sidecarOnly: true, single: true },
  MeshProxyPatch: { top: SELECTING, sidecarOnly: false, single: true },
  MeshRateLimit: { top: SELECTING, sidecarOnly: true, from: ['Mesh'], required: true },
  MeshRetry: { top: SELECTING, sidecarOnly: false, to: ['Mesh', 'MeshService'], required: true },
  MeshTCPRoute: { top: SELECTING, sidecarOnly: false, to: ['MeshService'], required: true },
  MeshTimeout: {
    top: SELECTING,
    sidecarOnly: false,
    to: ['Mesh', 'MeshService'],
    from: ['Mesh'],
    required: true,
  },
  MeshTrace: { top: SELECTING, sidecarOnly: false, single: true },
  MeshTrafficPermission: {
    top: SELECTING,
    sidecarOnly: false,
    from: ['Mesh', 'MeshSubset', 'MeshServiceSubset'],
    required: true,
  },
};

/** The top-level kinds the generated policies of `type` may use. */
export function policyTopLevelKinds(type: TargetRefPolicyType): readonly TargetRefKind[] {
  return SHAPES[type].top;
}

/** Whether generated policies of `type` must restrict Mesh/MeshSubset to `proxyTypes: [Sidecar]`. */
export function policyNeedsSidecarProxyType(type: TargetRefPolicyType): boolean {
  return SHAPES[type].sidecarOnly;
}

export interface TargetRefPolicyArbitraryOptions {
  mesh?: string;
  name?: string;
  /** Services for MeshService names in targetRefs and route backends. */
  services?: readonly string[];
  /** Fixed top-level targetRef (must be one the kind allows); default: generated. */
  targetRef?: fc.Arbitrary<TargetRef>;
}

function arbItemRef(kinds: readonly TargetRefKind[], services?: readonly string[]): fc.Arbitrary<TargetRef> {
  return fc
    .constantFrom(...kinds)
    .chain((k) => arbTargetRef(k, { proxyTypes: false, ...(services !== undefined ? { services } : {}) }));
}

/**
 * A valid targetRef policy of `type` (default: any kind) in Universal form, with a plausible
 * `default` in each `to[]`/`from[]` item (routes: `rules`) or directly under `spec` for single-item
 * kinds, and only the targetRef kinds spec 03 §8.1 allows for a system-role policy.
 */
export function arbTargetRefPolicy(
  type?: TargetRefPolicyType,
  opts: TargetRefPolicyArbitraryOptions = {},
): fc.Arbitrary<TargetRefPolicy> {
  if (type === undefined)
    return fc.constantFrom(...TARGET_REF_POLICY_TYPES).chain((t) => arbTargetRefPolicy(t, opts));
  if (Object.keys(opts).length === 0)
    return cached(`arbTargetRefPolicy/${type}`, () => buildTargetRefPolicy(type, {}));
  return buildTargetRefPolicy(type, opts);
}

function buildTargetRefPolicy(
  type: TargetRefPolicyType,
  opts: TargetRefPolicyArbitraryOptions,
): fc.Arbitrary<TargetRefPolicy> {
  const shape = SHAPES[type];
  const services = opts.services;
  const svcOpts = services !== undefined ? { services } : {};
  const top =
    opts.targetRef ??
    fc
      .constantFrom(...shape.top)
      .chain((k) => arbTargetRef(k, { ...svcOpts, proxyTypes: !shape.sidecarOnly }))
      .map(
        (ref): TargetRef =>
          shape.sidecarOnly && (ref.kind === 'Mesh' || ref.kind === 'MeshSubset')
            ? { ...ref, proxyTypes: ['Sidecar'] }
            : ref,
      );
  const isRoute = type === 'MeshHTTPRoute' || type === 'MeshTCPRoute';
  const item = (kinds: readonly TargetRefKind[]): fc.Arbitrary<PolicyItem | RouteItem> =>
    fc
      .tuple(arbItemRef(kinds, services), arbPolicyConf(type, services))
      .map(([targetRef, conf]) =>
        isRoute ? { targetRef, ...(conf as { rules: unknown[] }) } : { targetRef, default: conf },
      );
  const minItems = shape.required === true ? 1 : 0;
  const hasTo = shape.to !== undefined;
  const hasFrom = shape.from !== undefined;
  return fc
    .record({
      name: opts.name !== undefined ? fc.constant(opts.name) : arbResourceName(),
      labels: arbLabels(),
      times: arbTimes(),
      targetRef: top,
      to: hasTo
        ? fc.array(item(shape.to ?? []), { minLength: hasFrom ? 0 : minItems, maxLength: 3 })
        : fc.constant<(PolicyItem | RouteItem)[]>([]),
      from: hasFrom
        ? fc.array(item(shape.from ?? []), { minLength: hasTo ? 0 : minItems, maxLength: 3 })
        : fc.constant<(PolicyItem | RouteItem)[]>([]),
      conf: shape.single === true ? arbPolicyConf(type, services) : fc.constant(undefined),
    })
    .filter((g) => shape.required !== true || g.to.length + g.from.length > 0)
    .map((g): TargetRefPolicy => {
      const spec: TargetRefPolicy['spec'] = { targetRef: g.targetRef };
      if (g.to.length > 0) spec.to = g.to;
      if (g.from.length > 0) spec.from = g.from as PolicyItem[];
      if (shape.single === true) spec.default = g.conf;
      return { type, mesh: opts.mesh ?? 'default', name: g.name, labels: g.labels, ...g.times, spec };
    });
}

/** A plausible legacy `conf` for each legacy type (TrafficPermission has none). */
function arbLegacyConf(type: LegacyPolicyType, svc: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  switch (type) {
    case 'TrafficPermission':
      return fc.constant(undefined);
    case 'TrafficRoute':
      return svc.map((s) => ({ destination: { 'kuma.io/service': s } }));
    case 'TrafficLog':
      return fc.constantFrom('file', 'logstash').map((backend) => ({ backend }));
    case 'TrafficTrace':
      return fc.constant({ backend: 'zipkin' });
    case 'HealthCheck':
      return fc.tuple(arbDuration(), arbDuration()).map(([interval, timeout]) => ({
        interval,
        timeout,
        unhealthyThreshold: 3,
        healthyThreshold: 1,
      }));
    case 'CircuitBreaker':
      return arbDuration().map((interval) => ({
        interval,
        baseEjectionTime: '30s',
        detectors: { totalErrors: { consecutive: 20 } },
      }));
    case 'FaultInjection':
      return fc
        .integer({ min: 1, max: 100 })
        .map((percentage) => ({ abort: { httpStatus: 500, percentage } }));
    case 'Retry':
      return fc.integer({ min: 1, max: 10 }).map((numRetries) => ({ http: { numRetries } }));
    case 'Timeout':
      return arbDuration().map((connectTimeout) => ({ connectTimeout, tcp: { idleTimeout: '1h' } }));
    case 'RateLimit':
      return fc.integer({ min: 1, max: 1000 }).map((requests) => ({ http: { requests, interval: '1s' } }));
    case 'ProxyTemplate':
      return fc.constant({ imports: ['default-proxy'] });
    case 'VirtualOutbound':
      return fc.constant({
        host: '{{.svc}}.mesh',
        port: '80',
        parameters: [{ name: 'svc', tagKey: 'kuma.io/service' }],
      });
    case 'MeshGatewayRoute':
      return svc.map((s) => ({
        http: {
          rules: [
            {
              matches: [{ path: { match: 'PREFIX', value: '/' } }],
              backends: [{ destination: { 'kuma.io/service': s } }],
            },
          ],
        },
      }));
  }
}

export interface LegacyPolicyArbitraryOptions {
  mesh?: string;
  name?: string;
  /** Services for selectors (default: generated, sometimes `*`). */
  services?: readonly string[];
}

/**
 * A valid legacy policy of `type` (default: any legacy kind) in Universal form: selectors always
 * carry `kuma.io/service` (or `*`), destinations of FaultInjection carry `kuma.io/protocol`, and
 * `conf` is plausible for the kind.
 */
export function arbLegacyPolicy(
  type?: LegacyPolicyType,
  opts: LegacyPolicyArbitraryOptions = {},
): fc.Arbitrary<LegacyPolicy> {
  if (type === undefined)
    return fc.constantFrom(...LEGACY_POLICY_TYPES).chain((t) => arbLegacyPolicy(t, opts));
  if (Object.keys(opts).length === 0)
    return cached(`arbLegacyPolicy/${type}`, () => buildLegacyPolicy(type, {}));
  return buildLegacyPolicy(type, opts);
}

function buildLegacyPolicy(
  type: LegacyPolicyType,
  opts: LegacyPolicyArbitraryOptions,
): fc.Arbitrary<LegacyPolicy> {
  const svc =
    opts.services !== undefined && opts.services.length > 0
      ? fc.constantFrom(...opts.services)
      : arbServiceName();
  const svcOrStar = fc.oneof({ weight: 4, arbitrary: svc }, { weight: 1, arbitrary: fc.constant('*') });
  const anyTagsAllowed = type === 'TrafficPermission' || type === 'FaultInjection' || type === 'RateLimit';
  const selector = (extra: boolean) =>
    fc
      .tuple(
        svcOrStar,
        extra
          ? fc.option(fc.tuple(fc.constantFrom('version', 'team'), arbTagValue()), { nil: undefined })
          : fc.constant(undefined),
      )
      .map(([s, e]) => ({ match: { 'kuma.io/service': s, ...(e !== undefined ? { [e[0]]: e[1] } : {}) } }));
  const destination =
    type === 'FaultInjection'
      ? fc
          .tuple(svcOrStar, fc.constantFrom('http', 'http2', 'grpc'))
          .map(([s, p]) => ({ match: { 'kuma.io/service': s, 'kuma.io/protocol': p } }))
      : selector(anyTagsAllowed);
  const usesSelectors =
    type === 'TrafficTrace' ||
    type === 'ProxyTemplate' ||
    type === 'VirtualOutbound' ||
    type === 'MeshGatewayRoute';
  return fc
    .record({
      name: opts.name !== undefined ? fc.constant(opts.name) : arbResourceName(),
      labels: arbLabels(),
      times: arbTimes(),
      sources: fc.array(selector(true), { minLength: 1, maxLength: 2 }),
      destinations: fc.array(destination, { minLength: 1, maxLength: 2 }),
      selectors: fc.array(selector(true), { minLength: 1, maxLength: 2 }),
      conf: arbLegacyConf(type, svc),
    })
    .map((g): LegacyPolicy => {
      const p: LegacyPolicy = {
        type,
        mesh: opts.mesh ?? 'default',
        name: g.name,
        labels: g.labels,
        ...g.times,
      };
      if (usesSelectors) p.selectors = g.selectors;
      else {
        p.sources = g.sources;
        p.destinations = g.destinations;
      }
      if (g.conf !== undefined) p.conf = g.conf;
      return p;
    });
}

/** A MeshPassthrough policy (a convenience for `arbTargetRefPolicy('MeshPassthrough')`). */
export function arbMeshPassthrough(
  opts: TargetRefPolicyArbitraryOptions = {},
): fc.Arbitrary<TargetRefPolicy> {
  return arbTargetRefPolicy('MeshPassthrough', opts);
}
