import type { RawIssue } from './resource.js';

/** Keys that could reach an object's prototype if a consumer copied them naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Default nesting limit: Kuma resources are at most ~15 levels deep; 100 leaves ample room. */
export const DEFAULT_MAX_DEPTH = 100;

const MAX_NODES = 5_000_000;

/**
 * Walks a decoded value without recursion (so 10,000-deep input cannot overflow the stack) and
 * reports forbidden keys (`__proto__`, `constructor`, `prototype`), nesting deeper than
 * `maxDepth`, and values JSON cannot carry (functions, symbols, class instances other than Date).
 * A document with any such issue is rejected as a whole.
 */
export function unsafeValueIssues(value: unknown, maxDepth: number = DEFAULT_MAX_DEPTH): RawIssue[] {
  const issues: RawIssue[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  // Shared references (YAML aliases) are fine; a cycle ends at the depth limit; a DAG that
  // expands exponentially ends at the node budget.
  let visited = 0;
  while (stack.length > 0 && issues.length < 100) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
        issues.push({ path, message: `a ${typeof v} is not a valid value` });
      continue;
    }
    if (v instanceof Date) continue;
    if (++visited > MAX_NODES) {
      issues.push({ path, message: `more than ${MAX_NODES} values in one document` });
      break;
    }
    if (path.length >= maxDepth) {
      issues.push({ path, message: `nesting deeper than ${maxDepth} levels is not allowed` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      issues.push({ path, message: 'must be a plain object' });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push({ path: [...path, key], message: `key "${key}" is not allowed` });
        continue;
      }
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return issues;
}
