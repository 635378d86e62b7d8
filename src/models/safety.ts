import type { RawIssue } from './resource.js';

/** Keys that could reach an object's prototype if a consumer copied them naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Default nesting limit: Kuma resources are at most ~15 levels deep; 100 leaves ample room. */
export const DEFAULT_MAX_DEPTH = 100;

const MAX_NODES = 5_000_000;

/** A container being walked: its own values (arrays) or keys (objects), and the next index. */
interface Frame {
  container: unknown[] | Record<string, unknown>;
  keys: string[] | undefined;
  next: number;
}

/**
 * Walks a decoded value without recursion (so 10,000-deep input cannot overflow the stack) and
 * reports forbidden keys (`__proto__`, `constructor`, `prototype`), nesting deeper than
 * `maxDepth`, and values JSON cannot carry (functions, symbols, class instances other than Date).
 * A document with any such issue is rejected as a whole.
 */
export function unsafeValueIssues(value: unknown, maxDepth: number = DEFAULT_MAX_DEPTH): RawIssue[] {
  const walk: Walk = { issues: [], path: [], frames: [], visited: 0, maxDepth, stopped: false };
  // Depth-first, in document order. The path of the value being visited is `walk.path` (one key per
  // open frame); issues copy it, nothing else allocates one.
  visit(walk, value);
  const { issues, path, frames } = walk;
  while (frames.length > 0 && !walk.stopped && issues.length < 100) {
    const frame = frames[frames.length - 1] as Frame;
    const key = nextKey(frame);
    if (key === undefined) {
      frames.pop();
      // The key of the container just finished (the root has none).
      if (frames.length > 0) path.pop();
      continue;
    }
    path.push(key);
    const open = frames.length;
    visit(
      walk,
      frame.keys === undefined
        ? (frame.container as unknown[])[key as number]
        : (frame.container as Record<string, unknown>)[key as string],
    );
    // A container stays on the path until its frame is done.
    if (frames.length === open) path.pop();
  }
  return issues;
}

/** The next index (arrays) or key (objects, forbidden keys skipped) of a frame, if any. */
function nextKey(frame: Frame): number | string | undefined {
  const { keys } = frame;
  if (keys === undefined)
    return frame.next < (frame.container as unknown[]).length ? frame.next++ : undefined;
  while (frame.next < keys.length) {
    const k = keys[frame.next++] as string;
    if (!FORBIDDEN_KEYS.has(k)) return k;
  }
  return undefined;
}

interface Walk {
  issues: RawIssue[];
  /** Path of the value being visited. */
  path: PropertyKey[];
  frames: Frame[];
  visited: number;
  maxDepth: number;
  /** The node budget ran out: nothing more is visited. */
  stopped: boolean;
}

/** Checks one value (at `walk.path`); a container to walk into becomes a new frame. */
function visit(walk: Walk, v: unknown): void {
  const { issues } = walk;
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
      issues.push({ path: walk.path.slice(), message: `a ${typeof v} is not a valid value` });
    return;
  }
  if (v instanceof Date) return;
  if (++walk.visited > MAX_NODES) {
    issues.push({ path: walk.path.slice(), message: `more than ${MAX_NODES} values in one document` });
    walk.stopped = true;
    return;
  }
  if (walk.path.length >= walk.maxDepth) {
    issues.push({
      path: walk.path.slice(),
      message: `nesting deeper than ${walk.maxDepth} levels is not allowed`,
    });
    return;
  }
  if (Array.isArray(v)) {
    walk.frames.push({ container: v, keys: undefined, next: 0 });
    return;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    issues.push({ path: walk.path.slice(), message: 'must be a plain object' });
    return;
  }
  const keys = Object.keys(v);
  // Forbidden keys are reported when their object is reached, last key first.
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    if (FORBIDDEN_KEYS.has(key))
      issues.push({ path: [...walk.path, key], message: `key "${key}" is not allowed` });
  }
  walk.frames.push({ container: v as Record<string, unknown>, keys, next: 0 });
}
