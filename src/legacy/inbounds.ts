/**
 * Per-inbound results: computing each inbound's identities and folding per-inbound values into
 * the listener-keyed record (API.md) or Kuma's interface-keyed entries, with Kuma's collision rule.
 */
import {
  type CompiledDataplane,
  type IssueSink,
  inboundInterfaceOf,
  inboundKeyOf,
  interfaceId,
  readInbounds,
  setOwn,
} from './core.js';
import type {
  InboundInterface,
  InboundKey,
  LegacyInboundEntry,
  LegacyInboundLike,
  LegacyInboundOptions,
} from './types.js';

/** One inbound to evaluate, with both its identities. */
export interface InboundTarget {
  readonly inbound: LegacyInboundLike;
  readonly key: InboundKey;
  readonly interface: InboundInterface;
}

/** The dataplane's inbounds (all states, list order) followed by the caller's additional ones. */
export function inboundTargets(
  dp: CompiledDataplane,
  opts: LegacyInboundOptions | undefined,
  sink: IssueSink,
): InboundTarget[] {
  const extra = readInbounds(opts?.additionalInbounds, ['additionalInbounds'], sink);
  return [...dp.inbounds, ...extra].map((inbound) => ({
    inbound,
    key: inboundKeyOf(dp, inbound),
    interface: inboundInterfaceOf(dp, inbound),
  }));
}

/**
 * Folds per-inbound values by listener key: a later colliding inbound replaces an earlier entry
 * only if it has a value (`undefined` = no winner). All-matching lists are never undefined, so
 * for them the later inbound always replaces the earlier one — Kuma's rule in both cases.
 */
export function foldByKey<T>(
  targets: readonly InboundTarget[],
  values: readonly (T | undefined)[],
): Record<InboundKey, T> {
  const out: Record<InboundKey, T> = {};
  targets.forEach((t, i) => {
    const v = values[i];
    if (v !== undefined) setOwn(out, t.key, v);
  });
  return out;
}

/** Same fold keyed by Kuma's inbound interface tuple; entries in order of first appearance. */
export function foldByInterface<T>(
  targets: readonly InboundTarget[],
  values: readonly (T | undefined)[],
): LegacyInboundEntry<T>[] {
  const index = new Map<string, number>();
  const out: LegacyInboundEntry<T>[] = [];
  targets.forEach((t, i) => {
    const v = values[i];
    if (v === undefined) return;
    const id = interfaceId(t.interface);
    const entry = { key: t.key, interface: t.interface, value: v };
    const at = index.get(id);
    if (at === undefined) {
      index.set(id, out.length);
      out.push(entry);
    } else {
      out[at] = entry;
    }
  });
  return out;
}
