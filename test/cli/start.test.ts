/**
 * `npm start` is the README's first set-up command: it validates examples/mesh/ — the Universal
 * form with the RBAC roles, then the Kubernetes form (two separate control planes: validated
 * together, every resource would be a duplicate identity) — then inspects every dataplane of the
 * Universal form. Each command of the script is replayed through the CLI's `main` and must exit 0.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

function commands(script: string): string[][] {
  return script.split('&&').map((part) => {
    const m = /src\/cli\/bin\.ts\s+(.*)$/.exec(part.trim());
    if (!m?.[1]) throw new Error(`start script part does not run the CLI: ${part}`);
    return m[1].split(/\s+/).map((a) => (a.startsWith('examples') ? resolve(root, a) : a));
  });
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    stderrIsTTY: false,
    cwd: root,
  };
  const code = await main(args, io);
  return { code, out, err };
}

describe('npm start', () => {
  const steps = commands(pkg.scripts.start ?? '');

  it('validates both forms of examples/mesh, then inspects every dataplane', () => {
    expect(steps.map((s) => s[0])).toEqual(['validate', 'validate', 'inspect']);
    expect(steps[0]?.some((a) => a.endsWith('examples/mesh/universal'))).toBe(true);
    expect(steps[0]?.some((a) => a.endsWith('examples/mesh/rbac.yaml'))).toBe(true);
    expect(steps[1]?.some((a) => a.endsWith('examples/mesh/kubernetes'))).toBe(true);
    expect(steps[2]).toContain('--all');
  });

  it('validation of both forms of examples/mesh finds no error and no warning', async () => {
    for (const step of [steps[0], steps[1]]) {
      const r = await run(step ?? []);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/, 0 errors, 0 warnings$/m);
      expect(r.out).not.toMatch(/^(FAIL|warn) /m);
    }
  });

  it('inspection prints a section per dataplane with field provenance, and exits 0', async () => {
    const r = await run(steps[2] ?? []);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const name of ['web-1', 'backend-1', 'edge-gateway-1'])
      expect(r.out).toContain(`Dataplane default/${name} `);
    expect(r.out).toContain('SET BY');
    // the seed-002 answer: the 4-tag TrafficLog wins the backend outbound of web-1
    expect(r.out).toMatch(
      /outbound\s+backend\s+web-to-backend-policy\s+2\s+"web-to-backend-policy" wins: 4 tags/,
    );
    // a single input set: no policy is compared with a twin of itself
    expect(r.out).not.toContain('same priority');
  });
});
