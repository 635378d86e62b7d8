/** Public helpers for the two identities of a dataplane inbound (spec 00 §2.3). */
import { MeshPolicyError } from '../models/index.js';
import { compileDataplane, IssueSink, inboundInterfaceOf, inboundKeyOf, readInbounds } from './core.js';
import type { InboundInterface, InboundKey, LegacyDataplaneLike, LegacyInboundLike } from './types.js';

/** Checks both inputs; a malformed dataplane or inbound is a `MeshPolicyError`. */
function compile(dataplane: LegacyDataplaneLike, inbound: LegacyInboundLike) {
  const sink = new IssueSink();
  const dp = compileDataplane(dataplane, sink);
  const [ib] = readInbounds([inbound], ['inbound'], sink);
  sink.throwIfAny('inbound identity input');
  return { dp, ib: ib as LegacyInboundLike };
}

/** The inbound listener key `"<address>:<port>"` of `inbound` on `dataplane` (API.md `InboundKey`). */
export function legacyInboundKey(dataplane: LegacyDataplaneLike, inbound: LegacyInboundLike): InboundKey {
  const { dp, ib } = compile(dataplane, inbound);
  return inboundKeyOf(dp, ib);
}

/** Kuma's inbound interface 5-tuple of `inbound` on `dataplane`. */
export function legacyInboundInterface(
  dataplane: LegacyDataplaneLike,
  inbound: LegacyInboundLike,
): InboundInterface {
  const { dp, ib } = compile(dataplane, inbound);
  return inboundInterfaceOf(dp, ib);
}

/** Kuma's printable interface form `"<dataplaneIP>:<dataplanePort>:<workloadPort>"`. */
export function formatLegacyInboundInterface(i: InboundInterface): string {
  if (i === null || typeof i !== 'object')
    throw new MeshPolicyError('INVALID_INPUT', 'formatLegacyInboundInterface: interface must be an object');
  return `${i.dataplaneIP}:${i.dataplanePort}:${i.workloadPort}`;
}
