/**
 * A skipped conformance suite must never look green in CI: without the corpus, the suites skip
 * with a notice locally and fail when `CI` is set, and `.ci/run` stops before running anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceRoot, inCi, skipNotice } from './root.js';

const missing = { MESH_POLICY_CONFORMANCE_DIR: '/nonexistent/mesh-policy-conformance' };

describe('conformance suites without their corpus', () => {
  it('locally (CI unset) the corpus is reported missing and the suites skip with a notice', () => {
    expect(conformanceRoot({ ...missing })).toBeUndefined();
    expect(() => skipNotice({ ...missing })).not.toThrow();
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(conformanceRoot({ ...missing, CI: '0' })).toBeUndefined();
  });

  it('in CI a missing corpus fails the suite instead of skipping it', () => {
    for (const CI of ['true', '1']) {
      expect(() => conformanceRoot({ ...missing, CI })).toThrow(/conformance corpus not found .*CI/);
      expect(() => skipNotice({ ...missing, CI })).toThrow(/must run in CI/);
    }
  });

  it('a corpus that is present is used, in CI or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-corpus-'));
    try {
      expect(conformanceRoot({ MESH_POLICY_CONFORMANCE_DIR: dir, CI: 'true' })).toBe(resolve(dir));
      expect(conformanceRoot({ MESH_POLICY_CONFORMANCE_DIR: dir })).toBe(resolve(dir));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('.ci/run', () => {
  // A PATH with only what the script needs before its first npm call: were the check missing,
  // the script would stop at `npm` (not found) instead of running it.
  const bin = mkdtempSync(join(tmpdir(), 'mesh-policy-path-'));
  for (const tool of ['bash', 'date', 'dirname']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  afterAll(() => rmSync(bin, { recursive: true }));

  it('fails at once when the conformance corpus is missing', () => {
    const script = fileURLToPath(new URL('../../.ci/run', import.meta.url));
    const run = spawnSync('/usr/bin/bash', [script], {
      env: { PATH: bin, ...missing },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('conformance corpus not found at /nonexistent/mesh-policy-conformance');
    expect(run.stdout).not.toContain('=== npm ci');
  });
});
