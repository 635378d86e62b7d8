/**
 * MeshFaultInjection admission: the cases of Kuma 2.8.8
 * `pkg/plugins/policies/meshfaultinjection/api/v1alpha1/validator_test.go`, plus the rules its
 * validator and `deprecated.go` have that the Go table does not exercise.
 */
import { kubernetes, role, table, universalOf } from './helpers.js';

const doc = universalOf('MeshFaultInjection', { meta: { mesh: 'mesh-1', name: 'fi1' } });

/** A policy on MeshService `backend` with one `from` Mesh item whose `default.http` is the list `faults`. */
const fromMesh = (faults: string): string =>
  doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: Mesh
      default:
        http:
${faults}`);

table(
  'MeshFaultInjection admission (Kuma 2.8.8)',
  [
    {
      name: 'accepts valid resource (Kuma)',
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: MeshSubset
        tags:
          kuma.io/service: web-backend
      default:
        http:
          - abort:
              httpStatus: 503
              percentage: 50
            delay:
              value: 10s
              percentage: 5
          - delay:
              value: 5s
              percentage: 5
          - responseBandwidth:
              limit: 100Mbps
              percentage: 5
          - abort:
              httpStatus: 500
              percentage: "50.5"
`),
      expect: 'valid',
    },
    {
      name: 'empty faults (Kuma)',
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: MeshServiceSubset
        name: web-backend
        tags:
          version: v1
      default:
        http: []
`),
      expect: 'valid',
    },
    {
      name: 'Kind Mesh with to and only gateway (Kuma)',
      yaml: doc(`  targetRef:
    kind: Mesh
    proxyTypes: ["Gateway"]
  to:
    - targetRef:
        kind: Mesh
      default:
        http: []
`),
      expect: 'valid',
    },
    {
      name: 'Mesh restricted to sidecars may have from',
      yaml: doc(`  targetRef:
    kind: Mesh
    proxyTypes: ["Sidecar"]
  from:
    - targetRef:
        kind: Mesh
      default:
        http:
          - abort:
              httpStatus: 500
`),
      expect: 'valid',
    },
    {
      name: 'absent percentage and delay value read as Go zero values (accepted)',
      yaml: fromMesh(`          - abort: { httpStatus: 418 }
          - delay: { percentage: "0.5" }
          - responseBandwidth: { limit: 10 kbps }
`),
      expect: 'valid',
    },
    {
      name: 'incorrect values (Kuma)',
      yaml: fromMesh(`        - abort:
            httpStatus: 677
            percentage: 111
        - delay:
            value: -5s
            percentage: 1111
        - responseBandwidth:
            limit: 1000
            percentage: 1111
`),
      expect: [
        'spec.from[0].default.http.abort[0].httpStatus: must be in inclusive range [100, 599]',
        'spec.from[0].default.http.abort[0].percentage: must be in inclusive range [0.0, 100.0]',
        'spec.from[0].default.http.delay[1].value: must not be negative when defined',
        'spec.from[0].default.http.delay[1].percentage: must be in inclusive range [0.0, 100.0]',
        'spec.from[0].default.http.responseBandwidth[2].responseBandwidth: must be in kbps/Mbps/Gbps units',
        'spec.from[0].default.http.responseBandwidth[2].percentage: must be in inclusive range [0.0, 100.0]',
      ],
    },
    {
      name: 'empty values (Kuma)',
      yaml: fromMesh(`        - abort: {}
        - delay: {}
        - responseBandwidth:
            limit: 1000
`),
      expect: [
        'spec.from[0].default.http.abort[0].httpStatus: must be in inclusive range [100, 599]',
        'spec.from[0].default.http.responseBandwidth[2].responseBandwidth: must be in kbps/Mbps/Gbps units',
      ],
    },
    {
      name: 'incorrect value in percentage (Kuma)',
      yaml: fromMesh(`        - responseBandwidth:
            limit: 1000
            percentage: "xyz"
`),
      expect: [
        'spec.from[0].default.http.responseBandwidth[0].responseBandwidth: must be in kbps/Mbps/Gbps units',
        'spec.from[0].default.http.responseBandwidth[0].percentage: string must be a valid number',
      ],
    },
    {
      name: 'an absent bandwidth limit must be defined',
      yaml: fromMesh(`        - responseBandwidth:
            percentage: "-0.1"
`),
      expect: [
        'spec.from[0].default.http.responseBandwidth[0].responseBandwidth: must be defined',
        'spec.from[0].default.http.responseBandwidth[0].percentage: must be in inclusive range [0.0, 100.0]',
      ],
    },
    {
      name: 'MeshGateway and targetRefs (Kuma)',
      yaml: doc(`  targetRef:
    kind: MeshGateway
    name: edge
  to:
    - targetRef:
        kind: Mesh
      default:
        http:
        - abort:
            httpStatus: 503
            percentage: 50
    - targetRef:
        kind: MeshService
        name: backend
      default:
        http:
        - abort:
            httpStatus: 503
            percentage: 50
  from:
    - targetRef:
        kind: Mesh
      default:
        http:
        - abort:
            httpStatus: 503
            percentage: 50
`),
      expect: ['spec.from: must not be defined', 'spec.to[1].targetRef.kind: value is not supported'],
    },
    {
      name: 'a Mesh top-level targetRef without proxyTypes includes gateways: from is rejected',
      yaml: doc(`  targetRef:
    kind: Mesh
  from:
    - targetRef:
        kind: Mesh
      default:
        http: []
`),
      expect: ['spec.from: must not be defined'],
    },
    {
      name: 'to is rejected when the top-level targetRef selects no gateway',
      yaml: doc(`  targetRef:
    kind: MeshSubset
    proxyTypes: ["Sidecar"]
    tags:
      version: v1
  to:
    - targetRef:
        kind: Mesh
      default:
        http: []
`),
      expect: ['spec.to: must not be defined'],
    },
    {
      name: 'from kinds: MeshGateway is not supported',
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: MeshGateway
        name: edge
      default:
        http: []
`),
      expect: ['spec.from[0].targetRef.kind: value is not supported'],
    },
    {
      name: 'a non-system policy may not target a MeshGateway',
      yaml: doc(
        `  targetRef:
    kind: MeshGateway
    name: edge
  to:
    - targetRef:
        kind: Mesh
      default:
        http: []
`,
        role('consumer'),
      ),
      expect: ['spec.targetRef.kind: value is not supported'],
    },
    {
      name: 'MeshService in from is deprecated (warning only)',
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: Mesh
      default:
        http: []
    - targetRef:
        kind: MeshService
        name: web
      default:
        http: []
    - targetRef:
        kind: MeshService
        name: other
      default:
        http: []
`),
      expect: 'valid',
      warnings: [
        "spec.from[1].targetRef.kind: MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead",
      ],
    },
    {
      name: 'Kubernetes form: paths point into the document',
      yaml: kubernetes(
        'MeshFaultInjection',
        `targetRef:
  kind: MeshService
  name: backend
from:
  - targetRef:
      kind: Mesh
    default:
      http:
        - delay:
            value: 1s
            percentage: 101
`,
        { name: 'fi1' },
      ),
      expect: ['spec.from[0].default.http.delay[0].percentage: must be in inclusive range [0.0, 100.0]'],
    },
  ],
  { warnings: 'exact' },
);
