// Type-checks every ```ts block of docs/*.md and README.md (the test suite runs them, but vitest
// only strips types): each block becomes a module under .docs-typecheck/, `mesh-policy[/x]` maps
// to src/, and tsc checks them with the project's strict options. Blocks marked `ts no-run` are
// skipped, as in test/docs/docs.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractTsBlocks } from './docs-blocks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.docs-typecheck');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sources = [
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join('docs', f)),
  'README.md',
];
let count = 0;
for (const source of sources) {
  for (const block of extractTsBlocks(source, readFileSync(join(root, source), 'utf8'))) {
    const name = `${source.replace(/\.md$/, '').replace(/\//g, '-')}-${block.index + 1}.ts`;
    writeFileSync(join(out, name), `// ${source}, line ${block.line}\n${block.code}\nexport {};\n`);
    count++;
  }
}

const tsconfig = {
  extends: '../tsconfig.json',
  compilerOptions: {
    noEmit: true,
    baseUrl: '..',
    paths: { 'mesh-policy': ['./src/index.ts'], 'mesh-policy/*': ['./src/*/index.ts'] },
    allowImportingTsExtensions: true,
  },
  include: ['./*.ts'],
};
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
try {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(out, 'tsconfig.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(`typecheck-docs: ${count} blocks type-check`);
  rmSync(out, { recursive: true, force: true });
} catch {
  console.error(`typecheck-docs: type errors in the docs blocks above (files kept in ${out})`);
  process.exit(1);
}
