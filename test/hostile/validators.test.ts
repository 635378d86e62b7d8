import { afterAll, describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import { expectClean, expectNoPollution, runHostile } from './harness.js';
import { anyHostile, HOSTILE_TOTAL, prototypeSnapshot, sampleHostile } from './inputs.js';
import { KNOWN_DEFECTS } from './known-defects.js';

const before = prototypeSnapshot();
afterAll(() => expectNoPollution(before));

type Fn = (...args: unknown[]) => unknown;
const exported = root as unknown as Record<string, unknown>;

/**
 * Every `validate*` the package exports (discovered, so validators added later are covered), plus
 * the identity checks. Most take the value to validate first; the few whose first parameter is
 * something else get it from `callers`.
 */
const validators = Object.keys(exported)
  .filter((k) => /^validate/.test(k) && typeof exported[k] === 'function')
  .sort();
const identityChecks = [
  'resolveIamIdentity',
  'authorizeIamProxy',
  'checkDataplaneClaim',
  'lintEcsDataplane',
  'lintEcsSidecar',
];

const callers: Record<string, (fn: Fn, a: unknown, b: unknown) => unknown> = {};

const isObjectLike = (v: unknown): boolean => v !== null && typeof v === 'object';

// Share of the 100,000 cases: 30% across the validators and identity checks.
const targets = [...validators, ...identityChecks];
const perTarget = Math.max(1, Math.round((HOSTILE_TOTAL * 0.3) / targets.length));

describe('hostile input: every validate* and the identity checks', () => {
  it('discovers the validators', () => {
    expect(validators).toContain('validateMeshPassthrough');
    expect(validators).toContain('validateEcsControlPlane');
  });

  targets.forEach((name, index) => {
    it(`${name} on ${perTarget} hostile values (issues or MeshPolicyError only)`, () => {
      const fn = exported[name] as Fn;
      const firsts = sampleHostile(anyHostile, perTarget, 100 + index);
      // Second arguments are options objects / resource lists: hostile contents, but objects.
      const seconds = sampleHostile(anyHostile, perTarget, 200 + index).map((v) =>
        isObjectLike(v) ? v : {},
      );
      const call = callers[name] ?? ((f: Fn, a: unknown, b: unknown) => f(a, b));
      // Half the cases pass a hostile second argument (options / resources), half leave it out.
      const known = KNOWN_DEFECTS[name];
      const pairs = firsts
        .map((a, i) => ({ a, b: i % 2 === 0 ? undefined : seconds[i] }))
        .filter(({ a }) => known === undefined || !known.trigger(a));
      const report = runHostile(name, pairs, ({ a, b }) => call(fn, a, b));
      expectClean(report);
    });
  });
});

const knownHere = Object.entries(KNOWN_DEFECTS).filter(([n]) => targets.includes(n));

// Declared only while a validator has a known defect (an empty suite is an error).
if (knownHere.length > 0) {
  describe('known defects (remove the entry once fixed)', () => {
    for (const [name, defect] of knownHere) {
      it.fails(`${name}: ${defect.what}`, () => {
        const fn = exported[name] as Fn;
        const samples = sampleHostile(anyHostile, 500, 900).filter((a) => defect.trigger(a));
        const report = runHostile(name, [null, undefined, 1, 'x', ...samples], (a) => fn(a));
        expectClean(report);
      });
    }
  });
}
