import { z } from 'zod';
import { MeshPolicyError } from './errors.js';

/**
 * Kuma decodes YAML into typed Go structs, so a scalar written where a string is expected
 * (`version: 1`, `protocol: 1`) becomes its string form. We do the same for string fields whose
 * values are often unquoted numbers.
 */
export const StringLike = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** A tag map (`kuma.io/service: web`). Values are plain strings. */
export const Tags = z.record(z.string(), StringLike);
export type Tags = Record<string, string>;

/** Labels on a resource. Always present (possibly empty) after normalisation. */
export const Labels = z.record(z.string(), StringLike);
export type Labels = Record<string, string>;

/** A legacy tag selector: `{ match: { kuma.io/service: web } }`. */
export const Selector = z.strictObject({ match: Tags.optional() });
export type Selector = { match?: Tags };

/**
 * An RFC 3339 timestamp as written (nanosecond precision is kept; compare with `compareTimes`).
 * YAML parsers may hand us a Date for unquoted timestamps; it is turned back into a string.
 */
export const Timestamp = z
  .union([z.string(), z.date()])
  .transform((v) => (typeof v === 'string' ? v : v.toISOString()))
  .refine((v) => parseTimeNanos(v) !== undefined, { message: 'must be an RFC 3339 timestamp' });

/** The metadata every Kuma resource carries, in its normalised (Universal) form. */
export interface ResourceMeta {
  /** Resource type: `Dataplane`, `MeshTimeout`, `TrafficPermission`, … */
  type: string;
  /** Mesh the resource belongs to. */
  mesh: string;
  /** Core name (Kubernetes: `<name>.<namespace>` for namespaced kinds). */
  name: string;
  /** Labels after the derivations of spec 00 §9; never absent. */
  labels: Labels;
  creationTime?: string;
  modificationTime?: string;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp into nanoseconds since 0001-01-01T00:00:00Z (a bigint, so
 * nanosecond differences are exact). Returns undefined for anything else.
 */
export function parseTimeNanos(value: string): bigint | undefined {
  const m = RFC3339.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // RFC 3339 §5.7: the day must exist in its month; 60 is a leap second; offsets are 00:00–23:59.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return undefined;
  // Days since 0001-01-01 (proleptic Gregorian), computed without Date to support year 1.
  const days = daysFromCivil(year, month, day);
  let offsetMinutes = 0;
  if (z === undefined) {
    offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  }
  const seconds = BigInt(days) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60);
  const nanos = frac === undefined ? 0n : BigInt(frac.padEnd(9, '0'));
  return seconds * 1_000_000_000n + nanos;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's algorithm, shifted so that 0001-01-01 is day 0.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + 719162;
}

/** Compares two optional timestamps; an absent or unparsable one is the zero time. */
export function compareTimes(a: string | undefined, b: string | undefined): number {
  const x = a === undefined ? 0n : (parseTimeNanos(a) ?? 0n);
  const y = b === undefined ? 0n : (parseTimeNanos(b) ?? 0n);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `kuma.io/display-name` when present and non-empty, else the core name (spec 00 §1.1). */
export function displayName(meta: Pick<ResourceMeta, 'name' | 'labels'>): string {
  if (meta == null) throw new MeshPolicyError('INVALID_INPUT', 'displayName: meta must be an object');
  const dn = label(meta, 'kuma.io/display-name');
  return dn !== undefined && dn !== '' ? dn : meta.name;
}

/** `kuma.io/origin` when non-empty (`global`, `zone`), else undefined. */
export function origin(meta: Pick<ResourceMeta, 'labels'>): string | undefined {
  const o = label(meta, 'kuma.io/origin');
  return o !== undefined && o !== '' ? o : undefined;
}

/** `kuma.io/policy-role` when non-empty, else `system` (an absent label means system). */
export function policyRole(meta: Pick<ResourceMeta, 'labels'>): string {
  const r = label(meta, 'kuma.io/policy-role');
  return r !== undefined && r !== '' ? r : 'system';
}

/** True for policies labelled `kuma.io/effect: shadow`. */
export function isShadow(meta: Pick<ResourceMeta, 'labels'>): boolean {
  return label(meta, 'kuma.io/effect') === 'shadow';
}

/**
 * One label's value, read defensively: hand-built resources (not from the loader) may lack
 * `labels` or hold non-string values, which count as absent; inherited keys are never read. A
 * null/undefined `meta` (plain JavaScript callers) has no labels either.
 */
function label(meta: Pick<ResourceMeta, 'labels'>, key: string): string | undefined {
  const labels = (meta as { labels?: unknown } | null | undefined)?.labels;
  if (labels === null || typeof labels !== 'object' || !Object.hasOwn(labels, key)) return undefined;
  const value = (labels as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
