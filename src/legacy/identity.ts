/** Public helpers for the two identities of a dataplane inbound (spec 00 §2.3). */
import { compileDataplane, IssueSink, inboundInterfaceOf, inboundKeyOf } from './core.js';
import type { InboundInterface, InboundKey, LegacyDataplaneLike, LegacyInboundLike } from './types.js';

/** The inbound listener key `"<address>:<port>"` of `inbound` on `dataplane` (API.md `InboundKey`). */
export function legacyInboundKey(dataplane: LegacyDataplaneLike, inbound: LegacyInboundLike): InboundKey {
  return inboundKeyOf(compileDataplane(dataplane, new IssueSink()), inbound);
}

/** Kuma's inbound interface 5-tuple of `inbound` on `dataplane`. */
export function legacyInboundInterface(
  dataplane: LegacyDataplaneLike,
  inbound: LegacyInboundLike,
): InboundInterface {
  return inboundInterfaceOf(compileDataplane(dataplane, new IssueSink()), inbound);
}

/** Kuma's printable interface form `"<dataplaneIP>:<dataplanePort>:<workloadPort>"`. */
export function formatLegacyInboundInterface(i: InboundInterface): string {
  return `${i.dataplaneIP}:${i.dataplanePort}:${i.workloadPort}`;
}
