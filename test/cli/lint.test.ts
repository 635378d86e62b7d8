import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';
import type { LintFinding } from '../../src/inspect/index.js';

function fakeIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stderrIsTTY: false,
    cwd: '/',
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

const EXAMPLES = resolve(__dirname, '../../examples/mesh/universal');
const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const CLEAN = file(
  'clean.yaml',
  `type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
  outbound: [{ port: 1000, tags: { kuma.io/service: api } }]
---
type: MeshTimeout
mesh: default
name: timeouts
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 2s } }]
`,
);
const UNUSED = file(
  'unused.yaml',
  `type: MeshTimeout
mesh: default
name: for-nobody
spec:
  targetRef: { kind: MeshService, name: nobody }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 9s } }]
`,
);

describe('mesh-policy lint', () => {
  it('exit 0 and "no findings" on a clean set', async () => {
    const io = fakeIO();
    expect(await main(['lint', CLEAN], io)).toBe(0);
    expect(io.out).toBe('no findings\n');
  });

  it('warnings only: exit 0, or 1 with --strict', async () => {
    const io = fakeIO();
    expect(await main(['lint', CLEAN, UNUSED], io)).toBe(0);
    expect(io.out).toMatch(/warning\s+targetref\/selects-nothing\s+MeshTimeout default\/for-nobody/);
    expect(await main(['lint', CLEAN, UNUSED, '--strict'], fakeIO())).toBe(1);
  });

  it('--json lists the findings with stable codes', async () => {
    const overridden = file(
      'overridden.yaml',
      `type: MeshTimeout
mesh: default
name: z-loses
spec:
  targetRef: { kind: Mesh }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: 9s } }]
`,
    );
    const io = fakeIO();
    expect(await main(['lint', CLEAN, overridden, '--json'], io)).toBe(0);
    const { findings } = JSON.parse(io.out) as { findings: LintFinding[] };
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'targetref/overridden-entry',
        message: expect.stringContaining('overridden'),
        resource: { type: 'MeshTimeout', mesh: 'default', name: 'z-loses' },
        path: 'spec.to[0]',
      },
    ]);
  });

  it('runs on the examples', async () => {
    const io = fakeIO();
    expect(await main(['lint', EXAMPLES], io)).toBe(0);
    expect(io.out).toMatch(/error\(s\)|no findings/);
  });

  it('exit 1 on errors (a policy type that fails for a dataplane) and on invalid documents', async () => {
    const from = Array.from(
      { length: 14 },
      (_, i) => `    - targetRef: { kind: MeshSubset, tags: { k${i}: v } }\n      default: { action: Allow }`,
    ).join('\n');
    const f = file(
      'budget.yaml',
      `type: MeshTrafficPermission\nmesh: default\nname: many\nspec:\n  targetRef: { kind: Mesh }\n  from:\n${from}\n`,
    );
    const io = fakeIO();
    expect(await main(['lint', CLEAN, f, '--rule-budget', '50'], io)).toBe(1);
    expect(io.out).toMatch(/error\s+targetref\/rule-budget-exceeded/);
    const bad = file('bad.yaml', 'type: Nope\nname: x\n');
    const io2 = fakeIO();
    expect(await main(['lint', CLEAN, bad], io2)).toBe(1);
    expect(io2.err).toContain('invalid document');
  });

  it('exit 2 on usage errors', async () => {
    expect(await main(['lint'], fakeIO())).toBe(2);
    expect(await main(['lint', CLEAN, '--frobnicate'], fakeIO())).toBe(2);
    expect(await main(['lint', join(dir, 'missing')], fakeIO())).toBe(2);
  });
});
