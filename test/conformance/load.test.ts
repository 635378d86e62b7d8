/**
 * Every Kuma input document of the conformance corpus loads with zero errors: the non-golden
 * `.yaml` files under `kuma-2.8/**\/testdata/` (the MeshPassthrough `api/testdata` inputs are bare
 * specs fed to the validator, and their `.output.yaml` files are goldens, so both are excluded).
 * Cases are enumerated from the files present, since the replayed corpus may hold more.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/models/index.js';
import { conformanceRoot, skipNotice } from './root.js';

const root = conformanceRoot();

function walk(dir: string, out: string[]): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function inputDocuments(base: string): string[] {
  return walk(join(base, 'kuma-2.8'), []).filter((file) => {
    const rel = relative(base, file).split(sep).join('/');
    if (!rel.endsWith('.yaml') || !rel.includes('/testdata/')) return false;
    if (rel.includes('/tables/')) return false;
    if (/\.golden\.yaml$/.test(rel)) return false;
    if (rel.includes('meshpassthrough/api/testdata/')) return false;
    return true;
  });
}

if (root === undefined) {
  skipNotice();
  describe.skip('conformance: loading Kuma input documents', () => {
    it('needs the corpus', () => skipNotice());
  });
} else {
  const base = root;
  const files = inputDocuments(base);
  describe('conformance: loading Kuma input documents', () => {
    it('finds input documents', () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const file of files) {
      const rel = relative(base, file);
      it(`loads ${rel} with no issue`, () => {
        const text = readFileSync(file, 'utf8');
        const { resources, issues } = loadResources(text, { source: rel });
        // Kuma accepts every one of them; some carry Kuma's deprecation warnings.
        expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(resources.length).toBeGreaterThan(0);
      });
    }
    it('keeps the later keys of the document missing its --- (torules/03.policies.yaml)', () => {
      const file = files.find((f) => f.endsWith(join('torules', '03.policies.yaml')));
      if (file === undefined) return;
      const { resources } = loadResources(readFileSync(file, 'utf8'));
      const names = resources.map((r) => r.name);
      expect(names).toContain('mtp-3');
      expect(names).not.toContain('mtp-2');
    });
  });
}
