import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';
import type { PolicyChange } from '../../src/inspect/index.js';

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
const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const DPS = file(
  'dps.yaml',
  `type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
  outbound: [{ port: 1000, tags: { kuma.io/service: api } }]
---
type: Dataplane
mesh: default
name: api-1
networking:
  address: 10.0.0.2
  inbound: [{ port: 80, tags: { kuma.io/service: api } }]
`,
);
const timeout = (value: string) =>
  `type: MeshTimeout
mesh: default
name: web-timeouts
spec:
  targetRef: { kind: MeshService, name: web }
  to: [{ targetRef: { kind: Mesh }, default: { connectionTimeout: ${value} } }]
`;
const BEFORE = file('before.yaml', timeout('2s'));
const AFTER = file('after.yaml', timeout('5s'));

describe('mesh-policy diff', () => {
  it('exit 0 when nothing changes', async () => {
    const io = fakeIO();
    expect(await main(['diff', '--before', EXAMPLES, '--after', EXAMPLES], io)).toBe(0);
    expect(io.out).toBe('no dataplane changes\n');
  });

  it('exit 1 and one row per changed value, only for the affected dataplane', async () => {
    const io = fakeIO();
    expect(await main(['diff', '--before', DPS, BEFORE, '--after', DPS, AFTER], io)).toBe(1);
    expect(io.out).toMatch(/default\/web-1\s+MeshTimeout\s+outbound api\s+connectionTimeout\s+2s\s+5s/);
    expect(io.out).not.toContain('api-1');
    expect(io.out).toContain('1 change(s) affecting 1 dataplane(s)');
  });

  it('--json gives the changes with before and after values', async () => {
    const io = fakeIO();
    expect(await main(['diff', `--before=${DPS}`, `--before=${BEFORE}`, '--after', DPS, '--json'], io)).toBe(
      1,
    );
    const changes = JSON.parse(io.out) as PolicyChange[];
    expect(changes).toEqual([
      {
        dataplane: { mesh: 'default', name: 'web-1' },
        type: 'MeshTimeout',
        scope: 'outbound',
        key: 'api',
        path: 'connectionTimeout',
        before: '2s',
      },
    ]);
  });

  it('exit 2 on usage errors and invalid documents', async () => {
    expect(await main(['diff', '--before', DPS], fakeIO())).toBe(2);
    expect(await main(['diff', DPS, '--after', DPS], fakeIO())).toBe(2);
    expect(await main(['diff', '--before', '--after', DPS], fakeIO())).toBe(2);
    expect(await main(['diff', '--before', DPS, '--after', DPS, '--nope'], fakeIO())).toBe(2);
    const bad = file('bad.yaml', 'type: Dataplane\nname: x\n');
    const io = fakeIO();
    expect(await main(['diff', '--before', DPS, '--after', bad], io)).toBe(2);
    expect(io.err).toContain('invalid document');
  });
});
