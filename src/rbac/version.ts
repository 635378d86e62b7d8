/** Kong Gateway EE version comparison (`3.6.0.0`, `3.10`, `2.8.4.1`). */

function parts(version: string): number[] {
  return version.split('.').map((p) => {
    const n = Number.parseInt(p, 10);
    return Number.isFinite(n) ? n : 0;
  });
}

/** Compares two dotted versions numerically; missing parts count as 0. */
export function compareKongVersions(a: string, b: string): number {
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
  return version === undefined || compareKongVersions(version, minimum) >= 0;
}
