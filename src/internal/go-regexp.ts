/**
 * Go's `regexp.Compile` syntax check (Go 1.23's `regexp/syntax` parser with Perl flags): whether a
 * pattern compiles, and Go's error text when it does not (`error parsing regexp: missing closing ):
 * `(abc``). Only what decides acceptance is kept (no program is built). Go's size and depth limits
 * are followed (without its alternation factoring, so only approximately at the limits); its limit
 * on the total runes of character classes (some 26,000 `\pL`) is not. Internal: callers pass
 * strings.
 */

/** Unicode general categories Go 1.23's `unicode.Categories` knows. */
const GO_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);
/** Unicode 15.0 scripts, as Go 1.23's `unicode.Scripts` names them. */
const GO_SCRIPTS = new Set(
  (
    'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali ' +
    'Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian ' +
    'Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret ' +
    'Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian ' +
    'Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo ' +
    'Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian ' +
    'Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki ' +
    'Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam ' +
    'Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive ' +
    'Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari ' +
    'New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic ' +
    'Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya ' +
    'Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic ' +
    'Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo ' +
    'Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut ' +
    'Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi ' +
    'Zanabazar_Square'
  ).split(' '),
);
const POSIX_CLASSES = new Set(
  'alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit'.split(' '),
);
const PERL_CLASSES = new Set(['d', 'D', 's', 'S', 'w', 'W']);
/** Go's `maxRepeat`: the largest count, and the largest product of nested counts. */
const MAX_REPEAT = 1000;
/** Go's `maxHeight`: the deepest parse tree. */
const MAX_HEIGHT = 1000;
/** Go's `maxSize`: the largest program, in instructions (128 MiB of 40-byte instructions). */
const MAX_SIZE = Math.floor((128 * 1024 * 1024) / 40);

/**
 * A node of the parse tree, with what Go's limits need: its counted repetition, its height and
 * its estimated program size (Go's `calcSize`).
 */
interface ReNode {
  readonly repeat?: { readonly min: number; readonly max: number };
  readonly subs: readonly ReNode[];
  readonly height: number;
  readonly size: number;
  /** A single literal character (Go merges runs of them into one string node). */
  readonly literal?: boolean;
}
type StackItem =
  | { readonly kind: 'node'; readonly node: ReNode }
  | { readonly kind: 'paren'; readonly capture: boolean }
  | { readonly kind: 'bar' };

/** Go's `regexp/syntax` error codes (the ones a Perl-flags parse can return). */
const ERR = {
  invalidCharRange: 'invalid character class range',
  invalidEscape: 'invalid escape sequence',
  invalidNamedCapture: 'invalid named capture',
  invalidPerlOp: 'invalid or unsupported Perl syntax',
  invalidRepeatOp: 'invalid nested repetition operator',
  invalidRepeatSize: 'invalid repeat count',
  missingBracket: 'missing closing ]',
  missingParen: 'missing closing )',
  missingRepeatArgument: 'missing argument to repetition operator',
  trailingBackslash: 'trailing backslash at end of expression',
  unexpectedParen: 'unexpected )',
  nestingDepth: 'expression nests too deeply',
  large: 'expression too large',
} as const;

/** Go's `*syntax.Error`: a code and the offending text (undefined: the whole expression). */
class RegexpSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string | undefined,
  ) {
    super(code);
  }
}
function fail(code: string, expr?: string): never {
  throw new RegexpSyntaxError(code, expr);
}

const LEAF: ReNode = { subs: [], height: 1, size: 1 };
const LITERAL: ReNode = { subs: [], height: 1, size: 1, literal: true };

/** A node over `subs`, checked against Go's size and height limits (in Go's order). */
function node(subs: readonly ReNode[], size: number, repeat?: { min: number; max: number }): ReNode {
  const height = 1 + subs.reduce((h, s) => Math.max(h, s.height), 0);
  const n: ReNode = { subs, height, size: Math.max(1, size), ...(repeat === undefined ? {} : { repeat }) };
  if (n.size > MAX_SIZE) fail(ERR.large);
  if (n.height > MAX_HEIGHT) fail(ERR.nestingDepth);
  return n;
}

/** One branch of an alternation: its items concatenated (runs of literals form one string). */
function concat(items: readonly ReNode[]): ReNode {
  const merged: ReNode[] = [];
  for (const item of items) {
    const last = merged[merged.length - 1];
    if (item.literal === true && last?.literal === true)
      merged[merged.length - 1] = { ...last, size: last.size + 1 };
    else merged.push(item);
  }
  if (merged.length === 0) return LEAF;
  if (merged.length === 1) return merged[0] as ReNode;
  return node(
    merged,
    merged.reduce((sum, m) => sum + m.size, 0),
  );
}

