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

const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-passthrough-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const MESH = file(
  'mesh.yaml',
  `type: Dataplane
mesh: default
name: web
networking:
  address: 10.0.0.5
  inbound:
    - port: 8080
      tags: { kuma.io/service: web, team: a }
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }
---
type: MeshPassthrough
mesh: default
name: base
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default:
    passthroughMode: Matched
    appendMatch:
      - { type: Domain, value: httpbin.org, port: 443, protocol: tls }
---
type: MeshPassthrough
mesh: default
name: team-a
spec:
  targetRef: { kind: MeshSubset, tags: { team: a }, proxyTypes: [Sidecar] }
  default:
    appendMatch:
      - { type: CIDR, value: 10.250.0.0/16, port: 10000, protocol: tcp }
      - { type: Domain, value: api.example.com, port: 80, protocol: http }
`,
);

async function run(...argv: string[]) {
  const io = fakeIO();
  const code = await main(['passthrough', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('mesh-policy passthrough', () => {
  it('exit 0 when allowed, naming the entry and the policy it came from', async () => {
    const r = await run(MESH, '--dataplane', 'web', '--to', '10.250.3.4:10000');
    expect(r.code).toBe(0);
    expect(r.out).toContain('allowed: web → 10.250.3.4:10000 (tcp)');
    expect(r.out).toContain('appendMatch[1] CIDR 10.250.0.0/16 port 10000 tcp');
    expect(r.out).toContain('policy:   team-a');
  });
  it('a host name is used as SNI (port 443) with --address', async () => {
    const r = await run(
      dir,
      '--dataplane',
      'web',
      '--to',
      'httpbin.org:443',
      '--address',
      '3.3.3.3',
      '--json',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      allowed: true,
      reason: 'matched',
      entryIndex: 0,
      policy: { name: 'base' },
    });
    expect(report.connection).toEqual({ address: '3.3.3.3', port: 443, protocol: 'tls', sni: 'httpbin.org' });
  });
  it('exit 1 when denied, with the skipped entries explained', async () => {
    const r = await run(MESH, '--dataplane', 'web', '--to', 'evil.com:443', '--address', '6.6.6.6');
    expect(r.code).toBe(1);
    expect(r.out).toContain('denied: web → 6.6.6.6:443 (tls, sni evil.com)');
    expect(r.out).toContain('reason:   no-filter-chain');
    expect(r.out).toContain(
      "[0] Domain httpbin.org port 443 tls: server name 'evil.com' does not match httpbin.org",
    );
  });
  it('--semantics kuma-2.8 and --protocol/--path reproduce Kuma 2.8.8 (only path / is routed)', async () => {
    const base = [MESH, '--dataplane', 'web', '--to', 'api.example.com:80', '--address', '1.2.3.4'];
    expect((await run(...base)).code).toBe(0);
    const r = await run(...base, '--semantics', 'kuma-2.8', '--path', '/v1', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ reason: 'no-route', httpStatus: 404 });
  });
  it.each([
    [[MESH, '--to', '1.1.1.1:80']],
    [[MESH, '--dataplane', 'web']],
    [['--dataplane', 'web', '--to', '1.1.1.1:80']],
    [[MESH, '--dataplane', 'web', '--to', 'example.com:443']],
    [[MESH, '--dataplane', 'web', '--to', '1.1.1.1']],
    [[MESH, '--dataplane', 'web', '--to', '1.1.1.1:80', '--protocol', 'udp']],
    [[MESH, '--dataplane', 'web', '--to', '1.1.1.1:80', '--bogus']],
    [[MESH, '--dataplane', 'nope', '--to', '1.1.1.1:80']],
    [[join(dir, 'missing.yaml'), '--dataplane', 'web', '--to', '1.1.1.1:80']],
    // Brackets hold an IPv6 literal only.
    [[MESH, '--dataplane', 'web', '--to', '[foo]:443', '--address', '1.1.1.1']],
    [[MESH, '--dataplane', 'web', '--to', '[1.1.1.1]:80']],
    [[MESH, '--dataplane', 'web', '--to', '[fe80::1%eth0]:80']],
    // A server name or Host for another protocol would be silently ignored.
    [[MESH, '--dataplane', 'web', '--to', '1.1.1.1:443', '--sni', 'a.com', '--protocol', 'http']],
    [[MESH, '--dataplane', 'web', '--to', '1.1.1.1:80', '--host', 'a.com', '--protocol', 'tcp']],
    [[MESH, '--dataplane', 'web', '--to', '1.1.1.1:80', '--host', 'a.com', '--sni', 'a.com']],
  ])('exit 2 on usage errors: %j', async (argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).not.toBe('');
  });
  it('--host implies HTTP for an IP destination (it was dropped and the connection read as TCP)', async () => {
    const r = await run(
      MESH,
      '--dataplane',
      'web',
      '--to',
      '93.184.216.34:80',
      '--host',
      'api.example.com',
      '--json',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.connection).toEqual({
      address: '93.184.216.34',
      port: 80,
      protocol: 'http',
      host: 'api.example.com',
    });
    expect(report).toMatchObject({ reason: 'matched', entryIndex: 2, policy: { name: 'team-a' } });
  });
  it('IPv6 destinations in brackets; without an IPv6 listener they are not intercepted', async () => {
    const r = await run(MESH, '--dataplane', 'web', '--to', '[2001:db8::1]:10000', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      reason: 'not-intercepted',
      connection: { address: '2001:db8::1' },
    });
  });
});
