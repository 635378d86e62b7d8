/**
 * Go `time.Duration` parsing and printing (Go's `time.ParseDuration` / `Duration.String`), shared
 * by admission checks and conf merging. Internal: callers check their arguments.
 */

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
 * Nanoseconds of a Go duration string (`1h2m3.5s`, `-150ms`, `0`), or undefined where Go's
 * `time.ParseDuration` fails (syntax, unknown unit, beyond the int64 range).
 */
export function goDurationNanos(text: string): bigint | undefined {
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
    // Go rejects an integer part that overflows int64 before scaling.
    if (int.length > 19) return undefined;
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

/** Go's `time.Duration.String` (`1h0m0s`, `1.5s`, `250µs`, `0s`). */
export function goDurationString(nanos: bigint): string {
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
