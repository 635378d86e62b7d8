/**
 * Address checks the Dataplane, ZoneIngress and ZoneEgress validators share (Kuma 2.8.8
 * `pkg/core/resources/apis/mesh/dataplane_validator.go` `validateAddress` and
 * `dataplane_helpers.go` `overlap`).
 */
import { ipBytes, isIP, parseIP } from '../../internal/go-net.js';
import { isDNSName } from '../../internal/govalidator.js';
import type { Path, Violations } from './violations.js';

const IPV4_LOOPBACK = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];

/** Go's `net.IP.IsUnspecified` on the 16-byte form (`::` or `0.0.0.0`, also as `::ffff:0.0.0.0`). */
function isUnspecified(ip: readonly number[]): boolean {
  const v4Zero = ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  return ip.every((b) => b === 0) || (v4Zero && ip.slice(12).every((b) => b === 0));
}

/**
 * Kuma's `overlap` against 127.0.0.1: the address is a wildcard or the loopback itself (an
 * unparsable address never overlaps).
 */
export function overlapsLoopback(address: string): boolean {
  const ip = parseIP(address);
  if (ip === undefined) return false;
  const bytes = ipBytes(ip);
  return isUnspecified(bytes) || bytes.every((b, i) => b === IPV4_LOOPBACK[i]);
}

/** Kuma's `validateAddress(path, address)`: reported at `path` + `address`. */
export function validateAddress(v: Violations, path: Path, address: string): void {
  const at = [...path, 'address'];
  if (address === '') {
    v.add(at, "address can't be empty");
    return;
  }
  if (address === '0.0.0.0' || address === '::') v.add(at, 'must not be 0.0.0.0 or ::');
  if (!isIP(address) && !isDNSName(address)) v.add(at, 'address has to be valid IP address or domain name');
}
