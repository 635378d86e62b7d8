/**
 * MeshRetry admission, from Kuma 2.8.8 `pkg/plugins/policies/meshretry/api/v1alpha1/validator_test.go`
 * (plus edge cases of its validator.go).
 */
import { indent, kubernetes, meshToMesh, role, table, universalOf } from './helpers.js';

const universal = universalOf('MeshRetry', { meta: { name: 'mr', mesh: 'default' } });

/** One `to[]` item targeting the whole mesh, with `conf` as its `default`. */
const toMesh = (conf: string): string => meshToMesh(indent(conf, 6));

const P = 'spec.to[0].default.conf';

table('MeshRetry admission (Kuma 2.8.8)', [
  {
    name: 'http.retryOn with status codes (valid)',
    yaml: universal(
      toMesh(`http:
  retryOn:
    - 500
    - "409"
    - "0429"
    - HttpMethodGet`),
    ),
    expect: 'valid',
  },
  {
    name: 'target MeshHTTPRoute (valid for a system policy)',
    yaml: universal(`targetRef:
  kind: MeshHTTPRoute
  name: route-1
to:
  - targetRef:
      kind: Mesh
    default:
      http:
        retryOn: [500, 409]`),
    expect: 'valid',
  },
  {
    name: 'header match types outside the documented set are accepted',
    yaml: universal(
      toMesh(`http:
  retriableRequestHeaders:
    - type: PREFIX
      name: x-my-header-1
      value: kuma-value-`),
    ),
    expect: 'valid',
  },
  {
    name: 'hostSelection: all predicates (valid)',
    yaml: universal(
      toMesh(`http:
  hostSelection:
    - predicate: OmitPreviousHosts
    - predicate: OmitHostsWithTags
      tags: {}
    - predicate: OmitPreviousPriorities
      updateFrequency: 2
  hostSelectionMaxAttempts: 3`),
    ),
    expect: 'valid',
  },
  {
    name: 'empty to',
    yaml: universal(`targetRef:
  kind: MeshService
  name: backend
to: []`),
    expect: ['spec.to: needs at least one item'],
  },
  {
    name: 'empty default',
    yaml: universal(toMesh('{}')),
    expect: [`${P}: at least one of the 'tcp', 'http', 'grpc' must be specified`],
  },
  {
    name: 'empty root sections',
    yaml: universal(
      toMesh(`tcp: {}
http: {}
grpc: {}`),
    ),
    expect: [`${P}.tcp: must not be empty`, `${P}.http: must not be empty`, `${P}.grpc: must not be empty`],
  },
  {
    name: 'hostSelectionMaxAttempts alone leaves http empty',
    yaml: universal(
      toMesh(`http:
  hostSelectionMaxAttempts: 3`),
    ),
    expect: [`${P}.http: must not be empty`],
  },
  {
    name: '0 for tcp.maxConnectAttempt',
    yaml: universal(
      toMesh(`tcp:
  maxConnectAttempt: 0`),
    ),
    expect: [`${P}.tcp.maxConnectAttempt: must be greater than 0`],
  },
  {
    name: 'empty backOff and rateLimitedBackOff',
    yaml: universal(
      toMesh(`http:
  backOff: {}
  rateLimitedBackOff: {}
grpc:
  backOff: {}
  rateLimitedBackOff:
    maxInterval: 0s
    resetHeaders: []`),
    ),
    expect: [
      `${P}.http.backOff: must not be empty`,
      `${P}.http.rateLimitedBackOff.resetHeaders: must be defined`,
      `${P}.grpc.backOff: must not be empty`,
      `${P}.grpc.rateLimitedBackOff.maxInterval: must be defined and greater than zero`,
    ],
  },
  {
    name: 'empty resetHeaders name',
    yaml: universal(
      toMesh(`http:
  rateLimitedBackOff:
    resetHeaders:
      - name: ""
        format: UnixTimestamp
      - format: Seconds`),
    ),
    expect: [
      `${P}.http.rateLimitedBackOff.resetHeaders[0].name: must be defined`,
      `${P}.http.rateLimitedBackOff.resetHeaders[1].name: must be defined`,
    ],
  },
  {
    name: 'http.retryOn with not allowed values',
    yaml: universal(
      toMesh(`http:
  retryOn: [WRONG_VALUE, 5XX, reset, 123, 952, "306", "-500"]`),
    ),
    expect: [
      `${P}.http.retryOn[0]: unknown item 'WRONG_VALUE'`,
      `${P}.http.retryOn[1]: unknown item '5XX'`,
      `${P}.http.retryOn[2]: unknown item 'reset'`,
      `${P}.http.retryOn[3]: unknown item '123'`,
      `${P}.http.retryOn[4]: unknown item '952'`,
      `${P}.http.retryOn[5]: unknown item '306'`,
      `${P}.http.retryOn[6]: unknown item '-500'`,
    ],
  },
  {
    name: 'grpc.retryOn with not allowed values',
    yaml: universal(
      toMesh(`grpc:
  retryOn: [500, reset, Unavailable, wrong]`),
    ),
    expect: [
      `${P}.grpc.retryOn[0]: unknown item '500'`,
      `${P}.grpc.retryOn[1]: unknown item 'reset'`,
      `${P}.grpc.retryOn[3]: unknown item 'wrong'`,
    ],
  },
  {
    name: 'missing tags for OmitHostsWithTags',
    yaml: universal(
      toMesh(`http:
  hostSelection:
    - predicate: OmitHostsWithTags`),
    ),
    expect: [`${P}.http.hostSelection[0].tags: must be defined`],
  },
  {
    name: 'updateFrequency below 1 or absent for OmitPreviousPriorities',
    yaml: universal(
      toMesh(`http:
  hostSelection:
    - predicate: OmitPreviousPriorities
      updateFrequency: 0`),
    ),
    expect: [`${P}.http.hostSelection[0].updateFrequency: must be defined and greater than zero`],
  },
  {
    name: 'incorrect / unsupported predicate type',
    yaml: universal(
      toMesh(`http:
  hostSelection:
    - predicate: OmitPreviousHosts
    - predicate: IncorrectPredicateType
    - tags: {a: b}`),
    ),
    expect: [
      `${P}.http.hostSelection[1].predicate: unknown predicate type 'IncorrectPredicateType'`,
      `${P}.http.hostSelection[2].predicate: unknown predicate type ''`,
    ],
  },
  {
    name: 'OmitPreviousPriorities specified twice',
    yaml: universal(
      toMesh(`http:
  hostSelection:
    - predicate: OmitPreviousPriorities
      updateFrequency: 3
    - predicate: OmitPreviousHosts
    - predicate: OmitPreviousPriorities`),
    ),
    expect: [
      `${P}.http.hostSelection[2].predicate: OmitPreviousPriorities must only be specified once`,
      `${P}.http.hostSelection[2].updateFrequency: must be defined and greater than zero`,
    ],
  },
  {
    name: 'top-level MeshGateway allows only Mesh in to',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: gateway-1
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      tcp:
        maxConnectAttempt: 5`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'unsupported targetRef kinds in to',
    yaml: universal(`targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: MeshSubset
      tags:
        version: v1
    default:
      http:
        numRetries: 1
  - targetRef:
      kind: MeshServiceSubset
      name: backend
      tags:
        kuma.io/zone: us-east
    default:
      grpc:
        numRetries: 1`),
    expect: [
      'spec.to[0].targetRef.kind: value is not supported',
      'spec.to[1].targetRef.kind: value is not supported',
    ],
  },
  {
    name: 'a consumer policy may not target MeshHTTPRoute',
    yaml: universal(
      `targetRef:
  kind: MeshHTTPRoute
  name: route-1
to:
  - targetRef:
      kind: Mesh
    default:
      http:
        numRetries: 1`,
      role('consumer'),
    ),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'Kubernetes form keeps the spec paths',
    yaml: kubernetes(
      'MeshRetry',
      `targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
    default:
      tcp: {}
      grpc:
        retryOn: [Reset]
`,
      { name: 'mr' },
    ),
    expect: [`${P}.tcp: must not be empty`, `${P}.grpc.retryOn[0]: unknown item 'Reset'`],
  },
]);
