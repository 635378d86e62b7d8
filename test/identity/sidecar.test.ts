import { describe, expect, it } from 'vitest';
import { lintEcsSidecar } from '../../src/identity/index.js';

const DP = { type: 'Dataplane' };

describe('lintEcsSidecar (spec 06 §5)', () => {
  it('S1: --auth-type=aws in either spelling', () => {
    expect(lintEcsSidecar(['run', '--cp-address=https://cp:5678', '--auth-type=aws'], DP)).toEqual({
      ok: true,
      issues: [],
    });
    expect(lintEcsSidecar('kuma-dp run --auth-type aws --dataplane-file=/tmp/dp.yaml', DP).ok).toBe(true);
    expect(lintEcsSidecar(['run'], DP).issues).toEqual([
      {
        path: 'command',
        message: 'kuma-dp must run with --auth-type=aws to use the ECS task IAM role',
        severity: 'error',
      },
    ]);
    // The CP-side name is not the DP-side flag value.
    expect(lintEcsSidecar(['run', '--auth-type=aws-iam'], DP).issues[0]?.path).toBe('command[1]');
  });

  it('S2: --proxy-type must match the resource kind', () => {
    expect(
      lintEcsSidecar(['run', '--auth-type=aws', '--proxy-type=ingress'], { type: 'ZoneIngress' }).ok,
    ).toBe(true);
    expect(lintEcsSidecar(['run', '--auth-type=aws'], { type: 'ZoneEgress' }).issues).toEqual([
      {
        path: 'command',
        message: '--proxy-type "dataplane" does not match a ZoneEgress resource',
        severity: 'error',
      },
    ]);
    expect(lintEcsSidecar(['run', '--auth-type=aws', '--proxy-type', 'egress'], DP).issues).toEqual([
      {
        path: 'command[2]',
        message: '--proxy-type "egress" does not match a Dataplane resource',
        severity: 'error',
      },
    ]);
  });

  it('S3: a data plane token is ignored (warning), from flags or the container environment', () => {
    const r = lintEcsSidecar(
      {
        command: ['run', '--auth-type=aws', '--dataplane-token-file=/tmp/token'],
        environment: [{ name: 'KUMA_DATAPLANE_RUNTIME_TOKEN', value: 'x' }],
      },
      DP,
    );
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([
      { path: 'command[2]', message: 'dataplane token is ignored when --auth-type=aws', severity: 'warning' },
      {
        path: 'environment[0]',
        message: 'dataplane token is ignored when --auth-type=aws',
        severity: 'warning',
      },
    ]);
  });

  it('S2: an empty --proxy-type is not the default type (kuma-dp rejects it)', () => {
    for (const command of [
      ['run', '--auth-type=aws', '--proxy-type='],
      ['run', '--auth-type=aws', '--proxy-type'],
    ])
      expect(lintEcsSidecar(command, DP).issues).toEqual([
        {
          path: 'command[2]',
          message: '--proxy-type "" does not match a Dataplane resource',
          severity: 'error',
        },
      ]);
  });

  it('S3: every token flag is reported, not only the first kind found', () => {
    const r = lintEcsSidecar(
      ['run', '--dataplane-token=abc', '--auth-type=aws', '--dataplane-token-file', '/tmp/token'],
      DP,
    );
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => [i.path, i.severity])).toEqual([
      ['command[1]', 'warning'],
      ['command[3]', 'warning'],
    ]);
  });

  it('quoted arguments and hostile input', () => {
    expect(lintEcsSidecar(`run '--auth-type=aws' "--cp-address=a b"`).ok).toBe(true);
    for (const v of [null, 1, [1], { command: 5 }]) expect(lintEcsSidecar(v as never).ok).toBe(false);
  });
});
