/**
 * Mesh admission, from Kuma 2.8.8's `pkg/core/resources/apis/mesh/mesh_validator_test.go` (every
 * case; Kuma's tests decode a bare spec, here it is a Universal `type: Mesh` document).
 */
import { type Case, kubernetes, table, universalOf } from './helpers.js';

const mesh = universalOf('Mesh', { meta: { name: 'default' }, at: 'top' });

const fullMesh = (prometheusConf: string) =>
  mesh(`mtls:
  enabledBackend: builtin-1
  backends:
  - name: builtin-1
    type: builtin
    dpCert:
      rotation:
        expiration: 2y
logging:
  backends:
  - name: file-1
    type: file
    conf:
      path: /path/to/file
  - name: file-2
    format: '%START_TIME% %KUMA_SOURCE_SERVICE%'
    type: file
    conf:
      path: /path/to/file2
  - name: tcp-1
    type: tcp
    conf:
      address: kibana:1234
  - name: tcp-2
    format: '%START_TIME% %KUMA_DESTINATION_SERVICE%'
    type: tcp
    conf:
      address: kibana:1234
  defaultBackend: tcp-1
tracing:
  backends:
  - name: zipkin-us
    sampling: 80.0
    type: zipkin
    conf:
      url: http://zipkin.local:9411/v2/spans
      traceId128bit: true
      apiVersion: httpProto
      sharedSpanContext: true
  - name: zipkin-eu
    type: zipkin
    conf:
      url: http://zipkin.local:9411/v2/spans
  defaultBackend: zipkin-us
metrics:
  enabledBackend: prom-1
  backends:
  - name: prom-1
    type: prometheus
    conf:
${prometheusConf}
constraints:
  dataplaneProxy:
    requirements:
    - tags:
        k8s.kuma.io/namespace: ns-1
        kuma.io/zone: east
    restrictions:
    - tags:
        k8s.kuma.io/namespace: ns-1
        kuma.io/zone: west
routing:
  zoneEgress: true`);

const prometheus = `      port: 5670
      path: /metrics
      envoy:
        filterRegex: ^server[0-9]+
        usedOnly: true
      aggregate:
      - name: application
        port: 1234
        path: "/stats"
      - name: sidecar
        port: 12345
        path: "/stats/sidecar"`;

