/**
 * MeshTCPRoute admission: Kuma 2.8.8's validator table tests
 * (`pkg/plugins/policies/meshtcproute/api/v1alpha1/validator_test.go`), including the cases the
 * replayed corpus lacks, plus edge cases of `validator.go`.
 */
import { kubernetes, role, table, universalOf } from './helpers.js';

/** A Universal document whose spec is `body` (YAML, as Kuma's tests write it at the top level). */
const doc = universalOf('MeshTCPRoute', { meta: { mesh: 'mesh-1', name: 'route-1' } });

table('MeshTCPRoute admission (Kuma 2.8.8)', [
  // Kuma's error cases.
  {
    name: 'spec.targetRef error',
    yaml: doc(`targetRef:
  kind: BlahBlah
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: backend
`),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'spec.to.targetRef error (Mesh)',
    yaml: doc(`targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: Mesh
`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'spec.to.targetRef error (MeshService under a MeshGateway)',
    yaml: doc(`targetRef:
  kind: MeshGateway
  name: edge
to:
- targetRef:
    kind: MeshService
    name: backend
`),
    expect: ['spec.to[0].targetRef.kind: value is not supported'],
  },
  {
    name: 'invalid backendRefs',
    yaml: doc(`targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: backend
  rules:
  - default:
      backendRefs:
      - kind: MeshServiceSubset
        tags:
          version: v1
`),
    expect: ['spec.to[0].rules[0].default.backendRefs[0].name: must be set with kind MeshServiceSubset'],
  },

  // Kuma's valid cases.
  {
    name: 'accepts valid resource with to.rules',
    yaml: doc(`targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: backend
  rules:
  - default:
      backendRefs:
      - kind: MeshService
        name: other
`),
    expect: 'valid',
  },
  {
    name: 'accepts valid resource without to.rules',
    yaml: doc(`targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: backend
`),
    expect: 'valid',
  },
  {
    name: 'accepts MeshGateway with listener tags targeted route',
    yaml: doc(`targetRef:
  kind: MeshGateway
  name: edge
  tags:
    port: "6000"
to:
- targetRef:
    kind: Mesh
  rules:
  - default:
      backendRefs:
      - kind: MeshService
        name: other
`),
    expect: 'valid',
  },

  // Edge cases of validator.go.
  {
    name: 'MeshExternalService destinations and backends are allowed',
    yaml: doc(`targetRef:
  kind: Mesh
to:
- targetRef:
    kind: MeshExternalService
    name: httpbin
  rules:
  - default:
      backendRefs:
      - kind: MeshExternalService
        name: httpbin
        weight: 1
      - kind: MeshServiceSubset
        name: backend
        tags:
          version: v2
        weight: 0
`),
    expect: 'valid',
  },
  {
    name: 'a MeshGateway route needs no backendRefs (unlike MeshHTTPRoute)',
    yaml: doc(`targetRef:
  kind: MeshGateway
  name: edge
to:
- targetRef:
    kind: Mesh
  rules:
  - default: {}
`),
    expect: 'valid',
  },
  {
    name: 'absent targetRefs read as an empty kind; backend kinds and names are checked',
    yaml: doc(`to:
- rules:
  - default:
      backendRefs:
      - kind: Mesh
      - kind: MeshService
        name: Other
        tags:
          version: v1
`),
    expect: [
      'spec.targetRef.kind: must be defined',
      'spec.to[0].targetRef.kind: must be defined',
      'spec.to[0].rules[0].default.backendRefs[0].kind: value is not supported',
      "spec.to[0].rules[0].default.backendRefs[1].name: invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.",
      'spec.to[0].rules[0].default.backendRefs[1].tags: must not be set with kind MeshService',
    ],
  },
  {
    name: 'the unresolved-backend exception is MeshHTTPRoute only',
    yaml: doc(`targetRef:
  kind: Mesh
to:
- targetRef:
    kind: MeshService
    name: backend
  rules:
  - default:
      backendRefs:
      - kind: MeshService
        name: kuma.io/unresolved-backend
`),
    expect: [
      "spec.to[0].rules[0].default.backendRefs[0].name: invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.",
    ],
  },
  {
    name: 'a consumer route may not target a MeshGateway',
    yaml: doc(
      'targetRef:\n  kind: MeshGateway\n  name: edge\nto:\n- targetRef:\n    kind: Mesh\n',
      role('consumer'),
    ),
    expect: ['spec.targetRef.kind: value is not supported'],
  },
  {
    name: 'a route item has rules, not default',
    yaml: doc(`targetRef:
  kind: Mesh
to:
- targetRef:
    kind: MeshService
    name: backend
  default:
    backendRefs: []
`),
    expect: ['spec.to[0].default: unknown field'],
  },
  {
    name: 'Kubernetes form: paths are under spec',
    yaml: kubernetes(
      'MeshTCPRoute',
      `targetRef:
  kind: MeshService
  name: frontend
to:
- targetRef:
    kind: MeshService
    name: backend
  rules:
  - default:
      backendRefs:
      - kind: MeshServiceSubset
        tags:
          version: v1
`,
      { name: 'route-1' },
    ),
    expect: ['spec.to[0].rules[0].default.backendRefs[0].name: must be set with kind MeshServiceSubset'],
  },
]);
