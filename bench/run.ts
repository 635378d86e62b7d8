/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or the ones named on the command line) in
 * sequence. Each file's default export is an async function that prints its own tables.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

for (const file of files) {
  console.log(`\n## ${file}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as {
    default?: () => Promise<void> | void;
  };
  if (typeof mod.default !== 'function') throw new Error(`${file} has no default export`);
  await mod.default();
}
