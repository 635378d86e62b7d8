/**
 * Type test (checked by `npm run typecheck`, which compiles test/; `expectTypeOf` does nothing at
 * run time): every function exported by the legacy, targetref, inspect and identity modules takes
 * its inputs read-only all the way down — each parameter's type is its own `DeepReadonly` — so the
 * compiler rejects an in-place write to a caller's object (a `sort`, a `push`, an assignment)
 * anywhere in the library. The run-time side of the promise is `invariants.test.ts` (every export
 * called on deep-frozen inputs).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as identity from '../../src/identity/index.js';
import type * as inspect from '../../src/inspect/index.js';
import type { DeepReadonly } from '../../src/internal/readonly.js';
import type * as legacy from '../../src/legacy/index.js';
import type * as targetref from '../../src/targetref/index.js';

/** Exact type identity (readonly modifiers included, which assignability ignores on properties). */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** The names of a module's functions with a parameter that is not read-only all the way down. */
type WritableInputs<M> = {
  [K in keyof M]: M[K] extends (...args: infer A) => unknown
    ? true extends { [I in keyof A]: Equal<DeepReadonly<A[I]>, A[I]> extends true ? false : true }[number]
      ? K
      : never
    : never;
}[keyof M];

describe('public inputs are read-only all the way down', () => {
  it('mesh-policy/targetref', () => {
    expectTypeOf<WritableInputs<typeof targetref>>().toEqualTypeOf<never>();
  });
  it('mesh-policy/inspect', () => {
    expectTypeOf<WritableInputs<typeof inspect>>().toEqualTypeOf<never>();
  });
  it('mesh-policy/legacy', () => {
    expectTypeOf<WritableInputs<typeof legacy>>().toEqualTypeOf<never>();
  });
  it('mesh-policy/identity', () => {
    expectTypeOf<WritableInputs<typeof identity>>().toEqualTypeOf<never>();
  });

  it('the check can fail: mutable lists and properties are reported, read-only ones are not', () => {
    const m = {
      sortInPlace: (xs: number[]) => xs.sort(),
      rename: (o: { name: string }) => o.name,
      nested: (o: { readonly tags: string[] }) => o.tags.length,
      readOnly: (xs: readonly number[], o: { readonly name: string }, n?: number) =>
        xs.length + o.name.length + (n ?? 0),
    };
    expectTypeOf<WritableInputs<typeof m>>().toEqualTypeOf<'sortInPlace' | 'rename' | 'nested'>();
  });
});
