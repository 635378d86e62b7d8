/**
 * The module graph of src/: no import cycle, and the layers hold (src/models imports only
 * src/models and src/internal; src/internal only itself). A static scan of the
 * `import … from '…'` / `export … from '…'` / `import '…'` statements of every src/**\/*.ts file.
 * With `verbatimModuleSyntax`, only `import type` / `export type` statements are erased at
 * runtime; they are checked in a separate assertion.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

/**
 * Cycles outside src/models known when this check was added; another change removes them. An
 * entry is the sorted list of the files of one strongly connected component. Stale entries fail.
 */
const KNOWN_VALUE_CYCLES: readonly (readonly string[])[] = [];
const KNOWN_TYPE_CYCLES: readonly (readonly string[])[] = [];

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
  readonly specifier: string;
}

// `import X, { a } from`, `import * as ns from`, `import type { A } from`, `export * from`,
// `export * as ns from`, `export { a } from`, `export type { A } from`.
const CLAUSE = String.raw`(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)|[\w$]+`;
const FROM = new RegExp(
  String.raw`^[ \t]*(import|export)\s+(type\s+)?(?:${CLAUSE})\s*from\s*(['"])([^'"\n]+)\3`,
  'gm',
);
const SIDE_EFFECT = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const rel = (file: string): string => relative(ROOT, file).split(sep).join('/');

/** The source file a relative specifier names (`./x.js` → `x.ts`, `./dir` → `dir/index.ts`). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
}

function scan(): { files: string[]; edges: Edge[]; unresolved: string[] } {
  const files = sourceFiles(SRC).map(rel).sort();
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    const abs = join(ROOT, file);
    const text = readFileSync(abs, 'utf8');
    const found: { specifier: string; typeOnly: boolean }[] = [];
    for (const m of text.matchAll(FROM))
      found.push({ specifier: m[4] as string, typeOnly: m[2] !== undefined });
    for (const m of text.matchAll(SIDE_EFFECT)) found.push({ specifier: m[2] as string, typeOnly: false });
    for (const { specifier, typeOnly } of found) {
      if (!specifier.startsWith('.')) continue; // a package (zod, yaml, node:…)
      const target = resolveSpecifier(abs, specifier);
      if (target === undefined) unresolved.push(`${file}: '${specifier}'`);
      else edges.push({ from: file, to: rel(target), typeOnly, specifier });
    }
  }
  return { files, edges, unresolved };
}

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
function cycles(files: readonly string[], edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return out.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** One concrete cycle through `component` (for the failure message): `a.ts → b.ts → a.ts`. */
function describeCycle(component: readonly string[], edges: readonly Edge[]): string {
  const inside = new Set(component);
  const start = component[0] as string;
  const parent = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const e of edges) {
      if (e.from !== v || !inside.has(e.to)) continue;
      if (e.to === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = parent.get(u))
          path.splice(1, 0, u);
        return [...path, start].join(' → ');
      }
      if (!seen.has(e.to)) {
        seen.add(e.to);
        parent.set(e.to, v);
        queue.push(e.to);
      }
    }
  }
  return component.join(', ');
}

function report(found: readonly string[][], known: readonly (readonly string[])[], edges: readonly Edge[]) {
  const key = (c: readonly string[]): string => c.join(' | ');
  const knownKeys = new Set(known.map(key));
  const foundKeys = new Set(found.map(key));
  return {
    unexpected: found.filter((c) => !knownKeys.has(key(c))).map((c) => describeCycle(c, edges)),
    stale: known.filter((c) => !foundKeys.has(key(c))).map(key),
  };
}

describe('src module graph', () => {
  const { files, edges, unresolved } = scan();

  it('finds the source files and resolves every relative import', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle (imports that run)', () => {
    const valueEdges = edges.filter((e) => !e.typeOnly);
    expect(report(cycles(files, valueEdges), KNOWN_VALUE_CYCLES, valueEdges)).toEqual({
      unexpected: [],
      stale: [],
    });
  });

  it('has no import cycle (type-only imports included)', () => {
    expect(report(cycles(files, edges), KNOWN_TYPE_CYCLES, edges)).toEqual({ unexpected: [], stale: [] });
  });

  it('keeps src/models on src/models and src/internal, and src/internal on itself', () => {
    const outside = edges
      .filter(
        (e) =>
          (e.from.startsWith('src/models/') &&
            !e.to.startsWith('src/models/') &&
            !e.to.startsWith('src/internal/')) ||
          (e.from.startsWith('src/internal/') && !e.to.startsWith('src/internal/')),
      )
      .map((e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`);
    expect(outside).toEqual([]);
  });

  it('reads the import forms it claims to', () => {
    const sample = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      'import * as ns from "./c.js";',
      "import D, { e } from './d.js';",
      "export * from './f.js';",
      "export * as g from './g.js';",
      "export { h, type I } from './h.js';",
      "export type { J } from './j.js';",
      "import {\n  k,\n  type L,\n} from './k.js';",
      "import './side.js';",
      " * import { notCode } from './comment.js';",
      'const s = \'import x from "./string.js"\';',
    ].join('\n');
    const specifiers = [...sample.matchAll(FROM)].map((m) => `${m[2] !== undefined ? 'type ' : ''}${m[4]}`);
    const sideEffects = [...sample.matchAll(SIDE_EFFECT)].map((m) => m[2]);
    expect(specifiers).toEqual([
      './a.js',
      'type ../b.js',
      './c.js',
      './d.js',
      './f.js',
      './g.js',
      './h.js',
      'type ./j.js',
      './k.js',
    ]);
    expect(sideEffects).toEqual(['./side.js']);
  });
});
