/**
 * `DeepReadonly<T>`: `T` with every property, array, map and set made read-only, all the way down.
 * The legacy, targetref, inspect and identity modules take their inputs through it (and through
 * read-only views of the models' resource types built with it), so the compiler rejects a write to
 * a caller's object (an in-place `sort`, a `push`, an assignment) anywhere the input is reachable.
 * A mutable value is assignable to its `DeepReadonly` view: callers passing their own objects need
 * no cast.
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<DeepReadonly<K>, DeepReadonly<V>>
    : T extends ReadonlySet<infer U>
      ? ReadonlySet<DeepReadonly<U>>
      : T extends object
        ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
        : T;
