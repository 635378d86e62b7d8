import { type Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import {
  formatPath,
  type Issue,
  type LoadIssue,
  MapKey,
  MeshPolicyError,
  type PathSegment,
} from './errors.js';
import type { KubernetesReadOptions } from './format.js';
import { type ParseOptions, safeParseResourceRaw } from './parse.js';
import type { Resource } from './resource.js';
import { DEFAULT_MAX_DEPTH } from './safety.js';
import type { ResourcePlace } from './set.js';

/** Limits applied by `loadResources` (all optional). */
export interface LoadOptions {
  /** Name of the input (file path) copied into every issue. */
  source?: string;
  /** Largest accepted input, in characters (default 32 MiB). Larger input yields one issue. */
  maxBytes?: number;
  /** Maximum nesting depth of a document (default 100). */
  maxDepth?: number;
  /** Maximum number of YAML alias expansions per document (default 100). */
  maxAliasCount?: number;
  /**
   * Duplicate mapping keys: `false` (default) keeps the last value silently, as Kuma does (its
   * conformance inputs rely on it); `true` reports every repeated key as an issue at its path
   * (`spec.to[0].default.idleTimeout: duplicate key …`), and the document is rejected. The CLI's
   * `validate` turns this on.
   */
  uniqueKeys?: boolean;
  /** How Kubernetes-form documents are read (see `KubernetesReadOptions`). */
  kubernetes?: KubernetesReadOptions;
  /**
   * Add the 1-based source `line` of each document issue (where the value at the issue's path,
   * or its nearest existing parent, starts). Off by default; the CLI turns it on.
   */
  lines?: boolean;
}

/**
 * Resources and issues found in one input. A document with an `error` issue yields no resource;
 * `warning` issues are about resources that were loaded.
 */
export interface LoadResult {
  resources: Resource[];
  issues: LoadIssue[];
  /**
   * Where each resource was read (`places[i]` is about `resources[i]`): the source, the document
   * index and the line the document (or list item) starts at. `resourceSetIssues` names them.
   */
  places: ResourcePlace[];
}

const withSeverity = (issues: readonly Issue[]): LoadIssue[] =>
  issues.map((i) => (i.severity === undefined ? { ...i, severity: 'error' } : (i as LoadIssue)));

/** Default limits of `loadResources`. */
export const DEFAULT_LOAD_LIMITS = {
  maxBytes: 32 * 1024 * 1024,
  maxDepth: DEFAULT_MAX_DEPTH,
  maxAliasCount: 100,
} as const;

/** A line starting with `---` separates documents (Kuma splits files itself this way). */
const SEPARATOR = /^---/m;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Splits a multi-document text the way Kuma does (conformance README §1): trim, split wherever a
 * line starts with `---`, drop empty pieces, trim each piece. Returns each piece with the line
 * (1-based) where it starts.
 */
export function splitDocuments(text: string): { text: string; line: number }[] {
  if (typeof text !== 'string')
    throw new MeshPolicyError('INVALID_INPUT', 'splitDocuments: text must be a string');
  const out: { text: string; line: number }[] = [];
  let line = 1;
  const chunks = text.split(SEPARATOR);
  for (const chunk of chunks) {
    const lead = chunk.length - chunk.trimStart().length;
    const trimmed = chunk.trim();
    if (trimmed !== '') out.push({ text: trimmed, line: line + countLines(chunk, 0, lead) });
    line += countLines(chunk, 0, chunk.length);
  }
  return out;
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Decodes one piece (JSON fast path, else YAML 1.2 with Kuma's last-wins duplicate keys). */
function decode(
  piece: string,
  opts: LoadOptions,
):
  | { ok: true; value: unknown; doc?: Document }
  | { ok: false; issues: { path: string; message: string; line?: number; col?: number }[] } {
  const first = piece[0];
  let jsonError: string | undefined;
  if (first === '{' || first === '[') {
    try {
      // JSON.parse is iterative (deep nesting cannot overflow) and keeps the last duplicate key,
      // like YAML with uniqueKeys off. `__proto__` becomes an own property (checked later).
      if (opts.uniqueKeys !== true) return { ok: true, value: JSON.parse(piece) as unknown };
    } catch (error) {
      // Not strict JSON: YAML flow syntax is a superset; fall through, and if YAML fails too,
      // report the JSON error, which is the clearer one for a JSON document.
      jsonError = error instanceof Error ? error.message : String(error);
    }
  }
  // Duplicate keys are found on the AST below (with their paths), never by the parser.
  const doc = parseDocument(piece, { uniqueKeys: false, prettyErrors: true, merge: true });
  if (doc.errors.length > 0 && jsonError !== undefined) {
    const at = /at position (\d+)/.exec(jsonError);
    const offset = at === null ? undefined : Number(at[1]);
    const message = `invalid JSON: ${jsonError.replace(/ in JSON at position \d+.*$/, '')}`;
    if (offset === undefined) return { ok: false, issues: [{ path: '', message }] };
    const line = countLines(piece, 0, offset) + 1;
    const col = offset - piece.lastIndexOf('\n', offset - 1);
    return { ok: false, issues: [{ path: '', message, line, col }] };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, 10).map((e) => {
        const overflow = /Maximum call stack size exceeded/.test(e.message);
        const pos = e.linePos?.[0];
        const text = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
        const message = overflow ? 'document is nested too deeply to parse' : `invalid YAML: ${text}`;
        return pos !== undefined
          ? { path: '', message, line: pos.line, col: pos.col }
          : { path: '', message };
      }),
    };
  }
  if (opts.uniqueKeys === true) {
    const duplicates = duplicateKeys(doc, piece, opts.maxDepth ?? DEFAULT_MAX_DEPTH);
    if (duplicates.length > 0) return { ok: false, issues: duplicates };
  }
  try {
    return {
      ok: true,
      value: doc.toJS({ maxAliasCount: opts.maxAliasCount ?? DEFAULT_LOAD_LIMITS.maxAliasCount }),
      doc,
    };
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    const message = /alias/i.test(msg)
      ? `too many YAML alias expansions (more than ${opts.maxAliasCount ?? DEFAULT_LOAD_LIMITS.maxAliasCount}): possible alias bomb`
      : /call stack/i.test(msg)
        ? 'document is nested too deeply to parse'
        : `invalid YAML: ${msg}`;
    return { ok: false, issues: [{ path: '', message }] };
  }
}

/**
 * Every mapping key that repeats an earlier key of the same mapping (scalar keys; YAML merge keys
 * `<<` excepted), with its path and line. Walks the AST with an explicit stack, no deeper than
 * `maxDepth` (deeper documents are rejected later anyway), and reports at most 100.
 */
function duplicateKeys(
  doc: Document,
  piece: string,
  maxDepth: number,
): { path: string; message: string; line?: number; col?: number }[] {
  const out: { path: string; message: string; line?: number; col?: number }[] = [];
  const stack: { node: unknown; path: PropertyKey[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0 && out.length < 100) {
    const { node, path } = stack.pop() as { node: unknown; path: PropertyKey[] };
    if (path.length > maxDepth) continue;
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        stack.push({ node: item, path: [...path, i] });
      });
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && key !== '<<') {
          if (seen.has(key)) {
            const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
            const at =
              offset === undefined
                ? {}
                : {
                    line: countLines(piece, 0, offset) + 1,
                    col: offset - piece.lastIndexOf('\n', offset - 1),
                  };
            out.push({
              path: formatPath([...path, key]),
              message: `duplicate key "${key}" (Kuma would silently keep the last value)`,
              ...at,
            });
          }
          seen.add(key);
        }
        if (key !== undefined) stack.push({ node: pair.value, path: [...path, key] });
      }
    }
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** One `loadResources` call: its options and what it has found so far. */
interface LoadRun {
  opts: LoadOptions;
  src: { source?: string };
  /** The options of `safeParseResourceRaw`, read from `opts` at the first resource. */
  parseOptions: ParseOptions | undefined;
  resources: Resource[];
  issues: Issue[];
  places: ResourcePlace[];
}

