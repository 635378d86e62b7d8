/**
 * Defects this suite found in other modules, tracked until their owners fix them. Inputs that
 * trigger a known defect are left out of the strict checks and replayed by an `it.fails` test,
 * which starts failing (a reminder to delete the entry here) as soon as the defect is fixed.
 */
/**
 * True when `value` contains something `String(x)` / a template literal cannot convert: an object
 * whose own `toString` / `valueOf` is not a function (plain JSON such as `{"toString": 1}` yields
 * one), a null-prototype object, or a symbol.
 */
export function hasUnprintable(value: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (typeof value === 'symbol') return true;
  if (value === null || typeof value !== 'object') return false;
  if (Object.getPrototypeOf(value) === null) return true;
  if (Object.hasOwn(value, 'toString') || Object.hasOwn(value, 'valueOf')) return true;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return children.some((c) => hasUnprintable(c, depth + 1));
}

export interface KnownDefect {
  trigger: (input: unknown) => boolean;
  what: string;
}

export const KNOWN_DEFECTS: Record<string, KnownDefect> = {};
