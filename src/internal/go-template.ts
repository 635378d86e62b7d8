/**
 * Go's `text/template` (Go 1.23, the toolchain of Kuma 2.8.8): the parser of `text/template/parse`
 * — its lexer, its parser and the number and string literal rules of `strconv` and `fmt.Sscan` it
 * relies on — for Go's own parse errors (`template: :1: bad character U+005B '['`), and the
 * execution of the simple templates Kuma's confs use. Only the verdict and the message are
 * produced; no parse tree is kept beyond what the error rules need. Internal: callers pass strings.
 */
import { compareBytes } from './compare.js';
import { goQuote, isGoPrint, parseGoInt } from './go-strconv.js';

/** The functions of Go's `text/template` every template may call. */
const BUILTIN_FUNCS: readonly string[] = [
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
];

/**
 * The error `template.New("").Funcs(funcs).Parse(text)` returns in Go 1.23, or undefined when the
 * text parses. `funcs` names the functions added to Go's builtins. Nesting deeper than this
 * JavaScript stack allows (some thousands of parentheses) is reported as Go's `max expression depth
 * exceeded`.
 */
export function goTemplateParseError(text: string, funcs: readonly string[]): string | undefined {
  const treeSet = new Map<string, Tree>();
  const tree = new Tree('', new Set([...BUILTIN_FUNCS, ...funcs]));
  try {
    tree.parseName = tree.name;
    tree.startParse(new Lexer(text), treeSet);
    tree.parse();
    tree.add();
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    if (error instanceof RangeError) return 'template: :1: max expression depth exceeded';
    throw error;
  }
}

// --------------------------------------------------------------------------------- execute

/** The outcome of running a template: its output, Go's parse error, or `unknown` (not emulated). */
export type TemplateResult =
  | { kind: 'ok'; output: string }
  | { kind: 'parse-error'; message: string }
  | { kind: 'unknown' };

const FIELD = /^\.([\p{L}_][\p{L}\p{N}_]*)$/u;
const SPACE = /[ \t\r\n]/;

/**
 * `template.New("").Parse(template)` then `Execute` on a `map[string]string`: the output is
 * computed for text, `{{.name}}`, `{{.}}`, comments and trim markers, and left unknown for anything
 * else (pipelines, functions, control structures).
 */
