/**
 * Go `time.Duration` parsing and printing, so merged confs carry durations exactly as Kuma
 * re-serialises them (spec 03 §7.2: `90s` → `1m30s`, `1h` → `1h0m0s`, `0.5s` → `500ms`).
 */

import { invalidArgument } from './input.js';

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NANOS = (1n << 63n) - 1n;
const PART = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;

/**
 * Parses a Go duration string (`1h2m3.5s`, `-150ms`, `0`) into nanoseconds, as Go's
 * `time.ParseDuration` does. Returns undefined when Go would reject it (syntax, unknown unit,
 * overflow).
 */
export function parseGoDuration(text: string): bigint | undefined {
  if (typeof text !== 'string') throw invalidArgument('parseGoDuration', 'text must be a string');
  let s = text;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const m = PART.exec(s);
    if (m === null) return undefined;
    const [whole, int = '', frac, unit = ''] = m;
    if (int === '' && (frac === undefined || frac === '')) return undefined;
    const scale = UNIT_NANOS[unit];
    if (scale === undefined) return undefined;
    let v = (int === '' ? 0n : BigInt(int)) * scale;
    if (frac !== undefined && frac !== '') {
      const digits = frac.slice(0, 30);
      v += (BigInt(digits) * scale) / 10n ** BigInt(digits.length);
    }
    total += v;
    if (total > MAX_NANOS + (neg ? 1n : 0n)) return undefined;
    s = s.slice(whole.length);
  }
  return neg ? -total : total;
}

function fraction(value: bigint, unit: bigint, digits: number): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return String(whole);
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Prints nanoseconds the way Go's `time.Duration.String` does (`1h0m0s`, `1.5s`, `250µs`, `0s`). */
export function formatGoDuration(nanos: bigint): string {
  if (typeof nanos !== 'bigint') throw invalidArgument('formatGoDuration', 'nanos must be a bigint');
  const neg = nanos < 0n;
  const u = neg ? -nanos : nanos;
  let out: string;
  if (u === 0n) return '0s';
  if (u < 1_000n) out = `${u}ns`;
  else if (u < 1_000_000n) out = `${fraction(u, 1_000n, 3)}µs`;
  else if (u < 1_000_000_000n) out = `${fraction(u, 1_000_000n, 6)}ms`;
  else {
    const secs = u / 1_000_000_000n;
    const h = secs / 3600n;
    const m = (secs / 60n) % 60n;
    const rest = u - (h * 3600n + m * 60n) * 1_000_000_000n;
    out = `${h > 0n ? `${h}h` : ''}${h > 0n || m > 0n ? `${m}m` : ''}${fraction(rest, 1_000_000_000n, 9)}s`;
  }
  return neg ? `-${out}` : out;
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
