import { existsSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every package entry point except the CLI: `src/index.ts` and `src/<module>/index.ts`. */
const entries = [
  'index.ts',
  ...readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'cli' && existsSync(join(src, d.name, 'index.ts')))
    .map((d) => `${d.name}/index.ts`)
    .sort(),
];

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Fails the build on any Node built-in, saying which file imported it. */
function noNodeBuiltins(found: string[]): Plugin {
  return {
    name: 'no-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (BUILTINS.has(args.path) || args.path.startsWith('node:')) {
          found.push(`${args.path} (imported by ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

describe('every entry point bundles for the browser without Node built-ins', () => {
  it('finds the entry points', () => {
    expect(entries).toContain('index.ts');
    expect(entries).toContain('identity/index.ts');
    expect(entries).toContain('testing/index.ts');
    expect(entries).not.toContain('cli/index.ts');
  });

  for (const entry of entries) {
    it(entry, async () => {
      const found: string[] = [];
      const result = await build({
        entryPoints: [join(src, entry)],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        plugins: [noNodeBuiltins(found)],
      });
      expect(result.errors).toEqual([]);
      expect(found).toEqual([]);
      expect(result.outputFiles[0]?.text.length ?? 0).toBeGreaterThan(0);
    });
  }

  it('the check itself catches a Node built-in (the CLI file reader)', async () => {
    const found: string[] = [];
    await build({
      entryPoints: [join(src, 'cli/files.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      plugins: [noNodeBuiltins(found)],
    });
    expect(found.some((f) => f.startsWith('node:fs'))).toBe(true);
  });
});
