/**
 * Go `time.Duration` parsing and printing, so merged confs carry durations exactly as Kuma
 * re-serialises them (spec 03 §7.2: `90s` → `1m30s`, `1h` → `1h0m0s`, `0.5s` → `500ms`).
 */

import { goDurationNanos, goDurationString } from '../internal/go-duration.js';
import { invalidArgument } from './input.js';

/**
 * Parses a Go duration string (`1h2m3.5s`, `-150ms`, `0`) into nanoseconds, as Go's
 * `time.ParseDuration` does. Returns undefined when Go would reject it (syntax, unknown unit,
 * overflow).
 */
export function parseGoDuration(text: string): bigint | undefined {
  if (typeof text !== 'string') throw invalidArgument('parseGoDuration', 'text must be a string');
  return goDurationNanos(text);
}

/** Prints nanoseconds the way Go's `time.Duration.String` does (`1h0m0s`, `1.5s`, `250µs`, `0s`). */
export function formatGoDuration(nanos: bigint): string {
  if (typeof nanos !== 'bigint') throw invalidArgument('formatGoDuration', 'nanos must be a bigint');
  return goDurationString(nanos);
}

/**
 * Normalises a duration string to Go's canonical form (`77s` → `1m17s`); strings Go cannot parse
 * are returned unchanged (validation reports them).
 */
export function normalizeGoDuration(text: string): string {
  if (typeof text !== 'string') throw invalidArgument('normalizeGoDuration', 'text must be a string');
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  const n = parseGoDuration(text);
  const out = n === undefined ? text : formatGoDuration(n);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, out);
  return out;
}

// Confs repeat the same few durations; a small memo keeps BigInt parsing off the merge hot path.
const MEMO_LIMIT = 1024;
const memo = new Map<string, string>();
