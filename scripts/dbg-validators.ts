/**
 * Debugging view of the Kuma validator replay: for one table of the conformance corpus
 * (`kuma-2.8/validators/<stem>.json`), prints expected vs reported issues of every failing case
 * (or of the cases whose index matches the regular expression).
 *
 *   node --import tsx scripts/dbg-validators.ts <stem> [index-regex]
 *
 * The corpus is read from MESH_POLICY_CONFORMANCE_DIR, else ../shared/conformance.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadResources } from '../src/models/index.js';

interface Case {
  name: string;
  resource: unknown;
  expect: 'valid' | { field: string; message: string }[];
}

const [stem, filter] = process.argv.slice(2);
if (stem === undefined) {
  console.error('usage: dbg-validators.ts <stem> [index-regex]');
  process.exit(2);
}
const root =
  process.env.MESH_POLICY_CONFORMANCE_DIR || resolve(import.meta.dirname, '../../shared/conformance');
const cases = JSON.parse(
  readFileSync(join(root, 'kuma-2.8', 'validators', `${stem}.json`), 'utf8'),
) as Case[];
cases.forEach((c, i) => {
  if (filter !== undefined && !new RegExp(`^(${filter})$`).test(String(i))) return;
  const { issues } = loadResources(JSON.stringify(c.resource));
  const errors = issues.filter((x) => x.severity === 'error');
  const ok =
    c.expect === 'valid'
      ? errors.length === 0
      : c.expect.every((e) => errors.some((x) => x.path === e.field && x.message === e.message));
  if (ok && filter === undefined) return;
  const expected = c.expect === 'valid' ? ['valid'] : c.expect.map((e) => `${e.field}: ${e.message}`);
  console.log(`#${i} ${c.name} ${ok ? 'OK' : 'FAIL'}`);
  console.log(`  expected: ${expected.join(' | ')}`);
  console.log(`  got:      ${issues.map((x) => `${x.severity} ${x.path}: ${x.message}`).join(' | ')}`);
});
