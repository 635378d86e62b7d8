/**
 * Input guards for callers that bypass the types (plain JavaScript, hand-built objects): the public
 * functions of this module fail with `MeshPolicyError('INVALID_INPUT')` on malformed input instead
 * of a `TypeError`, and read metadata through a view that tolerates absent labels.
 */
import { type Labels, MeshPolicyError, type ResourceMeta } from '../models/index.js';

const NO_LABELS: Labels = Object.freeze({}) as Labels;

/** A resource's labels, or an empty map when a hand-built resource has none (or not an object). */
export function labelsOf(meta: { labels?: unknown }): Labels {
  const l = meta.labels;
  return typeof l === 'object' && l !== null && !Array.isArray(l) ? (l as Labels) : NO_LABELS;
}

/** The name and labels the models' metadata helpers (display name, origin, role, shadow) read. */
export function metaView(meta: { name?: unknown; labels?: unknown }): Pick<ResourceMeta, 'name' | 'labels'> {
  return { name: typeof meta.name === 'string' ? meta.name : '', labels: labelsOf(meta) };
}

/** Throws `INVALID_INPUT` unless `v` is an array. */
export function assertList(v: unknown, path: string): asserts v is readonly unknown[] {
  if (!Array.isArray(v)) {
    throw new MeshPolicyError('INVALID_INPUT', `${path} must be a list`, [
      { path, message: 'must be a list' },
    ]);
  }
}

/** True for a non-null object (arrays included): what a property read needs. */
export function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

/** `MeshPolicyError('INVALID_INPUT', '<fn>: <what>')` for arguments of the wrong type. */
export function invalidArgument(fn: string, what: string): MeshPolicyError {
  return new MeshPolicyError('INVALID_INPUT', `${fn}: ${what}`);
}
