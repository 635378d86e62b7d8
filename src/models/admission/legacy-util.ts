/**
 * Small readers shared by the legacy admission checks: protobuf presence as Kuma's jsonpb decoding
 * leaves it.
 */
import { goDurationNanos } from '../../internal/go-duration.js';

/**
 * The member of a protobuf `oneof` that is set, given the members in declaration order: jsonpb
 * sets them in that order, so of several written members the last declared one wins.
 */
export function oneofCase<K extends string>(
  message: Readonly<Partial<Record<K, unknown>>> | undefined,
  members: readonly K[],
): K | undefined {
  if (message === undefined) return undefined;
  let found: K | undefined;
  for (const m of members) if (message[m] !== undefined) found = m;
  return found;
}

/** True when a decoded message has at least one field set (it differs from the empty message). */
export function hasAnyField(message: object | undefined): boolean {
  return message !== undefined && Object.values(message).some((v) => v !== undefined);
}

/** True when a repeated field is unset (jsonpb leaves an empty list unset). */
export const isEmptyList = (list: readonly unknown[] | undefined): boolean =>
  list === undefined || list.length === 0;

/** Nanoseconds of a decoded duration (0 for an absent one). */
export const durationNanos = (d: string | undefined): bigint =>
  d === undefined ? 0n : (goDurationNanos(d) ?? 0n);
