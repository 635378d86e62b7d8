/**
 * Size: a 20 MB policy file loads in bounded time and memory. CI loads the JSON rendering (the
 * loader's fast path, a few seconds); `MESH_POLICY_SIZE_YAML=1` also loads the YAML rendering
 * (the `yaml` parser dominates: tens of seconds on a busy 2-core machine, see docs/benchmarks.md).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadResources, type Resource } from '../../src/models/index.js';
import { arbResource } from '../../src/testing/index.js';
import { HOSTILE_SEED } from './inputs.js';

const TARGET_BYTES = 20 * 1024 * 1024;
/** Bounds: generous for a shared CI machine, far below what a leak or blow-up would need. */
const MAX_SECONDS = Number(process.env.SIZE_MAX_SECONDS ?? 90);
const MAX_RETAINED_MB = 600;
const MAX_PEAK_RSS_MB = 2000;

function bigFile(render: (r: Resource) => string): { text: string; documents: number } {
  const base = fc.sample(arbResource(), { numRuns: 1000, seed: HOSTILE_SEED });
  const parts: string[] = [];
  let size = 0;
  for (let round = 0; size < TARGET_BYTES; round++) {
    for (const r of base) {
      const text = render({ ...r, name: `${r.name}-${round}` } as Resource);
      parts.push(text);
      size += text.length + 5;
      if (size >= TARGET_BYTES) break;
    }
  }
  return { text: parts.join('\n---\n'), documents: parts.length };
}

/** A real collection before each heap reading, so the difference is what the result retains. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function measure(text: string) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = loadResources(text, { source: 'big.yaml' });
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  gc();
  const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  return { result, seconds, retainedMb, peakRssMb };
}

describe('a 20 MB policy file loads in bounded time and memory', () => {
  it('JSON documents (20 MB)', () => {
    const { text, documents } = bigFile((r) => JSON.stringify(r));
    expect(text.length).toBeGreaterThanOrEqual(TARGET_BYTES);
    const m = measure(text);
    console.info(
      `[size] JSON ${(text.length / 1024 / 1024).toFixed(1)} MB, ${documents} documents: ${m.seconds.toFixed(2)} s, heap retained by the result ${m.retainedMb.toFixed(0)} MB, peak RSS of the test process ${m.peakRssMb.toFixed(0)} MB`,
    );
    // Every generated resource is one Kuma admits (some with its deprecation warnings): all load.
    expect(m.result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(m.result.resources).toHaveLength(documents);
    expect(m.seconds).toBeLessThan(MAX_SECONDS);
    expect(m.retainedMb).toBeLessThan(MAX_RETAINED_MB);
    expect(m.peakRssMb).toBeLessThan(MAX_PEAK_RSS_MB);
  }, 300_000);

  it.runIf(process.env.MESH_POLICY_SIZE_YAML === '1')(
    'YAML documents (20 MB)',
    () => {
      const { text, documents } = bigFile((r) => stringify(r));
      const m = measure(text);
      console.info(
        `[size] YAML ${(text.length / 1024 / 1024).toFixed(1)} MB, ${documents} documents: ${m.seconds.toFixed(2)} s, heap retained by the result ${m.retainedMb.toFixed(0)} MB, peak RSS of the test process ${m.peakRssMb.toFixed(0)} MB`,
      );
      expect(m.result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(m.result.resources).toHaveLength(documents);
      expect(m.seconds).toBeLessThan(MAX_SECONDS * 3);
    },
    600_000,
  );

  it('an over-limit input is refused at once, not parsed', () => {
    const t0 = performance.now();
    const r = loadResources('x'.repeat(1024), { maxBytes: 100 });
    expect(performance.now() - t0).toBeLessThan(100);
    expect(r.resources).toEqual([]);
    expect(r.issues).toHaveLength(1);
  });
});
