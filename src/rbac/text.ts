/** Turns any value into text for a message without ever throwing (hostile `toString`, symbols, cycles). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'symbol')
    return value.description === undefined ? 'Symbol()' : `Symbol(${value.description})`;
  if (typeof value === 'function') return '[function]';
  try {
    return JSON.stringify(value) ?? '[value]';
  } catch {
    return Array.isArray(value) ? '[array]' : '[object]';
  }
}
