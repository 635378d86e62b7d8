/**
 * Spot-check: loads every Kuma resource shown in the Kuma documentation (the kuma-website
 * repository) for one Kuma version and reports the ones the loader rejects. Not part of the test
 * suite (it needs a clone of github.com/kumahq/kuma-website):
 *
 *   node --import tsx scripts/kuma-docs-check.ts <kuma-website git dir> <commit> <version, e.g. 2.8>
 *
 * Version conditions (`{% if_version lte:2.8.x %}`) are evaluated for that version, YAML code
 * blocks are extracted, Liquid variables are replaced by plausible values, and every block that
 * holds a Kuma resource (a Universal `type` or `apiVersion: kuma.io/v1alpha1`) is loaded.
 */
import { execFileSync } from 'node:child_process';
import { loadResources } from '../src/models/index.js';

const [gitDir, commit, version] = process.argv.slice(2);
if (gitDir === undefined || commit === undefined || version === undefined) {
  console.error('usage: kuma-docs-check.ts <git dir> <commit> <version>');
  process.exit(2);
}
const git = (...args: string[]): string =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const [major, minor] = version.split('.').map(Number) as [number, number];
const cmp = (v: string): number => {
  const [a, b] = v.replace(/\.x$/, '').split('.').map(Number) as [number, number];
  return major !== a ? major - a : minor - b;
};
function holds(cond: string): boolean {
  for (const part of cond.trim().split(/\s+/)) {
    const m = /^(gte|lte|eq|gt|lt):(\S+)$/.exec(part);
    if (m === null) continue;
    const c = cmp(m[2]!);
    if (m[1] === 'gte' && c < 0) return false;
    if (m[1] === 'lte' && c > 0) return false;
    if (m[1] === 'gt' && c <= 0) return false;
    if (m[1] === 'lt' && c >= 0) return false;
    if (m[1] === 'eq' && c !== 0) return false;
  }
  return true;
}

/** Keeps the text of true `if_version` blocks (nested), drops the others. */
function evaluate(text: string): string {
  const out: string[] = [];
  const stack: boolean[] = [];
  const re = /\{%-?\s*(if_version|endif_version)([^%]*)-?%\}/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (stack.every(Boolean)) out.push(text.slice(last, m.index));
    if (m[1] === 'if_version') stack.push(holds(m[2] ?? ''));
    else stack.pop();
    last = m.index + m[0].length;
  }
  if (stack.every(Boolean)) out.push(text.slice(last));
  return out.join('');
}

const VARS: Record<string, string> = {
  'site.mesh_namespace': 'kuma-system',
  'site.mesh_product_name': 'Kuma',
  'site.mesh_cp_name': 'kuma-control-plane',
};
function substitute(text: string): string {
  return text
    .replace(/\{%-?\s*(raw|endraw)\s*-?%\}/g, '')
    .replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => VARS[name] ?? 'placeholder');
}

const files = git('ls-tree', '-r', '--name-only', commit, 'app/_src')
  .split('\n')
  .filter((f) => f.endsWith('.md'));
let documents = 0;
let rejected = 0;
const failures: string[] = [];
for (const file of files) {
  const text = evaluate(git('show', `${commit}:${file}`));
  const blocks = [...text.matchAll(/```ya?ml[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  for (const block of blocks) {
    if (/\{%/.test(block)) continue; // templated beyond what this script evaluates
    const yaml = substitute(block);
    const pieces = yaml.split(/^---/m).filter((p) => /^(type: |apiVersion: kuma\.io\/v1alpha1)/m.test(p));
    for (const piece of pieces) {
      if (/^\s*(\.\.\.|#\s*\.\.\.)\s*$/m.test(piece)) continue; // elided examples
      documents++;
      const { issues } = loadResources(piece);
      const errors = issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        rejected++;
        const head = /^(?:type|kind): (\S+)/m.exec(piece)?.[1] ?? '?';
        failures.push(
          `${file} [${head}]\n    ${errors.map((e) => `${e.path}: ${e.message}`).join('\n    ')}`,
        );
      }
    }
  }
}
console.log(failures.join('\n'));
console.log(
  `\nKuma ${version} documentation at ${commit}: ${documents} resource documents, ${rejected} rejected`,
);
