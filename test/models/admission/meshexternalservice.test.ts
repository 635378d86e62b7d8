/**
 * MeshExternalService admission, from Kuma 2.8.8
 * `pkg/core/resources/apis/meshexternalservice/api/v1alpha1/validator_test.go` and its `testdata/`
 * golden files (exact fields and messages), plus the Go zero-value and Kubernetes-default cases.
 */
import { kubernetes, table, universal } from './helpers.js';

/** A Universal MeshExternalService named `name` whose spec is the YAML `spec`. */
const mes = (spec: string, name = 'external-service'): string =>
  universal('MeshExternalService', spec, { meta: { mesh: 'default', name } });

const PROTOCOL_MSG = '"protocol" must be one of ["tcp", "grpc", "http", "http2"]';

table('MeshExternalService admission (Kuma 2.8.8)', [
  {
    name: 'minimal passing example (testdata/minimal-valid)',
    yaml: mes(`
match:
  port: 80
  protocol: http
endpoints:
  - address: 1.1.1.1
    port: 12345
`),
    expect: 'valid',
  },
  {
    name: 'full example without extension (testdata/full-without-extension-valid)',
    yaml: mes(`
match:
  type: HostnameGenerator
  port: 8080
  protocol: http
endpoints:
  - address: 1.1.1.1
    port: 12345
  - address: example.com
    port: 80
  - address: unix:///tmp/example.sock
tls:
  version:
    min: TLS12
    max: TLS13
  allowRenegotiation: false
  verification:
    serverName: "example.com"
    subjectAltNames:
      - type: Exact
        value: example.com
      - type: Prefix
        value: "spiffe://example.local/ns/local"
    caCert:
      inline: dGVzdA==
    clientCert:
      secret: "123"
    clientKey:
      secret: "123"
`),
    expect: 'valid',
  },
  {
    name: 'minimal failing example with unknown protocol (testdata/minimal-invalid)',
    yaml: mes(`
match:
  type: HostnameGenerator
  port: 80
  protocol: unknown
endpoints:
  - address: 1.1.1.1
    port: 12345
`),
    expect: [`spec.match.protocol: ${PROTOCOL_MSG}`],
  },
  {
    name: 'failing example with missing extension type (testdata/minimal-invalid-extension)',
    yaml: mes(`
match:
  type: HostnameGenerator
  port: 80
  protocol: http
extension:
  config:
    example: true
`),
    expect: ['spec.extension.type: must not be empty'],
  },
  {
    name: 'missing client-cert (testdata/missing-client-cert-invalid)',
    yaml: mes(`
match:
  type: HostnameGenerator
  port: 8080
  protocol: http
endpoints:
  - address: 1.1.1.1
    port: 12345
tls:
  verification:
    clientKey:
      secret: "123"
`),
    expect: ['spec.tls.verification.clientCert: must be defined when clientKey is defined'],
  },
  {
    name: 'full failing example (testdata/full-invalid)',
    yaml: mes(`
match:
  type: UnknownMatchType
  port: 0
  protocol: unknown
endpoints:
  - address: 1.1.1.1
  - address: 1.1.1.2
    port: 999999
  - address: example.com
  - address: unix:///tmp/example.sock
    port: 80
  - port: 90
tls:
  version:
    min: TLS15
    max: TLS16
  verification:
    serverName: not[]valid
    mode: Unknown
    subjectAltNames:
      - type: Regex
        value: .*.example.com
    clientCert:
      secret: "123"
`),
    expect: [
      "spec.match.type: unrecognized type 'UnknownMatchType' - only 'HostnameGenerator' is supported",
      'spec.match.port: port must be a valid (1-65535)',
      `spec.match.protocol: ${PROTOCOL_MSG}`,
      'spec.endpoints[0].port: must be defined when endpoint is an IP',
      'spec.endpoints[1].port: port must be a valid (1-65535)',
      'spec.endpoints[2].port: must be defined when endpoint is a hostname',
      'spec.endpoints[3].port: must not be defined when endpoint is a unix path',
      'spec.endpoints[4].address: address has to be a valid IP or hostname or a unix path',
      'spec.tls.version.min: "min" must be one of ["TLSAuto", "TLS10", "TLS11", "TLS12", "TLS13"]',
      'spec.tls.version.max: "max" must be one of ["TLSAuto", "TLS10", "TLS11", "TLS12", "TLS13"]',
      'spec.tls.verification.serverName: must be a valid DNS name',
      'spec.tls.verification.mode: "mode" must be one of ["SkipSAN", "SkipCA", "SkipAll", "Secured"]',
      'spec.tls.verification.subjectAltNames[0].type: "type" must be one of ["Prefix", "Exact"]',
      'spec.tls.verification.clientKey: must be defined when clientCert is defined',
    ],
  },
  {
    name: 'min tls version higher than max (testdata/min-higher-than-max-invalid)',
    yaml: mes(`
match:
  type: HostnameGenerator
  port: 80
  protocol: http
endpoints:
  - address: 1.1.1.1
    port: 12345
tls:
  version:
    min: TLS13
    max: TLS12
`),
    expect: ['spec.tls.version.min: min version must be lower than max'],
  },
  {
    name: 'name too long (testdata/name-too-long)',
    yaml: mes(
      `
match:
  type: HostnameGenerator
  port: 80
  protocol: http
endpoints:
  - address: 1.1.1.1
    port: 12345
`,
      'external-service-very-long-very-long-very-long-very-long-very-long-very-long-very-long',
    ),
    expect: ['name: must not be longer than 63 characters'],
  },
  {
    name: 'TLSAuto on either side is not compared',
    yaml: mes(`
match: { port: 80, protocol: tcp }
tls:
  version: { min: TLS13, max: TLSAuto }
`),
    expect: 'valid',
  },
  {
    name: 'Universal: an absent protocol is Go\'s "" (no CRD default), an absent port is 0',
    yaml: mes('{}'),
    expect: ['spec.match.port: port must be a valid (1-65535)', `spec.match.protocol: ${PROTOCOL_MSG}`],
  },
  {
    name: 'Universal: an absent SAN match type is "" (no CRD default)',
    yaml: mes(`
match: { port: 80, protocol: tcp }
tls:
  verification:
    subjectAltNames:
      - value: example.com
`),
    expect: ['spec.tls.verification.subjectAltNames[0].type: "type" must be one of ["Prefix", "Exact"]'],
  },
  {
    name: 'with an extension, endpoints and tls are left to the extension',
    yaml: mes(`
match: { port: 80, protocol: tcp }
extension:
  type: my-extension
  config: {}
endpoints:
  - address: "not a host"
tls:
  version: { min: TLS15 }
`),
    expect: 'valid',
  },
  {
    name: 'IPv6 endpoint needs a port; an empty endpoint list is fine',
    yaml: mes(`
match: { port: 443, protocol: http2 }
endpoints:
  - address: "::1"
`),
    expect: ['spec.endpoints[0].port: must be defined when endpoint is an IP'],
  },
  {
    name: "ports the validator lets through but Kuma's OpenAPI schema (1-65535) rejects",
    yaml: mes(`
match: { port: -1, protocol: tcp }
endpoints:
  - address: example.com
    port: 0
  - address: example.com
    port: 70000
`),
    expect: [
      'spec.match.port: in body should be greater than or equal to 1',
      'spec.endpoints[0].port: in body should be greater than or equal to 1',
      'spec.endpoints[1].port: in body should be less than or equal to 65535',
    ],
  },
  {
    name: 'strict type: an unknown field, and an extension without its required config',
    yaml: mes(`
match: { port: 80, protocol: tcp, host: x }
extension: { type: x }
`),
    expect: ['spec.match.host: unknown field', 'spec.extension.config: must be defined'],
  },
  {
    name: 'Kubernetes form: the API server fills protocol tcp and SAN type Exact',
    yaml: kubernetes(
      'MeshExternalService',
      `
match:
  port: 80
endpoints:
  - address: example.com
    port: 80
tls:
  verification:
    subjectAltNames:
      - value: example.com
`,
      { name: 'external-service' },
    ),
    expect: 'valid',
  },
  {
    name: 'Kubernetes form: paths point into the document; the name checked is <name>.<namespace>',
    yaml: kubernetes(
      'MeshExternalService',
      `
match:
  port: 0
endpoints:
  - address: 1.1.1.1
`,
      { name: 'external-service-with-a-name-long-enough-to-overflow-63' },
    ),
    expect: [
      'metadata.name: must not be longer than 63 characters',
      'spec.match.port: port must be a valid (1-65535)',
      'spec.endpoints[0].port: must be defined when endpoint is an IP',
    ],
  },
]);
