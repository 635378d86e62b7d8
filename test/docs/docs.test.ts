/**
 * Runs every ```ts block of every docs/*.md guide (and of README.md) as a module (blocks marked ```ts no-run are
 * skipped). Blocks import the package as `mesh-policy` / `mesh-policy/<module>` (a vitest alias
 * maps those to src/) and check their results with node:assert, so a wrong example fails here.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const docsDir = join(here, '../../docs');
// One directory per run, so concurrent runs (several vitest processes) never delete each other's files.
const tmpDir = join(here, '.tmp', `${process.pid}-${Date.now().toString(36)}`);

/** One runnable block: where it is and its code. */
interface Block {
  doc: string;
  index: number;
  line: number;
  code: string;
}

/** Extracts the ```ts blocks of a Markdown text (not ```ts no-run, not other languages). */
function extractTsBlocks(doc: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let open: { line: number; run: boolean; body: string[] } | undefined;
  let fence = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (open === undefined) {
      const m = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(line);
      if (m === null) continue;
      fence = m[2] ?? '```';
      const lang = m[3] ?? '';
      const info = (m[4] ?? '').trim();
      const run = (lang === 'ts' || lang === 'typescript') && !/\bno-run\b/.test(info);
      open = { line: i + 1, run, body: [] };
    } else if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
      if (open.run) blocks.push({ doc, index: blocks.length, line: open.line, code: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  return blocks;
}

describe('extractTsBlocks', () => {
  it('keeps ts blocks and skips no-run and other languages', () => {
    const md = [
      '# t',
      '```ts',
      'a()',
      '```',
      '```ts no-run',
      'b()',
      '```',
      '```yaml',
      'c: 1',
      '```',
      '````ts',
      'd()',
      '````',
    ].join('\n');
    expect(extractTsBlocks('x.md', md).map((b) => [b.code, b.line])).toEqual([
      ['a()', 2],
      ['d()', 11],
    ]);
  });
});

// Every guide in docs/, and the README's usage example.
const docs = [
  ...readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ name: `docs/${f}`, path: join(docsDir, f) })),
  { name: 'README.md', path: join(docsDir, '../README.md') },
];
mkdirSync(tmpDir, { recursive: true });
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

for (const doc of docs) {
  const blocks = extractTsBlocks(doc.name, readFileSync(doc.path, 'utf8'));
  if (blocks.length === 0) continue;
  describe(doc.name, () => {
    for (const block of blocks) {
      it(`block ${block.index + 1} (line ${block.line}) runs`, async () => {
        const file = join(
          tmpDir,
          `${doc.name.replace(/\.md$/, '').replace(/\//g, '-')}-${block.index + 1}.ts`,
        );
        writeFileSync(file, `${block.code}\nexport {};\n`);
        await import(pathToFileURL(file).href);
      });
    }
  });
}
