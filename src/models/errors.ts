/**
 * The one error type the library throws, and the issue shape every validator returns.
 *
 * Paths use Kuma's notation: `spec.to[0].targetRef.kind`. An empty path means the document itself.
 */
import { goQuote } from '../internal/go-strconv.js';

/**
 * How bad an issue is: `error` — Kuma would reject the document (or the input cannot be read);
 * `warning` — Kuma accepts it but says something (a deprecation, a defaulted namespace).
 */
export type Severity = 'error' | 'warning';

/** A problem found in an input, located by a Kuma-style path. */
export interface Issue {
  /** Kuma-style path inside the document, e.g. `spec.to[0].targetRef.kind` ('' = the document). */
  path: string;
  /** Human-readable description; mirrors Kuma's wording where the spec gives it. */
  message: string;
  /** Where the document came from (file name), when known. */
  source?: string;
  /** Zero-based index of the document inside a multi-document source. */
  document?: number;
  /** 1-based line in the source, when the loader was asked for lines (`LoadOptions.lines`). */
  line?: number;
  /**
   * `error` or `warning`. Always set on issues from `loadResources` and the set checks; other
   * validators only report errors and may leave it out (absent means `error`).
   */
  severity?: Severity;
}

/** An issue from the loader or the set checks: its severity is always set. */
export type LoadIssue = Issue & { severity: Severity };

/** True unless the issue is a warning (an issue without a severity is an error). */
export function isError(issue: Pick<Issue, 'severity'>): boolean {
  return issue?.severity !== 'warning';
}

/**
 * A path segment naming a key of a user map (tags, labels). Kuma prints those keys quoted
 * whatever they look like (`tags["version"]`), while field names are written bare.
 */
export class MapKey {
  constructor(readonly key: string) {}
  toString(): string {
    return this.key;
  }
}

/** One segment of an issue path: a field name, a list index, or a map key. */
export type PathSegment = PropertyKey | MapKey;

/** Stable machine-readable error codes. */
export type MeshPolicyErrorCode =
  | 'INVALID_RESOURCE'
  | 'INVALID_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'RULE_BUDGET_EXCEEDED'
  | 'UNSUPPORTED'
  | 'NOT_FOUND'
  /**
   * A merge Kuma 2.8.8 cannot do, which fails the whole proxy's configuration (MeshMetric
   * `appendProfiles`, see `MergeOptions.appendNilListBehaviour`): never turned into a warning.
   */
  | 'MERGE_FAILURE'
  | 'INTERNAL';

/** The only error type thrown by mesh-policy. Carries a code and the issues that caused it. */
export class MeshPolicyError extends Error {
  readonly code: MeshPolicyErrorCode;
  readonly issues: readonly Issue[];

  constructor(code: MeshPolicyErrorCode, message: string, issues: readonly Issue[] = []) {
    super(issues.length > 0 ? `${message}\n${issues.map(formatIssue).join('\n')}` : message);
    this.name = 'MeshPolicyError';
    this.code = code;
    this.issues = issues;
  }
}

/** `source:document: path: message`, omitting the parts that are unknown. */
export function formatIssue(issue: Issue): string {
  if (issue === null || typeof issue !== 'object')
    throw new MeshPolicyError('INVALID_INPUT', 'formatIssue: issue must be an object');
  const where: string[] = [];
  if (issue.source !== undefined) where.push(issue.source);
  if (issue.document !== undefined) where.push(String(issue.document));
  const prefix = where.length > 0 ? `${where.join(':')}: ` : '';
  return issue.path === '' ? `${prefix}${issue.message}` : `${prefix}${issue.path}: ${issue.message}`;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path made of keys and indexes in Kuma's notation (`spec.to[0].targetRef`). */
export function formatPath(segments: readonly PathSegment[]): string {
  if (!Array.isArray(segments))
    throw new MeshPolicyError('INVALID_INPUT', 'formatPath: segments must be an array');
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg instanceof MapKey) out += `[${goQuote(seg.key)}]`;
    else {
      const key = String(seg);
      // Map keys that are not plain identifiers (`kuma.io/service`) are quoted the way Kuma's
      // validators print them (Go %q): `tags["kuma.io/service"]`.
      if (!PLAIN_KEY.test(key)) out += `[${JSON.stringify(key)}]`;
      else out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}

/** Result of a non-throwing validation. */
export type ValidationResult = { ok: boolean; issues: Issue[] };
