/**
 * Small JSON helpers used by provenance and diff: leaf flattening with Kuma-style paths and a
 * structural equality. Objects are walked; arrays and scalars are leaves (lists replace as a
 * whole in a merge, so a list is one decision, made by one policy).
 */
import { formatPath } from '../models/index.js';

/** A leaf of a JSON value: its Kuma-style path and value. */
export interface JsonLeaf {
  path: string;
  segments: readonly string[];
  value: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every leaf of `value`, keys sorted so the output does not depend on key order. An empty object
 * is a leaf of its own (it is a value a policy can set). The root scalar has the path `''`.
 */
export function jsonLeaves(value: unknown): JsonLeaf[] {
  const out: JsonLeaf[] = [];
  const walk = (v: unknown, segments: string[]): void => {
    if (isPlainObject(v)) {
      const keys = Object.keys(v).sort();
      if (keys.length === 0 && segments.length > 0) {
        out.push({ path: formatPath(segments), segments: [...segments], value: {} });
        return;
      }
      for (const k of keys) {
        const child = Object.getOwnPropertyDescriptor(v, k)?.value;
        if (child === undefined) continue;
        segments.push(k);
        walk(child, segments);
        segments.pop();
      }
      return;
    }
    if (v === undefined) return;
    out.push({ path: formatPath(segments), segments: [...segments], value: v });
  };
  walk(value, []);
  return out;
}

/** Reads the value at `segments` (own properties only; undefined when absent). */
export function jsonAt(value: unknown, segments: readonly string[]): unknown {
  let cur: unknown = value;
  for (const s of segments) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, s)) return undefined;
    cur = cur[s];
  }
  return cur;
}

/** Structural equality of two JSON values (key order ignored, list order significant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!Object.hasOwn(b, k) || !jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** A JSON-safe deep copy (drops `undefined`, keeps `__proto__` keys as data). */
export function jsonClone<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => jsonClone(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v === undefined) continue;
      Object.defineProperty(out, k, {
        value: jsonClone(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out as T;
  }
  return value;
}
