/**
 * Reads a (merged) conf into checked entries for the generators (spec 04 §4.3, §6). Structural
 * problems that neither Kuma nor Envoy could turn into a listener become issues, and the compiled
 * matcher then answers `config-error` (nothing is half-applied).
 */
import type { Issue } from '../models/index.js';
import type {
  AppendMatch,
  PassthroughMatchKind,
  PassthroughMatchType,
  PassthroughProtocol,
  PassthroughSemantics,
} from './types.js';
import {
  isDnsName,
  isPartialWildcard,
  type PassthroughAddress,
  type PassthroughCidr,
  parsePassthroughAddress,
  parsePassthroughCidr,
  scalarText,
} from './values.js';

const PROTOCOLS: readonly string[] = ['tcp', 'tls', 'grpc', 'http', 'http2'];
const L7: readonly string[] = ['grpc', 'http', 'http2'];

/** An entry ready for chain generation. `port` 0 = port-less; Kuma 2.8.8 keeps out-of-range ports. */
export interface NormalEntry {
  index: number;
  type: PassthroughMatchKind;
  value: string;
  port: number;
  protocol: PassthroughProtocol;
  matchType: PassthroughMatchType;
  /** `port` as written (see `appendMatchOf`). */
  rawPort: number | undefined;
  /** Parsed network for IP (`/32`, `/128`) and CIDR entries. */
  cidr: PassthroughCidr | undefined;
  /** Sort keys (spec 04 §5.3): label count and prefix length (-1 for non-CIDR). */
  labels: number;
  bits: number;
}

/** The effective behaviour of a merged conf (spec 04 §4.3). */
export type EffectiveMode = 'All' | 'None' | 'Matched' | 'mesh';

