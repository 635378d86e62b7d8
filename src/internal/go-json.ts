/**
 * Go's `encoding/json` as Kuma's readers meet it: `json.Decoder.Decode` of the first JSON value of
 * a text (with Go's syntax error texts) and the JSON kinds Go's `UnmarshalTypeError` names.
 * Internal: callers pass strings.
 */
import { goQuote } from './go-strconv.js';

/** A decoded JSON value, or Go's error text. */
export type GoJsonDecoded = { ok: true; value: unknown } | { ok: false; error: string };

/** The JSON kind Go's `UnmarshalTypeError` names (`json: cannot unmarshal <kind> into …`). */
export function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** Go's `UnmarshalTypeError` text: `json: cannot unmarshal <what> into Go value of type <type>`. */
export const unmarshalTypeError = (what: string, goType: string): string =>
  `json: cannot unmarshal ${what} into Go value of type ${goType}`;

const MAX_DEPTH = 10000;

/** Go's `quoteChar`: a byte as Go's JSON syntax errors print it (a byte above 0x7f as its Latin-1 rune). */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return `'${goQuote(String.fromCharCode(c)).slice(1, -1)}'`;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

class JsonSyntax {
  constructor(readonly message: string) {}
}

/**
 * Go's `json.Decoder.Decode` into a raw message: scans the first JSON value of `text` byte by
 * byte, with Go's error texts (`unexpected EOF`, `invalid character 'x' after object key`, …).
 * What follows a complete value is not read.
 */
export function firstJsonValue(text: string): GoJsonDecoded {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  let i = 0;
  const eof = new JsonSyntax('unexpected EOF');
  const fail = (context: string): JsonSyntax =>
    new JsonSyntax(`invalid character ${quoteChar(bytes[i] as number)} ${context}`);
  const peek = (): number => {
    if (i >= n) throw eof;
    return bytes[i] as number;
  };
  const skipSpace = (): number => {
    while (i < n && isSpace(bytes[i] as number)) i++;
    return peek();
  };
  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (peek() !== word.charCodeAt(k)) throw fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const digits = (): void => {
    while (i < n && isDigit(bytes[i] as number)) i++;
  };
  // A number ends at the first byte that cannot continue it; at the very end of the input Go
  // feeds a space, which ends a complete top-level number.
  const number = (): void => {
    if (bytes[i] === 0x2d) {
      i++;
      const c = peek();
      if (!isDigit(c)) throw fail('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else digits();
    if (i < n && bytes[i] === 0x2e) {
      i++;
      if (!isDigit(peek())) throw fail('after decimal point in numeric literal');
      digits();
    }
    if (i < n && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      i++;
      let c = peek();
      if (c === 0x2b || c === 0x2d) {
        i++;
        c = peek();
      }
      if (!isDigit(c)) throw fail('in exponent of numeric literal');
      digits();
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      const c = peek();
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        const e = peek();
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!isHex(peek())) throw fail('in \\u hexadecimal character escape');
          }
        } else if (![0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(e)) {
          throw fail('in string escape code');
        }
        i++;
        continue;
      }
      if (c < 0x20) throw fail('in string literal');
      i++;
    }
  };
  // Containers are tracked on an explicit stack (no recursion on deeply nested input).
  const stack: ('object' | 'array')[] = [];
  const open = (kind: 'object' | 'array'): void => {
    stack.push(kind);
    if (stack.length > MAX_DEPTH) throw fail('exceeded max depth');
    i++;
  };
  /** An object key and its colon; the member value comes next. */
  const objectKey = (): void => {
    if (skipSpace() !== 0x22) throw fail('looking for beginning of object key string');
    string();
    if (skipSpace() !== 0x3a) throw fail('after object key');
    i++;
  };
  try {
    while (i < n && isSpace(bytes[i] as number)) i++;
    if (i >= n) return { ok: false, error: 'EOF' };
    const start = i;
    let expectValue = true;
    do {
      if (expectValue) {
        const c = skipSpace();
        expectValue = false;
        if (c === 0x7b) {
          open('object');
          if (skipSpace() === 0x7d) {
            stack.pop();
            i++;
          } else {
            objectKey();
            expectValue = true;
          }
        } else if (c === 0x5b) {
          open('array');
          if (skipSpace() === 0x5d) {
            stack.pop();
            i++;
          } else {
            expectValue = true;
          }
        } else if (c === 0x22) string();
        else if (c === 0x2d || isDigit(c)) number();
        else if (c === 0x74) literal('true');
        else if (c === 0x66) literal('false');
        else if (c === 0x6e) literal('null');
        else throw fail('looking for beginning of value');
        continue;
      }
      // A value just ended inside the innermost container.
      const top = stack[stack.length - 1];
      const c = skipSpace();
      if (c === 0x2c) {
        i++;
        if (top === 'object') objectKey();
        expectValue = true;
      } else if (c === (top === 'object' ? 0x7d : 0x5d)) {
        stack.pop();
        i++;
      } else {
        throw fail(top === 'object' ? 'after object key:value pair' : 'after array element');
      }
    } while (expectValue || stack.length > 0);
    const raw = new TextDecoder().decode(bytes.subarray(start, i));
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    if (error instanceof JsonSyntax) return { ok: false, error: error.message };
    return { ok: false, error: 'unexpected EOF' };
  }
}