export function runGoTemplate(template: string, data: Readonly<Record<string, string>>): TemplateResult {
  const parseError = goTemplateParseError(template, []);
  if (parseError !== undefined) return { kind: 'parse-error', message: parseError };
  let output = '';
  let pos = 0;
  let trimNext = false;
  for (;;) {
    const open = template.indexOf('{{', pos);
    let text = template.slice(pos, open < 0 ? undefined : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open < 0) return { kind: 'ok', output: output + text };
    let start = open + 2;
    if (template[start] === '-' && SPACE.test(template[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 2;
    }
    output += text;
    // The template parsed, so the action is closed.
    const close = template.indexOf('}}', start);
    let body = template.slice(start, close);
    trimNext = /[ \t\r\n]-$/.test(body);
    if (trimNext) body = body.slice(0, -2);
    const action = body.trim();
    const field = FIELD.exec(action);
    if (field !== null) {
      const name = field[1] as string;
      output += Object.hasOwn(data, name) ? data[name] : '<no value>';
    } else if (action === '.') {
      // fmt prints a map with its keys sorted.
      output += `map[${Object.keys(data)
        .sort(compareBytes)
        .map((k) => `${k}:${data[k]}`)
        .join(' ')}]`;
    } else if (!(action.startsWith('/*') && action.endsWith('*/'))) {
      return { kind: 'unknown' };
    }
    pos = close + 2;
  }
}

// ------------------------------------------------------------------------------------ lexer

const T = {
  Error: 0,
  Bool: 1,
  Char: 2,
  CharConstant: 3,
  Comment: 4,
  Complex: 5,
  Assign: 6,
  Declare: 7,
  EOF: 8,
  Field: 9,
  Identifier: 10,
  LeftDelim: 11,
  LeftParen: 12,
  Number: 13,
  Pipe: 14,
  RawString: 15,
  RightDelim: 16,
  RightParen: 17,
  Space: 18,
  String: 19,
  Text: 20,
  Variable: 21,
  // Keywords come after all the rest.
  Keyword: 22,
  Block: 23,
  Break: 24,
  Continue: 25,
  Dot: 26,
  Define: 27,
  Else: 28,
  End: 29,
  If: 30,
  Nil: 31,
  Range: 32,
  Template: 33,
  With: 34,
} as const;
type ItemType = (typeof T)[keyof typeof T];

interface Item {
  readonly typ: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', T.Dot],
  ['block', T.Block],
  ['break', T.Break],
  ['continue', T.Continue],
  ['define', T.Define],
  ['else', T.Else],
  ['end', T.End],
  ['if', T.If],
  ['range', T.Range],
  ['nil', T.Nil],
  ['template', T.Template],
  ['with', T.With],
]);

const EOF = -1;
const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2;
const ch = (c: string): number => c.codePointAt(0) ?? EOF;

type StateFn = (l: Lexer) => StateFn | null;

class TemplateError extends Error {}

class Lexer {
  input: string;
  pos = 0;
  start = 0;
  atEOF = false;
  parenDepth = 0;
  line = 1;
  startLine = 1;
  item: Item = { typ: T.EOF, pos: 0, val: 'EOF', line: 1 };
  insideAction = false;

  constructor(input: string) {
    this.input = input;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) ?? EOF;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 10) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (this.atEOF || this.pos <= 0) return;
    const low = this.input.charCodeAt(this.pos - 1);
    const width =
      low >= 0xdc00 && low <= 0xdfff && this.pos >= 2 && isHighSurrogate(this.input.charCodeAt(this.pos - 2))
        ? 2
        : 1;
    this.pos -= width;
    if (low === 10) this.line--;
  }

  thisItem(typ: ItemType): Item {
    const item = { typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return item;
  }

  emit(typ: ItemType): null {
    return this.emitItem(this.thisItem(typ));
  }

  emitItem(item: Item): null {
    this.item = item;
    return null;
  }

  ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    if (valid.includes(String.fromCodePoint(Math.max(this.next(), 0)))) {
      // The EOF "rune" never matches: `valid` holds no NUL.
      return true;
    }
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  errorf(message: string): null {
    this.item = { typ: T.Error, pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  nextItem(): Item {
    this.item = { typ: T.EOF, pos: this.pos, val: 'EOF', line: this.startLine };
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  atRightDelim(): [delim: boolean, trimSpaces: boolean] {
    const rest = this.input.slice(this.pos);
    if (hasRightTrimMarker(rest) && rest.startsWith(RIGHT_DELIM, TRIM_MARKER_LEN)) return [true, true];
    if (rest.startsWith(RIGHT_DELIM)) return [true, false];
    return [false, false];
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    if (
      r === EOF ||
      r === ch('.') ||
      r === ch(',') ||
      r === ch('|') ||
      r === ch(':') ||
      r === ch(')') ||
      r === ch('(')
    )
      return true;
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 10 + 1 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 16 + 6 + 1 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function lexText(l: Lexer): StateFn | null {
  const x = l.input.indexOf(LEFT_DELIM, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      let trimLength = 0;
      const delimEnd = l.pos + LEFT_DELIM.length;
      if (hasLeftTrimMarker(l.input.slice(delimEnd)))
        trimLength = rightTrimLength(l.input.slice(l.start, l.pos));
      l.pos -= trimLength;
      l.line += countNewlines(l.input.slice(l.start, l.pos));
      const item = l.thisItem(T.Text);
      l.pos += trimLength;
      l.ignore();
      if (item.val.length > 0) return l.emitItem(item);
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.line += countNewlines(l.input.slice(l.start, l.pos));
    return l.emit(T.Text);
  }
  return l.emit(T.EOF);
}

function lexLeftDelim(l: Lexer): StateFn | null {
  l.pos += LEFT_DELIM.length;
  const trimSpace = hasLeftTrimMarker(l.input.slice(l.pos));
  const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  const item = l.thisItem(T.LeftDelim);
  l.insideAction = true;
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(item);
}

function lexComment(l: Lexer): StateFn | null {
  l.pos += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (x < 0) return l.errorf('unclosed comment');
  l.pos = x + RIGHT_COMMENT.length;
  const [delim, trimSpace] = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  l.line += countNewlines(l.input.slice(l.start, l.pos));
  l.thisItem(T.Comment);
  if (trimSpace) l.pos += TRIM_MARKER_LEN;
  l.pos += RIGHT_DELIM.length;
  if (trimSpace) l.pos += leftTrimLength(l.input.slice(l.pos));
  l.ignore();
  // Comments are not emitted (text/template does not ask for them).
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn | null {
  const [, trimSpace] = l.atRightDelim();
  if (trimSpace) {
    l.pos += TRIM_MARKER_LEN;
    l.ignore();
  }
  l.pos += RIGHT_DELIM.length;
  const item = l.thisItem(T.RightDelim);
  if (trimSpace) {
    l.pos += leftTrimLength(l.input.slice(l.pos));
    l.ignore();
  }
  l.insideAction = false;
  return l.emitItem(item);
}

function lexInsideAction(l: Lexer): StateFn | null {
  const [delim] = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup(); // Put the space back in case of " -}}".
    return lexSpace;
  }
  switch (r) {
    case ch('='):
      return l.emit(T.Assign);
    case ch(':'):
      if (l.next() !== ch('=')) return l.errorf('expected :=');
      return l.emit(T.Declare);
    case ch('|'):
      return l.emit(T.Pipe);
    case ch('"'):
      return lexQuote;
    case ch('`'):
      return lexRawQuote;
    case ch('$'):
      return lexVariable;
    case ch("'"):
      return lexChar;
    case ch('('):
      l.parenDepth++;
      return l.emit(T.LeftParen);
    case ch(')'):
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit(T.RightParen);
  }
  if (r === ch('.')) {
    // Look ahead for ".field" (a '.' followed by a digit starts a number).
    if (l.pos < l.input.length) {
      const c = l.input.charCodeAt(l.pos);
      if (c < 0x30 || c > 0x39) return lexField;
    }
    l.backup();
    return lexNumber;
  }
  if (r === ch('+') || r === ch('-') || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r <= 0x7f && isGoPrint(r)) return l.emit(T.Char);
  return l.errorf(`unrecognized character in action: ${formatRune(r)}`);
}

function lexSpace(l: Lexer): StateFn | null {
  let numSpaces = 0;
  for (;;) {
    const r = l.peek();
    if (!isSpace(r)) break;
    l.next();
    numSpaces++;
  }
  // A trim-marked closing delimiter starts with a space.
  const rest = l.input.slice(l.pos - 1);
  if (hasRightTrimMarker(rest) && rest.startsWith(RIGHT_DELIM, TRIM_MARKER_LEN)) {
    l.backup();
    if (numSpaces === 1) return lexRightDelim;
  }
  return l.emit(T.Space);
}

function lexIdentifier(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
    const keyword = KEYWORDS.get(word);
    // `break` and `continue` are keywords: no function of that name is defined.
    if (keyword !== undefined && keyword > T.Keyword) return l.emit(keyword);
    if (word === 'true' || word === 'false') return l.emit(T.Bool);
    return l.emit(T.Identifier);
  }
}

const lexField = (l: Lexer): StateFn | null => lexFieldOrVariable(l, T.Field);

function lexVariable(l: Lexer): StateFn | null {
  if (l.atTerminator()) return l.emit(T.Variable);
  return lexFieldOrVariable(l, T.Variable);
}

function lexFieldOrVariable(l: Lexer, typ: ItemType): StateFn | null {
  if (l.atTerminator()) return l.emit(typ === T.Variable ? T.Variable : T.Dot);
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
  return l.emit(typ);
}

function lexChar(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === ch('\\')) {
      r = l.next();
      if (r !== EOF && r !== 10) continue;
      return l.errorf('unterminated character constant');
    }
    if (r === EOF || r === 10) return l.errorf('unterminated character constant');
    if (r === ch("'")) break;
  }
  return l.emit(T.CharConstant);
}

function lexNumber(l: Lexer): StateFn | null {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === ch('+') || sign === ch('-')) {
    // Complex: 1+2i. No spaces, must end in 'i'.
    if (!l.scanNumber() || l.input[l.pos - 1] !== 'i')
      return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    return l.emit(T.Complex);
  }
  return l.emit(T.Number);
}

function lexQuote(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === ch('\\')) {
      r = l.next();
      if (r !== EOF && r !== 10) continue;
      return l.errorf('unterminated quoted string');
    }
    if (r === EOF || r === 10) return l.errorf('unterminated quoted string');
    if (r === ch('"')) break;
  }
  return l.emit(T.String);
}

