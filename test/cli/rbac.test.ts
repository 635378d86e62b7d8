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

const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-rbac-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROLES = `
type: Workspace
name: ws
---
type: RbacRole
name: super-admin
endpoints:
  - workspace: '*'
    endpoint: '*'
    actions: [read, create, update, delete]
---
type: RbacRole
name: workspace-read-only
workspace: ws
endpoints:
  - endpoint: '*'
    actions: [read]
---
type: RbacAssignment
name: u-default
user: u
roles: [super-admin]
---
type: RbacAssignment
name: u-ws
user: u
workspace: ws
roles: [workspace-read-only]
`;
writeFileSync(join(dir, 'roles.yaml'), ROLES);
writeFileSync(
  join(dir, 'bad.yaml'),
  'type: RbacAssignment\nname: a\nuser: u\nroles: [ghost]\n---\ntype: RbacRole\nname: r\nendpoints: []\n',
);

const run = async (...argv: string[]) => {
  const io = fakeIO();
  const code = await main(['rbac', ...argv], io);
  return { code, ...io };
};
const base = [join(dir, 'roles.yaml'), '--user', 'u'];

describe('mesh-policy rbac', () => {
  it('allowed: exit 0 with the deciding rule and tier', async () => {
    const r = await run(...base, '--workspace', 'ws', '--endpoint', '/services', '--action', 'read');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ALLOWED/);
    expect(r.out).toContain('tier:  3 (ws, *)');
    expect(r.out).toContain('role workspace-read-only of workspace ws');
  });

  it('denied: exit 1 (seed 004: read-only in ws under documented semantics)', async () => {
    const r = await run(...base, '--workspace', 'ws', '--endpoint', '/services', '--action', 'POST');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^DENIED/);
    expect(r.out).toContain('not-granted');
    expect(r.out).toContain('u, you do not have permissions to create this resource');
  });

  it('--semantics kong reproduces real Kong (allowed through the super-admin rule)', async () => {
    const r = await run(
      ...base,
      '--workspace',
      'ws',
      '--endpoint',
      '/services',
      '--action',
      'create',
      '--semantics',
      'kong',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      allowed: true,
      reason: 'positive-rule',
      tier: { workspace: '*', endpoint: '*', level: 4 },
    });
  });

  it('--json --explain lists candidates and keys looked at', async () => {
    const r = await run(
      dir,
      '--user',
      'u',
      '--workspace',
      'other',
      '--endpoint',
      '/services/s1',
      '--route',
      '/services/:services',
      '--action',
      'delete',
      '--json',
      '--explain',
    );
    // The directory also holds bad.yaml: invalid documents deny everything.
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ allowed: false, reason: 'invalid-input' });
    const ok = await run(
      ...base,
      '--workspace',
      'other',
      '--endpoint',
      '/services/s1',
      '--route',
      '/services/:services',
      '--action',
      'delete',
      '--json',
      '--explain',
    );
    expect(ok.code).toBe(0);
    const e = JSON.parse(ok.out);
    expect(e.candidates.map((c: { endpoint: string }) => c.endpoint)).toEqual([
      '/services/s1',
      '/services/*',
      '/*/*',
      '*',
    ]);
    expect(e.lookedAt).toHaveLength(1);
    expect(e.decidedByRole).toEqual({ name: 'super-admin', workspace: 'default' });
  });

  it('invalid documents: denied with the issues, never allowed', async () => {
    const r = await run(join(dir, 'bad.yaml'), '--user', 'u', '--endpoint', '/services', '--action', 'read');
    expect(r.code).toBe(1);
    expect(r.out).toContain('unknown role ghost in workspace default');
  });

  it('usage errors exit 2', async () => {
    expect((await run('--user', 'u', '--endpoint', '/x', '--action', 'read')).code).toBe(2);
    expect((await run(...base, '--endpoint', '/x')).code).toBe(2);
    expect((await run(...base, '--endpoint', '/x', '--action', 'TRACE')).code).toBe(2);
    expect((await run(...base, '--endpoint', '/x', '--action', 'read', '--semantics', 'nope')).code).toBe(2);
    expect((await run(...base, '--endpoint', '/x', '--action', 'read', '--bogus')).code).toBe(2);
    expect(
      (await run(join(dir, 'missing.yaml'), '--user', 'u', '--endpoint', '/x', '--action', 'read')).code,
    ).toBe(2);
    // A malformed --kong-version is a bad option, not "invalid RBAC documents" (exit 1).
    const version = await run(...base, '--endpoint', '/x', '--action', 'read', '--kong-version', 'abc');
    expect(version.code).toBe(2);
    expect(version.err).toContain('--kong-version');
    expect(
      (await run(...base, '--endpoint', '/x', '--action', 'read', '--kong-version', '3.6.0.0')).code,
    ).not.toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--semantics');
  });
});
