/**
 * ZoneIngress and ZoneEgress admission, from Kuma 2.8.8's
 * `pkg/core/resources/apis/mesh/zone_ingress_validator_test.go` and
 * `zone_egress_validator_test.go` (every case).
 */
import { table, universal } from './helpers.js';

const zoneIngress = (body: string, name = 'zi-1'): string =>
  universal('ZoneIngress', body, { meta: { name }, at: 'top' });
const zoneEgress = (body: string, name = 'ze-1'): string =>
  universal('ZoneEgress', body, { meta: { name }, at: 'top' });

const services = `availableServices:
  - tags:
      kuma.io/service: backend
      version: "1"
      region: us
  - tags:
      kuma.io/service: web
      version: v2
      region: eu`;

table(
  'ZoneIngress admission (Kuma 2.8.8 zone_ingress_validator_test.go)',
  [
    {
      name: 'with advertised address and port',
      yaml: zoneIngress(`networking:
  address: 192.168.0.1
  advertisedAddress: 10.0.0.1
  port: 10001
  advertisedPort: 1234
${services}`),
      expect: 'valid',
    },
    {
      name: 'with advertised ipv6 address and port',
      yaml: zoneIngress(`networking:
  address: 192.168.0.1
  advertisedAddress: ::ffff:0a00:0001
  port: 10001
  advertisedPort: 1234
${services}`),
      expect: 'valid',
    },
    {
      name: 'without advertised address and port',
      yaml: zoneIngress(`networking:
  address: 192.168.0.1
  port: 10001
availableServices: []`),
      expect: 'valid',
    },
    {
      name: 'with admin port equal to port but different network interfaces',
      yaml: zoneIngress(`networking:
  admin:
    port: 10001
  address: 192.168.0.1
  advertisedAddress: 10.0.0.1
  port: 10001
  advertisedPort: 1234
${services}`),
      expect: 'valid',
    },
    {
      name: 'no port defined',
      yaml: zoneIngress(`networking:
  address: 192.168.0.1
  advertisedAddress: 10.0.0.1
  advertisedPort: 1234
${services}`),
      expect: ['networking.port: port must be in the range [1, 65535]'],
    },
    {
      name: 'invalid advertised address, port and available service',
      yaml: zoneIngress(`networking:
  address: 192.168.0.1
  advertisedAddress: "!@#"
  port: 10001
  advertisedPort: 100000
${services}
  - tags:
      version: v2
      region: eu
  - tags:
      kuma.io/service: ""
  - tags:
      version: ""`),
      expect: [
        'networking.advertisedAddress.address: address has to be valid IP address or domain name',
        'networking.advertisedPort: port must be in the range [1, 65535]',
        'availableService[2].tags: mandatory tag "kuma.io/service" is missing',
        'availableService[3].tags["kuma.io/service"]: tag value must be non-empty',
        'availableService[4].tags["version"]: tag value must be non-empty',
        'availableService[4].tags: mandatory tag "kuma.io/service" is missing',
      ],
    },
    {
      name: 'admin port equal to port',
      yaml: zoneIngress(`networking:
  admin:
    port: 10001
  address: 127.0.0.1
  advertisedAddress: 10.0.0.1
  port: 10001
  advertisedPort: 1234
${services}`),
      expect: ['networking.admin.port: must differ from port'],
    },
    {
      name: 'advertised address and port only together',
      yaml: `${zoneIngress(`networking:
  address: 0.0.0.0
  advertisedAddress: 10.0.0.1
  port: 10001`)}---
${zoneIngress(
  `networking:
  port: 10001
  advertisedPort: 1234`,
  'zi-2',
)}`,
      expect: [
        'networking.advertisedPort: has to be defined with advertisedAddress',
        'networking.address.address: must not be 0.0.0.0 or ::',
        'networking.advertisedAddress: has to be defined with advertisedPort',
      ],
    },
    {
      name: 'unknown fields are rejected',
      yaml: zoneIngress(`networking:
  port: 10001
  advertised_port: 1234`),
      expect: ['networking.advertised_port: unknown field'],
    },
  ],
  // The loader has no Kubernetes form for ZoneIngress / ZoneEgress yet (src/models/format.ts).
  { todo: ['Kubernetes form: paths point into spec'] },
);

table('ZoneEgress admission (Kuma 2.8.8 zone_egress_validator_test.go)', [
  {
    name: 'with address and port',
    yaml: zoneEgress(`networking:
  address: 192.168.0.1
  port: 10001`),
    expect: 'valid',
  },
  {
    name: 'with admin port equal to port but different network interfaces',
    yaml: zoneEgress(`networking:
  admin:
    port: 10001
  address: 192.168.0.1
  port: 10001`),
    expect: 'valid',
  },
  {
    name: 'no port defined',
    yaml: zoneEgress(`networking:
  address: 192.168.0.1`),
    expect: ['networking.port: port must be in the range [1, 65535]'],
  },
  {
    name: 'admin port equal to port',
    yaml: zoneEgress(`networking:
  admin:
    port: 10001
  address: 127.0.0.1
  port: 10001`),
    expect: ['networking.admin.port: must differ from port'],
  },
  {
    name: 'admin port equal to port on a wildcard address, and an invalid address',
    yaml: `${zoneEgress(`networking:
  admin: {port: 10001}
  address: "::"
  port: 10001`)}---
${zoneEgress(
  `networking:
  address: "..>_<.."
  port: 10001`,
  'ze-2',
)}`,
    expect: [
      'networking.admin.port: must differ from port',
      'networking.address.address: must not be 0.0.0.0 or ::',
      'networking.address.address: address has to be valid IP address or domain name',
    ],
  },
]);
