import type * as fc from 'fast-check';

// Building an arbitrary (notably `stringMatching`) costs milliseconds; generating from it costs
// microseconds. Arbitraries are immutable, so each building block is built once and shared.
const cache = new Map<string, unknown>();
export function cached<T>(key: string, build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let arb = cache.get(key) as fc.Arbitrary<T> | undefined;
  if (arb === undefined) {
    arb = build();
    cache.set(key, arb);
  }
  return arb;
}
