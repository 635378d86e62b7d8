import type { Issue } from '../models/index.js';

/** Severity of an identity / ECS finding (spec 06: `error` unless stated). */
export type IdentitySeverity = 'error' | 'warning';

/** Which resource a finding is about, when it is not the input itself. */
export interface IdentityIssueResource {
  type: string;
  mesh: string;
  name: string;
}

/** An issue of the identity module: a model `Issue` plus a severity and, optionally, the resource. */
export interface IdentityIssue extends Issue {
  severity: IdentitySeverity;
  /** The resource the finding is about (a policy or the Mesh), when not the linted input. */
  resource?: IdentityIssueResource;
}

/** Result shape shared by the identity validators and linters. `ok` is false iff an error exists. */
export interface IdentityCheckResult {
  ok: boolean;
  issues: IdentityIssue[];
}

export function error(path: string, message: string): IdentityIssue {
  return { path, message, severity: 'error' };
}

export function warning(path: string, message: string): IdentityIssue {
  return { path, message, severity: 'warning' };
}

export function result(issues: IdentityIssue[]): IdentityCheckResult {
  return { ok: !issues.some((i) => i.severity === 'error'), issues };
}

/** A non-null, non-array object. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only (never the prototype chain, so `__proto__`/`constructor` are inert). */
export function own(value: unknown, key: string): unknown {
  if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
  return value[key];
}

/** `tags["kuma.io/type"]`: a map key in Kuma notation (Go `%q`-style quoting). */
export function keyPath(prefix: string, key: string): string {
  return `${prefix}[${JSON.stringify(key)}]`;
}

/** Own string-valued tags of a record; non-string values are skipped. */
export function stringTags(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      Object.defineProperty(out, key, {
        value: String(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** Go `net.ParseIP` semantics: dotted-quad IPv4 without leading zeros, or an RFC 4291 IPv6 text. */
export function isIpAddress(text: string): boolean {
  if (isIPv4(text)) return true;
  if (!text.includes(':') || text.length > 45) return false;
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const group = /^[0-9a-fA-F]{1,4}$/;
  const parse = (s: string): string[] | undefined => {
    if (s === '') return [];
    const gs = s.split(':');
    return gs.every((g) => group.test(g)) ? gs : undefined;
  };
  if (halves.length === 1) {
    const gs = parse(body);
    return gs !== undefined && gs.length === 8;
  }
  const left = parse(halves[0] ?? '');
  const right = parse(halves[1] ?? '');
  if (left === undefined || right === undefined) return false;
  return left.length + right.length <= 7;
}
