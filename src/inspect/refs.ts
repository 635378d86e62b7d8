/** References to resources as reports carry them. */
import type { InspectPolicyRef } from './types.js';

/** A reference to a resource: its type, mesh and core name. */
export function policyRef(r: { type: string; mesh: string; name: string }): InspectPolicyRef {
  return { type: r.type, mesh: r.mesh, name: r.name };
}

/** A string key identifying a resource of a known type within a report (mesh + name). */
export function refKey(r: { mesh?: string; name: string }): string {
  return `${r.mesh ?? ''}\u0000${r.name}`;
}

/** `kuma.io/service=web,!version=v1`, or `*` for the empty subset (every element). */
export function subsetKey(subset: readonly { key: string; value: string; not?: boolean }[]): string {
  if (subset.length === 0) return '*';
  return subset.map((t) => `${t.not === true ? '!' : ''}${t.key}=${t.value}`).join(',');
}

/**
 * Sets an own enumerable property, also for keys such as `__proto__` (a service may be called
 * that), so reports keep every key as data and no prototype is ever touched.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
