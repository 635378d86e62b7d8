/**
 * govalidator (the version Kuma 2.8.8's `go.mod` pins) as Kuma's validators call it: `IsURL`,
 * `IsJSON`, `IsDNSName`, `IsFilePath`. `IsURL`'s pattern is matched with position sets, never by
 * backtracking, so no input can make it slow. Internal: callers pass strings.
 */
import { isIP } from './go-net.js';
import { parseGoUrl } from './go-url.js';

/**
 * A matcher over code points: from a set of start positions, the set of positions where a match
 * can end. Sets make repetition linear in the input (no backtracking).
 */
type Matcher = (s: readonly number[], from: ReadonlySet<number>) => Set<number>;

const charIf =
  (pred: (c: number) => boolean): Matcher =>
  (s, from) => {
    const out = new Set<number>();
    for (const p of from) {
      const c = s[p];
      if (c !== undefined && pred(c)) out.add(p + 1);
    }
    return out;
  };
const seq =
  (...parts: Matcher[]): Matcher =>
  (s, from) => {
    let cur = new Set(from);
    for (const part of parts) {
      if (cur.size === 0) break;
      cur = part(s, cur);
    }
    return cur;
  };
const alt =
  (...parts: Matcher[]): Matcher =>
  (s, from) => {
    const out = new Set<number>();
    for (const part of parts) for (const p of part(s, from)) out.add(p);
    return out;
  };
const opt =
  (m: Matcher): Matcher =>
  (s, from) => {
    const out = new Set(from);
    for (const p of m(s, from)) out.add(p);
    return out;
  };
const star =
  (m: Matcher): Matcher =>
  (s, from) => {
    const out = new Set(from);
    let frontier: Set<number> = new Set(from);
    while (frontier.size > 0) {
      const next = new Set<number>();
      for (const p of m(s, frontier))
        if (!out.has(p)) {
          out.add(p);
          next.add(p);
        }
      frontier = next;
    }
    return out;
  };
const plus = (m: Matcher): Matcher => seq(m, star(m));
const text = (t: string): Matcher => seq(...Array.from(t, (ch) => charIf((c) => c === ch.codePointAt(0))));
const oneOf = (chars: string): Matcher => charIf((c) => chars.includes(String.fromCodePoint(c)));
/** Matches a bounded-length ASCII sub-pattern with an anchored regular expression. */
const bounded =
  (re: RegExp, minLen: number, maxLen: number): Matcher =>
  (s, from) => {
    const out = new Set<number>();
    for (const p of from)
      for (let len = minLen; len <= maxLen && p + len <= s.length; len++)
        if (re.test(String.fromCodePoint(...s.slice(p, p + len)))) out.add(p + len);
    return out;
  };

const isAsciiAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** govalidator's `[a-zA-Z\x{00a1}-\x{ffff}0-9]` (Go ranges are over runes). */
const isWideAlnum = (c: number): boolean => isAsciiAlnum(c) || (c >= 0xa1 && c <= 0xffff);
const isWideAlpha = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xa1 && c <= 0xffff);
/** Go's `\S`: anything but `[\t\n\f\r ]`. */
const isNotSpace = (c: number): boolean => c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x20;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const ALNUM = charIf(isAsciiAlnum);
const NOT_SPACE = charIf(isNotSpace);
const DIGIT = charIf(isDigit);

/** govalidator's `URLIP` (a dotted IPv4 address, first octet 1–223 or 240–255). */
const URL_IP = bounded(
  /^(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3]|24\d|25[0-5])(?:\.(?:\d{1,2}|1\d\d|2[0-4]\d|25[0-5])){2}\.(?:[0-9]\d?|1\d\d|2[0-4]\d|25[0-5])$/,
  7,
  15,
);

const V4 = '(?:(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])\\.){3}(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const H = '[0-9a-fA-F]{1,4}';
/** govalidator's `IP` pattern (IPv6 forms and IPv4-mapped forms), anchored. */
const IP6 = new RegExp(
  `^(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:|(?:${H}:){1,6}:${H}|(?:${H}:){1,5}(?::${H}){1,2}|(?:${H}:){1,4}(?::${H}){1,3}|(?:${H}:){1,3}(?::${H}){1,4}|(?:${H}:){1,2}(?::${H}){1,5}|${H}:(?::${H}){1,6}|:(?:(?::${H}){1,7}|:)|fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]+|::(?:ffff(?::0{1,4})?:)?${V4}|(?:${H}:){1,4}:${V4})$`,
);
/** `\[IP\]`: the IP cannot hold `]`, so only the first `]` can close it. */
const BRACKETED_IP: Matcher = (s, from) => {
  const out = new Set<number>();
  for (const p of from) {
    if (s[p] !== 0x5b) continue;
    const close = s.indexOf(0x5d, p + 1);
    if (close > p && IP6.test(String.fromCodePoint(...s.slice(p + 1, close)))) out.add(close + 1);
  }
  return out;
};

