/** Public helpers for the two identities of a dataplane inbound (spec 00 §2.3). */
import { compileDataplane, IssueSink, inboundInterfaceOf, inboundKeyOf } from './core.js';
import type { InboundInterface, InboundKey, LegacyDataplaneLike, LegacyInboundLike } from './types.js';

/** The inbound listener key `"<address>:<port>"` of `inbound` on `dataplane` (API.md `InboundKey`). */
export function inboundKey(dataplane: LegacyDataplaneLike, inbound: LegacyInboundLike): InboundKey {
  return inboundKeyOf(compileDataplane(dataplane, new IssueSink()), inbound);
}

/** Kuma's inbound interface 5-tuple of `inbound` on `dataplane`. */
export function inboundInterface(
  dataplane: LegacyDataplaneLike,
  inbound: LegacyInboundLike,
): InboundInterface {
  return inboundInterfaceOf(compileDataplane(dataplane, new IssueSink()), inbound);
}

/** Kuma's printable interface form `"<dataplaneIP>:<dataplanePort>:<workloadPort>"`. */
export function formatInboundInterface(i: InboundInterface): string {
  return `${i.dataplaneIP}:${i.dataplanePort}:${i.workloadPort}`;
}
