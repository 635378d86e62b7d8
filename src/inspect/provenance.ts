/**
 * Per-field provenance of an effective conf: which policy (and which of its items) set each leaf.
 * The merge walks the contributing policies lowest priority first and later values win, so the
 * setter of a leaf is the highest-priority contributing item whose own conf has that leaf with
 * that value. When no item wrote the value verbatim (Append lists concatenated, defaults filled
 * in, durations normalised) the highest-priority item that wrote the field at all is named.
 */
import { jsonAt, jsonEqual, jsonLeaves } from './json.js';
import type { EffectiveConf, FieldProvenance, InspectPolicyRef } from './types.js';

/** One item of a policy that took part in a merge: its conf and its path in the policy. */
export interface ContributingItem {
  conf: unknown;
  /** Kuma-style path of the item's conf inside the policy (`spec.to[1].default`). */
  path: string;
}

/** One policy's contribution to a merged conf: its ref and the items that matched, in order. */
export interface Contribution {
  policy: InspectPolicyRef;
  items: readonly ContributingItem[];
}

/**
 * Attributes each leaf of `conf` to a contributing item. `contributors` are in merge order
 * (lowest priority first), as the targetref module sorts them.
 */
export function attributeFields(conf: unknown, contributors: readonly Contribution[]): EffectiveConf {
  const fields: FieldProvenance[] = [];
  for (const leaf of jsonLeaves(conf)) {
    let exact: { policy: InspectPolicyRef; item: string } | undefined;
    let partial: { policy: InspectPolicyRef; item: string } | undefined;
    for (let i = contributors.length - 1; i >= 0 && exact === undefined; i--) {
      const c = contributors[i]!;
      for (let j = c.items.length - 1; j >= 0; j--) {
        const item = c.items[j]!;
        const v = jsonAt(item.conf, leaf.segments);
        if (v === undefined) continue;
        if (jsonEqual(v, leaf.value)) {
          exact = { policy: c.policy, item: item.path };
          break;
        }
        partial ??= { policy: c.policy, item: item.path };
      }
    }
    const setter = exact ?? partial;
    fields.push(
      setter === undefined
        ? { path: leaf.path, value: leaf.value }
        : { path: leaf.path, value: leaf.value, setBy: setter.policy, item: setter.item },
    );
  }
  return { conf, fields };
}