function lexRawQuote(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === ch('`')) break;
  }
  return l.emit(T.RawString);
}

const SPACE_CHARS = ' \t\r\n';

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

function isAlphaNumeric(r: number): boolean {
  if (r === ch('_')) return true;
  if (r < 0) return false;
  return /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r));
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function hasLeftTrimMarker(s: string): boolean {
  return s.length >= 2 && s[0] === '-' && isSpace(s.charCodeAt(1));
}

function hasRightTrimMarker(s: string): boolean {
  return s.length >= 2 && isSpace(s.charCodeAt(0)) && s[1] === '-';
}

function rightTrimLength(s: string): number {
  let i = s.length;
  while (i > 0 && SPACE_CHARS.includes(s[i - 1] as string)) i--;
  return s.length - i;
}

function leftTrimLength(s: string): number {
  let i = 0;
  while (i < s.length && SPACE_CHARS.includes(s[i] as string)) i++;
  return i;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// ------------------------------------------------------------------------ Go formatting

/** Go's `%#U`: `U+005B '['` (the character only when printable). */
function formatRune(r: number): string {
  const code = `U+${r.toString(16).toUpperCase().padStart(4, '0')}`;
  return isGoPrint(r) ? `${code} '${String.fromCodePoint(r)}'` : code;
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** A lexer item as Go prints it in parse errors. */
function itemString(item: Item): string {
  if (item.typ === T.EOF) return 'EOF';
  if (item.typ === T.Error) return item.val;
  if (item.typ > T.Keyword) return `<${item.val}>`;
  if (utf8Length(item.val) > 10) return `${goQuote(Array.from(item.val).slice(0, 10).join(''))}...`;
  return goQuote(item.val);
}

// ----------------------------------------------------------------------------- parser

type NodeKind =
  | 'action'
  | 'bool'
  | 'break'
  | 'chain'
  | 'continue'
  | 'dot'
  | 'else'
  | 'end'
  | 'field'
  | 'identifier'
  | 'if'
  | 'list'
  | 'nil'
  | 'number'
  | 'pipe'
  | 'range'
  | 'string'
  | 'template'
  | 'text'
  | 'variable'
  | 'with';

interface Node {
  readonly kind: NodeKind;
  /** What Go's `String()` prints, for the kinds that appear in error messages. */
  readonly text: string;
  readonly nodes?: Node[];
}

const node = (kind: NodeKind, text = ''): Node => ({ kind, text });

interface Pipe {
  readonly kind: 'pipe';
  readonly text: string;
  readonly cmds: Node[][];
}

const ZERO_ITEM: Item = { typ: T.Error, pos: 0, val: '', line: 0 };

/** Go's `bytes.TrimSpace(text)` is empty (Unicode white space). */
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Go's `parse.IsEmptyTree`. */
function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  if (n.kind === 'list') return (n.nodes ?? []).every(isEmptyTree);
  if (n.kind === 'text') return BLANK.test(n.text);
  return false;
}

const MAX_STACK_DEPTH = 10000;

class Tree {
  name: string;
  readonly funcs: ReadonlySet<string>;
  parseName = '';
  root: Node | undefined;
  lex: Lexer | undefined;
  token: [Item, Item, Item] = [ZERO_ITEM, ZERO_ITEM, ZERO_ITEM];
  peekCount = 0;
  vars: string[] = [];
  treeSet = new Map<string, Tree>();
  actionLine = 0;
  rangeDepth = 0;
  stackDepth = 0;

  constructor(name: string, funcs: ReadonlySet<string>) {
    this.name = name;
    this.funcs = funcs;
  }

  private lexer(): Lexer {
    if (this.lex === undefined) throw new TemplateError('template: parse after stop');
    return this.lex;
  }

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexer().nextItem();
    return this.token[this.peekCount] as Item;
  }

  backup(): void {
    this.peekCount++;
  }

  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1] as Item;
    this.peekCount = 1;
    this.token[0] = this.lexer().nextItem();
    return this.token[0];
  }

  nextNonSpace(): Item {
    for (;;) {
      const token = this.next();
      if (token.typ !== T.Space) return token;
    }
  }

  peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  errorf(message: string): never {
    this.root = undefined;
    throw new TemplateError(`template: ${this.parseName}:${this.token[0].line}: ${message}`);
  }

  expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  expectOneOf(expected1: ItemType, expected2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  startParse(lex: Lexer, treeSet: Map<string, Tree>): void {
    this.root = undefined;
    this.lex = lex;
    this.vars = ['$'];
    this.treeSet = treeSet;
    this.stackDepth = 0;
  }

  stopParse(): void {
    this.lex = undefined;
    this.vars = [];
  }

  add(): void {
    const tree = this.treeSet.get(this.name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(this.name, this);
      return;
    }
    if (!isEmptyTree(this.root))
      this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  parse(): void {
    const root: Node = { kind: 'list', text: '', nodes: [] };
    this.root = root;
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          const definition = new Tree('definition', this.funcs);
          definition.parseName = this.parseName;
          definition.startParse(this.lexer(), this.treeSet);
          definition.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${n.text}`);
      root.nodes?.push(n);
    }
  }

  parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(T.String, T.RawString, context);
    const unquoted = goUnquote(name.val);
    if (unquoted === undefined) this.errorf('invalid syntax');
    this.name = unquoted;
    this.expect(T.RightDelim, context);
    const [root, end] = this.itemList();
    this.root = root;
    if (end.kind !== 'end') this.errorf(`unexpected ${end.text} in ${context}`);
    this.add();
    this.stopParse();
  }

  itemList(): [Node, Node] {
    const list: Node = { kind: 'list', text: '', nodes: [] };
    this.peekNonSpace();
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.nodes?.push(n);
    }
    this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return node('text', token.val);
      case T.LeftDelim:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case T.Comment:
        return node('text');
      default:
        this.unexpected(token, 'input');
    }
  }

  action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl();
      case T.Continue:
        return this.continueControl();
      case T.Else:
        return this.elseControl();
      case T.End:
        return this.endControl();
      case T.If:
        return this.parseControl('if');
      case T.Range:
        return this.parseControl('range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.parseControl('with');
    }
    this.backup();
    this.peek();
    this.pipeline('command', T.RightDelim);
    return node('action');
  }

  breakControl(): Node {
    const token = this.nextNonSpace();
    if (token.typ !== T.RightDelim) this.unexpected(token, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return node('break');
  }

  continueControl(): Node {
    const token = this.nextNonSpace();
    if (token.typ !== T.RightDelim) this.unexpected(token, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return node('continue');
  }

  pipeline(context: string, end: ItemType): Pipe {
    this.peekNonSpace();
    const pipe: Pipe = { kind: 'pipe', text: '', cmds: [] };
    const decl: string[] = [];
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== T.Variable) break;
      this.next();
      // "$x foo" needs three tokens of look-ahead: remember the token after the variable.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === T.Assign || next.typ === T.Declare) {
        this.nextNonSpace();
        decl.push(v.val);
        this.vars.push(v.val);
      } else if (next.typ === T.Char && next.val === ',') {
        this.nextNonSpace();
        decl.push(v.val);
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const after = this.peekNonSpace().typ;
          if (after === T.Variable || after === T.RightDelim || after === T.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === T.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.typ) {
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  checkPipeline(pipe: Pipe, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((cmd, i) => {
      const first = cmd[0]?.kind;
      if (first === 'bool' || first === 'dot' || first === 'nil' || first === 'number' || first === 'string')
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  parseControl(context: 'if' | 'range' | 'with'): Node {
    const depth = this.vars.length;
    try {
      this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let [, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      if (next.kind === 'else') {
        // "{{else if …}}" / "{{else with …}}": the else left the keyword pending.
        if (context === 'if' && this.peek().typ === T.If) {
          this.next();
          this.parseControl('if');
        } else if (context === 'with' && this.peek().typ === T.With) {
          this.next();
          this.parseControl('with');
        } else {
          [, next] = this.itemList();
          if (next.kind !== 'end') this.errorf(`expected end; found ${next.text}`);
        }
      }
      return node(context);
    } finally {
      this.vars.length = Math.min(this.vars.length, depth);
    }
  }

  endControl(): Node {
    this.expect(T.RightDelim, 'end');
    return node('end', '{{end}}');
  }

  elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If || peek.typ === T.With) return node('else', '{{else}}');
    this.expect(T.RightDelim, 'else');
    return node('else', '{{else}}');
  }

  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    this.pipeline(context, T.RightDelim);
    const block = new Tree(name, this.funcs);
    block.parseName = this.parseName;
    block.startParse(this.lexer(), this.treeSet);
    const [root, end] = block.itemList();
    block.root = root;
    if (end.kind !== 'end') this.errorf(`unexpected ${end.text} in ${context}`);
    block.add();
    block.stopParse();
    return node('template');
  }

  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    this.parseTemplateName(token, context);
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      this.pipeline(context, T.RightDelim);
    }
    return node('template');
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ !== T.String && token.typ !== T.RawString) this.unexpected(token, context);
    const name = goUnquote(token.val);
    if (name === undefined) this.errorf('invalid syntax');
    return name;
  }

  command(): Node[] {
    const args: Node[] = [];
    this.peekNonSpace();
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) args.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (args.length === 0) this.errorf('empty command');
    return args;
  }

  operand(): Node | undefined {
    const n = this.term();
    if (n === undefined) return undefined;
    if (this.peek().typ !== T.Field) return n;
    while (this.peek().typ === T.Field) this.next();
    if (n.kind === 'field' || n.kind === 'variable') return n;
    if (['bool', 'string', 'number', 'nil', 'dot'].includes(n.kind))
      this.errorf(`unexpected . after term ${goQuote(n.text)}`);
    return node('chain');
  }

  term(): Node | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Identifier:
        if (!this.funcs.has(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return node('identifier');
      case T.Dot:
        return node('dot', '.');
      case T.Nil:
        return node('nil', 'nil');
      case T.Variable:
        return this.useVar(token.val);
      case T.Field:
        return node('field');
      case T.Bool:
        return node('bool', token.val === 'true' ? 'true' : 'false');
      case T.CharConstant:
      case T.Complex:
      case T.Number: {
        const error = numberError(token.val, token.typ);
        if (error !== undefined) this.errorf(error);
        return node('number', token.val);
      }
      case T.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', T.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case T.String:
      case T.RawString:
        if (goUnquote(token.val) === undefined) this.errorf('invalid syntax');
        return node('string', token.val);
    }
    this.backup();
    return undefined;
  }

  useVar(name: string): Node {
    const ident = name.split('.')[0] ?? name;
    if (!this.vars.includes(ident)) this.errorf(`undefined variable ${goQuote(ident)}`);
    return node('variable');
  }
}

// ------------------------------------------------------------- strconv / fmt literal rules

const hexValue = (c: string): number => (/^[0-9a-fA-F]$/.test(c) ? Number.parseInt(c, 16) : -1);

/**
 * Go's `strconv.UnquoteChar(s, quote)`: the length of the first (possibly escaped) character of
 * `s`, or undefined for a syntax error.
 */
function unquoteCharLength(s: string, quote: string): number | undefined {
  const c = s[0];
  if (c === undefined) return undefined;
  if (c === quote && (quote === "'" || quote === '"')) return undefined;
  if (c !== '\\') return (s.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
  const e = s[1];
  if (e === undefined) return undefined;
  if ('abfnrtv\\'.includes(e)) return 2;
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const digits = s.slice(2, 2 + n);
    if (digits.length < n || [...digits].some((d) => hexValue(d) < 0)) return undefined;
    const value = Number.parseInt(digits, 16);
    if (e !== 'x' && (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))) return undefined;
    return 2 + n;
  }
  if (e >= '0' && e <= '7') {
    const digits = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return undefined;
    return 4;
  }
  if (e === "'" || e === '"') return e === quote ? 2 : undefined;
  return undefined;
}

/** Go's `strconv.Unquote` of a string literal token: the (unused) value, or undefined if invalid. */
function goUnquote(token: string): string | undefined {
  const quote = token[0];
  if (token.length < 2 || quote !== token[token.length - 1]) return undefined;
  const body = token.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body;
  if (quote !== '"') return undefined;
  for (let i = 0; i < body.length; ) {
    if (body[i] === '\n') return undefined;
    const n = unquoteCharLength(body.slice(i), '"');
    if (n === undefined) return undefined;
    i += n;
  }
  return body;
}

/** The error `parse.Tree.newNumber` returns for a number token, or undefined. */
function numberError(text: string, typ: ItemType): string | undefined {
  if (typ === T.CharConstant) {
    const n = unquoteCharLength(text.slice(1), "'");
    if (n === undefined) return 'invalid syntax';
    if (text.slice(1 + n) !== "'") return `malformed character constant: ${text}`;
    return undefined;
  }
  if (typ === T.Complex) return sscanComplexError(text);
  if (text.endsWith('i') && parseFloatError(text.slice(0, -1)) === undefined) return undefined;
  if (goParseUint(text, true) !== undefined || goParseInt(text) !== undefined) return undefined;
  if (parseFloatError(text) === undefined) {
    // A float that looks like an integer is an integer too large for 64 bits.
    if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`;
    return undefined;
  }
  return `illegal number syntax: ${goQuote(text)}`;
}

/** Go's `underscoreOK`: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(text: string): boolean {
  let s = text;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const MAX_UINT64 = (1n << 64n) - 1n;

/** Go's `strconv.ParseUint(s, 0 or 10, 64)`: the value, or undefined on a syntax or range error. */
function goParseUint(text: string, base0: boolean): bigint | undefined {
  if (text === '') return undefined;
  let s = text;
  let base = 10n;
  if (base0 && s[0] === '0') {
    const p = s[1]?.toLowerCase();
    if (s.length >= 3 && p === 'b') [base, s] = [2n, s.slice(2)];
    else if (s.length >= 3 && p === 'o') [base, s] = [8n, s.slice(2)];
    else if (s.length >= 3 && p === 'x') [base, s] = [16n, s.slice(2)];
    else [base, s] = [8n, s.slice(1)];
  }
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    let d: number;
    if (c === '_' && base0) {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
    else if (/^[a-zA-Z]$/.test(c)) d = c.toLowerCase().charCodeAt(0) - 87;
    else return undefined;
    if (BigInt(d) >= base) return undefined;
    n = n * base + BigInt(d);
    if (n > MAX_UINT64) return undefined;
  }
  if (underscores && !underscoreOK(text)) return undefined;
  return n;
}

/** Go's `strconv.ParseInt(s, 0, 64)`. */
function goParseInt(text: string): bigint | undefined {
  if (text === '') return undefined;
  let s = text;
  let negative = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    negative = true;
    s = s.slice(1);
  }
  const u = goParseUint(s, true);
  if (u === undefined) return undefined;
  if (!negative && u > (1n << 63n) - 1n) return undefined;
  if (negative && u > 1n << 63n) return undefined;
  return negative ? -u : u;
}

