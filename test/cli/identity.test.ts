import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';

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

const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const DEMO = file(
  'demo.yaml',
  `type: Dataplane
mesh: default
name: demo-app-1
networking:
  address: 10.0.0.1
  inbound:
    - { port: 8080, tags: { kuma.io/service: demo-app } }
  outbound:
    - { port: 6379, tags: { kuma.io/service: redis } }
---
type: MeshPassthrough
name: allow-all
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default: { passthroughMode: All }
`,
);
const INGRESS = file(
  'ingress.yaml',
  'type: ZoneIngress\nname: zi-1\nnetworking: { address: 10.0.0.9, port: 10001 }\n',
);

async function run(...argv: string[]) {
  const io = fakeIO();
  const code = await main(['identity', ...argv], io);
  return { code, out: io.out, err: io.err };
}

const R1 = '--tags=kuma.io/type=dataplane,kuma.io/mesh=default,kuma.io/service=demo-app';

describe('mesh-policy identity', () => {
  it('exit 0: the seed role resolves (human output)', async () => {
    const r = await run(R1, '--account-id', '111122223333', '--authorized-account-ids', '111122223333');
    expect(r.code).toBe(0);
    expect(r.out).toContain('identity: type=dataplane mesh=default service=demo-app account=111122223333');
  });

  it('exit 1: rejected tags, with the issue path in the output', async () => {
    const r = await run('--tags', 'kuma.io/type=Dataplane,kuma.io/mesh=default');
    expect(r.code).toBe(1);
    expect(r.out).toContain('identity: rejected');
    expect(r.out).toContain(
      'tags["kuma.io/type"]: must be one of ["dataplane", "ingress", "egress"], got "Dataplane"',
    );
  });

  it('exit 1: account not authorised', async () => {
    const r = await run(
      R1,
      '--account-id',
      '999999999999',
      '--authorized-account-ids',
      '111122223333',
      '--json',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).identityIssues[0]).toEqual({
      path: 'accountId',
      message: 'AWS account "999999999999" is not authorized',
      severity: 'error',
    });
  });

  it('--dataplane: claim accepted, ECS lint warns about MeshPassthrough (exit 0)', async () => {
    const r = await run(R1, '--dataplane', DEMO, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.claim).toEqual({ ok: true, issues: [] });
    expect(out.ecsLint.issues).toEqual([
      {
        path: 'spec',
        message: "policy doesn't support proxy running without transparent-proxy",
        severity: 'warning',
        resource: { type: 'MeshPassthrough', mesh: 'default', name: 'allow-all' },
      },
    ]);
  });

  it('--dataplane: claim rejected for another service, lint error for a missing outbound (exit 1)', async () => {
    const r = await run(
      '--tags',
      'kuma.io/type=dataplane,kuma.io/mesh=default,kuma.io/service=web',
      '--dataplane',
      DEMO,
      '--contacted',
      'redis,kv',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('claim Dataplane demo-app-1: rejected');
    expect(r.out).toContain('networking.inbound[0].tags["kuma.io/service"]');
    expect(r.out).toContain('ECS lint: 1 error(s), 1 warning(s)');
    expect(r.out).toContain('mesh service "kv" is not listed');
  });

  it('zone proxies: an ingress role may present a ZoneIngress, a dataplane role may not', async () => {
    expect((await run('--tags', 'kuma.io/type=ingress', '--dataplane', INGRESS)).code).toBe(0);
    const r = await run(R1, '--dataplane', INGRESS);
    expect(r.code).toBe(1);
    expect(r.out).toContain('IAM role of kuma.io/type "dataplane" cannot authenticate a ZoneIngress');
  });

  it('--dataplane takes the first proxy resource of the file, whatever its kind', async () => {
    const mixed = file(
      'mixed.yaml',
      `type: ZoneIngress
name: zi-1
networking: { address: 10.0.0.9, port: 10001 }
---
type: Dataplane
name: demo-app-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 8080, tags: { kuma.io/service: demo-app } }]
`,
    );
    const r = await run('--tags', 'kuma.io/type=ingress', '--dataplane', mixed);
    expect(r.code).toBe(0);
    expect(r.out).toBe('identity: type=ingress\nclaim ZoneIngress zi-1: accepted\n');
    const named = await run(R1, '--dataplane', mixed, '--name', 'demo-app-1', '--json');
    expect(named.code).toBe(0);
    expect(JSON.parse(named.out).proxy).toEqual({ type: 'Dataplane', name: 'demo-app-1' });
  });

  it('exit 2: usage errors', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('--tags', 'novalue')).code).toBe(2);
    expect((await run(R1, '--bogus')).code).toBe(2);
    expect((await run(R1, '--dataplane')).code).toBe(2);
    const missing = await run(R1, '--dataplane', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');
    expect((await run(R1, '--dataplane', DEMO, '--name', 'other')).code).toBe(2);
  });

  it('--help prints the usage with the exit codes', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes');
  });
});
