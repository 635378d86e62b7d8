/**
 * Shared scaffolding of the admission table tests (Kuma's `DescribeTable` style): read a YAML
 * text with `loadResources`, list its issues of one severity as `path: message`, build Universal
 * and Kubernetes documents, and run a table of cases.
 */
import { describe, expect, it } from 'vitest';
import { type Issue, loadResources } from '../../../src/models/index.js';

type Severity = 'error' | 'warning';

/** The issues of `severity` in `yaml`, as `path: message`, in the loader's order. */
export const issuesOf = (yaml: string, severity: Severity): string[] =>
  show(loadResources(yaml).issues, severity);

function show(issues: readonly Issue[], severity: Severity): string[] {
  return issues.filter((i) => i.severity === severity).map((i) => `${i.path}: ${i.message}`);
}

/** The error issues of `yaml`, as `path: message`; [] for an admitted document. */
export const errorsOf = (yaml: string): string[] => issuesOf(yaml, 'error');

/** The warning issues of `yaml`, as `path: message`. */
export const warningsOf = (yaml: string): string[] => issuesOf(yaml, 'warning');

/** Strips the common indentation of a template literal (and its leading blank line). */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** Indents every non-blank line of `text` by `by` spaces. */
export const indent = (text: string, by = 2): string => text.replace(/^(?=.)/gm, ' '.repeat(by));

/** `key:` followed by `entries` as an indented block mapping, one line each. */
const mapping = (key: string, entries: Record<string, string>): string =>
  `${key}:\n${Object.entries(entries)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('')}`;

export interface UniversalOptions {
  /** Metadata fields (`name`, `mesh`, …), written in the order given. */
  meta: Record<string, string>;
  /** `labels`, written after the metadata. */
  labels?: Record<string, string> | undefined;
  /**
   * Where the body goes: under `spec` (new policies, the default) or at the top level
   * (Mesh, Dataplane and the legacy policies, which have no `spec`).
   */
  at?: 'spec' | 'top';
}

/**
 * A Universal document of `type`. The body is dedented first, so a case may write it at any
 * indentation; an absent body writes no `spec` at all.
 */
export function universal(type: string, body: string | undefined, options: UniversalOptions): string {
  const head = `type: ${type}\n${Object.entries(options.meta)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('')}${options.labels ? mapping('labels', options.labels) : ''}`;
  if (body === undefined) return head;
  const text = dedent(body).replace(/\n+$/, '');
  return options.at === 'top' ? `${head}${text}\n` : `${head}spec:\n${indent(text)}\n`;
}

/** A builder of Universal documents of one type and metadata: `(body, labels?) => text`. */
export const universalOf =
  (type: string, options: UniversalOptions) =>
  (body?: string, labels?: Record<string, string>): string =>
    universal(type, body, { ...options, labels: labels ?? options.labels });

/** The `kuma.io/policy-role` label. */
export const role = (
  name: 'consumer' | 'producer' | 'workload-owner' | 'system',
): Record<string, string> => ({
  'kuma.io/policy-role': name,
});

/**
 * A spec on `kind: Mesh` with one `to` item for `kind: Mesh`; `rest` follows its `default:` line,
 * already indented (its fields at 6 spaces, further `to` items at 2).
 */
export const meshToMesh = (rest: string): string =>
  `targetRef:\n  kind: Mesh\nto:\n  - targetRef:\n      kind: Mesh\n    default:\n${rest}`;

export interface KubernetesOptions {
  name: string;
  /** `metadata.namespace`; null for none. Default `kuma-system`. */
  namespace?: string | null;
  /** The mesh; null for none. Default `default`. */
  mesh?: string | null;
  /** Where the mesh is named: the `kuma.io/mesh` label (default) or a top-level `mesh` field. */
  meshAt?: 'label' | 'top';
  /** Further `metadata.labels`. */
  labels?: Record<string, string>;
}

/** A Kubernetes document of `kind` (`kuma.io/v1alpha1`) whose `spec` is `spec` (dedented). */
export function kubernetes(kind: string, spec: string, options: KubernetesOptions): string {
  const { name, namespace = 'kuma-system', mesh = 'default', meshAt = 'label' } = options;
  const labels = {
    ...(mesh !== null && meshAt === 'label' ? { 'kuma.io/mesh': mesh } : {}),
    ...options.labels,
  };
  const metadata = [
    `name: ${name}\n`,
    namespace === null ? '' : `namespace: ${namespace}\n`,
    Object.keys(labels).length > 0 ? mapping('labels', labels) : '',
  ].join('');
  return [
    'apiVersion: kuma.io/v1alpha1\n',
    `kind: ${kind}\n`,
    mesh !== null && meshAt === 'top' ? `mesh: ${mesh}\n` : '',
    `metadata:\n${indent(metadata)}`,
    `spec:\n${indent(dedent(spec).replace(/\n+$/, ''))}\n`,
  ].join('');
}

/** One row of a table: a document and the issues admission reports for it. */
export interface Case {
  name: string;
  /** The YAML text given to `loadResources` (one or more documents). */
  yaml: string;
  /** The error issues, exactly and in order, as `path: message`; 'valid' for none. */
  expect: 'valid' | readonly string[];
  /** The warning issues, exactly and in order (checked when given, or always with `warnings: 'exact'`). */
  warnings?: readonly string[];
}

export interface TableOptions {
  /** 'exact': a case without `warnings` must have none. Default: warnings are checked only when given. */
  warnings?: 'exact';
  /** Names of cases not written yet (`it.todo`). */
  todo?: readonly string[];
}

/** Asserts one case: its exact error list, and its warnings as the options ask. */
export function check(c: Case, options: TableOptions = {}): void {
  const { issues } = loadResources(c.yaml);
  expect(show(issues, 'error')).toEqual(c.expect === 'valid' ? [] : c.expect);
  const warnings = c.warnings ?? (options.warnings === 'exact' ? [] : undefined);
  if (warnings !== undefined) expect(show(issues, 'warning')).toEqual(warnings);
}

/** A `describe` block with one test per case, named after the case (names must be unique). */
export function table(title: string, cases: readonly Case[], options: TableOptions = {}): void {
  if (cases.length === 0) throw new Error(`table "${title}" has no cases`);
  const seen = new Set<string>();
  for (const { name } of cases) {
    if (seen.has(name)) throw new Error(`table "${title}": two cases are named "${name}"`);
    seen.add(name);
  }
  describe(title, () => {
    for (const c of cases) it(c.name, () => check(c, options));
    for (const name of options.todo ?? []) it.todo(name);
  });
}
