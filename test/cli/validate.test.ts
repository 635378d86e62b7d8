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
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    stderrIsTTY: false,
    cwd: process.cwd(),
  };
  return io;
}

async function run(...argv: string[]) {
  const io = fakeIO();
  const code = await main(['validate', ...argv], io);
  return { code, out: io.out, err: io.err };
}

const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mesh-policy validate', () => {
  it('exits 0 on examples/mesh/universal and prints a per-type summary', async () => {
    const { code, out, err } = await run('examples/mesh/universal', 'examples/mesh/rbac.yaml');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^ok {3}examples\/mesh\/universal\/dataplanes\.yaml \(3 resources\)$/m);
    expect(out).toMatch(/^ {2}Dataplane +3$/m);
    expect(out).toMatch(/^ {2}MeshPassthrough +1$/m);
    expect(out).toMatch(/^\d+ files, \d+ valid resources, 0 errors, 0 warnings$/m);
  });

  it('reports both forms of examples/mesh given together as duplicate identities (one run is one control plane)', async () => {
    const { code, out } = await run('examples/mesh');
    expect(code).toBe(1);
    expect(out.split('\n')).toContain(
      'examples/mesh/universal/mesh.yaml:0: name: duplicate Mesh "default": also defined at examples/mesh/kubernetes/mesh.yaml:0 (line 1); Kuma keeps only the one applied last',
    );
  });

  it('exits 1 on examples/invalid and lists each mistake as file:document: path: message', async () => {
    const { code, out } = await run('examples/invalid');
    expect(code).toBe(1);
    const expected = [
      'examples/invalid/unknown-field.yaml:0: spec.to[0].default.idleTimout: unknown field (line 12)',
      'examples/invalid/bad-port.yaml:0: networking.inbound[0].port: port must be in the range [1, 65535] (line 8)',
      'examples/invalid/missing-name.yaml:0: name: must be defined (line 2)',
      'examples/invalid/bad-timestamp.yaml:0: creationTime: must be an RFC 3339 timestamp (line 5)',
      'examples/invalid/unknown-type.yaml:0: type: unknown resource type "MeshTimeOut" (line 2)',
      'warning: examples/invalid/kubernetes-missing-namespace.yaml:0: metadata.namespace: namespace not set: MeshTimeout is namespaced, using namespace "default" (option namespace, CLI --namespace) (line 7)',
      // Kuma's admission (one file per mistake the validator must catch)
      'examples/invalid/admission-bad-tag-key.yaml:0: networking.inbound[0].tags["inv@lidT/gN%me"]: tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores (line 11)',
      'examples/invalid/admission-gateway-listener-conflict.yaml:0: conf.listeners[1]: protocol conflicts with other listeners on this port (line 12)',
      'examples/invalid/admission-gateway-route-without-backend.yaml:0: spec.to[0].rules[0].default.backendRefs: must not be empty (line 17)',
      'examples/invalid/admission-kind-not-allowed-in-section.yaml:0: spec.from[0].targetRef.kind: value is not supported (line 10)',
      'examples/invalid/admission-missing-action.yaml:0: spec.from[0].default.action: must be defined (line 11)',
      'examples/invalid/admission-negative-duration.yaml:0: spec.to[0].default.idleTimeout: must not be negative when defined (line 12)',
      'examples/invalid/admission-proxypatch-many-types.yaml:0: spec.default.appendModifications[0]: exactly one modification can be defined at a time. Currently, 4 modifications are defined (line 10)',
      'examples/invalid/admission-rate-limit-range.yaml:0: spec.from[0].default.local.http.requestRate.num: must be greater than 0 (line 16)',
      'examples/invalid/admission-rate-limit-range.yaml:0: spec.from[0].default.local.http.requestRate.interval: must be greater than: 50ms (line 17)',
      'examples/invalid/admission-targetref-without-name.yaml:0: spec.targetRef.name: must be set with kind MeshService (line 7)',
      'examples/invalid/admission-unknown-conf-field.yaml:0: spec.to[0].default.http.numRetriez: unknown field (line 15)',
      'examples/invalid/wrong-targetref-kind.yaml:0: spec.targetRef.kind: value is not supported (line 7)',
      // across documents and files
      'examples/invalid/set-duplicate-identity.yaml:1: name: duplicate MeshTimeout "timeouts" in mesh "default": also defined at examples/invalid/set-duplicate-identity.yaml:0 (line 1); Kuma keeps only the one applied last',
      'examples/invalid/proto-pollution.yaml:0: spec.to[0].default.__proto__: key "__proto__" is not allowed (line 13)',
      'examples/invalid/duplicate-key.yaml:0: spec.to[0].default.idleTimeout: duplicate key "idleTimeout" (Kuma would silently keep the last value) (line 14, column 9)',
    ];
    for (const line of expected) expect(out.split('\n')).toContain(line);
    // Every file is a mistake: all fail, except the warning-only one (a namespace defaulted).
    const files = out.split('\n').filter((l) => / examples\/invalid\//.test(l) && /^(ok|FAIL|warn) /.test(l));
    expect(files.filter((l) => !l.startsWith('FAIL'))).toEqual([
      'warn examples/invalid/kubernetes-missing-namespace.yaml (1 resource)',
    ]);
    expect(out).toMatch(/^\d+ files, 3 valid resources, \d+ errors, 1 warning$/m);
  });

  it('reports every repeated key with its path, unless --allow-duplicate-keys reads them as Kuma does', async () => {
    const file = join(dir, 'dups.yaml');
    writeFileSync(
      file,
      [
        'type: Dataplane',
        'mesh: default',
        'name: dp',
        'networking:',
        '  address: 10.0.0.1',
        '  inbound:',
        '    - port: 80',
        '      tags: { kuma.io/service: a, kuma.io/service: b }',
        '  address: 10.0.0.2',
        '',
      ].join('\n'),
    );
    const strict = await run(file);
    expect(strict.code).toBe(1);
    expect(strict.out.split('\n').filter((l) => l.includes('duplicate key'))).toEqual([
      `${file}:0: networking.inbound[0].tags["kuma.io/service"]: duplicate key "kuma.io/service" (Kuma would silently keep the last value) (line 8, column 35)`,
      `${file}:0: networking.address: duplicate key "address" (Kuma would silently keep the last value) (line 9, column 3)`,
    ]);
    const lenient = await run('--allow-duplicate-keys', file);
    expect(lenient.code).toBe(0);
  });

  it('exits 0 on warnings alone, 1 with --strict; --namespace names the defaulted namespace', async () => {
    const file = 'examples/invalid/kubernetes-missing-namespace.yaml';
    expect((await run(file)).code).toBe(0);
    expect((await run('--strict', file)).code).toBe(1);
    const named = await run('--namespace', 'kuma-demo', '--json', file);
    expect(named.code).toBe(0);
    const report = JSON.parse(named.out) as {
      warnings: number;
      issues: { message: string; severity: string }[];
    };
    expect(report.warnings).toBe(1);
    expect(report.issues.map((i) => [i.severity, i.message])).toEqual([
      [
        'warning',
        'namespace not set: MeshTimeout is namespaced, using namespace "kuma-demo" (option namespace, CLI --namespace)',
      ],
    ]);
    const bad = await run('--namespace', 'Not_A_Namespace', file);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--namespace must be a Kubernetes namespace name/);
  });

  it('writes machine output with --json', async () => {
    const file = join(dir, 'mixed.yaml');
    writeFileSync(file, 'type: Workspace\nname: a\n---\ntype: Workspace\nname: b\nextra: 1\n');
    const { code, out } = await run('--json', file);
    expect(code).toBe(1);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toEqual({
      ok: false,
      files: [{ file, resources: 1, errors: 1, warnings: 0 }],
      resources: 1,
      byType: { Workspace: 1 },
      errors: 1,
      warnings: 0,
      issues: [
        { path: 'extra', message: 'unknown field', source: file, document: 1, line: 6, severity: 'error' },
      ],
      unreadable: [],
      skipped: [],
    });
  });

  it('exits 2 on usage errors and unreadable paths, with diagnostics on stderr', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no file or directory given/);
    expect(none.out).toBe('');
    const bad = await run('--frobnicate', 'examples/mesh');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/frobnicate/);
    const missing = await run(join(dir, 'missing.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*missing\.yaml: no such file or directory/);
  });

  it('reports a binary file as not UTF-8', async () => {
    const file = join(dir, 'binary.yaml');
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const { code, out } = await run(file);
    expect(code).toBe(1);
    expect(out).toContain(`${file}: input is not valid UTF-8`);
  });

  it('prints its usage with --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: mesh-policy validate/);
  });
});
