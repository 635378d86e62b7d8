/**
 * Every function exported by every module (discovered, so functions added later are covered),
 * called from plain JavaScript with values of the wrong type: either a result comes back or a
 * MeshPolicyError is thrown — never a TypeError from deep inside. Names starting with an uppercase
 * letter (classes, constants, schemas) are skipped.
 */
import { describe, expect, it } from 'vitest';
import * as identity from '../../src/identity/index.js';
import * as root from '../../src/index.js';
import * as inspect from '../../src/inspect/index.js';
import * as legacy from '../../src/legacy/index.js';
import * as models from '../../src/models/index.js';
import { MeshPolicyError } from '../../src/models/index.js';
import * as passthrough from '../../src/passthrough/index.js';
import * as rbac from '../../src/rbac/index.js';
import * as targetref from '../../src/targetref/index.js';

const MODULES: Record<string, Record<string, unknown>> = {
  models,
  legacy,
  targetref,
  passthrough,
  rbac,
  identity,
  inspect,
};

const firstArgs: unknown[] = [
  null,
  undefined,
  0,
  'x',
  {},
  [],
  [null],
  { spec: null },
  { labels: null, name: 1 },
  { type: 'Dataplane' },
];
const laterArgs: unknown[] = [undefined, null, {}, 'x'];

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

describe('exported functions called from plain JavaScript with values of the wrong type', () => {
  for (const [module, mod] of Object.entries(MODULES)) {
    const names = Object.keys(mod)
      .filter((k) => typeof mod[k] === 'function' && !/^[A-Z]/.test(k))
      .sort();
    it(`mesh-policy/${module} exports functions to check`, () => {
      expect(names.length).toBeGreaterThan(0);
    });
    for (const name of names) {
      it(`mesh-policy/${module}: ${name} lets only MeshPolicyError escape`, () => {
        const fn = mod[name] as (...args: unknown[]) => unknown;
        for (const a of firstArgs)
          for (const b of laterArgs)
            for (const c of laterArgs) {
              try {
                fn(a, b, c, c, c);
              } catch (error) {
                expect(error, `${name}(${show(a)}, ${show(b)}, ${show(c)})`).toBeInstanceOf(MeshPolicyError);
              }
            }
      });
    }
  }
});

describe('admissionIssues (exported by the root entry) on junk', () => {
  const call = (v: unknown, options?: unknown) =>
    (root.admissionIssues as (...a: unknown[]) => unknown)(v, options);

  it('throws MeshPolicyError INVALID_INPUT for a non-object resource', () => {
    for (const v of [null, undefined, 0, 'x', true, [], [null]]) {
      let thrown: unknown;
      try {
        call(v);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, show(v)).toBeInstanceOf(MeshPolicyError);
      expect((thrown as MeshPolicyError).code, show(v)).toBe('INVALID_INPUT');
    }
  });

  it('returns issues, never throws, for objects of the wrong shape and junk options', () => {
    expect(call({})).toEqual([{ path: 'type', message: 'must be defined', severity: 'error' }]);
    for (const v of firstArgs.filter((a) => a !== null && typeof a === 'object' && !Array.isArray(a)))
      for (const options of laterArgs) {
        const issues = call(v, options) as { severity: string }[];
        expect(Array.isArray(issues), show(v)).toBe(true);
        expect(issues.length, show(v)).toBeGreaterThan(0);
        expect(issues.every((i) => i.severity === 'error')).toBe(true);
      }
  });
});
