/**
 * MeshTrafficPermission admission: the cases of Kuma 2.8.8
 * `pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/validator_test.go`, plus the rules its
 * validator and `deprecated.go` have that the Go table does not exercise.
 */
import { kubernetes, table, universalOf } from './helpers.js';

const doc = universalOf('MeshTrafficPermission', { meta: { mesh: 'mesh-1', name: 'mtp' } });

const DEPRECATED =
  "MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead";

table(
  'MeshTrafficPermission admission (Kuma 2.8.8)',
  [
    {
      name: 'allow or deny all possible kinds of clients (Kuma)',
      yaml: doc(`  targetRef:
    kind: Mesh
  from:
    - targetRef:
        kind: Mesh
      default:
        action: Allow
    - targetRef:
        kind: MeshSubset
        tags:
          kuma.io/zone: us-east
          env: dev
      default:
        action: Deny
    - targetRef:
        kind: MeshService
        name: backend
      default:
        action: Allow
    - targetRef:
        kind: MeshServiceSubset
        name: backend
        tags:
          version: v1
      default:
        action: Deny
`),
      expect: 'valid',
      warnings: [`spec.from[2].targetRef.kind: ${DEPRECATED}`],
    },
    {
      name: 'allow MeshSubset at top-level targetRef (Kuma)',
      yaml: doc(`  targetRef:
    kind: MeshSubset
    tags:
      env: prod
  from:
    - targetRef:
        kind: Mesh
      default:
        action: Deny
`),
      expect: 'valid',
    },
    {
      name: 'allow MeshService at top-level targetRef (Kuma)',
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: Mesh
      default:
        action: AllowWithShadowDeny
`),
      expect: 'valid',
    },
    {
      name: 'allow MeshServiceSubset at top-level targetRef (Kuma)',
      yaml: doc(`  targetRef:
    kind: MeshServiceSubset
    name: backend
    tags:
      version: v2
  from:
    - targetRef:
        kind: Mesh
      default:
        action: Deny
`),
      expect: 'valid',
    },
    {
      name: 'MeshExternalService is supported at the top level and in from',
      yaml: doc(`  targetRef:
    kind: MeshExternalService
    name: httpbin
  from:
    - targetRef:
        kind: MeshExternalService
        name: other
      default:
        action: Allow
`),
      expect: 'valid',
    },
    {
      name: "empty 'from' array (Kuma)",
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from: []
`),
      expect: ['spec.from: needs at least one item'],
    },
    {
      name: "an absent 'from' needs at least one item",
      yaml: doc(`  targetRef:
    kind: Mesh
`),
      expect: ['spec.from: needs at least one item'],
    },
    {
      name: "not supported kinds in 'from' array (Kuma)",
      yaml: doc(`  targetRef:
    kind: MeshService
    name: backend
  from:
    - targetRef:
        kind: MeshGatewayRoute
        name: mgr-1
      default:
        action: Allow
`),
      expect: ['spec.from[0].targetRef.kind: value is not supported'],
    },
    {
      name: 'MeshGateway is supported neither at the top level nor in from',
      yaml: doc(`  targetRef:
    kind: MeshGateway
    name: edge
  from:
    - targetRef:
        kind: MeshGateway
        name: gw
      default:
        action: Allow
`),
      expect: [
        'spec.targetRef.kind: value is not supported',
        'spec.from[0].targetRef.kind: value is not supported',
      ],
    },
    {
      name: 'default is nil (Kuma)',
      yaml: doc(`  targetRef:
    kind: Mesh
  from:
    - targetRef:
        kind: Mesh
`),
      expect: ['spec.from[0].default.action: must be defined'],
    },
    {
      name: 'an empty default has no action',
      yaml: doc(`  targetRef:
    kind: Mesh
  from:
    - targetRef:
        kind: MeshService
        name: web
      default: {}
`),
      expect: ['spec.from[0].default.action: must be defined'],
      warnings: [`spec.from[0].targetRef.kind: ${DEPRECATED}`],
    },
    {
      name: 'Kubernetes form: paths point into the document',
      yaml: kubernetes(
        'MeshTrafficPermission',
        `targetRef:
  kind: Mesh
from:
  - targetRef:
      kind: Mesh
    default:
      action: Allow
  - targetRef:
      kind: MeshSubset
      tags:
        kuma.io/service: web
`,
        { name: 'mtp' },
      ),
      expect: ['spec.from[1].default.action: must be defined'],
    },
  ],
  { warnings: 'exact' },
);
