/**
 * MeshService admission, from Kuma 2.8.8
 * `pkg/core/resources/apis/meshservice/api/v1alpha1/validator_test.go` (Kuma checks the name
 * length only), plus the strict type of the spec and status. MeshMultiZoneService, which Kuma 2.8.8
 * does not have, is checked by Kuma 2.9.0's type only.
 */
import { kubernetes, table, universal, universalOf } from './helpers.js';

const ms = (meta: Record<string, string>, spec: string): string => universal('MeshService', spec, { meta });
const mmzs = universalOf('MeshMultiZoneService', { meta: { mesh: 'default', name: 'backend' } });

const LONG_NAME =
  'meshservice-too-long-too-long-too-long-too-long-too-long-too-long-too-long-too-long-too-long';

table('MeshService admission (Kuma 2.8.8)', [
  // validator_test.go
  {
    name: 'name too long',
    yaml: ms({ mesh: 'default', name: LONG_NAME }, '{}'),
    expect: ['name: must not be longer than 63 characters'],
  },
  {
    name: 'accepts valid resource',
    yaml: ms({ mesh: 'default', name: 'meshservice' }, '{}'),
    expect: 'valid',
  },
  // Beyond Kuma's table: the strict Go type of spec and status.
  {
    name: 'a full spec and the status the control plane writes',
    yaml: `
type: MeshService
mesh: default
name: backend
spec:
  selector:
    dataplaneTags:
      app: backend
  ports:
    - name: http
      port: 80
      targetPort: http
      appProtocol: http
    - port: 8080
      targetPort: 8081
  identities:
    - type: ServiceTag
      value: backend
status:
  addresses:
    - hostname: backend.svc.mesh.local
      origin: HostnameGenerator
      hostnameGeneratorRef:
        coreName: local-mesh-service
  vips:
    - ip: 241.0.0.1
  tls:
    status: Ready
  hostnameGenerators:
    - hostnameGeneratorRef:
        coreName: local-mesh-service
      conditions:
        - type: Generated
          status: "True"
          reason: Generated
          message: ""
`,
    expect: 'valid',
  },
  {
    name: 'a selector by Dataplane name',
    yaml: ms({ name: 'backend' }, 'selector:\n  dataplaneRef:\n    name: backend-1'),
    expect: 'valid',
  },
  {
    name: "fields Kuma's schema requires, its enums, and unknown fields",
    yaml: `
type: MeshService
mesh: default
name: backend
spec:
  ports:
    - targetPort: 8080
  identities:
    - type: SpiffeID
      value: backend
  vip: 1.2.3.4
status:
  tls:
    status: Pending
`,
    expect: [
      'spec.ports[0].port: must be defined',
      'spec.identities[0].type: must be one of "ServiceTag"',
      'spec.vip: unknown field',
      'status.tls.status: must be one of "Ready", "NotReady"',
    ],
  },
  {
    name: 'Kubernetes form: a valid MeshService',
    yaml: kubernetes(
      'MeshService',
      `
selector:
  dataplaneTags:
    app: backend
ports:
  - port: 80
    targetPort: 8080
    appProtocol: http
`,
      { name: 'backend' },
    ),
    expect: 'valid',
  },
  {
    name: 'Kubernetes form: the name checked is <name>.<namespace>, reported at metadata.name',
    yaml: kubernetes(
      'MeshService',
      `
ports:
  - port: 80
`,
      { name: 'backend-with-a-name-long-enough-to-overflow-sixty-three' },
    ),
    expect: ['metadata.name: must not be longer than 63 characters'],
  },
]);

table('MeshMultiZoneService (Kuma 2.9.0 type, no 2.8.8 validator)', [
  {
    name: 'a MeshMultiZoneService selecting MeshServices by labels',
    yaml: mmzs(`
  selector:
    meshService:
      matchLabels:
        kuma.io/display-name: backend
  ports:
    - port: 80
      appProtocol: http
`),
    expect: 'valid',
  },
  {
    name: 'MeshMultiZoneService: strict type (no Kuma 2.8.8 validator)',
    yaml: mmzs(`
  selector:
    meshServices: {}
  ports:
    - name: http
`),
    expect: ['spec.selector.meshServices: unknown field', 'spec.ports[0].port: must be defined'],
  },
]);
