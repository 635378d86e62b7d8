import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';
import type { DataplaneReport } from '../../src/inspect/index.js';

function fakeIO(tty = false): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stderrIsTTY: tty,
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
const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const MESH = file(
  'mesh.yaml',
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

describe('mesh-policy inspect', () => {
  it('prints one section per policy type with the field provenance in a column', async () => {
    const io = fakeIO();
    expect(await main(['inspect', MESH, '--dataplane', 'web-1'], io)).toBe(0);
    expect(io.out).toContain('Dataplane default/web-1 (Sidecar, transparent proxying: no)');
    expect(io.out).toContain('== MeshTimeout (targetRef) ==');
    expect(io.out).toMatch(/outbound\s+api\s+connectionTimeout\s+2s\s+timeouts/);
    expect(io.out).toMatch(/SET BY/);
    expect(io.err).toBe('');
  });

  it('--json prints the report of the library', async () => {
    const io = fakeIO();
    expect(await main(['inspect', MESH, '--dataplane', 'web-1', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out) as DataplaneReport;
    expect(report.dataplane.name).toBe('web-1');
    expect(report.types.map((t) => t.type)).toEqual(['MeshTimeout']);
  });

  it('--all inspects every dataplane of the examples, --type filters', async () => {
    const io = fakeIO();
    expect(await main(['inspect', EXAMPLES, '--all', '--type', 'MeshTrafficPermission', '--json'], io)).toBe(
      0,
    );
    const reports = JSON.parse(io.out) as DataplaneReport[];
    expect(reports.map((r) => r.dataplane.name)).toEqual(['backend-1', 'edge-gateway-1', 'web-1']);
    expect(reports.every((r) => r.types.every((t) => t.type === 'MeshTrafficPermission'))).toBe(true);
  });

  it('shows progress on stderr only when it is a terminal', async () => {
    const many = Array.from(
      { length: 25 },
      (_, i) =>
        `type: Dataplane\nmesh: default\nname: dp-${i}\nnetworking:\n  address: 10.0.0.${i}\n  inbound: [{ port: 80, tags: { kuma.io/service: s } }]`,
    ).join('\n---\n');
    const f = file('many.yaml', many);
    const tty = fakeIO(true);
    expect(await main(['inspect', f, '--all'], tty)).toBe(0);
    expect(tty.err).toContain('inspecting 25/25 dataplanes');
    const pipe = fakeIO(false);
    expect(await main(['inspect', f, '--all'], pipe)).toBe(0);
    expect(pipe.err).toBe('');
  });

  it('exit 2 on usage errors: no dataplane flag, unknown flag, unknown dataplane, unreadable path', async () => {
    for (const args of [
      ['inspect', MESH],
      ['inspect', MESH, '--dataplane', 'web-1', '--all'],
      ['inspect', MESH, '--dataplane', 'web-1', '--bogus'],
      ['inspect', MESH, '--dataplane', 'nope'],
      ['inspect', join(dir, 'missing.yaml'), '--dataplane', 'web-1'],
      ['inspect', MESH, '--dataplane', 'web-1', '--tie-break', 'newest'],
      ['inspect', '--dataplane', 'web-1'],
    ]) {
      const io = fakeIO();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err).not.toBe('');
    }
  });

  it('exit 2 on an unknown --type (a typo would otherwise print an empty report with exit 0)', async () => {
    const io = fakeIO();
    expect(await main(['inspect', MESH, '--dataplane', 'web-1', '--type', 'meshtimeout'], io)).toBe(2);
    expect(io.err).toContain('unknown policy type "meshtimeout" for --type');
    expect(io.out).toBe('');
  });

  it('exit 1 when some documents are invalid (they are listed on stderr, the rest is inspected)', async () => {
    const bad = file('bad.yaml', 'type: MeshTimeout\nmesh: default\nname: broken\nspec: { bogus: 1 }\n');
    const io = fakeIO();
    expect(await main(['inspect', MESH, bad, '--dataplane', 'web-1'], io)).toBe(1);
    expect(io.err).toContain('invalid document');
    expect(io.out).toContain('== MeshTimeout');
  });

  it('exit 1 when a policy type fails for the dataplane (rule budget), the others still shown', async () => {
    const from = Array.from(
      { length: 14 },
      (_, i) => `    - targetRef: { kind: MeshSubset, tags: { k${i}: v } }\n      default: { action: Allow }`,
    ).join('\n');
    const f = file(
      'budget.yaml',
      `type: MeshTrafficPermission\nmesh: default\nname: many\nspec:\n  targetRef: { kind: Mesh }\n  from:\n${from}\n`,
    );
    const io = fakeIO();
    expect(await main(['inspect', MESH, f, '--dataplane', 'web-1', '--rule-budget', '50'], io)).toBe(1);
    expect(io.out).toContain('error (RULE_BUDGET_EXCEEDED)');
    expect(io.out).toContain('== MeshTimeout (targetRef) ==');
  });
});
