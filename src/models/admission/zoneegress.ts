/**
 * ZoneEgress admission (Kuma 2.8.8 `pkg/core/resources/apis/mesh/zone_egress_validator.go`).
 */
import type { ZoneEgressSpec } from '../mesh.js';
import type { ZoneEgress } from '../resource.js';
import { overlapsLoopback, validateAddress } from './address.js';
import { validatePort } from './tags.js';
import type { Violations } from './violations.js';

export function validateZoneEgress(r: ZoneEgress, v: Violations): void {
  const spec = r as ZoneEgressSpec;
  const net = spec.networking ?? {};
  const address = net.address ?? '';
  const port = net.port ?? 0;
  if (net.admin !== undefined) {
    // `UsesInboundInterface(127.0.0.1, adminPort)` of `zone_egress_helpers.go`.
    if ((net.admin.port ?? 0) === port && overlapsLoopback(address))
      v.add(['networking', 'admin', 'port'], 'must differ from port');
  }
  // Kuma passes the field's own path to `validateAddress`, which appends `address` again.
  if (address !== '') validateAddress(v, ['networking', 'address'], address);
  validatePort(v, ['networking', 'port'], port);
}
