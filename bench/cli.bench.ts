/**
 * The CLI's file reader and `validate` at scale: growth at n and 2n in one run (t(2n)/t(n)), each
 * beside a straightforward reference in the same run.
 * - `loadPaths` on a tree of many small files (lstat before open, non-blocking open, fstat, size
 *   check) beside a plain recursive `readdir` + `readFile` walk that checks nothing.
 * - `validate --json` on many files with many issues (per-file counts in one pass) beside the
 *   library alone (`loadResourceBytes` on the same bytes, which `validate` calls).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPaths } from '../src/cli/files.js';
import { main } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/types.js';
import { loadResourceBytes } from '../src/models/index.js';
import { formatNs, printTable } from './util.js';

/** `files` files of `perFile` issues each (a JSON list of numbers), 100 per directory. */
function tree(root: string, files: number, perFile: number): string {
  const dir = join(root, `t${files}x${perFile}`);
  const body = `[${Array.from({ length: perFile }, () => '0').join(',')}]`;
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.json`), body);
  }
  return dir;
}

/** The reference walk: readdir + readFile, recursive, no checks at all. */
async function plainWalk(path: string, out: Uint8Array[]): Promise<void> {
  if (statSync(path).isDirectory()) {
    for (const e of (await readdir(path)).sort()) await plainWalk(join(path, e), out);
  } else out.push(await readFile(path));
}

async function timeMs(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return xs.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}

const quiet: CliIO = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false, cwd: tmpdir() };

export default async function bench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'mesh-policy-cli-bench-'));
  try {
    const rows: string[][] = [];
    for (const n of [5_000, 50_000]) {
      const t: Record<string, number> = {};
      for (const size of [n, 2 * n]) {
        const dir = tree(root, size, 1);
        const ours = await timeMs(() => loadPaths([dir]));
        const ref = await timeMs(() => plainWalk(dir, []));
        t[`ours${size}`] = ours;
        t[`ref${size}`] = ref;
        rows.push([
          String(size),
          formatNs(ours * 1e6),
          formatNs(ref * 1e6),
          (ours / ref).toFixed(2),
          size === 2 * n ? (ours / (t[`ours${n}`] ?? Number.NaN)).toFixed(2) : '',
        ]);
        rmSync(dir, { recursive: true });
      }
    }
    printTable(
      'loadPaths on a tree of small files (files: 100 per directory)',
      ['files', 'loadPaths', 'plain readdir+readFile', 'ours/plain', 't(2n)/t(n)'],
      rows,
    );

    const vrows: string[][] = [];
    // 80k and 800k issues (the 80k, and 10 times that), each at n and 2n.
    for (const [files, perFile] of [
      [4_000, 20],
      [40_000, 20],
    ] as const) {
      const t: Record<number, number> = {};
      for (const size of [files, 2 * files]) {
        const dir = tree(root, size, perFile);
        const ours = await timeMs(() => main(['validate', '--json', dir], quiet), 1);
        const bytes: Uint8Array[] = [];
        await plainWalk(dir, bytes);
        const lib = await timeMs(async () => {
          for (const b of bytes) loadResourceBytes(b, { lines: true, uniqueKeys: true });
        }, 1);
        t[size] = ours;
        vrows.push([
          String(size),
          String(size * perFile),
          formatNs(ours * 1e6),
          formatNs(lib * 1e6),
          (ours / lib).toFixed(2),
          size === 2 * files ? (ours / (t[files] ?? Number.NaN)).toFixed(2) : '',
        ]);
        rmSync(dir, { recursive: true });
      }
    }
    printTable(
      'validate --json on many files with issues (20 per file)',
      ['files', 'issues', 'validate --json', 'loadResourceBytes alone', 'validate/library', 't(2n)/t(n)'],
      vrows,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
