/**
 * MeshTrace admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshtrace/api/v1alpha1/validator_test.go` (plus edge cases of its
 * validator.go: the Datadog URL parts, decimal sampling strings, policy roles).
 */
import { indent, kubernetes, role, table, universalOf } from './helpers.js';

const universal = universalOf('MeshTrace', { meta: { name: 'mt', mesh: 'default' } });

/** A policy on service `backend` with `conf` as its `default`. */
const onBackend = (conf: string): string => `targetRef:
  kind: MeshService
  name: backend
default:
${indent(conf, 2)}`;

const datadog = (url: string): string => `backends:
  - type: Datadog
    datadog:
      url: ${url}`;

const D = 'spec.default';
const URL = `${D}.backends[0].datadog.url`;

table('MeshTrace admission (Kuma 2.8.8)', [
  {
    name: 'full zipkin example (valid)',
    yaml: universal(
      onBackend(`backends:
  - type: Zipkin
    zipkin:
      url: http://jaeger-collector.mesh-observability:9411/api/v2/spans
      apiVersion: httpJson
tags:
  - name: team
    literal: core
  - name: env
    header:
      name: x-env
      default: prod
  - name: version
    header:
      name: x-version
sampling:
  overall: 80
  random: "60.1"
  client: 40`),
    ),
    expect: 'valid',
  },
  {
    name: 'with opentelemetry backend (valid)',
    yaml: universal(
      onBackend(`backends:
  - type: OpenTelemetry
    openTelemetry:
      endpoint: otel-collector:4317`),
    ),
    expect: 'valid',
  },
  {
    name: 'with empty backends (valid)',
    yaml: universal(
      onBackend(`backends: []
sampling:
  overall: 80
  random: 60
  client: 40`),
    ),
    expect: 'valid',
  },
  {
    name: 'with datadog backend (valid)',
    yaml: universal(
      onBackend(`backends:
  - type: Datadog
    datadog:
      url: http://intake.datadoghq.eu:8126
      splitService: true`),
    ),
    expect: 'valid',
  },
  {
    name: 'top level MeshGateway (valid for a system policy)',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
default:
  backends:
    - type: Datadog
      datadog:
        url: http://intake.datadoghq.eu:8126`),
    expect: 'valid',
  },
  {
    name: 'sampling as decimal strings at the bounds (valid)',
    yaml: universal(
      onBackend(`backends: []
sampling:
  overall: "100"
  random: "0.5"
  client: 0`),
    ),
    expect: 'valid',
  },
  {
    name: 'no default',
    yaml: universal(`targetRef:
  kind: MeshService
  name: backend`),
    expect: [`${D}.backends: must be defined`],
  },
  {
    name: 'multiple backends (not checked one by one)',
    yaml: universal(
      onBackend(`backends:
  - zipkin:
      url: http://jaeger-collector1.mesh-observability:9411/api/v2/spans
  - zipkin:
      url: not a url`),
    ),
    expect: [`${D}.backends: must have zero or one backend defined`],
  },
  {
    name: 'no url for zipkin backend',
    yaml: universal(
      onBackend(`backends:
  - type: Zipkin
    zipkin: {}`),
    ),
    expect: [`${D}.backends[0].zipkin.url: must not be empty`],
  },
  {
    name: 'invalid url for zipkin backend',
    yaml: universal(
      onBackend(`backends:
  - type: Zipkin
    zipkin:
      url: not_valid_url`),
    ),
    expect: [`${D}.backends[0].zipkin.url: must be a valid url`],
  },
  {
    name: 'invalid url for datadog backend',
    yaml: universal(onBackend(datadog('not_valid_url'))),
    expect: [`${URL}: must be a valid url`],
  },
  {
    name: 'no port for datadog backend url',
    yaml: universal(onBackend(datadog('http://intake.datadoghq.eu'))),
    expect: [`${URL}: port must be defined`],
  },
  {
    name: 'invalid port for datadog backend',
    yaml: universal(onBackend(datadog('http://intake.datadoghq.eu:999999'))),
    expect: [`${URL}: port must be a valid (1-65535)`],
  },
  {
    name: 'port 0 for datadog backend',
    yaml: universal(onBackend(datadog('http://intake.datadoghq.eu:0'))),
    expect: [`${URL}: port must be a valid (1-65535)`],
  },
  {
    name: 'invalid scheme for datadog backend',
    yaml: universal(onBackend(datadog('sql://intake.datadoghq.eu:8126'))),
    expect: [`${URL}: scheme must be http`],
  },
  {
    name: 'path provided for datadog backend',
    yaml: universal(onBackend(datadog('http://intake.datadoghq.eu:8126/some/path'))),
    expect: [`${URL}: path must not be defined`],
  },
  {
    name: 'user and query provided for datadog backend',
    yaml: universal(onBackend(datadog('http://agent@intake.datadoghq.eu:8126?x=1'))),
    expect: [`${URL}: user must not be defined`, `${URL}: query must not be defined`],
  },
  {
    name: 'opaque datadog url (no //)',
    yaml: universal(onBackend(datadog('http:intake'))),
    expect: [`${URL}: port must be defined`, `${URL}: opaque must not be defined`],
  },
  {
    name: 'tag missing name',
    yaml: universal(
      onBackend(`backends: []
tags:
  - literal: example
  - header:
      default: example`),
    ),
    expect: [`${D}.tags[0].name: must not be empty`, `${D}.tags[1].name: must not be empty`],
  },
  {
    name: 'tag missing type, tag with both types',
    yaml: universal(
      onBackend(`backends: []
tags:
  - name: example
  - name: both
    literal: x
    header:
      name: x-h`),
    ),
    expect: [
      `${D}.tags[0]: tag must have only one type defined: header, literal`,
      `${D}.tags[1]: tag must have only one type defined: header, literal`,
    ],
  },
  {
    name: 'sampling out of range',
    yaml: universal(
      onBackend(`backends: []
sampling:
  overall: 101
  random: "-0.5"`),
    ),
    expect: [
      `${D}.sampling.random: must be between 0 and 100`,
      `${D}.sampling.overall: must be between 0 and 100`,
    ],
  },
  {
    name: 'sampling invalid string',
    yaml: universal(
      onBackend(`backends: []
sampling:
  overall: xyz
  client: xyz
  random: xyz`),
    ),
    expect: [
      `${D}.sampling.client: string is not a number`,
      `${D}.sampling.random: string is not a number`,
      `${D}.sampling.overall: string is not a number`,
    ],
  },
  {
    name: 'openTelemetry backend must be defined',
    yaml: universal(
      onBackend(`backends:
  - type: OpenTelemetry`),
    ),
    expect: [`${D}.backends[0].openTelemetry: must be defined`],
  },
  {
    name: 'datadog backend must be defined',
    yaml: universal(
      onBackend(`backends:
  - type: Datadog`),
    ),
    expect: [`${D}.backends[0].datadog: must be defined`],
  },
  {
    name: 'a single backend without a type (Kuma: schema requires it)',
    yaml: universal(
      onBackend(`backends:
  - zipkin:
      url: http://jaeger:9411/api/v2/spans`),
    ),
    expect: [`${D}.backends[0].type: must be defined`],
  },
  {
    name: 'gateway listener tags not allowed',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
  tags:
    name: listener-1
default:
  backends: []`),
    expect: ['spec.targetRef.tags: must not be set with kind MeshGateway'],
  },
  {
    name: 'MeshGateway is a system-only target',
    yaml: universal(
      `targetRef:
  kind: MeshGateway
  name: edge
default:
  backends: []`,
      role('workload-owner'),
    ),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'Kubernetes form keeps the spec paths',
    yaml: kubernetes(
      'MeshTrace',
      `targetRef:
  kind: Mesh
default:
  backends:
    - type: Datadog
      datadog:
        url: https://intake.datadoghq.eu:8126
  sampling:
    overall: 200
`,
      { name: 'mt' },
    ),
    expect: [`${URL}: scheme must be http`, `${D}.sampling.overall: must be between 0 and 100`],
  },
]);
