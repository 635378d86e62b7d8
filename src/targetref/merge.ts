/**
 * Merging policy confs the way Kuma 2.8.8 does (spec 03 §7): canonical typed JSON per kind,
 * an RFC 7396 merge-patch fold, decode, `Append*` concatenation, merge-by-key and post-merge
 * transforms. Every per-kind difference comes from the data in `models/policies/merge-specs.ts`.
 */
import type { DeepReadonly } from '../internal/readonly.js';
import { MeshPolicyError } from '../models/index.js';
import {
  type KindMergeSpec,
  type MergeField,
  type MergeType,
  mergeSpecFor,
} from '../models/policies/merge-specs.js';
import { normalizeGoDuration } from './duration.js';
import { assertList } from './input.js';
import {
  cloneJson,
  isJsonObject,
  type JsonObject,
  jsonEqual,
  MAX_CONF_DEPTH,
  own,
  setOwn,
  tooDeep,
} from './json.js';

/** Options of `mergeConfs`. */
export interface MergeOptions {
  /**
   * What to do when a pointer-to-list `Append*` field (MeshMetric `appendProfiles`) is missing in a
   * conf that has its parent object while the merged result has the list (spec 03 §7.6):
   * `kuma-2.8-error` (default) reports Kuma 2.8.8's merge failure as a `MeshPolicyError`;
   * `treat-as-empty` behaves like Kuma ≥ 2.10.
   */
  appendNilListBehaviour?: 'kuma-2.8-error' | 'treat-as-empty';
  /** Use this merge spec instead of the kind's (e.g. a synthetic spec in tests). */
  spec?: KindMergeSpec;
}

type ObjectType = MergeType & { t: 'object' };

const presenceOf = (f: MergeField) => f.presence ?? 'optional';

function isZero(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isJsonObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** Untyped canonical form: nulls inside objects are dropped (null = absent), arrays keep them. */
function canonicalAny(v: unknown, depth: number): unknown {
  if (depth > MAX_CONF_DEPTH) tooDeep([]);
  if (Array.isArray(v)) return v.map((e) => (e === null ? null : canonicalAny(e, depth + 1)));
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x === null || x === undefined) continue;
      setOwn(out, k, canonicalAny(x, depth + 1));
    }
    return out;
  }
  return v;
}

function canonicalValue(type: MergeType, v: unknown, depth: number): unknown {
  if (depth > MAX_CONF_DEPTH) tooDeep([]);
  switch (type.t) {
    case 'scalar':
      if (type.duration === true && typeof v === 'string') return normalizeGoDuration(v);
      return canonicalAny(v, depth);
    case 'list': {
      if (!Array.isArray(v)) return canonicalAny(v, depth);
      const of = type.of ?? { t: 'any' };
      return v.map((e) => (e === null ? null : canonicalValue(of, e, depth + 1)));
    }
    case 'object':
      return isJsonObject(v) ? canonicalObject(type, v, depth) : canonicalAny(v, depth);
    default:
      return canonicalAny(v, depth);
  }
}

function canonicalField(field: MergeField, v: unknown, depth: number): unknown {
  const presence = presenceOf(field);
  if (v === null || v === undefined) {
    if (presence === 'nullable') return null;
    // Go never omits a non-pointer struct, omitempty or not.
    if (presence === 'omitZero' && field.type.t === 'object') return canonicalObject(field.type, {}, depth);
    if (presence !== 'required') return undefined;
    if (field.type.t === 'object') return canonicalObject(field.type, {}, depth);
    if (field.type.t === 'list') return null;
    return field.zero === undefined ? null : field.zero;
  }
  const out = canonicalValue(field.type, v, depth + 1);
  if (presence === 'omitZero' && field.type.t !== 'object' && isZero(out)) return undefined;
  return out;
}

function canonicalObject(type: ObjectType, v: JsonObject, depth: number): JsonObject {
  const out: JsonObject = {};
  const fields = type.fields;
  for (const key of Object.keys(fields)) {
    const field = fields[key] as MergeField;
    const r = canonicalField(field, own(v, key), depth + 1);
    if (r !== undefined) setOwn(out, key, r);
  }
  if (type.closed !== true) {
    for (const key of Object.keys(v)) {
      if (Object.hasOwn(fields, key)) continue;
      const x = v[key];
      if (x === null || x === undefined) continue;
      setOwn(out, key, canonicalAny(x, depth + 1));
    }
  }
  return out;
}

