/**
 * MeshGateway admission, from Kuma 2.8.8's `pkg/core/resources/apis/mesh/gateway_validator_test.go`
 * (valid and invalid cases, mostly those the replayed corpus lacks) plus protobuf-JSON reading.
 */
import { kubernetes, table, universal } from './helpers.js';

/** A Universal MeshGateway selecting the `gateway` service, with more top-level fields in `body`. */
const gateway = (body = ''): string =>
  universal(
    'MeshGateway',
    `selectors:
  - match:
      kuma.io/service: gateway
${body}`,
    { meta: { name: 'gateway', mesh: 'default' }, at: 'top' },
  );

table('MeshGateway admission (Kuma 2.8.8 gateway_validator_test.go)', [
  {
    name: 'listeners with connectionLimits',
    yaml: gateway(`tags:
  product: edge
conf:
  listeners:
  - protocol: HTTP
    hostname: one.com
    port: 99
    resources:
      connectionLimit: 2
  - protocol: HTTP
    hostname: two.com
    port: 99
    resources:
      connection_limit: 2`),
    expect: 'valid',
  },
  {
    name: 'TLS listener with TERMINATE (numeric enums)',
    yaml: gateway(`conf:
  listeners:
  - port: 443
    protocol: 3
    tls:
      mode: 1
      certificates:
      - secret: example-kuma-io-certificate`),
    expect: 'valid',
  },
  {
    name: 'wildcard hostnames',
    yaml: gateway(`conf:
  listeners:
  - {port: 80, protocol: HTTP, hostname: "*"}
  - {port: 81, protocol: HTTP, hostname: "*.example.com"}`),
    expect: 'valid',
  },
  {
    name: 'is missing a TLS termination secret',
    yaml: gateway(`tags:
  product: edge
conf:
  listeners:
  - protocol: HTTPS
    port: 99
    tags:
      name: https
    tls:
      mode: TERMINATE`),
    expect: ['conf.listeners[0].tls.certificates: cannot be empty in TLS termination mode'],
  },
  {
    name: 'hostname conflict',
    yaml: gateway(`conf:
  listeners:
  - hostname: www-1.example.com
    port: 443
    protocol: TCP
  - hostname: www-1.example.com
    port: 443
    protocol: TCP`),
    expect: [
      'conf.listeners[0]: multiple listeners for hostname on this port',
      'conf.listeners[1]: multiple listeners for hostname on this port',
    ],
  },
  {
    name: 'an empty hostname is "*"',
    yaml: gateway(`conf:
  listeners:
  - {port: 80, protocol: HTTP}
  - {port: 80, protocol: HTTP, hostname: "*"}`),
    expect: [
      'conf.listeners[0]: multiple listeners for hostname on this port',
      'conf.listeners[1]: multiple listeners for hostname on this port',
    ],
  },
  {
    name: "doesn't have a configuration spec (absent)",
    yaml: gateway(),
    expect: ['conf: cannot be empty'],
  },
  {
    name: 'empty listeners',
    yaml: gateway(`conf: {listeners: []}`),
    expect: ['conf.listeners: cannot be empty'],
  },
  {
    name: 'selectors: empty match, missing service, reserved gateway tags',
    yaml: universal(
      'MeshGateway',
      `selectors:
  - match: {}
  - match: {version: v1}
tags:
  kuma.io/zone: east
  kuma.io/protocol: http
conf:
  listeners:
  - port: 80
    protocol: HTTP
    tags:
      kuma.io/external-service-name: x`,
      { meta: { name: 'gateway' }, at: 'top' },
    ),
    expect: [
      'selectors[0].match: must have at least one tag',
      'selectors[0].match: mandatory tag "kuma.io/service" is missing',
      'selectors[1].match: mandatory tag "kuma.io/service" is missing',
      'tags["kuma.io/protocol"]: tag name must not be "kuma.io/protocol"',
      'tags["kuma.io/zone"]: tag name must not be "kuma.io/zone"',
      'conf.listeners[0].tags["kuma.io/external-service-name"]: tag name must not be "kuma.io/external-service-name"',
    ],
  },
  {
    name: 'HTTPS listener without tls, and more than 2 certificates',
    yaml: gateway(`conf:
  listeners:
  - {port: 80, protocol: HTTPS}
  - port: 81
    protocol: TLS
    tls:
      mode: TERMINATE
      certificates: [{secret: a}, {secret: b}, {file: /c}]`),
    expect: [
      'conf.listeners[0].tls: cannot be empty',
      'conf.listeners[1].tls.certificates: cannot have more than 2 certificates',
    ],
  },
  {
    name: 'crossMesh listener with TLS',
    yaml: gateway(`conf:
  listeners:
  - port: 80
    protocol: TLS
    crossMesh: true
    tls: {mode: PASSTHROUGH}`),
    expect: ['conf.listeners[0].tls: must be empty with crossMesh'],
  },
  {
    name: 'a certificate with two sources (protobuf oneof)',
    yaml: gateway(`conf:
  listeners:
  - port: 443
    protocol: TLS
    tls:
      mode: TERMINATE
      certificates: [{secret: a, inlineString: b}]`),
    expect: [
      'conf.listeners[0].tls.certificates[0].inlineString: only one of secret, inlineString may be set',
    ],
  },
  {
    name: 'Kubernetes form: paths point into spec',
    yaml: kubernetes(
      'MeshGateway',
      `selectors:
  - match:
      kuma.io/service: gateway
conf:
  listeners:
  - hostname: "*.foo.*.example.com"
    protocol: HTTP
    port: 99`,
      { name: 'gateway', namespace: null },
    ),
    expect: ['spec.conf.listeners[0].hostname: invalid wildcard domain'],
  },
]);