/** Go's `strconv.ParseFloat(s, 64)` error kind: undefined when it parses. */
function parseFloatError(s: string): 'invalid syntax' | 'value out of range' | undefined {
  const special = specialFloatLength(s);
  if (special !== undefined) return special === s.length ? undefined : 'invalid syntax';
  const read = readFloat(s);
  if (read === undefined || read.end !== s.length) return 'invalid syntax';
  return read.overflow ? 'value out of range' : undefined;
}

/** Go's `special`: the length of a leading `inf`/`infinity` (signed) or `nan`. */
function specialFloatLength(s: string): number | undefined {
  let rest = s;
  let sign = 0;
  if (rest[0] === '+' || rest[0] === '-') {
    sign = 1;
    rest = rest.slice(1);
  } else if (/^nan/i.test(rest)) return 3;
  if (/^infinity/i.test(rest)) return sign + 8;
  if (/^inf/i.test(rest)) return sign + 3;
  return undefined;
}

/** Go's `readFloat` (syntax) plus the overflow check of the conversion. */
function readFloat(s: string): { end: number; overflow: boolean } | undefined {
  let i = 0;
  let underscores = false;
  if (s[i] === '+' || s[i] === '-') i++;
  let hex = false;
  if (i + 2 < s.length && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    hex = true;
    i += 2;
  }
  const mantissaStart = i;
  let sawDot = false;
  let sawDigits = false;
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '_') {
      underscores = true;
      continue;
    }
    if (c === '.') {
      if (sawDot) break;
      sawDot = true;
      continue;
    }
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      sawDigits = true;
      continue;
    }
    break;
  }
  if (!sawDigits) return undefined;
  const mantissa = s.slice(mantissaStart, i).replaceAll('_', '');
  let exponent = 0;
  if (i < s.length && (s[i] as string).toLowerCase() === (hex ? 'p' : 'e')) {
    i++;
    if (i >= s.length) return undefined;
    let sign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      i++;
      sign = -1;
    }
    if (i >= s.length || !/[0-9]/.test(s[i] as string)) return undefined;
    let e = 0;
    for (; i < s.length && /[0-9_]/.test(s[i] as string); i++) {
      if (s[i] === '_') {
        underscores = true;
        continue;
      }
      if (e < 10000) e = e * 10 + Number(s[i]);
    }
    exponent = sign * e;
  } else if (hex) {
    return undefined; // A hexadecimal mantissa needs a 'p' exponent.
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return undefined;
  return {
    end: i,
    overflow: hex ? hexOverflows(mantissa, exponent) : !Number.isFinite(Number(`${mantissa}e${exponent}`)),
  };
}

