/**
 * Plumbing shared by the inspect, lint and diff commands: argument parsing with usage errors,
 * reading inputs (invalid documents reported on stderr), shared library options, and progress
 * output on stderr when it is a terminal.
 */
import { parseArgs } from 'node:util';
import type { InspectOptions } from '../inspect/index.js';
import type { Issue, Resource } from '../models/index.js';
import { displayIssue, displayPath, displayUnreadable, escapeText } from './escape.js';
import { loadPaths, maxBytesHelp, parseMaxBytes } from './files.js';
import type { CliIO } from './types.js';

/** A usage problem: the command prints it with its usage and exits 2. */
export class CliUsageError extends Error {}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Options every policy-resolving command accepts. */
export const LIBRARY_OPTIONS = {
  'tie-break': { type: 'string' },
  semantics: { type: 'string' },
  'include-shadow': { type: 'boolean' },
  'rule-budget': { type: 'string' },
  json: { type: 'boolean' },
  'max-bytes': { type: 'string' },
} as const satisfies OptionSpec;

/** Help text for `LIBRARY_OPTIONS`. */
export const LIBRARY_OPTIONS_HELP = [
  '  --json                       machine-readable output',
  '  --tie-break <t>              legacy tie-break: modificationTime (default) or creationTime (Kuma 2.8.8)',
  '  --semantics <s>              MeshPassthrough: documented (default) or kuma-2.8',
  '  --include-shadow             include kuma.io/effect: shadow policies',
  '  --rule-budget <n>            cap on generated rule subsets per rule set (default 4096)',
  maxBytesHelp(31),
].join('\n');

/** Parses `args` strictly; unknown flags and missing values become `CliUsageError`. */
export function parseCommandArgs<O extends OptionSpec>(
  args: readonly string[],
  options: O,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    throw new CliUsageError(escapeText(error instanceof Error ? error.message : String(error)));
  }
}

/** Reads `--tie-break`, `--semantics`, `--include-shadow`, `--rule-budget`. */
export function libraryOptions(values: Record<string, unknown>): InspectOptions {
  const out: InspectOptions = {};
  const tie = values['tie-break'];
  if (tie !== undefined) {
    if (tie !== 'modificationTime' && tie !== 'creationTime')
      throw new CliUsageError(`--tie-break must be modificationTime or creationTime, got "${String(tie)}"`);
    out.tieBreak = tie;
  }
  const sem = values.semantics;
  if (sem !== undefined) {
    if (sem !== 'documented' && sem !== 'kuma-2.8')
      throw new CliUsageError(`--semantics must be documented or kuma-2.8, got "${String(sem)}"`);
    out.semantics = sem;
  }
  if (values['include-shadow'] === true) out.includeShadow = true;
  const budget = values['rule-budget'];
  if (budget !== undefined) {
    const n = Number(budget);
    if (!Number.isInteger(n) || n < 1)
      throw new CliUsageError(`--rule-budget must be a positive integer, got "${String(budget)}"`);
    out.ruleBudget = n;
  }
  return out;
}

/** Reads `--max-bytes` (default `DEFAULT_MAX_BYTES`). */
export function maxBytesOption(values: Record<string, unknown>): number {
  const raw = values['max-bytes'];
  const parsed = parseMaxBytes(typeof raw === 'string' ? raw : undefined);
  if (typeof parsed === 'string') throw new CliUsageError(parsed);
  return parsed;
}

/** Loaded inputs of a command. */
export interface CommandInputs {
  resources: Resource[];
  /** Errors: documents that were not loaded. */
  issues: Issue[];
  /** Warnings about loaded documents (deprecations, a defaulted namespace). */
  warnings: Issue[];
}

/**
 * Loads files and directories (files over `maxBytes` are invalid documents, not read). Unreadable
 * paths are a usage error; symbolic links to directories met in a walk are said on stderr and not
 * followed; invalid documents (errors) and warnings are printed on stderr (one line each, file
 * names and text escaped) and returned so the command can decide its exit code (errors fail it,
 * warnings do not).
 */
export async function loadCommandInputs(
  paths: readonly string[],
  io: CliIO,
  what = 'input',
  maxBytes?: number,
): Promise<CommandInputs> {
  if (paths.length === 0) throw new CliUsageError(`no ${what} files or directories given`);
  const loaded = await loadPaths(paths, maxBytes !== undefined ? { maxBytes } : {});
  if (loaded.unreadable.length > 0) {
    throw new CliUsageError(loaded.unreadable.map(displayUnreadable).join('\n'));
  }
  for (const s of loaded.skipped)
    io.stderr(`not followed: ${displayPath(s.path)} (${escapeText(s.message)})\n`);
  const errors = loaded.issues.filter((i) => i.severity === 'error');
  const warnings = loaded.issues.filter((i) => i.severity === 'warning');
  for (const issue of errors) io.stderr(`invalid document: ${displayIssue(issue)}\n`);
  for (const issue of warnings) io.stderr(`warning: ${displayIssue(issue)}\n`);
  return { resources: loaded.resources, issues: errors, warnings };
}

/**
 * A progress callback that rewrites one stderr line when stderr is a terminal (and does nothing
 * otherwise, so logs and pipes stay clean). Call `done()` to clear the line.
 */
export function progressReporter(
  io: CliIO,
  label: string,
): { onProgress: (done: number, total: number) => void; done: () => void } {
  if (!io.stderrIsTTY) return { onProgress: () => {}, done: () => {} };
  let shown = false;
  let lastPercent = -1;
  return {
    onProgress: (done, total) => {
      if (total < 20) return;
      const percent = Math.floor((done * 100) / total);
      if (percent === lastPercent && done !== total) return;
      lastPercent = percent;
      shown = true;
      io.stderr(`\r${label} ${done}/${total} dataplanes (${percent}%)`);
    },
    done: () => {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}

/** Runs a command body, turning usage errors into exit code 2 with the usage text. */
export async function runWithUsage(io: CliIO, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
}

/** Pretty JSON with a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