/** A document of the input and the line it starts at. */
interface Piece {
  text: string;
  line: number;
}

/** An issue of document `document`, with the line (and column) of the piece appended to the message. */
function pieceIssue(
  run: LoadRun,
  piece: Piece,
  document: number,
  path: string,
  message: string,
  line?: number,
  col?: number,
): Issue {
  return {
    path,
    message:
      line !== undefined
        ? `${message} (line ${piece.line + line - 1}${col !== undefined ? `, column ${col}` : ''})`
        : message,
    ...run.src,
    document,
  };
}

/** The YAML document of a piece, once parsed (JSON pieces are parsed as YAML only to find lines). */
interface Located {
  doc: Document | undefined;
}

/** The line where the value at `written` (or its nearest existing parent) starts. */
function lineOf(piece: Piece, located: Located, written: readonly PathSegment[]): number | undefined {
  const segments = written.map((s) => (s instanceof MapKey ? s.key : s));
  // JSON pieces were not parsed as YAML; do it now (only for invalid documents).
  located.doc ??= parseDocument(piece.text, { uniqueKeys: false, merge: true });
  const doc = located.doc;
  for (let k = segments.length; k >= 0; k--) {
    const node = doc.getIn(segments.slice(0, k), true) as { range?: [number, number, number] } | undefined;
    const offset = k === 0 ? doc.contents?.range?.[0] : node?.range?.[0];
    if (offset !== undefined) return piece.line + countLines(piece.text, 0, offset);
  }
  return undefined;
}

