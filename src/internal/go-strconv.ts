/**
 * Go's `strconv` as Kuma's messages use it: `Quote` (`%q`), `IsPrint`, and `ParseInt` /
 * `ParseUint` in base 10. Internal: callers pass strings.
 */

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `unicode.IsPrint` for a code point. */
export function isGoPrint(codePoint: number): boolean {
  if (codePoint < 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return false;
  return GO_PRINTABLE.test(String.fromCodePoint(codePoint));
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/**
 * Go's `strconv.Quote` (`%q`): printable characters as they are, `"` and `\` backslashed, `\a`…`\v`
 * short escapes, other bytes below 0x20 and 0x7f as `\xNN`, other non-printable characters as
 * `\uNNNN` / `\UNNNNNNNN`. A lone surrogate (not valid UTF-8 in Go) is written as the three bytes
 * of its WTF-8 encoding, each as `\xNN`, as Go writes invalid bytes.
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `\\x${b.toString(16)}`)
        .join('');
    else if (isGoPrint(code)) out += ch;
    else if (SHORT_ESCAPES[code] !== undefined) out += SHORT_ESCAPES[code];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * Go's `strconv.ParseInt(s, 10, bits)` (`signed`) / `ParseUint(s, 10, bits)`: the value, `'range'`
 * when the digits do not fit, or undefined for a syntax error.
 */
export function parseGoInt(s: string, signed: boolean, bits: 32 | 64): bigint | 'range' | undefined {
  const m = (signed ? /^([+-]?)(\d+)$/ : /^()(\d+)$/).exec(s);
  if (m === null) return undefined;
  const value = (m[1] === '-' ? -1n : 1n) * BigInt(m[2] as string);
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  return value > max || value < min ? 'range' : value;
}