/**
 * The canonical typed JSON of a conf (spec 03 §7.2): what Go's encoder would emit for the conf
 * decoded into the kind's type. Nulls count as absent, required fields are always present,
 * zero-valued `omitempty` non-pointer fields vanish and durations are normalised. Pure.
 */
export function canonicalConf(
  type: string,
  conf: unknown,
  opts: DeepReadonly<Pick<MergeOptions, 'spec'>> = {},
): unknown {
  const spec = opts?.spec ?? mergeSpecFor(type);
  return canonicalValue(spec.conf, conf, 0);
}

/**
 * RFC 7396 JSON merge patch, pure: returns `target` with `patch` applied, never mutating either
 * (unchanged subtrees may be shared with the inputs). A `null` member deletes, objects merge
 * recursively, anything else replaces. `__proto__` and friends are merged as plain own keys.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  return mergePatchPure(target, patch, 0);
}

function mergePatchPure(target: unknown, patch: unknown, depth: number): unknown {
  if (depth > MAX_CONF_DEPTH) tooDeep([]);
  if (!isJsonObject(patch)) return patch;
  const out: JsonObject = {};
  if (isJsonObject(target)) for (const k of Object.keys(target)) setOwn(out, k, target[k]);
  for (const k of Object.keys(patch)) {
    const pv = patch[k];
    if (pv === null) delete out[k];
    else setOwn(out, k, mergePatchPure(own(out, k), pv, depth + 1));
  }
  return out;
}

/** Copy of a patch value with null members of (nested) objects removed, as evanphx/json-patch does. */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x !== null) setOwn(out, k, pruneNulls(x));
    }
    return out;
  }
  return v;
}

/** Merge patch applied in place onto a target the merge owns (a private canonical copy). */
function mergePatchInto(target: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const pv = patch[k];
    if (pv === null) {
      delete target[k];
      continue;
    }
    const cur = own(target, k);
    if (isJsonObject(pv) && isJsonObject(cur)) mergePatchInto(cur, pv);
    else setOwn(target, k, pruneNulls(pv));
  }
}

/** A conf of one merge group together with the index of the input conf it came from. */
interface GroupEntry {
  conf: unknown;
  index: number;
}

/** Splits canonical confs into `mergeValues` groups (spec 03 §7.3); one group when the kind has none. */
function groupByMergeValues(spec: KindMergeSpec, confs: readonly unknown[]): GroupEntry[][] {
  const fields = spec.conf.fields;
  const key = Object.keys(fields).find((k) => fields[k]?.mergeValues === true);
  const all = confs.map((conf, index) => ({ conf, index }));
  if (key === undefined) return [all];
  const groups = new Map<string, GroupEntry[]>();
  const push = (value: string, entry: GroupEntry) => {
    let g = groups.get(value);
    if (g === undefined) {
      g = [];
      groups.set(value, g);
    }
    g.push(entry);
  };
  for (const entry of all) {
    const c = entry.conf;
    const values = isJsonObject(c) ? own(c, key) : undefined;
    if (!Array.isArray(values) || values.length === 0) {
      push('', entry);
      continue;
    }
    for (const value of values) {
      const copy: JsonObject = {};
      for (const k of Object.keys(c as JsonObject)) setOwn(copy, k, (c as JsonObject)[k]);
      setOwn(copy, key, [value]);
      push(String(value), { conf: copy, index: entry.index });
    }
  }
  return [...groups.values()];
}

const appendCache = new WeakMap<MergeType, boolean>();
function containsAppend(type: MergeType): boolean {
  if (type.t !== 'object') return false;
  const cached = appendCache.get(type);
  if (cached !== undefined) return cached;
  let found = false;
  for (const f of Object.values(type.fields)) {
    if (f.append === true || containsAppend(f.type)) {
      found = true;
      break;
    }
  }
  appendCache.set(type, found);
  return found;
}

