/**
 * MeshPassthrough admission, from Kuma 2.8.8
 * `pkg/plugins/policies/meshpassthrough/api/v1alpha1/validator_test.go` (its `testdata` inputs)
 * plus edge cases of its validator.go: the loader applies Kuma 2.8.8's rules, quirks included.
 */
import { indent, kubernetes, table, universalOf } from './helpers.js';

const universal = universalOf('MeshPassthrough', { meta: { name: 'mpt', mesh: 'default' } });

/** A Mesh-wide Sidecar policy with the given `appendMatch` list (YAML, at column 0). */
const matches = (list: string): string =>
  universal(`targetRef:
  kind: Mesh
  proxyTypes: [Sidecar]
default:
  passthroughMode: Matched
  appendMatch:
${indent(list, 4)}`);

const A = 'spec.default.appendMatch';
const PROXY_TYPES =
  'spec.targetRef.proxyTypes: proxyTypes needs to be set, currently only Sidecar is supported';
const SAME_PORT =
  'using the same port in multiple matches requires the same protocol for the following protocols: [grpc http http2]';

table('MeshPassthrough admission (Kuma 2.8.8)', [
  {
    name: 'valid example (testdata/valid.input.yaml)',
    yaml: matches(`- type: IP
  value: 192.168.1.1
  port: 8000
  protocol: tcp
- type: Domain
  value: example.com
  protocol: tls
- type: CIDR
  value: 1.2.3.4/24
  port: 9900
  protocol: tcp
- type: Domain
  value: example.com
  port: 9999
  protocol: http
- type: Domain
  value: "*.example.com"
  port: 9090
  protocol: http`),
    expect: 'valid',
  },
  {
    name: 'full failing example (testdata/full-invalid.input.yaml)',
    yaml: universal(`targetRef:
  kind: Mesh
default:
  appendMatch:
  - type: test
    value: 1.2.3.4
    port: 0
    protocol: 1
  - type: Domain
    value: 1.2.3.4
    port: 1
    protocol: tcp
  - type: IP
    value: example.com
    port: 1
    protocol: tls
  - type: Domain
    value: example.com
    port: 999
    protocol: tcp
  - type: CIDR
    value: 1.2.3.4
    port: 999
    protocol: tcp
  - type: Domain
    value: example.com
    port: 8080
    protocol: http
  - type: Domain
    value: example.com
    port: 8080
    protocol: http2
  - type: Domain
    value: "*w.example.com"
    port: 9090
    protocol: http2
  - type: Domain
    value: google.com
    port: 10000
    protocol: http
  - type: Domain
    value: google.com
    port: 10000
    protocol: http`),
    expect: [
      PROXY_TYPES,
      `${A}[0].port: port must be a valid (1-65535)`,
      `${A}[0].protocol: "protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]`,
      `${A}[0].type: provided type test is not supported, one of Domain, IP, or CIDR is supported`,
      `${A}[1].protocol: protocol tcp is not supported for a domain`,
      `${A}[1].value: provided DNS has incorrect value`,
      `${A}[2].value: provided IP has incorrect value`,
      `${A}[3].protocol: protocol tcp is not supported for a domain`,
      `${A}[4].value: provided CIDR has incorrect value`,
      `${A}[6].port: ${SAME_PORT}`,
      `${A}[7].value: provided DNS has incorrect value, partial wildcard is currently not supported`,
      `${A}[9].value: value google.com is already defiend for this port and protocol`,
    ],
  },
  {
    name: 'no default at all (only the targetRef is checked)',
    yaml: universal(
      'targetRef:\n  kind: MeshSubset\n  proxyTypes: [Sidecar]\n  tags:\n    kuma.io/service: web',
    ),
    expect: 'valid',
  },
  {
    name: 'proxyTypes quirk: a single entry of any type passes, as does a list holding Sidecar',
    yaml: `${universal('targetRef:\n  kind: Mesh\n  proxyTypes: [Gateway]')}---\n${universal(
      'targetRef:\n  kind: Mesh\n  proxyTypes: [Gateway, Sidecar]',
    )}---\n${universal('targetRef:\n  kind: Mesh\n  proxyTypes: [Gateway, Gateway]')}`,
    expect: [PROXY_TYPES],
  },
  {
    name: 'unsupported targetRef kind (and proxyTypes still checked)',
    yaml: universal('targetRef:\n  kind: MeshService\n  name: backend'),
    expect: ['spec.targetRef.kind: value is not supported', PROXY_TYPES],
  },
  {
    name: 'MeshSubset tags are checked',
    yaml: universal(
      'targetRef:\n  kind: MeshSubset\n  proxyTypes: [Sidecar]\n  tags:\n    version: ""\n    "bad key": v1',
    ),
    expect: [
      'spec.targetRef.tags["bad key"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
      'spec.targetRef.tags["version"]: tag value must be non-empty',
    ],
  },
  {
    name: 'Universal: an absent protocol is Go’s "" (no CRD default)',
    yaml: matches('- type: IP\n  value: 10.0.0.1\n  port: 80'),
    expect: [`${A}[0].protocol: "protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]`],
  },
  {
    name: 'Kuma 2.8.8 lets negative ports through, rejects 0 and > 65535',
    yaml: matches(`- type: IP
  value: 10.0.0.1
  port: -1
  protocol: tcp
- type: IP
  value: 10.0.0.2
  port: 65536
  protocol: tcp`),
    expect: [`${A}[1].port: port must be a valid (1-65535)`],
  },
  {
    name: 'same-port rule depends on the order (tcp after http passes, http after tcp fails)',
    yaml: matches(`- type: Domain
  value: a.com
  port: 80
  protocol: http
- type: IP
  value: 10.0.0.1
  port: 80
  protocol: tcp
- type: Domain
  value: b.com
  port: 80
  protocol: http`),
    expect: [`${A}[2].port: ${SAME_PORT}`],
  },
  {
    name: 'duplicates are per port and protocol; port-less entries are never duplicates',
    yaml: matches(`- type: IP
  value: 10.0.0.1
  protocol: tcp
- type: IP
  value: 10.0.0.1
  protocol: tcp
- type: IP
  value: 10.0.0.1
  port: 80
  protocol: tls
- type: IP
  value: 10.0.0.1
  port: 80
  protocol: tcp`),
    expect: 'valid',
  },
  {
    name: 'Go IP and CIDR syntax; "*" domains pass in Kuma 2.8.8',
    yaml: matches(`- type: IP
  value: 010.0.0.1
  protocol: tcp
- type: CIDR
  value: 10.0.0.0/33
  protocol: tcp
- type: Domain
  value: "*"
  protocol: tls
- type: Domain
  value: "*.a b.com"
  protocol: tls`),
    expect: [
      `${A}[0].value: provided IP has incorrect value`,
      `${A}[1].value: provided CIDR has incorrect value`,
    ],
  },
  {
    name: 'missing type and value read as Go’s ""',
    yaml: matches('- protocol: tls\n- type: Domain\n  protocol: tls'),
    expect: [
      `${A}[0].type: provided type  is not supported, one of Domain, IP, or CIDR is supported`,
      `${A}[1].value: provided DNS has incorrect value`,
    ],
  },
  {
    name: 'Kubernetes form: the CRD default protocol tcp is filled before Kuma validates',
    yaml: kubernetes(
      'MeshPassthrough',
      `targetRef:
  kind: Mesh
  proxyTypes: [Sidecar]
default:
  appendMatch:
    - type: IP
      value: 10.0.0.1
      port: 80
    - type: Domain
      value: example.com
      port: 443
`,
      { name: 'mpt' },
    ),
    expect: [`${A}[1].protocol: protocol tcp is not supported for a domain`],
  },
  {
    name: 'rejects unknown fields in a match',
    yaml: matches('- type: IP\n  value: 10.0.0.1\n  protocol: tcp\n  ports: 80'),
    expect: [`${A}[0].ports: unknown field`],
  },
]);