const NO_PREFIX: readonly PropertyKey[] = [];

/** Decodes one document and loads the resource(s) it holds. */
function loadPiece(run: LoadRun, piece: Piece, document: number): void {
  const { opts, issues } = run;
  const decoded = decode(piece.text, opts);
  if (!decoded.ok) {
    for (const i of decoded.issues) {
      const issue = pieceIssue(run, piece, document, i.path, i.message, i.line, i.col);
      issues.push(
        opts.lines === true && i.line !== undefined ? { ...issue, line: piece.line + i.line - 1 } : issue,
      );
    }
    return;
  }
  const value = decoded.value;
  if (value === null || value === undefined) return;
  const located: Located = { doc: decoded.doc };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) loadItem(run, piece, document, located, value[i], [i]);
  } else if (isKubernetesList(value)) {
    const items = value.items;
    for (let i = 0; i < items.length; i++) loadItem(run, piece, document, located, items[i], ['items', i]);
  } else loadItem(run, piece, document, located, value, NO_PREFIX);
}

/** Validates one resource of a document (`prefix`: where it sits in the document). */
function loadItem(
  run: LoadRun,
  piece: Piece,
  document: number,
  located: Located,
  value: unknown,
  prefix: readonly PropertyKey[],
): void {
  const { opts, issues } = run;
  run.parseOptions ??= {
    maxDepth: opts.maxDepth ?? DEFAULT_LOAD_LIMITS.maxDepth,
    ...(opts.kubernetes !== undefined ? { kubernetes: opts.kubernetes } : {}),
  };
  const result = safeParseResourceRaw(value, run.parseOptions);
  if (result.ok) {
    run.resources.push(result.resource);
    const line = prefix.length > 0 && opts.lines === true ? lineOf(piece, located, prefix) : piece.line;
    run.places.push({ ...run.src, document, ...(line !== undefined ? { line } : {}) });
  }
  for (const i of result.ok ? result.warnings : result.issues) {
    const segments = [...prefix, ...i.path];
    const issue: Issue = {
      ...pieceIssue(run, piece, document, formatPath(segments), i.message),
      severity: i.severity ?? 'error',
    };
    const line = opts.lines === true ? lineOf(piece, located, segments) : undefined;
    issues.push(line !== undefined ? { ...issue, line } : issue);
  }
}