/** Clears and re-concatenates `Append*` lists, walking objects only (spec 03 §7.6). */
function rebuildAppends(
  type: ObjectType,
  result: JsonObject,
  confs: readonly unknown[],
  typeName: string,
  opts: MergeOptions,
): void {
  for (const key of Object.keys(type.fields)) {
    const field = type.fields[key] as MergeField;
    if (field.append === true) {
      if (field.pointerList === true) {
        if (!Array.isArray(own(result, key))) continue;
        const acc: unknown[] = [];
        for (const c of confs) {
          const list = isJsonObject(c) ? own(c, key) : undefined;
          if (!Array.isArray(list)) {
            if ((opts.appendNilListBehaviour ?? 'kuma-2.8-error') === 'kuma-2.8-error') {
              throw new MeshPolicyError('MERGE_FAILURE', `${typeName} ${key} merge failure (Kuma 2.8.8)`, [
                {
                  path: key,
                  message: `a conf has the parent object without '${key}' while the merged conf has it; Kuma 2.8.8 fails the whole proxy (set appendNilListBehaviour: 'treat-as-empty' for Kuma >= 2.10)`,
                },
              ]);
            }
            continue;
          }
          for (const e of list) acc.push(e);
        }
        setOwn(result, key, acc);
        continue;
      }
      const acc: unknown[] = [];
      for (const c of confs) {
        const list = isJsonObject(c) ? own(c, key) : undefined;
        if (Array.isArray(list)) for (const e of list) acc.push(e);
      }
      if (acc.length > 0) setOwn(result, key, acc);
      else {
        const presence = presenceOf(field);
        if (presence === 'required' || presence === 'nullable') setOwn(result, key, null);
        else delete result[key];
      }
      continue;
    }
    if (field.type.t !== 'object' || !containsAppend(field.type)) continue;
    const sub = own(result, key);
    if (!isJsonObject(sub)) continue;
    const subConfs: unknown[] = [];
    for (const c of confs) {
      const s = isJsonObject(c) ? own(c, key) : undefined;
      if (isJsonObject(s)) subConfs.push(s);
    }
    rebuildAppends(field.type, sub, subConfs, typeName, opts);
  }
}

/** Re-keys and merges `mergeValuesByKey` lists (spec 03 §7.7 steps 2–3). */
function mergeByKey(type: ObjectType, result: JsonObject, typeName: string, opts: MergeOptions): void {
  for (const key of Object.keys(type.fields)) {
    const field = type.fields[key] as MergeField;
    const byKey = field.mergeValuesByKey;
    if (byKey === undefined) continue;
    const entries = own(result, key);
    if (!Array.isArray(entries)) continue;
    const slots: { key: unknown; defaults: unknown[]; live: boolean }[] = [];
    for (const e of entries) {
      const k = isJsonObject(e) ? own(e, byKey.key) : undefined;
      const prepended: unknown[] = [];
      for (const s of slots) {
        if (s.live && jsonEqual(s.key, k)) {
          for (const d of s.defaults) prepended.push(d);
          s.live = false;
        }
      }
      const d = isJsonObject(e) ? own(e, byKey.default) : undefined;
      slots.push({ key: k, defaults: [...prepended, d ?? {}], live: true });
    }
    const defaultSpec: KindMergeSpec = {
      conf: byKey.defaultType.t === 'object' ? byKey.defaultType : { t: 'object', fields: {} },
    };
    const out: unknown[] = [];
    for (const s of slots) {
      if (!s.live) continue;
      for (const merged of mergeWithSpec(defaultSpec, s.defaults, typeName, opts)) {
        const entry: JsonObject = {};
        if (s.key !== undefined) setOwn(entry, byKey.key, s.key);
        setOwn(entry, byKey.default, merged);
        out.push(entry);
      }
    }
    if (out.length > 0) setOwn(result, key, out);
    else if (presenceOf(field) === 'required' || presenceOf(field) === 'nullable') setOwn(result, key, null);
    else delete result[key];
  }
}

function applyTransforms(spec: KindMergeSpec, result: JsonObject): void {
  for (const t of spec.transforms ?? []) {
    if (t.op === 'reverseList') {
      const list = own(result, t.field);
      if (Array.isArray(list)) setOwn(result, t.field, [...list].reverse());
    }
  }
}

