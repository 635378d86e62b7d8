/**
 * ZoneIngress admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/zone_ingress_validator.go`).
 */
import type { ZoneIngressSpec } from '../mesh.js';
import type { ZoneIngress } from '../resource.js';
import { overlapsLoopback, validateAddress } from './address.js';
import { validatePort, validateTags } from './tags.js';
import type { Violations } from './violations.js';

export function validateZoneIngress(r: ZoneIngress, v: Violations): void {
  const spec = r as ZoneIngressSpec;
  const net = spec.networking ?? {};
  const address = net.address ?? '';
  const advertisedAddress = net.advertisedAddress ?? '';
  const port = net.port ?? 0;
  const advertisedPort = net.advertisedPort ?? 0;
  if (net.admin !== undefined) {
    const adminPort = net.admin.port ?? 0;
    // `UsesInboundInterface(127.0.0.1, adminPort)` of `zone_ingress_helpers.go`.
    if (
      (adminPort === port && overlapsLoopback(address)) ||
      (adminPort === advertisedPort && overlapsLoopback(advertisedAddress))
    )
      v.add(['networking', 'admin', 'port'], 'must differ from port');
  }
  if (advertisedAddress === '' && advertisedPort !== 0)
    v.add(['networking', 'advertisedAddress'], 'has to be defined with advertisedPort');
  if (advertisedPort === 0 && advertisedAddress !== '')
    v.add(['networking', 'advertisedPort'], 'has to be defined with advertisedAddress');
  // Kuma passes the field's own path to `validateAddress`, which appends `address` again.
  if (address !== '') validateAddress(v, ['networking', 'address'], address);
  if (advertisedAddress !== '') validateAddress(v, ['networking', 'advertisedAddress'], advertisedAddress);
  validatePort(v, ['networking', 'port'], port);
  if (advertisedPort !== 0) validatePort(v, ['networking', 'advertisedPort'], advertisedPort);
  // Kuma names this path `availableService` (singular).
  (spec.availableServices ?? []).forEach((service, i) => {
    validateTags(v, ['availableService', i, 'tags'], service.tags, { requireService: true });
  });
}
