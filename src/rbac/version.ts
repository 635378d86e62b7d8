/** Kong Gateway EE version comparison (`3.6.0.0`, `3.10`, `2.8.4.1`). */
import { MeshPolicyError } from '../models/index.js';

function parts(version: string): number[] {
  return version.split('.').map((p) => {
    const n = Number.parseInt(p, 10);
    return Number.isFinite(n) ? n : 0;
  });
}

/**
 * Compares two dotted versions numerically; missing parts count as 0. Throws
 * `MeshPolicyError('INVALID_INPUT')` when either is not a string.
 */
export function compareKongVersions(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string')
    throw new MeshPolicyError('INVALID_INPUT', 'compareKongVersions: both versions must be strings');
  return compareVersions(a, b);
}

/** `compareKongVersions` without the argument check (internal callers pass strings). */
function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** True when `version` (undefined = latest) is at least `minimum`. */
export function kongVersionAtLeast(version: string | undefined, minimum: string): boolean {
  return version === undefined || compareVersions(version, minimum) >= 0;
}
