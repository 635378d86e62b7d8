/**
 * Log-safe text. File names and document content reach terminals and CI logs through the CLI's
 * readable output; a newline, carriage return or escape sequence in them could forge log lines
 * ("ok all.yaml"), hide text or drive the terminal. The readable output therefore shows every
 * control character escaped, the way JSON and Go's `%q` do (`\n`, `\r`, `\t`, `\u001b`).
 * `--json` output needs nothing more: `JSON.stringify` escapes control characters already.
 */
import { formatIssue, type Issue } from '../models/index.js';

/**
 * Characters never printed raw: C0 controls (newline included), DEL, C1 controls, the Unicode
 * line and paragraph separators, and the bidirectional controls that can reorder what a reader
 * sees ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_ONE = new RegExp(UNSAFE.source);
const SHORT: Readonly<Record<string, string>> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

function escapeChar(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every control character escaped (`\n`, `\u001b`, ...); other text unchanged. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Each line of `text` escaped (`escapeText`), the newlines between them kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeText).join('\n');
}

/**
 * A file path as the readable output shows it: as it is when it holds no control character and
 * no double quote, else double-quoted with `\\`, `\"` and control characters escaped (as git
 * shows unusual names). A quoted path always starts with `"`, a plain one never contains `"`, so
 * two different paths never look alike.
 */
export function displayPath(path: string): string {
  if (!UNSAFE_ONE.test(path) && !path.includes('"')) return path;
  return `"${escapeText(path.replace(/["\\]/g, '\\$&'))}"`;
}

/** An issue on one line: its file shown with `displayPath`, control characters escaped. */
export function displayIssue(issue: Issue): string {
  return escapeText(
    formatIssue(issue.source === undefined ? issue : { ...issue, source: displayPath(issue.source) }),
  );
}

/** The "cannot read <path>: <why>" line of an unreadable path (without a trailing newline). */
export function displayUnreadable(u: { path: string; message: string }): string {
  return `cannot read ${displayPath(u.path)}: ${escapeText(u.message)}`;
}
