import { afterAll, describe, expect, it } from 'vitest';
import {
  loadResourceBytes,
  loadResources,
  parseResource,
  safeParseResource,
} from '../../src/models/index.js';
import { expectClean, expectNoPollution, runHostile } from './harness.js';
import {
  anyHostile,
  HOSTILE_TOTAL,
  hostileText,
  PATHOLOGICAL_TEXTS,
  prototypeSnapshot,
  sampleHostile,
} from './inputs.js';

// Share of the 100,000 cases: loaders and the resource parser take 40%.
const N = (share: number) => Math.max(1, Math.round(HOSTILE_TOTAL * share));
const before = prototypeSnapshot();
afterAll(() => expectNoPollution(before));

describe('hostile input: loaders and parser (only issues or MeshPolicyError)', () => {
  it(`loadResources on ${N(0.2)} hostile texts`, () => {
    const texts = sampleHostile(hostileText, N(0.2), 1);
    const report = runHostile('loadResources', texts, (t) => {
      const r = loadResources(t, { source: 'hostile.yaml' });
      // The result is well-formed: every issue has a path and message.
      for (const i of r.issues)
        if (typeof i.path !== 'string' || typeof i.message !== 'string') throw new Error('bad issue');
    });
    expectClean(report);
  });

  it('loadResources on hand-written parser attacks (each bounded)', () => {
    const report = runHostile('loadResources (pathological)', PATHOLOGICAL_TEXTS, (t) => {
      const r = loadResources(t);
      if (r.resources.some((res) => Object.hasOwn(res, '__proto__') && typeof res !== 'object'))
        throw new Error('odd');
    });
    expectClean(report);
    // The prototype-pollution attempts are rejected, not half-applied.
    expect(loadResources(PATHOLOGICAL_TEXTS[2] ?? '').resources).toEqual([]);
  });

  it(`loadResourceBytes on ${N(0.03)} byte strings`, () => {
    const texts = sampleHostile(hostileText, N(0.03), 2);
    const encoder = new TextEncoder();
    const report = runHostile('loadResourceBytes', texts, (t, i = t.length) => {
      const bytes = encoder.encode(t);
      // Every other case gets a random byte flipped, so invalid UTF-8 shows up too.
      if (i % 2 === 0 && bytes.length > 0) bytes[i % bytes.length] = 0xff;
      loadResourceBytes(bytes);
    });
    expectClean(report);
  });

  it(`safeParseResource on ${N(0.12)} hostile values never throws`, () => {
    const values = sampleHostile(anyHostile, N(0.12), 3);
    const report = runHostile('safeParseResource', values, (v) => {
      const r = safeParseResource(v);
      if (!r.ok && r.issues.length === 0) throw new Error('rejected without an issue');
    });
    expectClean(report);
    expect(report.meshPolicyErrors).toBe(0);
  });

  it(`parseResource on ${N(0.05)} hostile values throws only MeshPolicyError`, () => {
    const values = sampleHostile(anyHostile, N(0.05), 4);
    expectClean(runHostile('parseResource', values, (v) => parseResource(v)));
  });
});
