/**
 * Go's `net` address parsing (Go 1.23, the toolchain of Kuma 2.8.8): `net.ParseIP`,
 * `net.ParseCIDR`, `net.SplitHostPort`, and Kubernetes' `ParseIPSloppy` (k8s.io/utils, Go's
 * pre-1.17 `ParseIP`). Internal: callers pass strings.
 *
 * Go's `net.ParseIP` is stricter than most JavaScript parsers: no leading zeros in IPv4 octets, no
 * zones, at most four hex digits per IPv6 group, `::` standing for at least one group, an embedded
 * IPv4 address only at the end.
 */

/** A parsed IP address: IPv4 as an unsigned 32-bit number, IPv6 as eight 16-bit groups. */
export type GoIP = { family: 'ipv4'; v4: number } | { family: 'ipv6'; v6: readonly number[] };

/** A parsed CIDR (`bits` is the prefix length; the address keeps its host bits). */
export interface GoCIDR {
  address: GoIP;
  bits: number;
}

/** Strict dotted-quad IPv4 (four decimal octets 0–255, no leading zeros) → uint32, else undefined. */
export function parseIPv4(text: string): number | undefined {
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      dots++;
      octet = 0;
      digits = 0;
      leadingZero = false;
    } else if (c >= 48 && c <= 57) {
      if (leadingZero) return undefined;
      if (digits === 0 && c === 48) leadingZero = true;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function parseGroups(text: string, out: number[], allowV4Tail: boolean): boolean {
  if (text === '') return true;
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (allowV4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === undefined) return false;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (part.length === 0 || part.length > 4) return false;
    let v = 0;
    for (let j = 0; j < part.length; j++) {
      const h = hexValue(part.charCodeAt(j));
      if (h < 0) return false;
      v = v * 16 + h;
    }
    out.push(v);
  }
  return true;
}

/** Strict IPv6 literal (RFC 4291 text forms, no zone, no brackets) → eight groups, else undefined. */
export function parseIPv6(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const ellipsis = text.indexOf('::');
  if (ellipsis < 0) {
    const groups: number[] = [];
    if (!parseGroups(text, groups, true) || groups.length !== 8) return undefined;
    return groups;
  }
  if (text.indexOf('::', ellipsis + 1) >= 0) return undefined;
  const head: number[] = [];
  const tail: number[] = [];
  const left = text.slice(0, ellipsis);
  const right = text.slice(ellipsis + 2);
  if (left.includes('.')) return undefined;
  if (!parseGroups(left, head, false) || !parseGroups(right, tail, true)) return undefined;
  // `::` must stand for at least one zero group.
  if (head.length + tail.length > 7) return undefined;
  const zeros = new Array<number>(8 - head.length - tail.length).fill(0);
  return [...head, ...zeros, ...tail];
}

/** Go's `net.ParseIP`: an IPv6 text form (containing `:`) is always an IPv6 address. */
export function parseIP(text: string): GoIP | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes(':')) {
    const v6 = parseIPv6(text);
    return v6 === undefined ? undefined : { family: 'ipv6', v6 };
  }
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : { family: 'ipv4', v4 };
}

/** Go's `net.ParseIP(text) != nil` (also govalidator's `IsIP`). */
export function isIP(text: string): boolean {
  return parseIP(text) !== undefined;
}

/** The 16-byte form Go's `net.IP` holds (an IPv4 address as `::ffff:a.b.c.d`). */
export function ipBytes(ip: GoIP): number[] {
  if (ip.family === 'ipv4') {
    const v = ip.v4;
    return [
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0xff,
      0xff,
      v >>> 24,
      (v >>> 16) & 0xff,
      (v >>> 8) & 0xff,
      v & 0xff,
    ];
  }
  return ip.v6.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Go's `net.ParseCIDR`: `<ip>/<n>` with `0 ≤ n ≤ 32` (IPv4 text) or `≤ 128` (IPv6 text). */
export function parseCIDR(text: string): GoCIDR | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIP(text.slice(0, slash));
  const mask = text.slice(slash + 1);
  // Go's dtoi: any number of decimal digits, leading zeros included (`/000000008` is /8).
  if (address === undefined || !/^[0-9]+$/.test(mask)) return undefined;
  const bits = Number(mask);
  if (bits > (address.family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, bits };
}

/** Go's `net.SplitHostPort`: host and port, or undefined where Go returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) return undefined;
  return { host, port: hostport.slice(i + 1) };
}

// ---- Kubernetes ParseIPSloppy ----

/**
 * True when Kubernetes' `ParseIPSloppy` (k8s.io/utils `net`, behind `validation.IsValidIP`) reads
 * `s` as an IP address. It is Go's pre-1.17 `net.ParseIP`: the first `.` or `:` decides between
 * IPv4 and IPv6; decimal and hex fields may carry any number of leading zeros (`010.0.0.1`,
 * `0000ab::1`); no zone (`%eth0`).
 */
export function isSloppyIP(s: string): boolean {
  const first = /[.:]/.exec(s);
  if (first === null) return false;
  return first[0] === '.' ? sloppyIPv4(s) : sloppyIPv6(s);
}

/** Reads a run of leading digits of `radix` (Go's `dtoi` / `xtoi`): its value and length. */
function leadingNumber(s: string, radix: 10 | 16): { n: number; len: number } | undefined {
  const digits = (radix === 10 ? /^[0-9]+/ : /^[0-9a-fA-F]+/).exec(s)?.[0];
  if (digits === undefined) return undefined;
  // Go gives up once the value reaches 0xFFFFFF; any such value is out of range anyway.
  const n = Number.parseInt(digits.replace(/^0+(?=.)/, '').slice(0, 8), radix);
  return n >= 0xffffff ? undefined : { n, len: digits.length };
}

function sloppyIPv4(s: string): boolean {
  const parts = s.split('.');
  return (
    parts.length === 4 &&
    parts.every((p) => {
      const num = leadingNumber(p, 10);
      return num !== undefined && num.len === p.length && num.n <= 0xff;
    })
  );
}

function sloppyIPv6(s: string): boolean {
  let rest = s;
  let ellipsis = false;
  let bytes = 0;
  if (rest.startsWith('::')) {
    ellipsis = true;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (bytes < 16) {
    const num = leadingNumber(rest, 16);
    if (num === undefined || num.n > 0xffff) return false;
    if (rest[num.len] === '.') {
      // A trailing IPv4 address takes the last four bytes (anywhere, after an ellipsis).
      if ((!ellipsis && bytes !== 12) || bytes + 4 > 16 || !sloppyIPv4(rest)) return false;
      rest = '';
      bytes += 4;
      break;
    }
    bytes += 2;
    rest = rest.slice(num.len);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return false;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis) return false;
      ellipsis = true;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return false;
  // Without `::` all 16 bytes are needed; with it, `::` must stand for at least one group.
  return bytes < 16 ? ellipsis : !ellipsis;
}