table('Mesh admission (Kuma 2.8.8 mesh_validator_test.go)', [
  {
    name: 'multiple ca backends of the same name and tls prometheus config',
    yaml: fullMesh(`${prometheus}\n      tls:\n        mode: providedTLS`),
    expect: 'valid',
  },
  {
    name: 'multiple ca backends of the same name',
    yaml: fullMesh(`      skipMTLS: false\n${prometheus}`),
    expect: 'valid',
  },
  {
    name: 'a datadog tracing backend',
    yaml: mesh(`tracing:
  backends:
  - name: dd
    type: datadog
    conf: {address: 127.0.0.1, port: 8126, splitService: true}`),
    expect: 'valid',
  },
  {
    name: 'multiple ca backends of the same name (invalid)',
    yaml: mesh(`mtls:
  enabledBackend: backend-1
  backends:
  - name: backend-1
    type: builtin
  - name: backend-1
    type: builtin`),
    expect: [
      'mtls.backends: cannot have more than 1 backends',
      'mtls.backends[1].name: "backend-1" name is already used for another backend',
    ],
  },
  {
    name: 'enabledBackend of unknown name',
    yaml: mesh(`mtls:
  enabledBackend: backend-2
  backends:
  - name: backend-1
    type: builtin`),
    expect: ['mtls.enabledBackend: has to be set to one of the backends in the mesh'],
  },
  {
    name: 'dpCert rotation invalid expiration time',
    yaml: mesh(`mtls:
  enabledBackend: backend-3
  backends:
  - name: backend-3
    type: builtin
    dpCert:
      rotation:
        expiration: 2e`),
    expect: ['mtls.dpcert.rotation.expiration: has to be a valid format'],
  },
  {
    name: 'logging backend with empty name',
    yaml: mesh(`logging:
  backends:
  - name:
    type: tcp
    conf:
      address: kibana:1234`),
    expect: ['logging.backends[0].name: cannot be empty'],
  },
  {
    name: 'multiple logging backends of the same name',
    yaml: mesh(`logging:
  backends:
  - name: backend-1
    type: tcp
    conf:
      address: kibana:1234
  - name: backend-1
    type: file
    conf:
      path: /path/to/file
  defaultBackend: backend-1`),
    expect: ['logging.backends[1].name: "backend-1" name is already used for another backend'],
  },
  {
    name: 'tcp logging address is empty',
    yaml: mesh(`logging:
  backends:
  - name: backend-1
    type: tcp
    conf:
      address:
  defaultBackend: backend-1`),
    expect: ['logging.backends[0].config.address: cannot be empty'],
  },
  {
    name: 'tcp logging address is invalid',
    yaml: mesh(`logging:
  backends:
  - name: backend-1
    type: tcp
    conf:
      address: wrong-format:234:234
  defaultBackend: backend-1`),
    expect: ['logging.backends[0].config.address: has to be in format of HOST:PORT'],
  },
  {
    name: 'file logging path is empty',
    yaml: mesh(`logging:
  backends:
  - name: backend-1
    type: file
    conf:
      path:
  defaultBackend: backend-1`),
    expect: ['logging.backends[0].config.path: cannot be empty'],
  },
  {
    name: 'logging default backend has to be set to one of the backends',
    yaml: mesh(`logging:
  backends:
  - name: backend-1
    type: file
    conf:
      path: /path
  defaultBackend: non-existing-backend`),
    expect: ['logging.defaultBackend: has to be set to one of the logging backend in mesh'],
  },
  {
    name: 'tracing backend with empty name',
    yaml: mesh(`tracing:
  backends:
  - name:
    type: zipkin
    conf:
      url: http://zipkin.local:9411/v2/spans`),
    expect: ['tracing.backends[0].name: cannot be empty'],
  },
  {
    name: 'multiple tracing backend with the same name',
    yaml: mesh(`tracing:
  backends:
  - name: zipkin-us
    type: zipkin
    conf:
      url: http://zipkin.local:9411/v2/spans
  - name: zipkin-us
    type: zipkin
    conf:
      url: http://zipkin.local:9411/v2/spans`),
    expect: ['tracing.backends[1].name: "zipkin-us" name is already used for another backend'],
  },
  {
    name: 'tracing with invalid sampling',
    yaml: mesh(`tracing:
  backends:
  - name: zipkin-us
    sampling: 100.1
    type: zipkin
    conf:
      url: http://zipkin-us.local:9411/v2/spans`),
    expect: ['tracing.backends[0].sampling: has to be in [0.0 - 100.0] range'],
  },
  {
    name: 'tracing with zipkin without url',
    yaml: mesh(`tracing:
  backends:
  - name: zipkin-us
    type: zipkin
    conf:
      url: ""`),
    expect: ['tracing.backends[0].config.url: cannot be empty'],
  },
  {
    name: 'tracing with zipkin with invalid url',
    yaml: mesh(`tracing:
  backends:
  - name: zipkin-us
    type: zipkin
    conf:
      url: invalid-url`),
    expect: ['tracing.backends[0].config.url: invalid URL'],
  },
  {
    name: 'tracing with zipkin with valid url but without port',
    yaml: mesh(`tracing:
  backends:
  - name: zipkin-us
    type: zipkin
    conf:
      url: http://zipkin-us.local/v2/spans`),
    expect: ['tracing.backends[0].config.url: port has to be explicitly specified'],
  },
  {
    name: 'tracing with zipkin with invalid apiVersion',
    yaml: mesh(`tracing:
  backends:
  - name: zipkin-us
    type: zipkin
    conf:
      url: http://zipkin-us.local:9411/v2/spans
      apiVersion: invalid`),
    expect: [
      'tracing.backends[0].config.apiVersion: has invalid value. Allowed values: httpJsonV1, httpJson, httpProto',
    ],
  },
  {
    name: 'tracing default backend has to be set to one of the backends',
    yaml: mesh(`tracing:
  defaultBackend: non-existent
  backends:
  - name: zipkin-us
    type: zipkin
    conf:
      url: http://zipkin.local:9411/v2/spans`),
    expect: ['tracing.defaultBackend: has to be set to one of the tracing backend in mesh'],
  },
  {
    name: 'datadog without address and port, and a config of the wrong type',
    yaml: mesh(`tracing:
  backends:
  - name: dd
    type: datadog
    conf: {}
  - name: dd-2
    type: datadog
    conf: {address: 1}`),
    expect: [
      'tracing.backends[0].config.address: cannot be empty',
      'tracing.backends[0].config.port: port must be in the range [1, 65535]',
      'tracing.backends[1].config: could not parse config: json: cannot unmarshal number into Go value of type string',
    ],
  },
  {
    name: 'multiple metrics backends of the same name',
    yaml: mesh(`metrics:
  enabledBackend: backend-1
  backends:
  - name: backend-1
    type: prometheus
  - name: backend-1
    type: prometheus`),
    expect: ['metrics.backends[1].name: "backend-1" name is already used for another backend'],
  },
  {
    name: 'metrics enabledBackend of unknown name',
    yaml: mesh(`metrics:
  enabledBackend: backend-2
  backends:
  - name: backend-1
    type: prometheus`),
    expect: ['metrics.enabledBackend: has to be set to one of the backends in the mesh'],
  },
  {
    name: 'unknown backend types',
    yaml: mesh(`metrics:
  backends:
  - name: backend-1
    type: xxx
logging:
  backends:
  - name: backend-1
    type: xxx
tracing:
  backends:
  - name: backend-1
    type: xxx`),
    expect: [
      'logging.backends[0].type: unknown backend type. Available backends: "tcp", "file"',
      'tracing.backends[0].type: unknown backend type. Available backends: "zipkin", "datadog"',
      'metrics.backends[0].type: unknown backend type. Available backends: "prometheus"',
    ],
  },
  {
    name: 'constraints dataplaneProxy with invalid tags',
    yaml: mesh(`constraints:
  dataplaneProxy:
    requirements:
    - {}
    - tags:
        '': ''
    - tags:
        '!@#$': '!@#$'
    restrictions:
    - {}
    - tags:
        '': ''
    - tags:
        '!@#$': '!@#$'`),
    expect: [
      'constraints.dataplaneProxy.requirements[0].tags: must have at least one tag',
      'constraints.dataplaneProxy.requirements[1].tags: tag name must be non-empty',
      'constraints.dataplaneProxy.requirements[1].tags[""]: tag value must be non-empty',
      'constraints.dataplaneProxy.requirements[2].tags["!@#$"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      'constraints.dataplaneProxy.requirements[2].tags["!@#$"]: tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
      'constraints.dataplaneProxy.restrictions[0].tags: must have at least one tag',
      'constraints.dataplaneProxy.restrictions[1].tags: tag name must be non-empty',
      'constraints.dataplaneProxy.restrictions[1].tags[""]: tag value must be non-empty',
      'constraints.dataplaneProxy.restrictions[2].tags["!@#$"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      'constraints.dataplaneProxy.restrictions[2].tags["!@#$"]: tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
    ],
  },
  {
    // Kuma's own test also puts an unknown `path:` key on the third backend, which its lenient
    // test decoder drops; Kuma's admission (and this loader) reject unknown fields, so it is left out.
    name: 'multiple errors',
    yaml: mesh(`mtls:
  enabledBackend: invalid-backend
logging:
  backends:
  - name:
    type: file
    conf:
      path: /path
  - name: tcp-1
    type: file
    conf:
      address: invalid-address
  - name: tcp-1
    type: tcp
  defaultBackend: invalid-backend`),
    expect: [
      'mtls.enabledBackend: has to be set to one of the backends in the mesh',
      'logging.backends[0].name: cannot be empty',
      'logging.backends[1].config.path: cannot be empty',
      'logging.backends[2].config.address: cannot be empty',
      'logging.backends[2].name: "tcp-1" name is already used for another backend',
      'logging.defaultBackend: has to be set to one of the logging backend in mesh',
    ],
  },
  {
    name: 'zoneEgress enabled but mtls not defined',
    yaml: mesh(`routing:
  zoneEgress: true`),
    expect: ['mtls: has to be set when zoneEgress enabled'],
  },
  {
    name: 'zoneEgress enabled but multiple ca backends of the same name',
    yaml: mesh(`mtls:
  enabledBackend: backend-1
  backends:
  - name: backend-1
    type: builtin
  - name: backend-1
    type: builtin
routing:
  zoneEgress: true`),
    expect: [
      'mtls.backends: cannot have more than 1 backends',
      'mtls.backends[1].name: "backend-1" name is already used for another backend',
    ],
  },
  {
    name: 'zoneEgress and mTLS enabled but no enabledBackend provided',
    yaml: mesh(`mtls:
  backends:
  - name: backend-1
    type: builtin
routing:
  zoneEgress: true`),
    expect: ['mtls: has to be set when zoneEgress enabled'],
  },
  {
    name: 'metrics aggregate configuration contains duplicate entries',
    yaml: mesh(`metrics:
  backends:
  - name: backend-1
    type: prometheus
    conf:
      aggregate:
      - name: app
        path: "/stats/"
        port: 123
      - name: app
        path: "/stats"
      - name: sidecar
        port: 12345
      - name: sidecar
  - name: backend-2
    type: prometheus
    conf:
      aggregate:
      - name: app
        path: "/stats/"
        port: 123
      - name: app
        path: "/stats"`),
    expect: [
      'metrics.backends[0].conf.aggregate[1].name: duplicate entry: app, values have to be unique',
      'metrics.backends[0].conf.aggregate[3].name: duplicate entry: sidecar, values have to be unique',
      'metrics.backends[1].conf.aggregate[1].name: duplicate entry: app, values have to be unique',
    ],
  },
  ...(
    [
      ['skipMTLS and tls configuration', 'true', 'providedTLS'],
      ['skipMTLS with different value and tls configuration', 'false', 'providedTLS'],
      ['not skipMTLS and disabled', 'false', 'disabled'],
      ['skipMTLS and activeMTLSBackend', 'true', 'activeMTLSBackend'],
    ] as const
  ).map(
    ([what, skip, mode]): Case => ({
      name: `metrics contains ${what}`,
      yaml: mesh(`metrics:
  backends:
  - name: backend-1
    type: prometheus
    conf:
      skipMTLS: ${skip}
      tls:
        mode: ${mode}`),
      expect: ['metrics.backends[0].conf: skipMTLS and tls configuration cannot be defined together'],
    }),
  ),
  {
    name: 'metrics with skipMTLS matching the tls mode',
    yaml: mesh(`metrics:
  backends:
  - name: backend-1
    type: prometheus
    conf:
      skipMTLS: true
      tls: {mode: disabled}`),
    expect: 'valid',
  },
  {
    name: 'a prometheus tls mode Kuma does not know',
    yaml: mesh(`metrics:
  backends:
  - name: backend-1
    type: prometheus
    conf:
      tls: {mode: strict}`),
    expect: [
      'metrics.backends[0].conf: could not parse config: unknown value "\\"strict\\"" for enum kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode',
    ],
  },
  {
    name: 'unknown fields and Kuma 2.9 sections are rejected',
    yaml: mesh(`meshServices:
  mode: Exclusive
mtls:
  backend: x`),
    expect: ['mtls.backend: unknown field', 'meshServices: unknown field'],
  },
  {
    name: 'Kubernetes form: paths point into spec',
    yaml: kubernetes(
      'Mesh',
      `mtls:
  enabledBackend: ca-1
routing:
  zoneEgress: true`,
      { name: 'default', namespace: null, mesh: null },
    ),
    expect: ['spec.mtls.enabledBackend: has to be set to one of the backends in the mesh'],
  },
]);
