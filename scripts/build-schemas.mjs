// Writes dist/schemas/<Type>.json (one JSON Schema per resource type, Universal form) and
// dist/schemas/index.json, from the zod schemas of the built dist/models (run after `tsc`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const models = await import(pathToFileURL(join(root, 'dist/models/index.js')).href);
const schemas = models.resourceJsonSchemas();
const outDir = join(root, 'dist/schemas');
mkdirSync(outDir, { recursive: true });
const types = Object.keys(schemas).sort();
for (const type of types) {
  writeFileSync(join(outDir, `${type}.json`), `${JSON.stringify(schemas[type], null, 2)}\n`);
}
const index = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Any mesh-policy resource (Universal form)',
  oneOf: types.map((t) => ({ $ref: `${t}.json` })),
};
writeFileSync(join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
console.log(`build-schemas: wrote ${types.length} schemas to dist/schemas/`);