/** `[a-zA-Z0-9]([a-zA-Z0-9-_]+)?[a-zA-Z0-9]([-\.][a-zA-Z0-9]+)*` */
const HOST_NAME = seq(
  ALNUM,
  opt(plus(charIf((c) => isAsciiAlnum(c) || c === 0x2d || c === 0x5f))),
  ALNUM,
  star(seq(oneOf('-.'), plus(ALNUM))),
);
/** `(www\.)|([a-zA-Z0-9]+([-_\.]?[a-zA-Z0-9])*[a-zA-Z0-9]\.[a-zA-Z0-9]+)` */
const SUBDOMAIN = alt(
  text('www.'),
  seq(plus(ALNUM), star(seq(opt(oneOf('-_.')), ALNUM)), ALNUM, text('.'), plus(ALNUM)),
);
/** `(([a-zA-Z\x{00a1}-\x{ffff}0-9]+-?-?)*[a-zA-Z\x{00a1}-\x{ffff}0-9]+)` */
const LABELS = seq(
  star(seq(plus(charIf(isWideAlnum)), opt(text('-')), opt(text('-')))),
  plus(charIf(isWideAlnum)),
);
/** `(?:\.([a-zA-Z\x{00a1}-\x{ffff}]{1,}))?` */
const TLD = opt(seq(text('.'), plus(charIf(isWideAlpha))));

/** govalidator's `rxURL`, without the anchors (the caller checks the whole input is consumed). */
const URL_PATTERN = seq(
  opt(
    seq(
      alt(
        text('ftp'),
        text('tcp'),
        text('udp'),
        seq(text('ws'), opt(text('s'))),
        seq(text('http'), opt(text('s'))),
      ),
      text('://'),
    ),
  ),
  opt(seq(plus(NOT_SPACE), opt(seq(text(':'), star(NOT_SPACE))), text('@'))),
  alt(URL_IP, BRACKETED_IP, seq(opt(alt(HOST_NAME, opt(SUBDOMAIN))), LABELS, TLD)),
  opt(text('.')),
  opt(seq(text(':'), DIGIT, opt(DIGIT), opt(DIGIT), opt(DIGIT), opt(DIGIT))),
  opt(seq(oneOf('/?#'), star(NOT_SPACE))),
);

const MAX_URL_RUNES = 2083;
const MIN_URL_BYTES = 3;

/** govalidator's `IsURL`. */
export function isURL(str: string): boolean {
  const runes = Array.from(str, (ch) => ch.codePointAt(0) as number);
  if (str === '' || runes.length >= MAX_URL_RUNES) return false;
  if (new TextEncoder().encode(str).length <= MIN_URL_BYTES || str.startsWith('.')) return false;
  const withScheme = str.includes(':') && !str.includes('://') ? `http://${str}` : str;
  const url = parseGoUrl(withScheme);
  if (url === undefined || url.host.startsWith('.')) return false;
  if (url.host === '' && url.path !== '' && !url.path.includes('.')) return false;
  return URL_PATTERN(runes, new Set([0])).has(runes.length);
}

/** govalidator's `IsJSON`: the text is one valid JSON value. */
export function isJSON(str: string): boolean {
  try {
    JSON.parse(str);
    return true;
  } catch {
    return false;
  }
}

const DNS_NAME = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

/** govalidator's `IsDNSName`: non-empty, at most 255 characters without dots, not an IP, label syntax. */
export function isDNSName(text: string): boolean {
  if (typeof text !== 'string' || text === '' || text.replaceAll('.', '').length > 255) return false;
  return !isIP(text) && DNS_NAME.test(text);
}

const WIN_PATH = /^[a-zA-Z]:\\(?:[^\\/:*?"<>|\r\n]+\\)*[^\\/:*?"<>|\r\n]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: govalidator excludes NUL from Unix paths
const UNIX_PATH = /^(?:\/[^/\x00]*)+\/?$/;

/**
 * govalidator's `IsFilePath` as a verdict: an absolute Unix path, or a Windows path with a drive
 * letter (relative paths are rejected).
 */
export function isFilePath(value: string): boolean {
  if (WIN_PATH.test(value)) return value.length - 3 <= 32767;
  return UNIX_PATH.test(value);
}
