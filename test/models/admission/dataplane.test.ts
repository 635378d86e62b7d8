/**
 * Dataplane admission, from Kuma 2.8.8's `pkg/core/resources/apis/mesh/dataplane_validator_test.go`
 * (valid and invalid cases, mostly those the replayed corpus lacks) plus protobuf-JSON reading.
 */
import { kubernetes, table, universalOf } from './helpers.js';

const dp = universalOf('Dataplane', { meta: { name: 'dp-1', mesh: 'default' }, at: 'top' });

table('Dataplane admission (Kuma 2.8.8 dataplane_validator_test.go)', [
  {
    name: 'dataplane with inbounds',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend, version: "1"}
  outbound:
    - port: 3333
      tags: {kuma.io/service: redis}`),
    expect: 'valid',
  },
  {
    name: 'dataplane with full inbounds and outbounds',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      servicePort: 7777
      address: 127.0.0.1
      tags: {kuma.io/service: backend, version: "1"}
  outbound:
    - port: 3333
      address: 127.0.0.1
      tags: {kuma.io/service: redis}`),
    expect: 'valid',
  },
  {
    name: 'dataplane with gateway (a misspelt protocol tag is just a tag)',
    yaml: dp(`networking:
  address: 192.168.0.1
  gateway:
    tags: {kuma.io/service: backend, kuam.io/protocol: tcp, version: "1"}
  outbound:
    - port: 3333
      tags: {kuma.io/service: redis}`),
    expect: 'valid',
  },
  {
    name: 'dataplane with backend ref for MeshService',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}
  outbound:
    - port: 3333
      backendRef: {kind: MeshService, name: xyz, port: 80}`),
    expect: 'valid',
  },
  {
    name: 'inbound service address different inbound address and port',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 10001
      address: 192.168.0.2
      serviceAddress: 192.168.0.2
      servicePort: 10002
      tags: {kuma.io/service: backend}`),
    expect: 'valid',
  },
  {
    name: "networking.address: can't use 0.0.0.0",
    yaml: dp(`networking:
  address: 0.0.0.0
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}`),
    expect: ['networking.address: must not be 0.0.0.0 or ::'],
  },
  {
    name: 'missing networking',
    yaml: dp(),
    expect: ['networking: must be defined'],
  },
  {
    name: 'networking: null reads as missing',
    yaml: dp(`networking: null`),
    expect: ['networking: must be defined'],
  },
  {
    name: 'networking empty',
    yaml: dp(`networking: {}`),
    expect: [
      'networking: has to contain at least one inbound interface or gateway',
      "networking.address: address can't be empty",
    ],
  },
  {
    name: 'networking.inbound: port out of the range',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - tags: {kuma.io/service: backend, version: "1"}
    - port: 65536
      tags: {kuma.io/service: sub-backend}
  outbound:
    - port: 3333
      tags: {kuma.io/service: redis}`),
    expect: [
      'networking.inbound[0].port: port must be in the range [1, 65535]',
      'networking.inbound[1].port: port must be in the range [1, 65535]',
    ],
  },
  {
    name: 'networking.inbound: `protocol` tag with unsupported value',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 1234
      tags: {kuma.io/service: backend, kuma.io/protocol: not-yet-supported-protocol}
  outbound:
    - port: 3333
      tags: {kuma.io/service: redis}`),
    expect: [
      'networking.inbound[0].tags["kuma.io/protocol"]: tag "kuma.io/protocol" has an invalid value "not-yet-supported-protocol". Allowed values: grpc, http, http2, kafka, tcp',
    ],
  },
  {
    name: 'networking.inbound: `protocol` tag with an empty value',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 1234
      tags:
        kuma.io/service: backend
        kuma.io/protocol:
  outbound:
    - port: 3333
      tags: {kuma.io/service: redis}`),
    expect: [
      'networking.inbound[0].tags["kuma.io/protocol"]: tag "kuma.io/protocol" has an invalid value "". Allowed values: grpc, http, http2, kafka, tcp',
      'networking.inbound[0].tags["kuma.io/protocol"]: tag value must be non-empty',
    ],
  },
  {
    name: 'inbound service address overlap inbound address',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 10001
      address: 192.168.0.2
      serviceAddress: 192.168.0.2
      tags: {kuma.io/service: backend}`),
    expect: [
      'networking.inbound[0].serviceAddress: serviceAddress and servicePort has to differ from address and port',
    ],
  },
  {
    name: 'dataplane with service probe',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      serviceProbe:
        timeout: 1s
        interval: "0"
        healthyThreshold: 5
        unhealthyThreshold: 0
        tcp: {}
      tags: {kuma.io/service: backend, version: "1"}
  outbound:
    - port: 3333
      tags: {kuma.io/service: redis}`),
    expect: [
      'networking.inbound[0].serviceProbe.interval: must have a positive value',
      'networking.inbound[0].serviceProbe.unhealthyThreshold: must have a positive value',
    ],
  },
  {
    name: 'networking: builtin gateway must not have inbounds, outbounds or probes (numeric enum)',
    yaml: dp(`networking:
  address: 192.168.0.1
  gateway:
    type: 1
    tags: {kuma.io/service: kong}
  inbound:
    - port: 3333
      tags: {kuma.io/service: kong}
  outbound:
    - port: 3334
      tags: {kuma.io/service: kong}
probes:
  port: 9000`),
    expect: [
      'networking.inbound: inbound cannot be defined for builtin gateways',
      'networking.outbound: outbound cannot be defined for builtin gateways',
      'networking.probes: probes cannot be defined for builtin gateways',
    ],
  },
  {
    name: 'dataplane with admin port equal to inbound and outbound',
    yaml: dp(`networking:
  address: 127.0.0.1
  admin: {port: 8080}
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}
  outbound:
    - port: 8080
      tags: {kuma.io/service: redis}`),
    expect: [
      'networking.admin.port: must differ from inbound',
      'networking.admin.port: must differ from outbound',
    ],
  },
  {
    name: 'probes with snake_case endpoint fields (proto names)',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}
probes:
  port: 9000
  endpoints:
    - inbound_port: 0
      inbound_path: healthz
      path: /8080/healthz`),
    expect: [
      'probes.endpoints[0].inboundPort: port must be in the range [1, 65535]',
      'probes.endpoints[0].inboundPath: should be a valid URL Path',
    ],
  },
  {
    name: 'metrics backend with a config Kuma cannot read',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}
