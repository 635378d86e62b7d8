/**
 * Value predicates with Go semantics (spec 04 §3.6) and the address parsing the matcher uses. The
 * parsing is Go's own (`net.ParseIP`, `net.ParseCIDR`, govalidator's `IsDNSName`: src/internal);
 * ipaddr.js only renders IPv6 networks in Go's compressed text form.
 */
import ipaddr from 'ipaddr.js';
import {
  type GoCIDR,
  type GoIP,
  isIP,
  parseCIDR,
  parseIP,
  parseIPv4,
  parseIPv6,
} from '../internal/go-net.js';
import { isDNSName } from '../internal/govalidator.js';
import { isPartialWildcard as kumaPartialWildcard } from '../models/admission/meshpassthrough.js';
import { MeshPolicyError } from '../models/errors.js';

/** A parsed IP address: IPv4 as an unsigned 32-bit number, IPv6 as eight 16-bit groups. */
export type PassthroughAddress = GoIP;

/** A parsed CIDR (`bits` is the prefix length; the address keeps its host bits). */
export type PassthroughCidr = GoCIDR;

/** Strict dotted-quad IPv4 (four decimal octets 0–255, no leading zeros) → uint32, else undefined. */
export const parseIPv4Strict: (text: string) => number | undefined = parseIPv4;

/** Strict IPv6 literal (RFC 4291 text forms, no zone, no brackets) → eight groups, else undefined. */
export const parseIPv6Strict: (text: string) => number[] | undefined = parseIPv6;

/** Parses a Go-valid IP literal; an IPv6 text form (containing `:`) is always an IPv6 address. */
export const parsePassthroughAddress: (text: string) => PassthroughAddress | undefined = parseIP;

/** Go's `net.ParseIP(value) != nil`. */
export const isValidIp: (text: string) => boolean = isIP;

/** Go's `net.ParseCIDR`: `<ip>/<n>` with `0 ≤ n ≤ 32` (IPv4 text) or `≤ 128` (IPv6 text). */
export const parsePassthroughCidr: (text: string) => PassthroughCidr | undefined = parseCIDR;

/** Whether `value` is a valid CIDR in Go's sense. */
export function isValidCidr(text: string): boolean {
  return parseCIDR(text) !== undefined;
}

/** govalidator's `IsDNSName` (2021): non-empty, ≤ 255 characters without dots, not an IP, label syntax. */
export const isDnsName: (text: string) => boolean = isDNSName;

/** Kuma's partial-wildcard shape `^\*[^.]+` (e.g. `*w.example.com`). */
export const isPartialWildcard: (text: string) => boolean = kumaPartialWildcard;

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

/**
 * The IPv4 address a destination really is: an IPv4-mapped IPv6 address `::ffff:a.b.c.d`
 * travels as the IPv4 connection to `a.b.c.d`, so it is matched as that address in every semantics.
 * Any other address is returned unchanged.
 */
export function connectionAddress(address: PassthroughAddress): PassthroughAddress {
  if (address.family === 'ipv4') return address;
  const g = address.v6;
  if (g[0] !== 0 || g[1] !== 0 || g[2] !== 0 || g[3] !== 0 || g[4] !== 0 || g[5] !== 0xffff) return address;
  return { family: 'ipv4', v4: (g[6] as number) * 65536 + (g[7] as number) };
}

const ASCII_UPPER = /[A-Z]+/g;

/**
 * Lower-cases ASCII letters only, as Envoy does with server names and hosts
 * (`absl::AsciiStrToLower`): U+212A KELVIN SIGN stays itself and never becomes `k`.
 */
export function asciiLower(text: string): string {
  let ascii = true;
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c > 127) ascii = false;
  }
  if (!upper) return text;
  // Without other characters `toLowerCase` only touches A–Z (and is the fastest way).
  return ascii ? text.toLowerCase() : text.replace(ASCII_UPPER, (run) => run.toLowerCase());
}

/** Text of a scalar as Kuma's type-directed decoding reads it; never throws (objects → `""`). */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '';
}
