/**
 * ExternalService admission, from Kuma 2.8.8's
 * `pkg/core/resources/apis/mesh/external_service_validator_test.go` (Kuma's documents, fields and
 * messages, in Kuma's order), plus protobuf-JSON reading and the Kubernetes form.
 */
import { kubernetes, table, universalOf } from './helpers.js';

const es = universalOf('ExternalService', { meta: { name: 'es-1', mesh: 'default' }, at: 'top' });

table('ExternalService (external_service_validator_test.go)', [
  {
    name: 'external service',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: 'valid',
  },
  {
    name: 'external service with valid tags',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  kuma.io/valid: abc.0123-789.under_score:90`),
    expect: 'valid',
  },
  {
    name: 'external service with a domain name in the address',
    yaml: es(`networking:
  address: example.com:8080
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: 'valid',
  },
  {
    name: 'external service with IPv6 in the address',
    yaml: es(`networking:
  address: "[fd00:a123::1]:8080"
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: 'valid',
  },
  {
    name: 'external service with TLS (proto field names accepted)',
    yaml: es(`networking:
  address: httpbin.org:443
  disableHostDNSEntry: true
  tls:
    enabled: true
    allowRenegotiation: false
    server_name: httpbin.org
    skipHostnameVerification: false
    ca_cert: {inline: "LS0tLS1CRUdJTg=="}
    clientCert: {secret: client-cert}
    clientKey: {file: /etc/key.pem}
tags:
  kuma.io/service: httpbin
  kuma.io/protocol: HTTP`),
    expect: 'valid',
  },
  {
    name: 'no networking',
    yaml: es(`tags:
  kuma.io/service: backend
  version: "1"`),
    expect: ['networking: should have networking'],
  },
  {
    name: 'networking.address: empty',
    yaml: es(`networking:
  address:
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: ["networking.address: address can't be empty"],
  },
  {
    name: 'networking.address: invalid format',
    yaml: es(`networking:
  address: ..>_<..:8080
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: ['networking.address: address has to be a valid IP address or a domain name'],
  },
  {
    name: 'networking.address: invalid format using scheme',
    yaml: es(`networking:
  address: http://example.com:8080
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: [
      'networking.address: unable to parse address',
      'networking.address: address has to be a valid IP address or a domain name',
      'networking.address: unable to parse port in address',
      'networking.address: port must be in the range [1, 65535]',
    ],
  },
  {
    name: 'networking.address: invalid format IPv6',
    yaml: es(`networking:
  address: fd00:1234::1:8080
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: [
      'networking.address: unable to parse address',
      'networking.address: address has to be a valid IP address or a domain name',
      'networking.address: unable to parse port in address',
      'networking.address: port must be in the range [1, 65535]',
    ],
  },
  {
    name: 'networking: port out of range',
    yaml: es(`networking:
  address: 192.168.0.1:65536
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: ['networking.address: port must be in the range [1, 65535]'],
  },
  {
    name: 'networking: no port, and a port beyond uint32',
    yaml: `${es(`networking:
  address: example.com
tags:
  kuma.io/service: backend`)}---
${es(`networking:
  address: example.com:99999999999
tags:
  kuma.io/service: backend`)}`,
    expect: [
      'networking.address: unable to parse address',
      'networking.address: address has to be a valid IP address or a domain name',
      'networking.address: unable to parse port in address',
      'networking.address: port must be in the range [1, 65535]',
      'networking.address: unable to parse port in address',
      'networking.address: port must be in the range [1, 65535]',
    ],
  },
  {
    name: 'tls: empty SNI',
    yaml: es(`networking:
  address: 192.168.0.1:8080
  tls:
    serverName: ""
tags:
  kuma.io/service: backend
  version: "1"`),
    expect: ['networking.tls.serverName: cannot be empty'],
  },
  {
    name: 'tags: empty service tag',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  version: "1"`),
    expect: ['tags: mandatory tag "kuma.io/service" is missing'],
  },
  {
    name: 'tags: none at all',
    yaml: es(`networking:
  address: 192.168.0.1:8080`),
    expect: ['tags: mandatory tag "kuma.io/service" is missing'],
  },
  {
    name: 'tags: empty tag value',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  version:`),
    expect: ['tags["version"]: tag value must be non-empty'],
  },
  {
    name: 'tags: `protocol` tag with an empty value',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  kuma.io/protocol:`),
    expect: [
      'tags["kuma.io/protocol"]: tag "kuma.io/protocol" has an invalid value "". Allowed values: grpc, http, http2, kafka, tcp',
      'tags["kuma.io/protocol"]: tag value must be non-empty',
    ],
  },
  {
    name: 'tags: `protocol` tag with unsupported value',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  kuma.io/protocol: not-yet-supported-protocol`),
    expect: [
      'tags["kuma.io/protocol"]: tag "kuma.io/protocol" has an invalid value "not-yet-supported-protocol". Allowed values: grpc, http, http2, kafka, tcp',
    ],
  },
  {
    name: 'tags: tag name with invalid characters',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  version: "v1"
  inv@lidT/gN%me: value`),
    expect: [
      'tags["inv@lidT/gN%me"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores',
    ],
  },
  {
    name: 'tags: tag value with invalid characters',
    yaml: es(`networking:
  address: 192.168.0.1:8080
tags:
  kuma.io/service: backend
  version: "v1"
  invalidTagValue: inv@lid+t@g`),
    expect: [
      'tags["invalidTagValue"]: tag value must consist of alphanumeric characters, dots, dashes and underscores',
    ],
  },
  {
    name: 'tls: empty inline cert',
    yaml: es(`tags:
  kuma.io/service: backend
networking:
  address: 192.168.0.1:8080
  tls:
    enabled: true
    caCert:
      inline: ""
    clientCert:
      inlineString: ""
    clientKey:
      secret: ""`),
    expect: [
      'networking.tls.caCert: data source cannot be empty',
      'networking.tls.clientCert: data source cannot be empty',
      'networking.tls.clientKey: data source cannot be empty',
    ],
  },
  {
    name: 'tls: a data source with two members keeps the later declared one',
    yaml: es(`tags:
  kuma.io/service: backend
networking:
  address: 192.168.0.1:8080
  tls:
    caCert: {secret: ca, inlineString: ""}
    clientCert: {}`),
    expect: [
      'networking.tls.caCert: data source cannot be empty',
      'networking.tls.clientCert: data source cannot be empty',
    ],
  },
  {
    name: 'kuma.io/service and networking address clash',
    yaml: es(`networking:
  address: httpbin.org:80
tags:
  kuma.io/service: httpbin.org`),
    expect: ['tags["kuma.io/service"]: cannot be the same as networking.address'],
  },
  {
    name: 'unknown fields and wrong types are rejected',
    yaml: es(`networking:
  address: 192.168.0.1:8080
  port: 80
  tls: {enabled: "yes", caCert: {inline: "%%%"}}
tags:
  kuma.io/service: backend`),
    expect: [
      'networking.tls.enabled: must be a boolean (got string)',
      'networking.tls.caCert.inline: must be base64-encoded',
      'networking.port: unknown field',
    ],
  },
  {
    name: 'Kubernetes form',
    yaml: kubernetes(
      'ExternalService',
      `networking:
  address: httpbin.org
tags:
  kuma.io/service: httpbin
  kuma.io/protocol: udp
`,
      { name: 'httpbin', namespace: null, meshAt: 'top' },
    ),
    expect: [
      'spec.networking.address: unable to parse address',
      'spec.networking.address: address has to be a valid IP address or a domain name',
      'spec.networking.address: unable to parse port in address',
      'spec.networking.address: port must be in the range [1, 65535]',
      'spec.tags["kuma.io/protocol"]: tag "kuma.io/protocol" has an invalid value "udp". Allowed values: grpc, http, http2, kafka, tcp',
    ],
  },
]);