/** Whether a hexadecimal float `0x<mantissa>p<exponent>` is beyond the largest float64. */
function hexOverflows(mantissa: string, exponent: number): boolean {
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  if (digits === '') return false;
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  const bits = BigInt(`0x${digits}`).toString(2);
  // The value lies in [2^(top-1), 2^top).
  const top = bits.length + exponent - 4 * fraction;
  if (top !== 1024) return top > 1024;
  // Just below 2^1024 it overflows only when rounding to 53 bits carries into 2^1024.
  return bits.length > 53 && /^1{53}1/.test(bits);
}

/** The error `fmt.Sscan(text, &complex128)` returns, or undefined. */
function sscanComplexError(text: string): string | undefined {
  const COMPLEX_ERROR = 'syntax error scanning complex number';
  const runes = Array.from(text);
  let at = 0;
  let buf = '';
  const accept = (ok: string): boolean => {
    const r = runes[at];
    if (r === undefined || !ok.includes(r)) return false;
    buf += r;
    at++;
    return true;
  };
  const floatToken = (): string => {
    buf = '';
    if (accept('nN') && accept('aA') && accept('nN')) return buf;
    accept('+-');
    if (accept('iI') && accept('nN') && accept('fF')) return buf;
    let digits = '0123456789_';
    let exp = 'eEpP';
    if (accept('0') && accept('xX')) {
      digits = '0123456789aAbBcCdDeEfF_';
      exp = 'pP';
    }
    while (accept(digits));
    if (accept('.')) while (accept(digits));
    if (accept(exp)) {
      accept('+-');
      while (accept('0123456789_'));
    }
    return buf;
  };
  if (runes.length === 0) return 'unexpected EOF';
  const parens = accept('(');
  const real = floatToken();
  buf = '';
  if (!accept('+-')) return COMPLEX_ERROR;
  const imagSign = buf;
  const imag = floatToken();
  if (!accept('i')) return COMPLEX_ERROR;
  if (parens && !accept(')')) return COMPLEX_ERROR;
  return convertFloatError(real) ?? convertFloatError(imagSign + imag);
}

/** The error of fmt's `convertFloat` (which also reads `1.5p3` as 1.5·2³). */
function convertFloatError(str: string): string | undefined {
  const p = str.indexOf('p');
  if (p >= 0 && !/[xX]/.test(str)) {
    const fe = parseFloatError(str.slice(0, p));
    if (fe !== undefined) return `strconv.ParseFloat: parsing ${goQuote(str)}: ${fe}`;
    const ae = atoiError(str.slice(p + 1));
    if (ae !== undefined) return `strconv.Atoi: parsing ${goQuote(str)}: ${ae}`;
    return undefined;
  }
  const fe = parseFloatError(str);
  return fe === undefined ? undefined : `strconv.ParseFloat: parsing ${goQuote(str)}: ${fe}`;
}

/** Go's `strconv.Atoi` error kind. */
function atoiError(s: string): 'invalid syntax' | 'value out of range' | undefined {
  const value = parseGoInt(s, true, 64);
  return value === undefined ? 'invalid syntax' : value === 'range' ? 'value out of range' : undefined;
}
