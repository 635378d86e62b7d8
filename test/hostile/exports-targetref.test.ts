/**
 * Every function exported by mesh-policy/targetref, called from plain JavaScript with values of
 * the wrong type: either a result comes back or a MeshPolicyError is thrown — never a TypeError.
 */
import { describe, expect, it } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import * as targetref from '../../src/targetref/index.js';

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

const functions = Object.entries(targetref as Record<string, unknown>).filter(
  ([name, value]) => typeof value === 'function' && !/^[A-Z]/.test(name),
);

describe('mesh-policy/targetref exports called with values of the wrong type', () => {
  it('exports functions to probe', () => {
    expect(functions.length).toBeGreaterThan(0);
  });
  for (const [name, value] of functions) {
    it(`${name}: only MeshPolicyError escapes (or a result comes back)`, () => {
      const fn = value as (...args: unknown[]) => unknown;
      for (const a of firstArgs)
        for (const b of laterArgs)
          for (const c of laterArgs) {
            try {
              fn(a, b, c, c);
            } catch (error) {
              expect(error, `${name}(${JSON.stringify(a)}, ${String(b)}, ${String(c)})`).toBeInstanceOf(
                MeshPolicyError,
              );
            }
          }
    });
  }
});
