/**
 * Prototype-safe helpers for plain JSON data. Keys such as `__proto__`, `constructor` and
 * `prototype` are ordinary data in a conf: they are read only as own properties and written with
 * `Object.defineProperty`, so they are merged like any other key and never touch a prototype.
 */
import { MeshPolicyError } from '../models/index.js';

/** A JSON object as the merge code sees it. */
export type JsonObject = Record<string, unknown>;

const hasOwnProp = Object.prototype.hasOwnProperty;

/** True for plain (non-array, non-null) objects. */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property lookup: `constructor` on `{}` is undefined here, not `Object`. */
export function own(o: JsonObject, key: string): unknown {
  return hasOwnProp.call(o, key) ? o[key] : undefined;
}

/** True when `o` has `key` as an own property. */
export function hasOwn(o: object, key: string): boolean {
  return hasOwnProp.call(o, key);
}

/** Sets an own, enumerable, writable data property (safe for `__proto__`). */
export function setOwn(o: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

/** Deepest nesting the merge code accepts; deeper confs are rejected instead of overflowing the stack. */
export const MAX_CONF_DEPTH = 200;

/** Throws the error used for confs nested deeper than `MAX_CONF_DEPTH`. */
export function tooDeep(path: readonly (string | number)[]): never {
  throw new MeshPolicyError('INPUT_TOO_LARGE', `conf is nested deeper than ${MAX_CONF_DEPTH} levels`, [
    { path: formatJsonPath(path), message: `nested deeper than ${MAX_CONF_DEPTH} levels` },
  ]);
}

function formatJsonPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path.slice(0, 12))
    out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return path.length > 12 ? `${out}…` : out;
}

/** Deep copy of JSON data (arrays and plain objects copied, scalars shared). */
export function cloneJson(v: unknown, depth = 0): unknown {
  if (depth > MAX_CONF_DEPTH) tooDeep([]);
  if (Array.isArray(v)) return v.map((e) => cloneJson(e, depth + 1));
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, cloneJson(v[k], depth + 1));
    return out;
  }
  return v;
}

/** Structural equality of JSON data (object key order ignored, array order significant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!hasOwn(b, k) || !jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}
