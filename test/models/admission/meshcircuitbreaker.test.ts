/**
 * MeshCircuitBreaker admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/validator_test.go` (plus edge cases of
 * its validator.go).
 */
import { kubernetes, meshToMesh, table, universalOf } from './helpers.js';

const universal = universalOf('MeshCircuitBreaker', { meta: { name: 'mcb', mesh: 'default' } });

table('MeshCircuitBreaker admission (Kuma 2.8.8)', [
  {
    name: 'only to targetRef (valid)',
    yaml: universal(`targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      connectionLimits:
        maxConnections: 2
        maxConnectionPools: 2
        maxPendingRequests: 2
        maxRetries: 1
        maxRequests: 32
      outlierDetection:
        disabled: false
        interval: 5s
        baseEjectionTime: 30s
        maxEjectionPercent: 20
        splitExternalAndLocalErrors: true
        detectors:
          totalFailures:
            consecutive: 10
          gatewayFailures:
            consecutive: 10
          localOriginFailures:
            consecutive: 10
          successRate:
            minimumHosts: 5
            requestVolume: 10
            standardDeviationFactor: "1.9"
          failurePercentage:
            requestVolume: 10
            minimumHosts: 5
            threshold: 85`),
    expect: 'valid',
  },
  {
    name: 'gateway example (valid)',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      connectionLimits: {}`),
    expect: 'valid',
  },
  {
    name: 'percentages 0 and 100 are allowed',
    yaml: universal(
      meshToMesh(`      outlierDetection:
        maxEjectionPercent: 0
        detectors:
          failurePercentage:
            threshold: 100`),
    ),
    expect: 'valid',
  },
  {
    name: 'empty from and to',
    yaml: universal(`targetRef:
  kind: Mesh`),
    expect: ["spec: at least one of 'from', 'to' has to be defined"],
  },
  {
    name: 'unsupported kind in from selector',
    yaml: universal(`targetRef:
  kind: MeshService
  name: web-frontend
from:
  - targetRef:
      kind: MeshGatewayRoute
    default:
      connectionLimits: {}`),
    expect: ['spec.from[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'unsupported kind in to selector',
    yaml: universal(`targetRef:
  kind: MeshService
  name: web-frontend
to:
  - targetRef:
      kind: MeshServiceSubset
    default:
      connectionLimits: {}`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'missing configuration',
    yaml: universal(`targetRef:
  kind: Mesh
from:
  - targetRef:
      kind: Mesh`),
    expect: [
      "spec.from[0].default: at least one of: 'connectionLimits' or 'outlierDetection' should be configured",
    ],
  },
  {
    name: 'limits cannot be 0',
    yaml: universal(
      meshToMesh(`      connectionLimits:
        maxConnections: 0
        maxRequests: 0`),
    ),
    expect: [
      'spec.to[0].default.connectionLimits.maxConnections: must be greater than 0',
      'spec.to[0].default.connectionLimits.maxRequests: must be greater than 0',
    ],
  },
  {
    name: 'outlier detection durations and percentages',
    yaml: universal(
      meshToMesh(`      outlierDetection:
        interval: 0s
        baseEjectionTime: -1s
        maxEjectionPercent: 101
        detectors:
          failurePercentage:
            threshold: 101`),
    ),
    expect: [
      'spec.to[0].default.outlierDetection.interval: must be greater than zero when defined',
      'spec.to[0].default.outlierDetection.baseEjectionTime: must be greater than zero when defined',
      'spec.to[0].default.outlierDetection.maxEjectionPercent: must be in inclusive range [0, 100]',
      'spec.to[0].default.outlierDetection.detectors.failurePercentage.threshold: must be in inclusive range [0, 100]',
    ],
  },
  {
    name: 'detectors are not defined',
    yaml: universal(
      meshToMesh(`      outlierDetection:
        maxEjectionPercent: 100`),
    ),
    expect: ['spec.to[0].default.outlierDetection.detectors: must be defined'],
  },
  {
    name: 'detector is empty',
    yaml: universal(`targetRef:
  kind: MeshService
  name: web-frontend
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      outlierDetection:
        maxEjectionPercent: 100
        detectors: {}`),
    expect: [
      'spec.to[0].default.outlierDetection.detectors: must have at least one defined: totalFailures, gatewayFailures, localOriginFailures, successRate, failurePercentage',
    ],
  },
  {
    name: 'standardDeviationFactor: not a number, zero, negative decimal string',
    yaml: universal(
      meshToMesh(`      outlierDetection:
        detectors:
          successRate:
            standardDeviationFactor: "xyz"
  - targetRef:
      kind: Mesh
    default:
      outlierDetection:
        detectors:
          successRate:
            standardDeviationFactor: 0
            minimumHosts: 0
  - targetRef:
      kind: Mesh
    default:
      outlierDetection:
        detectors:
          successRate:
            standardDeviationFactor: "-0.5"`),
    ),
    expect: [
      'spec.to[0].default.outlierDetection.detectors.successRate.standardDeviationFactor: invalid number',
      'spec.to[1].default.outlierDetection.detectors.successRate.minimumHosts: must be greater than 0',
      'spec.to[1].default.outlierDetection.detectors.successRate.standardDeviationFactor: must be greater than 0',
      'spec.to[2].default.outlierDetection.detectors.successRate.standardDeviationFactor: must be greater than 0',
    ],
  },
  {
    name: 'unknown conf field',
    yaml: universal(
      meshToMesh(`      connectionLimits:
        maxConnection: 3`),
    ),
    expect: ['spec.to[0].default.connectionLimits.maxConnection: unknown field'],
  },
  {
    name: 'Kubernetes form keeps the spec paths',
    yaml: kubernetes(
      'MeshCircuitBreaker',
      `targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
    default:
      outlierDetection:
        detectors:
          totalFailures:
            consecutive: 0
`,
      { name: 'mcb' },
    ),
    expect: [
      'spec.to[0].default.outlierDetection.detectors.totalFailures.consecutive: must be greater than 0',
    ],
  },
]);
