/**
 * Tiny timing helpers shared by the benchmarks. Each benchmark times our code beside a named peer
 * or a straightforward reference in the same run and prints the ratio.
 */

/** Runs `fn` repeatedly for at least `minMs` (after a warm-up) and returns nanoseconds per call. */
export function nsPerOp(fn: () => unknown, minMs = 300): number {
  const warmEnd = performance.now() + Math.min(100, minMs / 3);
  let sink: unknown;
  while (performance.now() < warmEnd) sink = fn();
  let iterations = 0;
  const start = performance.now();
  let now = start;
  let batch = 1;
  while (now - start < minMs) {
    for (let i = 0; i < batch; i++) sink = fn();
    iterations += batch;
    batch = Math.min(batch * 2, 1 << 16);
    now = performance.now();
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return ((now - start) * 1e6) / iterations;
}

/** Median of several `nsPerOp` samples, which is steadier on a shared 2-core machine. */
export function medianNsPerOp(fn: () => unknown, samples = 5, minMs = 200): number {
  const xs = Array.from({ length: samples }, () => nsPerOp(fn, minMs)).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)] ?? Number.NaN;
}

export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

/** Prints a Markdown table (so results can be pasted into docs/benchmarks.md as they are). */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  console.log(`\n### ${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
