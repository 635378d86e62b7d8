/**
 * MeshMetric admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshmetric/api/v1alpha1/validator_test.go` (plus edge cases of its
 * validator.go: Go regexp syntax, backend types, policy roles, the Kubernetes default port).
 */
import { indent, kubernetes, role, table, universalOf } from './helpers.js';

const universal = universalOf('MeshMetric', { meta: { name: 'metrics-1', mesh: 'default' } });

/** A policy on service `svc-1` with `conf` as its `default`. */
const onService = (conf: string): string => `targetRef:
  kind: MeshService
  name: svc-1
default:
${indent(conf, 2)}`;

/** `sidecar.profiles.<list>` with one selector. */
const selector = (list: 'include' | 'exclude', type: string, match: string): string => `sidecar:
  profiles:
    ${list}:
      - type: ${type}
        match: '${match}'`;

const D = 'spec.default';

table('MeshMetric admission (Kuma 2.8.8)', [
  {
    name: 'full spec (valid)',
    yaml: universal(
      onService(`sidecar:
  profiles:
    appendProfiles:
      - name: None
      - name: Basic
    exclude:
      - type: Regex
        match: "my_match.*"
    include:
      - type: Prefix
        match: "my_match"
  includeUnused: true
applications:
  - path: "metrics/prometheus"
    port: 8888
  - port: 8000
backends:
  - type: Prometheus
    prometheus:
      clientId: main-backend
      port: 5670
      path: /metrics
      tls:
        mode: "ProvidedTLS"
  - type: OpenTelemetry
    openTelemetry:
      endpoint: otel-collector:4778`),
    ),
    expect: 'valid',
  },
  {
    name: 'Contains selectors and Go-only regexp syntax (valid)',
    yaml: universal(
      onService(`sidecar:
  profiles:
    include:
      - type: Contains
        match: upstream_rq
      - type: Regex
        match: '(?P<stat>envoy_cluster_\\w+)'
      - type: Regex
        match: '(?i)^http\\z'
    appendProfiles:
      - name: All`),
    ),
    expect: 'valid',
  },
  {
    name: 'system policy on a MeshGateway listener (valid)',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
  tags:
    listener: one
default:
  backends:
    - type: Prometheus
      prometheus:
        port: 5670
        path: /metrics`),
    expect: 'valid',
  },
  {
    name: 'missing Prometheus config',
    yaml: universal(
      onService(`backends:
  - type: Prometheus`),
    ),
    expect: [`${D}.backends.backend[0].prometheus: must be defined`],
  },
  {
    name: 'invalid port for prometheus listener',
    yaml: universal(
      onService(`backends:
  - type: Prometheus
    prometheus:
      port: 95599`),
    ),
    expect: [`${D}.backends.backend[0].port: port must be a valid (1-65535)`],
  },
  {
    name: 'Prometheus port absent in Universal form (Go zero value)',
    yaml: universal(
      onService(`backends:
  - type: Prometheus
    prometheus:
      path: /metrics`),
    ),
    expect: [`${D}.backends.backend[0].port: port must be a valid (1-65535)`],
  },
  {
    name: 'invalid port for application, and a missing one',
    yaml: universal(
      onService(`applications:
  - port: 95599
  - name: app`),
    ),
    expect: [
      `${D}.applications.application[0]: port must be a valid (1-65535)`,
      `${D}.applications.application[1]: port must be a valid (1-65535)`,
    ],
  },
  {
    name: 'invalid exclude regexes',
    yaml: universal(onService(selector('exclude', 'Regex', '())(!('))),
    expect: [`${D}.sidecar.profiles.exclude[0].match: invalid regex`],
  },
  {
    name: 'regexp syntax JavaScript accepts but Go rejects (lookahead)',
    yaml: universal(onService(selector('include', 'Regex', 'envoy_(?=cluster)'))),
    expect: [`${D}.sidecar.profiles.include[0].match: invalid regex`],
  },
  {
    name: 'regexp syntax JavaScript accepts but Go rejects (backreference)',
    yaml: universal(onService(selector('exclude', 'Regex', '(a)\\1'))),
    expect: [`${D}.sidecar.profiles.exclude[0].match: invalid regex`],
  },
  {
    name: 'invalid include types',
    yaml: universal(
      onService(`sidecar:
  profiles:
    include:
      - type: not_supported`),
    ),
    expect: [
      `${D}.sidecar.profiles.include[0].type: unrecognized type 'not_supported' - 'Regex', 'Prefix', 'Exact' are supported`,
    ],
  },
  {
    name: 'invalid profile',
    yaml: universal(
      onService(`sidecar:
  profiles:
    appendProfiles:
      - name: not_supported`),
    ),
    expect: [
      `${D}.sidecar.profiles.appendProfiles[0].name: unrecognized profile name 'not_supported' - 'All', 'None', 'Basic' are supported`,
    ],
  },
  {
    name: 'invalid url',
    yaml: universal(
      onService(`backends:
  - type: OpenTelemetry
    openTelemetry:
      endpoint: "asdasd123"`),
    ),
    expect: [`${D}.backends.backend[0].openTelemetry.endpoint: must be a valid url`],
  },
  {
    name: 'url with a scheme',
    yaml: universal(
      onService(`backends:
  - type: OpenTelemetry
    openTelemetry:
      endpoint: "http://endpoint:8023"`),
    ),
    expect: [`${D}.backends.backend[0].openTelemetry.endpoint: must not use schema`],
  },
  {
    name: 'undefined openTelemetry backend when type is OpenTelemetry',
    yaml: universal(
      onService(`backends:
  - type: OpenTelemetry
    prometheus:
      port: 5670`),
    ),
    expect: [`${D}.backends.backend[0].openTelemetry: must be defined`],
  },
  {
    name: 'unknown and missing backend types',
    yaml: universal(
      onService(`backends:
  - type: Statsd
  - prometheus:
      port: 5670`),
    ),
    expect: [`${D}.backends.backend[0]: unrecognized type`, `${D}.backends.backend[1]: unrecognized type`],
  },
  {
    name: 'MeshGateway is a system-only target',
    yaml: universal(
      `targetRef:
  kind: MeshGateway
  name: edge
default: {}`,
      role('workload-owner'),
    ),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'Kubernetes form: paths kept, the CRD default port applies',
    yaml: kubernetes(
      'MeshMetric',
      `targetRef:
  kind: Mesh
default:
  backends:
    - type: Prometheus
      prometheus:
        path: /metrics
  applications:
    - port: 0
`,
      { name: 'metrics-1' },
    ),
    expect: [`${D}.applications.application[0]: port must be a valid (1-65535)`],
  },
]);