/** Go's `repeatIsValid`: nested counted repetitions may not multiply beyond `n`. */
function repeatIsValid(re: ReNode, n: number): boolean {
  let budget = n;
  if (re.repeat !== undefined) {
    let m = re.repeat.max;
    if (m === 0) return true;
    if (m < 0) m = re.repeat.min;
    if (m > budget) return false;
    if (m > 0) budget = Math.floor(budget / m);
  }
  return re.subs.every((sub) => repeatIsValid(sub, budget));
}

const isWordChar = (c: string): boolean => /^[0-9A-Za-z_]$/.test(c);
const isAsciiAlnumChar = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);
const isHexChar = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** A Go-RE2 syntax checker over the pattern's code points. */
class GoRegexpChecker {
  private readonly cps: string[];
  private i = 0;
  private readonly stack: StackItem[] = [];

  constructor(pattern: string) {
    this.cps = Array.from(pattern);
  }

  private peek(offset = 0): string | undefined {
    return this.cps[this.i + offset];
  }

  /** The pattern text between two code-point positions. */
  private text(from: number, to: number = this.cps.length): string {
    return this.cps.slice(from, Math.min(to, this.cps.length)).join('');
  }

  private pushNode(n: ReNode = LEAF): void {
    this.stack.push({ kind: 'node', node: n });
  }

  /** Collapses the items above the innermost `(` into one node (Go's concat + alternate). */
  private collapseGroup(): ReNode {
    let open = this.stack.length;
    while (open > 0 && this.stack[open - 1]?.kind !== 'paren') open--;
    const branches: ReNode[] = [];
    let items: ReNode[] = [];
    for (const item of this.stack.splice(open)) {
      if (item.kind === 'node') items.push(item.node);
      else if (item.kind === 'bar') {
        branches.push(concat(items));
        items = [];
      }
    }
    branches.push(concat(items));
    if (branches.length === 1) return branches[0] as ReNode;
    return node(branches, branches.reduce((sum, b) => sum + b.size, 0) + branches.length - 1);
  }

  check(): void {
    // Where the repetition operator just read started (Go's `lastRepeat`), or -1.
    let lastRepeat = -1;
    while (this.i < this.cps.length) {
      const c = this.cps[this.i] as string;
      const start = this.i;
      let repeated = false;
      switch (c) {
        case '(':
          if (this.peek(1) === '?') this.perlFlags();
          else {
            this.stack.push({ kind: 'paren', capture: true });
            this.i++;
          }
          break;
        case '|':
          this.stack.push({ kind: 'bar' });
          this.i++;
          break;
        case ')': {
          const inner = this.collapseGroup();
          const open = this.stack.pop();
          if (open?.kind !== 'paren') fail(ERR.unexpectedParen);
          this.pushNode(open.capture ? node([inner], 2 + inner.size) : inner);
          this.i++;
          break;
        }
        case '[':
          this.charClass();
          this.pushNode();
          break;
        case '*':
        case '+':
        case '?':
          this.i++;
          this.repeat(start, lastRepeat, c === '*' ? 2 : 1);
          repeated = true;
          break;
        case '{': {
          const counted = this.countedRepeat();
          if (counted === undefined) {
            this.pushNode(LITERAL);
            this.i++;
            break;
          }
          this.repeat(start, lastRepeat, 0, counted);
          repeated = true;
          break;
        }
        case '\\':
          this.escapeOutsideClass();
          break;
        case '^':
        case '$':
        case '.':
          this.pushNode();
          this.i++;
          break;
        default:
          this.pushNode(LITERAL);
          this.i++;
      }
      lastRepeat = repeated ? start : -1;
    }
    this.collapseGroup();
    if (this.stack.length !== 0) fail(ERR.missingParen);
  }

