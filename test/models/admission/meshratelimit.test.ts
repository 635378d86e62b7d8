/**
 * MeshRateLimit admission: the cases of Kuma 2.8.8
 * `pkg/plugins/policies/meshratelimit/api/v1alpha1/validator_test.go`, plus the rules its validator
 * has that the Go table does not exercise.
 */
import { kubernetes, role, table, universalOf } from './helpers.js';

const doc = universalOf('MeshRateLimit', { meta: { mesh: 'mesh-1', name: 'rl1' } });

/** A MeshService-targeted policy with one `from` item whose `default` is `conf`. */
const fromMesh = (conf: string) =>
  doc(`  targetRef:
    kind: MeshService
    name: web-frontend
  from:
    - targetRef:
        kind: Mesh
      default:
${conf}`);

table('MeshRateLimit admission (Kuma 2.8.8)', [
  {
    name: 'full example (Kuma)',
    yaml: fromMesh(`        local:
          http:
            disabled: false
            requestRate:
              num: 100
              interval: 10s
            onRateLimit:
              status: 123
              headers:
                add:
                - name: "test"
                  value: "123"
          tcp:
            disabled: false
            connectionRate:
              num: 100
              interval: 100ms
`),
    expect: 'valid',
  },
  {
    name: 'full example, only http (Kuma)',
    yaml: fromMesh(`        local:
          http:
            requestRate:
              num: 100
              interval: 10s
            onRateLimit:
              status: 123
              headers:
                set:
                - name: "test"
                  value: "123"
`),
    expect: 'valid',
  },
  {
    name: 'full example, only tcp (Kuma)',
    yaml: fromMesh(`        local:
          tcp:
            disabled: false
            connectionRate:
              num: 100
              interval: 100ms
`),
    expect: 'valid',
  },
  {
    name: 'minimal example (Kuma)',
    yaml: fromMesh(`        local:
          http:
            requestRate:
              num: 100
              interval: 10s
          tcp:
            connectionRate:
              num: 100
              interval: 100ms
`),
    expect: 'valid',
  },
  {
    name: 'disable rate limit (Kuma)',
    yaml: fromMesh(`        local:
          http:
            disabled: true
          tcp:
            disabled: true
`),
    expect: 'valid',
  },
  {
    name: 'gateway example (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshGateway
    name: edge
  to:
    - targetRef:
        kind: Mesh
      default:
        local:
          http:
            requestRate:
              num: 100
              interval: 10s
          tcp:
            connectionRate:
              num: 100
              interval: 100ms
`),
    expect: 'valid',
  },
  {
    name: 'gateway example and targeting MeshHTTPRoute (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshHTTPRoute
    name: http-route-1
  to:
    - targetRef:
        kind: Mesh
      default:
        local:
          http:
            requestRate:
              num: 100
              interval: 10s
`),
    expect: 'valid',
  },
  {
    name: 'an interval just above 50ms is accepted',
    yaml: fromMesh(`        local:
          http:
            requestRate: { num: 1, interval: 51ms }
            onRateLimit: { status: 429 }
`),
    expect: 'valid',
  },
  {
    name: 'unsupported kind in from selector (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshService
    name: web-frontend
  from:
    - targetRef:
        kind: MeshGatewayRoute
      default:
        local:
          http:
            requestRate:
              num: 10
              interval: 10s
`),
    expect: ['spec.from[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'not allow invalid values (Kuma)',
    yaml: fromMesh(`        local:
          http:
            requestRate:
              num: 0
              interval: 49ms
          tcp:
            connectionRate:
              num: 0
              interval: 49ms
`),
    expect: [
      'spec.from[0].default.local.http.requestRate.num: must be greater than 0',
      'spec.from[0].default.local.http.requestRate.interval: must be greater than: 50ms',
      'spec.from[0].default.local.tcp.connectionRate.num: must be greater than 0',
      'spec.from[0].default.local.tcp.connectionRate.interval: must be greater than: 50ms',
    ],
  },
  {
    name: 'absent num and interval read as Go zero values; exactly 50ms is rejected',
    yaml: fromMesh(`        local:
          http:
            requestRate: {}
            onRateLimit: { status: 0 }
          tcp:
            connectionRate: { num: 5, interval: 50ms }
`),
    expect: [
      'spec.from[0].default.local.http.requestRate.num: must be greater than 0',
      'spec.from[0].default.local.http.requestRate.interval: must be greater than: 50ms',
      'spec.from[0].default.local.http.onRateLimit.status: must be greater than 0',
      'spec.from[0].default.local.tcp.connectionRate.interval: must be greater than: 50ms',
    ],
  },
  {
    name: 'not allow from to be MeshService for tcp (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshService
    name: web-frontend
  from:
    - targetRef:
        kind: MeshService
        name: backend
      default:
        local:
          tcp:
            connectionRate:
              num: 100
              interval: 500ms
`),
    expect: ['spec.from[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'not allow from to be MeshService when http and tcp set (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshService
    name: web-frontend
  from:
    - targetRef:
        kind: MeshService
        name: backend
      default:
        local:
          http:
            requestRate:
              num: 100
              interval: 500ms
          tcp:
            connectionRate:
              num: 100
              interval: 500ms
`),
    expect: ['spec.from[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'empty default (Kuma)',
    yaml: fromMesh('        {}\n'),
    expect: ['spec.from[0].default.local: must be defined'],
  },
  {
    name: 'an absent default is an empty one',
    yaml: doc(`  targetRef:
    kind: MeshService
    name: web-frontend
  from:
    - targetRef:
        kind: Mesh
`),
    expect: ['spec.from[0].default.local: must be defined'],
  },
  {
    name: 'neither tcp or http defined (Kuma)',
    yaml: fromMesh('        local: {}\n'),
    expect: ['spec.from[0].default.local: must have at least one defined: tcp, http'],
  },
  {
    name: 'empty tcp (Kuma)',
    yaml: fromMesh('        local:\n          tcp: {}\n'),
    expect: ['spec.from[0].default.local.tcp: must have at least one defined: disabled, connectionRate'],
  },
  {
    name: 'empty http (Kuma)',
    yaml: fromMesh('        local:\n          http: {}\n'),
    expect: [
      'spec.from[0].default.local.http: must have at least one defined: disabled, requestRate, onRateLimit',
    ],
  },
  {
    name: 'invalid gateway example (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshGateway
    name: edge
  from:
    - targetRef:
        kind: Mesh
      default:
        local:
          http:
            requestRate:
              num: 100
              interval: 10s
`),
    expect: ['spec.from: must not be defined'],
  },
  {
    name: 'invalid gateway example when targeting MeshHTTPRoute (Kuma)',
    yaml: doc(`  targetRef:
    kind: MeshHTTPRoute
    name: http-route-1
  from:
    - targetRef:
        kind: Mesh
      default:
        local:
          tcp:
            connectionRate:
              num: 100
              interval: 100ms
`),
    expect: ['spec.from: must not be defined'],
  },
  {
    name: 'a Mesh top-level targetRef without proxyTypes includes gateways: from is rejected',
    yaml: doc(`  targetRef:
    kind: Mesh
  from:
    - targetRef:
        kind: Mesh
      default:
        local:
          http:
            disabled: true
`),
    expect: ['spec.from: must not be defined'],
  },
  {
    name: 'to is rejected when the top-level targetRef selects no gateway',
    yaml: doc(`  targetRef:
    kind: Mesh
    proxyTypes: [Sidecar]
  to:
    - targetRef:
        kind: Mesh
      default:
        local:
          http:
            disabled: true
`),
    expect: ['spec.to: must not be defined'],
  },
  {
    name: 'a non-system policy may not target a MeshHTTPRoute',
    yaml: doc(
      `  targetRef:
    kind: MeshHTTPRoute
    name: http-route-1
  to:
    - targetRef:
        kind: Mesh
      default:
        local:
          http:
            disabled: true
`,
      role('producer'),
    ),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'Kubernetes form: paths point into the document',
    yaml: kubernetes(
      'MeshRateLimit',
      `targetRef:
  kind: MeshService
  name: backend
from:
  - targetRef:
      kind: Mesh
    default:
      local:
        tcp:
          connectionRate:
            num: 0
            interval: 1s
`,
      { name: 'rl1' },
    ),
    expect: ['spec.from[0].default.local.tcp.connectionRate.num: must be greater than 0'],
  },
]);