/**
 * Parses multi-document YAML (or JSON) text into normalised resources (Universal and Kubernetes
 * forms; a top-level list, or a Kubernetes `kind: List`, holds several resources). Invalid
 * documents become issues carrying `source`, `document` (0-based index of the non-empty piece)
 * and a Kuma-style `path`; a document with any issue yields no resource. Hostile input (alias
 * bombs, `__proto__` keys, deep nesting, oversized or binary text) yields issues as well: this
 * function never throws.
 */
export function loadResources(text: string, options: LoadOptions = {}): LoadResult {
  const resources: Resource[] = [];
  const issues: Issue[] = [];
  let src: { source?: string } = {};
  const places: ResourcePlace[] = [];
  const whole = (message: string): LoadResult => ({
    resources: [],
    issues: [{ path: '', message, ...src, severity: 'error' }],
    places: [],
  });
  try {
    // Plain-JavaScript callers may pass null (or anything, even throwing getters) as options.
    const opts = optionsOf(options);
    src = typeof opts.source === 'string' ? { source: opts.source } : {};
    if (typeof text !== 'string') return whole('input must be a string');
    const maxBytes = opts.maxBytes ?? DEFAULT_LOAD_LIMITS.maxBytes;
    if (text.length > maxBytes)
      return whole(
        `input is ${text.length} characters, more than the limit of ${maxBytes} (option maxBytes)`,
      );
    if (text.includes('\u0000')) return whole('input contains a NUL character: not a text file');
    if (LONE_SURROGATE.test(text)) return whole('input is not valid Unicode (unpaired surrogate)');
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const run: LoadRun = {
      opts,
      src,
      parseOptions: undefined,
      resources,
      issues,
      places,
    };
    const pieces = splitDocuments(body);
    for (let document = 0; document < pieces.length; document++)
      loadPiece(run, pieces[document] as Piece, document);
    return { resources, issues: withSeverity(issues), places };
  } catch (error) {
    return whole(`internal error while loading: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The options object, or `{}` when a plain-JavaScript caller passed something else (null). */
function optionsOf(options: unknown): LoadOptions {
  return options !== null && typeof options === 'object' ? (options as LoadOptions) : {};
}

function isKubernetesList(value: unknown): value is { items: unknown[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === 'string' &&
    v.kind.endsWith('List') &&
    v.apiVersion !== undefined &&
    Array.isArray(v.items)
  );
}

/**
 * Loads raw bytes: decodes them as strict UTF-8 (an invalid sequence is an issue, not a silent
 * U+FFFD), then behaves like `loadResources`.
 */
export function loadResourceBytes(bytes: Uint8Array, options: LoadOptions = {}): LoadResult {
  let src: { source?: string } = {};
  const whole = (message: string): LoadResult => ({
    resources: [],
    issues: [{ path: '', message, ...src, severity: 'error' }],
    places: [],
  });
  try {
    const opts = optionsOf(options);
    src = typeof opts.source === 'string' ? { source: opts.source } : {};
    if (!(bytes instanceof Uint8Array)) return whole('input must be a Uint8Array');
    const maxBytes = opts.maxBytes ?? DEFAULT_LOAD_LIMITS.maxBytes;
    if (bytes.byteLength > maxBytes)
      return whole(
        `input is ${bytes.byteLength} bytes, more than the limit of ${maxBytes} (option maxBytes)`,
      );
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return whole('input is not valid UTF-8');
    }
    return loadResources(text, opts);
  } catch (error) {
    return whole(`internal error while loading: ${error instanceof Error ? error.message : String(error)}`);
  }
}
