/**
 * Runs every ```ts block of every docs/*.md guide (and of README.md) as a module (blocks marked ```ts no-run are
 * skipped). Blocks import the package as `mesh-policy` / `mesh-policy/<module>` (a vitest alias
 * maps those to src/) and check their results with node:assert, so a wrong example fails here.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTsBlocks } from '../../scripts/docs-blocks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const docsDir = join(here, '../../docs');
// One directory per run, so concurrent runs (several vitest processes) never delete each other's files.
const tmpDir = join(here, '.tmp', `${process.pid}-${Date.now().toString(36)}`);

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