  /**
   * `*`, `+`, `?` (program size `extra` + the operand's) or a counted `{n,m}` (already read), with
   * Perl's `?` for non-greedy. `start` is where the operator began.
   */
  private repeat(
    start: number,
    lastRepeat: number,
    extra: number,
    counted?: { min: number; max: number },
  ): void {
    if (this.peek() === '?') this.i++;
    if (lastRepeat >= 0) fail(ERR.invalidRepeatOp, this.text(lastRepeat, this.i));
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.kind !== 'node') fail(ERR.missingRepeatArgument, this.text(start, this.i));
    const sub = top.node;
    let n: ReNode;
    if (counted === undefined) n = node([sub], extra + sub.size);
    else {
      const { min, max } = counted;
      const size =
        max === -1 ? (min === 0 ? 2 + sub.size : 1 + min * sub.size) : max * sub.size + (max - min);
      n = node([sub], size, counted);
      if ((min >= 2 || max >= 2) && !repeatIsValid(n, MAX_REPEAT))
        fail(ERR.invalidRepeatSize, this.text(start, this.i));
    }
    this.stack[this.stack.length - 1] = { kind: 'node', node: n };
  }

  /** Go's `parseInt` for repeat counts: digits without leading zeros (-1 when too big). */
  private repeatInt(): number | undefined {
    const first = this.peek();
    if (first === undefined || !/[0-9]/.test(first)) return undefined;
    if (first === '0' && /[0-9]/.test(this.peek(1) ?? '')) return undefined;
    let digits = '';
    while (/[0-9]/.test(this.peek() ?? '')) {
      digits += this.peek();
      this.i++;
    }
    return digits.length > 8 ? -1 : Number(digits);
  }

  /** Go's `parseRepeat`; undefined (cursor unchanged) when `{` is a literal. */
  private countedRepeat(): { min: number; max: number } | undefined {
    const start = this.i;
    const back = (): undefined => {
      this.i = start;
      return undefined;
    };
    this.i++;
    let min = this.repeatInt();
    if (min === undefined || this.peek() === undefined) return back();
    let max = min;
    if (this.peek() === ',') {
      this.i++;
      if (this.peek() === undefined) return back();
      if (this.peek() === '}') max = -1;
      else {
        const m = this.repeatInt();
        if (m === undefined) return back();
        max = m;
        if (max < 0) min = -1;
      }
    }
    if (this.peek() !== '}') return back();
    this.i++;
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max))
      fail(ERR.invalidRepeatSize, this.text(start, this.i));
    return { min, max };
  }

  /** `(?flags)`, `(?flags:`, `(?:`, `(?P<name>`, `(?<name>`; the cursor is on `(`. */
  private perlFlags(): void {
    const start = this.i;
    const startsWithP = this.cps.length - this.i > 4 && this.peek(2) === 'P' && this.peek(3) === '<';
    const startsWithName = this.cps.length - this.i > 3 && this.peek(2) === '<';
    if (startsWithP || startsWithName) {
      const nameStart = this.i + (startsWithP ? 4 : 3);
      const end = this.cps.indexOf('>', this.i);
      if (end < 0) fail(ERR.invalidNamedCapture, this.text(start));
      const name = this.cps.slice(nameStart, end);
      if (name.length === 0 || !name.every(isWordChar))
        fail(ERR.invalidNamedCapture, this.text(start, end + 1));
      this.stack.push({ kind: 'paren', capture: true });
      this.i = end + 1;
      return;
    }
    this.i += 2;
    let negated = false;
    let sawFlag = false;
    while (this.i < this.cps.length) {
      const c = this.cps[this.i++] as string;
      if ('imsU'.includes(c)) {
        sawFlag = true;
        continue;
      }
      if (c === '-') {
        if (negated) break;
        negated = true;
        sawFlag = false;
        continue;
      }
      if (c === ':' || c === ')') {
        if (negated && !sawFlag) break;
        if (c === ':') this.stack.push({ kind: 'paren', capture: false });
        return;
      }
      break;
    }
    fail(ERR.invalidPerlOp, this.text(start, this.i));
  }

  /** A backslash outside a class: assertions, `\Q…\E`, `\p{…}`, Perl classes, escapes. */
  private escapeOutsideClass(): void {
    const next = this.peek(1);
    switch (next) {
      case 'A':
      case 'b':
      case 'B':
      case 'z':
        this.pushNode();
        this.i += 2;
        return;
      case 'C':
        fail(ERR.invalidEscape, this.text(this.i, this.i + 2));
        return;
      case 'Q': {
        this.i += 2;
        let end = -1;
        for (let j = this.i; j + 1 < this.cps.length; j++)
          if (this.cps[j] === '\\' && this.cps[j + 1] === 'E') {
            end = j;
            break;
          }
        const stop = end < 0 ? this.cps.length : end;
        for (let j = this.i; j < stop; j++) this.pushNode(LITERAL);
        this.i = end < 0 ? this.cps.length : end + 2;
        return;
      }
    }
    if (next === 'p' || next === 'P') {
      this.unicodeClass();
      this.pushNode();
      return;
    }
    if (next !== undefined && PERL_CLASSES.has(next)) {
      this.i += 2;
      this.pushNode();
      return;
    }
    this.escape();
    this.pushNode(LITERAL);
  }

  /** `\pN`, `\p{Name}`, `\p{^Name}` (and `\P…`); the cursor is on the backslash. */
  private unicodeClass(): void {
    const start = this.i;
    this.i += 2;
    const c = this.peek();
    let name: string;
    if (c !== '{') {
      name = c ?? '';
      if (c !== undefined) this.i++;
    } else {
      const end = this.cps.indexOf('}', this.i);
      if (end < 0) fail(ERR.invalidCharRange, this.text(start));
      name = this.text(this.i + 1, end);
      this.i = end + 1;
    }
    if (name.startsWith('^')) name = name.slice(1);
    if (name !== 'Any' && !GO_CATEGORIES.has(name) && !GO_SCRIPTS.has(name))
      fail(ERR.invalidCharRange, this.text(start, this.i));
  }

  /** Go's `parseEscape`: returns the code point; the cursor is on the backslash. */
  private escape(): number {
    const start = this.i;
    const invalid = (): never => fail(ERR.invalidEscape, this.text(start, this.i));
    this.i++;
    const c = this.cps[this.i++];
    if (c === undefined) return fail(ERR.trailingBackslash, '');
    if (c.length === 1 && c.charCodeAt(0) < 0x80 && !isAsciiAlnumChar(c)) return c.charCodeAt(0);
    if (c >= '0' && c <= '7') {
      const isOctal = (d: string | undefined): boolean => d !== undefined && d >= '0' && d <= '7';
      // A single non-zero digit is a backreference, which Go does not support.
      if (c !== '0' && !isOctal(this.peek())) return invalid();
      let value = Number(c);
      for (let k = 1; k < 3 && isOctal(this.peek()); k++) value = value * 8 + Number(this.cps[this.i++]);
      return value;
    }
    if (c === 'x') {
      const first = this.cps[this.i];
      if (first === undefined) return invalid();
      this.i++;
      if (first === '{') {
        let value = 0;
        let digits = 0;
        for (;;) {
          const d = this.cps[this.i];
          if (d === undefined) return invalid();
          this.i++;
          if (d === '}') break;
          if (!isHexChar(d)) return invalid();
          value = value * 16 + Number.parseInt(d, 16);
          if (value > 0x10ffff) return invalid();
          digits++;
        }
        return digits === 0 ? invalid() : value;
      }
      const second = this.cps[this.i];
      if (second !== undefined) this.i++;
      if (!isHexChar(first) || !isHexChar(second)) return invalid();
      return Number.parseInt(first + second, 16);
    }
    const cEscapes: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    const value = cEscapes[c];
    return value === undefined ? invalid() : value;
  }

  /** `[…]`: the cursor is on `[`. */
  private charClass(): void {
    const start = this.i;
    this.i++;
    if (this.peek() === '^') this.i++;
    let first = true;
    while (first || this.peek() !== ']') {
      if (this.peek() === undefined) fail(ERR.missingBracket, this.text(start));
      first = false;
      if (this.peek() === '[' && this.peek(1) === ':') {
        const rest = this.text(this.i + 2);
        const end = rest.indexOf(':]');
        if (end >= 0) {
          const name = rest.slice(0, end);
          const bare = name.startsWith('^') ? name.slice(1) : name;
          if (!POSIX_CLASSES.has(bare)) fail(ERR.invalidCharRange, `[:${name}:]`);
          this.i += 2 + Array.from(name).length + 2;
          continue;
        }
      }
      const next = this.peek(1);
      if (this.peek() === '\\' && (next === 'p' || next === 'P')) {
        this.unicodeClass();
        continue;
      }
      if (this.peek() === '\\' && next !== undefined && PERL_CLASSES.has(next)) {
        this.i += 2;
        continue;
      }
      const rangeStart = this.i;
      const lo = this.classChar(start);
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.i++;
        const hi = this.classChar(start);
        if (hi < lo) fail(ERR.invalidCharRange, this.text(rangeStart, this.i));
      }
    }
    this.i++;
  }

  /** Go's `parseClassChar`; `classStart` is where the class began. */
  private classChar(classStart: number): number {
    const c = this.peek();
    if (c === undefined) return fail(ERR.missingBracket, this.text(classStart));
    if (c === '\\') return this.escape();
    this.i++;
    return c.codePointAt(0) as number;
  }
}

/**
 * Go's `regexp.Compile(pattern)` error text (`error parsing regexp: <code>: `<text>``), or
 * undefined when Go compiles the pattern.
 */
export function goRegexpError(pattern: string): string | undefined {
  try {
    new GoRegexpChecker(pattern).check();
    return undefined;
  } catch (error) {
    if (error instanceof RegexpSyntaxError)
      return `error parsing regexp: ${error.code}: \`${error.expr ?? pattern}\``;
    throw error;
  }
}

/** Whether Go's `regexp.Compile` accepts the pattern. */
export function isGoRegexp(pattern: string): boolean {
  return goRegexpError(pattern) === undefined;
}