metrics:
  type: prometheus
  conf:
    port: -1`),
    expect: [
      'metrics.conf: could not parse config: json: cannot unmarshal number -1 into Go value of type uint32',
    ],
  },
  {
    name: 'metrics backend with an invalid envoy filter regex',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}
metrics:
  type: prometheus
  conf:
    envoy: {filterRegex: "(abc"}`),
    expect: [
      "metrics.conf.envoy.filterRegex: provided regexp isn't correct: error parsing regexp: missing closing ): `(abc`",
    ],
  },
  {
    name: 'unknown fields are rejected (Kuma 2.8.8 has no reachableBackends)',
    yaml: dp(`networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {kuma.io/service: backend}
  transparentProxying:
    reachableBackends: {}`),
    expect: ['networking.transparentProxying.reachableBackends: unknown field'],
  },
  {
    name: 'Kubernetes form: paths point into spec',
    yaml: kubernetes(
      'Dataplane',
      `networking:
  address: 192.168.0.1
  inbound:
    - port: 8080
      tags: {version: v1}
  outbound:
    - port: 3333
      backendRef: {kind: MeshService, name: redis}`,
      { name: 'dp-1' },
    ),
    expect: [
      'spec.networking.inbound[0].tags["kuma.io/service"]: tag has to exist',
      'spec.networking.outbound[0].backendRef.port: port must be in the range [1, 65535]',
    ],
  },
]);
