/**
 * MeshHealthCheck admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshhealthcheck/api/v1alpha1/validator_test.go` (plus edge cases of its
 * validator.go).
 */
import { kubernetes, meshToMesh, table, universalOf } from './helpers.js';

const universal = universalOf('MeshHealthCheck', { meta: { name: 'mhc', mesh: 'default' } });

const full = `targetRef:
  kind: MeshService
  name: backend
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      interval: 10s
      timeout: 2s
      unhealthyThreshold: 3
      healthyThreshold: 1
      initialJitter: 5s
      intervalJitter: 6s
      intervalJitterPercent: 10
      healthyPanicThreshold: "60.5"
      failTrafficOnPanic: true
      noTrafficInterval: 10s
      eventLogPath: "/tmp/health-check.log"
      alwaysLogHealthCheckFailures: true
      reuseConnection: false
      tcp:
        disabled: true
        send: Zm9v
        receive: [YmFy, YmF6]
      http:
        disabled: true
        path: /health
        requestHeadersToAdd:
          set:
            - name: content-type
              value: application/json
          add:
            - name: accept
              value: application/json
        expectedStatuses: [200, 201]
      grpc:
        disabled: false
        serviceName: ""
        authority: ""`;

table('MeshHealthCheck admission (Kuma 2.8.8)', [
  { name: 'full example (valid)', yaml: universal(full), expect: 'valid' },
  {
    name: 'top level MeshGateway (valid)',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      interval: 10s
      tcp:
        disabled: true`),
    expect: 'valid',
  },
  {
    name: 'no to items is accepted',
    yaml: universal(`targetRef:
  kind: Mesh`),
    expect: 'valid',
  },
  {
    name: 'wrong top level target ref',
    yaml: universal(`targetRef:
  kind: MeshGatewayRoute
  name: some-mesh-gateway-route`),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'required fields are missing',
    yaml: universal(`targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
    default: {}`),
    expect: ['spec.to[0].default: must have at least one defined: http, tcp, grpc'],
  },
  {
    name: 'positive values and durations out of range',
    yaml: universal(
      meshToMesh(`      interval: -10s
      timeout: 0s
      unhealthyThreshold: -3
      healthyThreshold: 0
      initialJitter: -5s
      intervalJitter: -6s
      noTrafficInterval: -10s
      grpc: {}`),
    ),
    expect: [
      'spec.to[0].default.interval: must be greater than zero when defined',
      'spec.to[0].default.timeout: must be greater than zero when defined',
      'spec.to[0].default.unhealthyThreshold: must be greater than zero when defined',
      'spec.to[0].default.healthyThreshold: must be greater than zero when defined',
      'spec.to[0].default.initialJitter: must be greater than zero when defined',
      'spec.to[0].default.intervalJitter: must be greater than zero when defined',
      'spec.to[0].default.noTrafficInterval: must be greater than zero when defined',
    ],
  },
  {
    name: 'percentages: int percent, int-or-string panic threshold',
    yaml: universal(
      meshToMesh(`      intervalJitterPercent: 110
      healthyPanicThreshold: "100.1"
      tcp: {}
  - targetRef:
      kind: Mesh
    default:
      intervalJitterPercent: -1
      healthyPanicThreshold: "half"
      tcp: {}`),
    ),
    expect: [
      'spec.to[0].default.intervalJitterPercent: must be in inclusive range [0, 100]',
      'spec.to[0].default.healthyPanicThreshold: must be in inclusive range [0.0, 100.0]',
      'spec.to[1].default.intervalJitterPercent: must be in inclusive range [0, 100]',
      'spec.to[1].default.healthyPanicThreshold: string must be a valid number',
    ],
  },
  {
    name: 'path is invalid',
    yaml: universal(
      meshToMesh(`      eventLogPath: "#not_valid_path"
      grpc: {}`),
    ),
    expect: ['spec.to[0].default.eventLogPath: must be a valid path when defined'],
  },
  {
    name: 'http: empty path and status codes out of range',
    yaml: universal(
      meshToMesh(`      http:
        path: ""
        expectedStatuses: [99, 200, 600]`),
    ),
    expect: [
      'spec.to[0].default.http.path: must be defined',
      'spec.to[0].default.http.expectedStatuses[0]: must be in inclusive range [100, 599]',
      'spec.to[0].default.http.expectedStatuses[2]: must be in inclusive range [100, 599]',
    ],
  },
  {
    name: 'unsupported kind in to',
    yaml: universal(`targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: MeshSubset
      tags:
        version: v1
    default:
      tcp: {}`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'Kubernetes form keeps the spec paths',
    yaml: kubernetes(
      'MeshHealthCheck',
      `targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
    default:
      unhealthyThreshold: 0
      http:
        expectedStatuses: [700]
`,
      { name: 'mhc' },
    ),
    expect: [
      'spec.to[0].default.unhealthyThreshold: must be greater than zero when defined',
      'spec.to[0].default.http.expectedStatuses[0]: must be in inclusive range [100, 599]',
    ],
  },
  {
    // Kuma 2.8.8's own "full example" misplaces them; its decoder ignores them.
    name: 'accepts `set` / `add` written beside requestHeadersToAdd (as Kuma does) with a warning',
    yaml: universal(
      meshToMesh(`      http:
        path: /health
        requestHeadersToAdd:
        set:
          - name: content-type
            value: application/json
        add:
          - name: accept
            value: application/json`),
    ),
    expect: 'valid',
    warnings: [
      'spec.to[0].default.http.set: unknown field, ignored by Kuma (did you mean requestHeadersToAdd.set?)',
      'spec.to[0].default.http.add: unknown field, ignored by Kuma (did you mean requestHeadersToAdd.add?)',
    ],
  },
]);
