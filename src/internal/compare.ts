/**
 * Go's string order: byte-wise over UTF-8. For strings of code points below U+10000 and for
 * surrogate pairs this is the order of code points, which is what this compares (JavaScript's
 * `<` compares UTF-16 code units and puts U+FF61 after U+1F600, unlike Go).
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // A surrogate (U+D800–U+DFFF) stands for a code point above U+FFFF: it sorts after every
      // BMP character of U+E000 and above, which JavaScript's order puts after it.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}