export interface NormalConf {
  mode: EffectiveMode;
  entries: NormalEntry[];
  issues: Issue[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Whether an L7 protocol name. */
export function isL7Protocol(protocol: string): boolean {
  return L7.includes(protocol);
}

function hostCidr(address: PassthroughAddress): PassthroughCidr {
  return { address, bits: address.family === 'ipv4' ? 32 : 128 };
}

/** The entry as the conf has it once read (the protocol default filled), a fresh object. */
export function appendMatchOf(e: NormalEntry): AppendMatch {
  if (e.rawPort === undefined) return { type: e.type, value: e.value, protocol: e.protocol };
  return { type: e.type, value: e.value, protocol: e.protocol, port: e.rawPort };
}

/** The path of entry `i` (built only for an issue). */
function entryPath(i: number): string {
  return `spec.default.appendMatch[${i}]`;
}

/** `value.split('.').length`, without the array. */
function labelCount(value: string): number {
  let n = 1;
  for (let i = value.indexOf('.'); i >= 0; i = value.indexOf('.', i + 1)) n++;
  return n;
}

/** Normalises a conf for `compilePassthrough`; `undefined` = no MeshPassthrough selects the proxy. */
export function normalizePassthroughConf(conf: unknown, semantics: PassthroughSemantics): NormalConf {
  const issues: Issue[] = [];
  if (conf === undefined) return { mode: 'mesh', entries: [], issues };
  if (!isObject(conf)) {
    return { mode: 'mesh', entries: [], issues: [{ path: 'spec.default', message: 'must be an object' }] };
  }
  const rawMode = own(conf, 'passthroughMode');
  let mode: EffectiveMode;
  if (rawMode === undefined || rawMode === null) mode = semantics === 'kuma-2.8' ? 'Matched' : 'None';
  else if (rawMode === 'All' || rawMode === 'None' || rawMode === 'Matched') mode = rawMode;
  else mode = 'mesh'; // outside the enum: no branch of Kuma's plugin fires (spec 04 §3.5)

  const list = own(conf, 'appendMatch');
  const entries: NormalEntry[] = [];
  if (list === undefined || list === null) return { mode, entries, issues };
  if (!Array.isArray(list)) {
    issues.push({ path: 'spec.default.appendMatch', message: 'must be an array' });
    return { mode, entries, issues };
  }
  for (let i = 0; i < list.length; i++) {
    const raw: unknown = list[i];
    if (!isObject(raw)) {
      issues.push({ path: entryPath(i), message: 'must be an object' });
      continue;
    }
    const type = own(raw, 'type');
    const value = own(raw, 'value');
    const rawProtocol = own(raw, 'protocol');
    const rawPort = own(raw, 'port');
    const before = issues.length;
    if (typeof value !== 'string')
      issues.push({ path: `${entryPath(i)}.value`, message: 'must be a string' });
    const protocol =
      rawProtocol === undefined || rawProtocol === null
        ? semantics === 'documented'
          ? 'tcp'
          : ''
        : rawProtocol;
    if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol))
      issues.push({
        path: `${entryPath(i)}.protocol`,
        message: '"protocol" must be one of ["tcp", "tls", "grpc", "http", "http2"]',
      });
    let port = 0;
    if (rawPort !== undefined && rawPort !== null) {
      const integer = typeof rawPort === 'number' && Number.isInteger(rawPort);
      const inRange = integer && rawPort >= 1 && rawPort <= 65535;
      if (!integer || (semantics === 'documented' && !inRange))
        issues.push({ path: `${entryPath(i)}.port`, message: 'port must be a valid (1-65535)' });
      // Kuma 2.8.8 stores the port as a 32-bit unsigned value (a negative port wraps around).
      else port = rawPort < 0 ? rawPort + 2 ** 32 : rawPort;
    }
    if (type !== 'Domain' && type !== 'IP' && type !== 'CIDR') {
      issues.push({
        path: `${entryPath(i)}.type`,
        message: `provided type ${scalarText(type)} is not supported, one of Domain, IP, or CIDR is supported`,
      });
      continue;
    }
    if (issues.length > before || typeof value !== 'string') continue;
    const proto = protocol as PassthroughProtocol;
    let cidr: PassthroughCidr | undefined;
    if (type === 'IP') {
      const address = parsePassthroughAddress(value);
      if (address === undefined)
        issues.push({ path: `${entryPath(i)}.value`, message: 'provided IP has incorrect value' });
      else cidr = hostCidr(address);
    } else if (type === 'CIDR') {
      cidr = parsePassthroughCidr(value);
      if (cidr === undefined)
        issues.push({ path: `${entryPath(i)}.value`, message: 'provided CIDR has incorrect value' });
    } else if (semantics === 'documented') {
      if (proto === 'tcp')
        issues.push({
          path: `${entryPath(i)}.protocol`,
          message: 'protocol tcp is not supported for a domain',
        });
      if (isPartialWildcard(value))
        issues.push({
          path: `${entryPath(i)}.value`,
          message: 'provided DNS has incorrect value, partial wildcard is currently not supported',
        });
      else if (value.startsWith('*') ? value === '*' || !isDnsName(value.slice(2)) : !isDnsName(value))
        issues.push({ path: `${entryPath(i)}.value`, message: 'provided DNS has incorrect value' });
      if (port === 0 && value.startsWith('*') && isL7Protocol(proto))
        issues.push({
          path: `${entryPath(i)}.port`,
          message: "wildcard domains doesn't work for all ports and layer 7 protocol",
        });
    }
    if (issues.length > before) continue;
    // Kuma's classification (`passthroughMatchType`), read off the parsed value.
    const v6 = cidr?.address.family === 'ipv6';
    const matchType: PassthroughMatchType =
      type === 'Domain'
        ? value.startsWith('*')
          ? 'WildcardDomain'
          : 'Domain'
        : type === 'IP'
          ? v6
            ? 'IPV6'
            : 'IP'
          : v6
            ? 'CIDRV6'
            : 'CIDR';
    entries.push({
      index: i,
      type,
      value,
      port,
      protocol: proto,
      matchType,
      rawPort: rawPort === undefined || rawPort === null ? undefined : (rawPort as number),
      cidr,
      labels: labelCount(value),
      bits: type === 'CIDR' && cidr !== undefined ? cidr.bits : -1,
    });
  }
  return { mode, entries, issues };
}
