// Packs the package exactly as `npm publish` would (into a temporary directory), then checks the
// tarball with publint --strict and @arethetypeswrong/cli (ESM-only profile: the package ships no
// CommonJS). Exits non-zero on any error. Run after `npm run build` (`npm run check:package` does).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('check-package: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'mesh-policy-pack-'));
let failed = false;
const run = (label, cmd, args) => {
  console.log(`\n=== ${label}`);
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch {
    failed = true;
    console.error(`check-package: ${label} failed`);
  }
};

try {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack produced no tarball');
  const file = join(tmp, tarball);
  console.log(`check-package: packed ${tarball}`);
  run('publint --strict', bin('publint'), ['run', file, '--strict', '--pack', 'false']);
  run('attw (esm-only)', bin('attw'), [file, '--profile', 'esm-only', '--format', 'table-flipped']);
} catch (error) {
  failed = true;
  console.error(`check-package: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
// The bin must run from a clone too (`npx mesh-policy` right after `npm ci`, whose `prepare` builds).
const binFile = join(root, 'dist', 'cli', 'bin.js');
if (!readFileSync(binFile, 'utf8').startsWith('#!/usr/bin/env node\n')) {
  failed = true;
  console.error('check-package: dist/cli/bin.js lacks its #!/usr/bin/env node line');
}
if ((statSync(binFile).mode & 0o111) === 0) {
  failed = true;
  console.error('check-package: dist/cli/bin.js is not executable (the build chmods it)');
}
if (failed) process.exit(1);
console.log('\ncheck-package: ok');
