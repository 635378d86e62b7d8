/**
 * Value predicates with Go semantics (spec 04 §3.6) and the address parsing the matcher uses.
 *
 * Go's `net.ParseIP` is stricter than most JavaScript parsers (no leading zeros in IPv4 octets,
 * no zones, at most four hex digits per IPv6 group, `::` standing for at least one group), so the
 * syntax is checked here; ipaddr.js only renders IPv6 networks in Go's compressed text form.
 */
import ipaddr from 'ipaddr.js';
import { MeshPolicyError } from '../models/errors.js';

/** A parsed IP address: IPv4 as an unsigned 32-bit number, IPv6 as eight 16-bit groups. */
export type PassthroughAddress = { family: 'ipv4'; v4: number } | { family: 'ipv6'; v6: readonly number[] };

/** A parsed CIDR (`bits` is the prefix length; the address keeps its host bits). */
export interface PassthroughCidr {
  address: PassthroughAddress;
  bits: number;
}

/** Strict dotted-quad IPv4 (four decimal octets 0–255, no leading zeros) → uint32, else undefined. */
export function parseIPv4Strict(text: string): number | undefined {
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
      const v4 = parseIPv4Strict(part);
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
export function parseIPv6Strict(text: string): number[] | undefined {
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

/** Parses a Go-valid IP literal; an IPv6 text form (containing `:`) is always an IPv6 address. */
export function parsePassthroughAddress(text: string): PassthroughAddress | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes(':')) {
    const v6 = parseIPv6Strict(text);
    return v6 === undefined ? undefined : { family: 'ipv6', v6 };
  }
  const v4 = parseIPv4Strict(text);
  return v4 === undefined ? undefined : { family: 'ipv4', v4 };
}

/** Go's `net.ParseIP(value) != nil`. */
export function isValidIp(text: string): boolean {
  return parsePassthroughAddress(text) !== undefined;
}

/** Go's `net.ParseCIDR`: `<ip>/<n>` with `0 ≤ n ≤ 32` (IPv4 text) or `≤ 128` (IPv6 text). */
export function parsePassthroughCidr(text: string): PassthroughCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parsePassthroughAddress(text.slice(0, slash));
  const mask = text.slice(slash + 1);
  // Go's dtoi: any number of decimal digits, leading zeros included (`/000000008` is /8).
  if (address === undefined || !/^[0-9]+$/.test(mask)) return undefined;
  const bits = Number(mask);
  if (bits > (address.family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, bits };
}

/** Whether `value` is a valid CIDR in Go's sense. */
export function isValidCidr(text: string): boolean {
  return parsePassthroughCidr(text) !== undefined;
}

const DNS_NAME = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

/** govalidator's `IsDNSName` (2021): non-empty, ≤ 255 characters without dots, not an IP, label syntax. */
export function isDnsName(text: string): boolean {
  if (typeof text !== 'string' || text === '' || text.replaceAll('.', '').length > 255) return false;
  return !isValidIp(text) && DNS_NAME.test(text);
}

/** Kuma's partial-wildcard shape `^\*[^.]+` (e.g. `*w.example.com`). */
export function isPartialWildcard(text: string): boolean {
  return /^\*[^.]/.test(text);
}

/** The network address of a CIDR (host bits cleared). */
export function networkOf(cidr: PassthroughCidr): PassthroughAddress {
  const { address, bits } = cidr;
  if (address.family === 'ipv4') {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { family: 'ipv4', v4: (address.v4 & mask) >>> 0 };
  }
  const groups = address.v6.map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : g & ((0xffff << (16 - keep)) & 0xffff);
  });
  return { family: 'ipv6', v6: groups };
}

/** Text form of an address as Go prints it (IPv6 compressed per RFC 5952). */
export function formatPassthroughAddress(address: PassthroughAddress): string {
  if (address?.family !== 'ipv4' && (!Array.isArray(address?.v6) || address.v6.length !== 8))
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'formatPassthroughAddress: address must be a PassthroughAddress',
    );
  if (address.family === 'ipv4') {
    const v = address.v4;
    return `${Math.floor(v / 16777216)}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
  }
  return new ipaddr.IPv6([...address.v6]).toRFC5952String();
}

/** Whether `address` lies inside the prefix `network/bits` (same family only). */
export function prefixContains(
  network: PassthroughAddress,
  bits: number,
  address: PassthroughAddress,
): boolean {
  if (network.family !== address.family) return false;
  const a = networkOf({ address, bits });
  const n = networkOf({ address: network, bits });
  return a.family === 'ipv4'
    ? n.family === 'ipv4' && a.v4 === n.v4
    : a.v6.every((g, i) => g === (n as { v6: readonly number[] }).v6[i]);
}

/** Text of a scalar as Kuma's type-directed decoding reads it; never throws (objects → `""`). */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '';
}
