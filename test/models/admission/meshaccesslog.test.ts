/**
 * MeshAccessLog admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshaccesslog/api/v1alpha1/validator_test.go` (plus edge cases of its
 * validator.go: backend and format types, targetRef kinds, TCP addresses as govalidator reads them).
 */
import { indent, kubernetes, table, universalOf } from './helpers.js';

const universal = universalOf('MeshAccessLog', { meta: { name: 'mal', mesh: 'default' } });

/** A policy on `web-frontend` with one `from[]` item whose `default.backends` is `backends`. */
const fromBackends = (backends: string): string => `targetRef:
  kind: MeshService
  name: web-frontend
from:
  - targetRef:
      kind: Mesh
    default:
      backends:
${indent(backends, 8)}`;

const B = 'spec.from[0].default.backends';

table('MeshAccessLog admission (Kuma 2.8.8)', [
  {
    name: 'mesh from/to example (valid)',
    yaml: universal(`targetRef:
  kind: MeshService
  name: web-frontend
from:
  - targetRef:
      kind: Mesh
    default:
      backends:
        - type: Tcp
          tcp:
            format:
              type: Json
              json:
                - key: "start_time"
                  value: "%START_TIME%"
            address: 127.0.0.1:5000
to:
  - targetRef:
      kind: MeshService
      name: web-backend
    default:
      backends:
        - type: File
          file:
           format:
             type: Plain
             plain: '{"start_time": "%START_TIME%"}'
           path: '/tmp/logs.txt'`),
    expect: 'valid',
  },
  {
    name: 'empty format (valid)',
    yaml: universal(
      fromBackends(`- type: File
  file:
    path: '/tmp/logs.txt'`),
    ),
    expect: 'valid',
  },
  {
    name: 'empty backend list (valid)',
    yaml: universal(`targetRef:
  kind: MeshService
  name: web-frontend
from:
  - targetRef:
      kind: Mesh
    default:
      backends: []`),
    expect: 'valid',
  },
  {
    name: 'OpenTelemetry backend with attributes and a structured body (valid)',
    yaml: universal(
      fromBackends(`- type: OpenTelemetry
  openTelemetry:
    endpoint: otel-collector:4317
    attributes:
      - key: mesh
        value: "%KUMA_MESH%"
    body:
      kvlistValue:
        values:
          - key: mesh
            value:
              stringValue: "%KUMA_MESH%"`),
    ),
    expect: 'valid',
  },
  {
    name: 'TCP addresses govalidator accepts (valid)',
    yaml: universal(
      fromBackends(`- type: Tcp
  tcp:
    address: logstash.logging.svc.cluster.local:5000
- type: Tcp
  tcp:
    address: tcp://logstash:5000
- type: Tcp
  tcp:
    address: "[::1]:5000"`),
    ),
    expect: 'valid',
  },
  {
    name: 'top-level MeshGateway with listener tags (valid)',
    yaml: universal(`targetRef:
  kind: MeshGateway
  name: edge
  tags:
    listener: one
to:
  - targetRef:
      kind: Mesh
    default:
      backends:
        - type: File
          file:
            path: /tmp/gw.log`),
    expect: 'valid',
  },
  {
    name: "empty 'from' and 'to' array",
    yaml: universal(`targetRef:
  kind: Mesh`),
    expect: ["spec: at least one of 'from', 'to' has to be defined"],
  },
  {
    name: "empty 'path'",
    yaml: universal(
      fromBackends(`- type: File
  file:
    format:
      type: Plain
      plain: '{"start_time": "%START_TIME%"}'`),
    ),
    expect: [`${B}[0].file.path: file backend requires a valid path`],
  },
  {
    name: "invalid 'path' (relative)",
    yaml: universal(
      fromBackends(`- type: File
  file:
    path: '#not_valid'`),
    ),
    expect: [`${B}[0].file.path: file backend requires a valid path`],
  },
  {
    name: "empty 'key' and 'value'",
    yaml: universal(
      fromBackends(`- type: File
  file:
    path: '/tmp/logs.txt'
    format:
      type: Json
      json:
        - value: "%START_TIME%"
        - key: "start_time"`),
    ),
    expect: [
      `${B}[0].file.format.json[0].key: key cannot be empty`,
      `${B}[0].file.format.json[1].value: value cannot be empty`,
    ],
  },
  {
    name: "invalid 'key' (breaks the JSON object Kuma builds)",
    yaml: universal(
      fromBackends(`- type: File
  file:
    path: '/tmp/logs.txt'
    format:
      type: Json
      json:
        - key: '"'
          value: "%START_TIME%"`),
    ),
    expect: [`${B}[0].file.format.json[0]: is not a valid JSON object`],
  },
  {
    name: "'default' not defined in to and from",
    yaml: universal(`targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
from:
  - targetRef:
      kind: Mesh`),
    expect: [
      'spec.to[0].default.backends: must be defined',
      'spec.from[0].default.backends: must be defined',
    ],
  },
  {
    name: "'address' not valid",
    yaml: universal(
      fromBackends(`- type: Tcp
  tcp:
    address: not_valid_url
- type: Tcp
  tcp: {}`),
    ),
    expect: [
      `${B}[0].tcp.address: tcp backend requires valid address`,
      `${B}[1].tcp.address: tcp backend requires valid address`,
    ],
  },
  {
    name: 'empty format json list and empty format.plain',
    yaml: universal(
      fromBackends(`- type: File
  file:
    path: '/tmp/logs.txt'
    format:
      type: Json
      json: []
- type: Tcp
  tcp:
    address: http://logs.com
    format:
      type: Plain
      plain: ""`),
    ),
    expect: [`${B}[0].file.format.json: must not be empty`, `${B}[1].tcp.format.plain: must not be empty`],
  },
  {
    name: 'backend must be defined',
    yaml: universal(
      fromBackends(`- type: File
- type: Tcp
- type: OpenTelemetry`),
    ),
    expect: [
      `${B}[0].file: must be defined`,
      `${B}[1].tcp: must be defined`,
      `${B}[2].openTelemetry: must be defined`,
    ],
  },
  {
    name: 'format must be defined',
    yaml: universal(
      fromBackends(`- type: File
  file:
    path: '/tmp/logs.txt'
    format:
      type: Plain
- type: Tcp
  tcp:
    address: http://logs.com
    format:
      type: Json`),
    ),
    expect: [`${B}[0].file.format.plain: must be defined`, `${B}[1].tcp.format.json: must be defined`],
  },
  {
    name: 'backend and format without a type (Kuma: schema requires them)',
    yaml: universal(
      fromBackends(`- file:
    path: /tmp/a.log
- type: File
  file:
    path: /tmp/b.log
    format:
      plain: x`),
    ),
    expect: [`${B}[0].type: must be defined`, `${B}[1].file.format.type: must be defined`],
  },
  {
    name: 'targetRef kinds: MeshHTTPRoute on top, MeshSubset in to, MeshService in from',
    yaml: universal(`targetRef:
  kind: MeshHTTPRoute
  name: route
to:
  - targetRef:
      kind: MeshSubset
      tags:
        version: v1
    default:
      backends: []
from:
  - targetRef:
      kind: MeshService
      name: web
    default:
      backends: []`),
    expect: [
      'spec.targetRef.kind: value is not supported',
      'spec.to[0].targetRef.kind: value is not supported',
      'spec.from[0].targetRef.kind: value is not supported',
    ],
  },
  {
    name: 'Kubernetes form keeps the spec paths',
    yaml: kubernetes(
      'MeshAccessLog',
      `targetRef:
  kind: Mesh
to:
  - targetRef:
      kind: Mesh
    default:
      backends:
        - type: File
          file:
            path: relative/path.log
        - type: Tcp
          tcp:
            address: logstash:5000
`,
      { name: 'mal' },
    ),
    expect: ['spec.to[0].default.backends[0].file.path: file backend requires a valid path'],
  },
]);