/** Merges one group of canonical confs (spec 03 §7.1 steps 1–5). */
function mergeGroup(
  spec: KindMergeSpec,
  confs: readonly unknown[],
  typeName: string,
  opts: MergeOptions,
): unknown {
  const first = confs[0];
  let acc: unknown = cloneJson(first);
  for (let i = 1; i < confs.length; i++) {
    const patch = confs[i];
    if (isJsonObject(acc) && isJsonObject(patch)) mergePatchInto(acc, patch);
    else acc = isJsonObject(patch) ? mergePatchPure(acc, pruneNulls(patch), 0) : pruneNulls(patch);
  }
  // Decode into the typed conf and re-serialise: nulls left by the patch become absent or zero.
  const decoded = canonicalValue(spec.conf, acc, 0);
  if (!isJsonObject(decoded)) return decoded;
  if (containsAppend(spec.conf)) rebuildAppends(spec.conf, decoded, confs, typeName, opts);
  mergeByKey(spec.conf, decoded, typeName, opts);
  applyTransforms(spec, decoded);
  return decoded;
}

function mergeWithSpec(
  spec: KindMergeSpec,
  confs: readonly unknown[],
  typeName: string,
  opts: MergeOptions,
): unknown[] {
  if (confs.length === 0) return [];
  const canonical = confs.map((c) => canonicalTop(spec, c));
  return groupByMergeValues(spec, canonical).map((group) =>
    mergeGroup(
      spec,
      group.map((g) => g.conf),
      typeName,
      opts,
    ),
  );
}

/**
 * Merges confs given in merge order (lowest priority first, later wins) into the list of
 * resulting confs — normally one; MeshHTTPRoute yields one per hostname group (spec 03 §7).
 * `type` selects the kind's merge spec (unknown kinds merge as plain RFC 7396 without nulls).
 * Never mutates its inputs; throws `MeshPolicyError` only for Kuma 2.8.8's MeshMetric
 * `appendProfiles` failure (see `MergeOptions.appendNilListBehaviour`) and absurdly deep confs.
 */
export function mergeConfs(
  type: string,
  confs: readonly unknown[],
  opts: DeepReadonly<MergeOptions> = {},
): unknown[] {
  opts ??= {}; // untyped callers may pass null
  assertList(confs, 'confs');
  return mergeWithSpec(opts.spec ?? mergeSpecFor(type), confs, type, opts);
}

/** Canonical form of a whole conf: an absent conf (an item without `default`) is Go's zero struct. */
function canonicalTop(spec: KindMergeSpec, conf: unknown): unknown {
  return canonicalValue(spec.conf, conf === undefined || conf === null ? {} : conf, 0);
}

/** Internal hooks shared with the provenance module. */
export const mergeInternals = {
  canonicalTop,
  groupByMergeValues,
  mergeGroup,
};

/**
 * Fills Kuma 2.8.8's Kubernetes CRD defaults into a conf (spec 03 §7.2.1): each default is set
 * only where its parent object is present and the field is absent, including inside list
 * elements. Returns a new value; the input is not modified.
 */
export function applyKubernetesDefaults(
  type: string,
  conf: unknown,
  opts: DeepReadonly<Pick<MergeOptions, 'spec'>> = {},
): unknown {
  const spec = opts?.spec ?? mergeSpecFor(type);
  return withDefaults(spec.conf, conf, 0);
}

function withDefaults(type: MergeType, v: unknown, depth: number): unknown {
  if (depth > MAX_CONF_DEPTH) tooDeep([]);
  if (type.t === 'list' && Array.isArray(v) && type.of !== undefined) {
    const of = type.of;
    return v.map((e) => withDefaults(of, e, depth + 1));
  }
  if (type.t !== 'object' || !isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, v[k]);
  for (const key of Object.keys(type.fields)) {
    const field = type.fields[key] as MergeField;
    const cur = own(out, key);
    if ((cur === undefined || cur === null) && field.k8sDefault !== undefined) {
      setOwn(out, key, cloneJson(field.k8sDefault));
    } else if (cur !== undefined && cur !== null) {
      setOwn(out, key, withDefaults(field.type, cur, depth + 1));
    }
  }
  return out;
}
