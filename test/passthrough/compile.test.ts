import { describe, expect, it } from 'vitest';
import {
  type AppendMatch,
  compilePassthrough,
  type MeshPassthroughConf,
  MeshPolicyError,
  type PassthroughConnection,
  type PassthroughSemantics,
} from '../../src/index.js';
import { selectVirtualHost } from '../../src/passthrough/index.js';
import { deepFreeze } from './helpers.js';

const matched = (appendMatch: AppendMatch[]): MeshPassthroughConf =>
  deepFreeze({ passthroughMode: 'Matched', appendMatch });
const both: PassthroughSemantics[] = ['kuma-2.8', 'documented'];
const run = (
  conf: MeshPassthroughConf | undefined,
  semantics: PassthroughSemantics,
  conn: PassthroughConnection,
) => compilePassthrough(conf, { semantics }).match(deepFreeze(conn));

describe('spec 04 §9.5 example A — the seed limitation: a CIDR on the port captures a domain', () => {
  const conf = matched([
    { type: 'Domain', value: 'api.example.com', port: 80, protocol: 'http' },
    { type: 'CIDR', value: '10.0.0.0/8', port: 80, protocol: 'tcp' },
  ]);
  it('kuma-2.8 chains', () => {
    expect(
      compilePassthrough(conf, { semantics: 'kuma-2.8' })
        .chains('ipv4')
        .chains.map((c) => c.name),
    ).toEqual(['meshpassthrough_10.0.0.0/8_80', 'meshpassthrough_http_80']);
  });
  it.each([
    [{ address: '10.1.2.3', port: 80, protocol: 'http', host: 'api.example.com' }, true, 'matched', 1],
    [
      { address: '93.184.216.34', port: 80, protocol: 'http', host: 'api.example.com' },
      false,
      'no-filter-chain',
      undefined,
    ],
    [
      { address: '93.184.216.34', port: 8080, protocol: 'http', host: 'api.example.com:8080' },
      false,
      'no-virtual-host',
      undefined,
    ],
    [{ address: '93.184.216.34', port: 8080, protocol: 'http', host: 'api.example.com' }, true, 'matched', 0],
    [
      { address: '93.184.216.34', port: 8080, protocol: 'http', host: 'api.example.com', path: '/v1' },
      false,
      'no-route',
      undefined,
    ],
  ] as const)('kuma-2.8 %j', (conn, allowed, reason, entryIndex) => {
    const r = run(conf, 'kuma-2.8', conn);
    expect(r).toMatchObject({ allowed, reason });
    expect(r.entryIndex).toBe(entryIndex);
    if (reason === 'no-virtual-host') expect(r.httpStatus).toBe(503);
    if (reason === 'no-route') expect(r.httpStatus).toBe(404);
  });
  it.each([
    [{ address: '10.1.2.3', port: 80, protocol: 'http', host: 'api.example.com' }, true, 'matched', 1],
    [{ address: '93.184.216.34', port: 80, protocol: 'http', host: 'api.example.com' }, true, 'matched', 0],
    [
      { address: '93.184.216.34', port: 80, protocol: 'http', host: 'other.com' },
      false,
      'no-virtual-host',
      undefined,
    ],
    [
      { address: '10.1.2.3', port: 80, protocol: 'tls', sni: 'api.example.com' },
      false,
      'no-filter-chain',
      undefined,
    ],
    [{ address: '93.184.216.34', port: 8080, protocol: 'http' }, false, 'no-filter-chain', undefined],
    [{ address: '93.184.216.34', port: 80, host: 'API.Example.com:80', path: '/v1' }, true, 'matched', 0],
  ] as const)('documented %j', (conn, allowed, reason, entryIndex) => {
    const r = run(conf, 'documented', conn);
    expect(r).toMatchObject({ allowed, reason });
    expect(r.entryIndex).toBe(entryIndex);
  });
  it('explain names the admitting entry and why the other one was skipped', () => {
    const ex = compilePassthrough(conf, { semantics: 'kuma-2.8' }).explain({
      address: '10.1.2.3',
      port: 80,
      host: 'api.example.com',
    });
    expect(ex.result.entryIndex).toBe(1);
    expect(ex.entries.map((e) => e.outcome)).toEqual(['skipped', 'admitted']);
    expect(ex.entries[0]?.reason).toContain('port 80 has its own filter chains');
  });
});

describe('spec 04 §9.5 example B — wildcard TLS and port-less entries', () => {
  const conf = matched([
    { type: 'Domain', value: '*.example.com', protocol: 'tls' },
    { type: 'Domain', value: 'api.example.com', port: 443, protocol: 'tls' },
  ]);
  it.each([
    ['1.2.3.4', 443, 'api.example.com', 1, 1],
    ['1.2.3.4', 443, 'www.example.com', undefined, 0],
    ['1.2.3.4', 8443, 'www.example.com', 0, 0],
    ['1.2.3.4', 8443, 'example.com', undefined, undefined],
    ['1.2.3.4', 8443, 'a.b.EXAMPLE.com', 0, 0],
  ] as const)('tls %s:%i sni %s → kuma %s, documented %s', (address, port, sni, kuma, documented) => {
    expect(run(conf, 'kuma-2.8', { address, port, sni }).entryIndex).toBe(kuma);
    expect(run(conf, 'documented', { address, port, sni }).entryIndex).toBe(documented);
  });
  it('plain TCP finds no chain (every candidate requires a server name)', () => {
    for (const s of both)
      expect(run(conf, s, { address: '1.2.3.4', port: 8443 }).reason).toBe('no-filter-chain');
  });
});

describe('spec 04 §9.5 example C — two HTTP ports', () => {
  const conf = matched([
    { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
    { type: 'Domain', value: 'b.com', port: 8080, protocol: 'http' },
  ]);
  it('kuma-2.8: Envoy rejects both listeners (L7 chains carry no port)', () => {
    const c = compilePassthrough(conf, { semantics: 'kuma-2.8' });
    expect(c.issues.map((i) => i.message)).toEqual([
      "listener outbound:passthrough:ipv4 rejected: filter chain 'meshpassthrough_http_80' has the same matching rules defined as 'meshpassthrough_http_8080'",
      "listener outbound:passthrough:ipv6 rejected: filter chain 'meshpassthrough_http_80' has the same matching rules defined as 'meshpassthrough_http_8080'",
    ]);
    expect(c.match({ address: '1.1.1.1', port: 8080, host: 'b.com' }).reason).toBe('listener-rejected');
  });
  it('documented: per-port chains', () => {
    expect(run(conf, 'documented', { address: '1.1.1.1', port: 8080, host: 'b.com' }).entryIndex).toBe(1);
    expect(run(conf, 'documented', { address: '1.1.1.1', port: 8080, host: 'a.com' }).reason).toBe(
      'no-virtual-host',
    );
  });
});

describe('modes and proxy facts (spec 04 §4.3, §9.2 steps 0–1)', () => {
  const conn = { address: '1.1.1.1', port: 443 };
  it('no policy: the mesh flag decides', () => {
    expect(compilePassthrough(undefined).match(conn).reason).toBe('passthrough-all');
    expect(compilePassthrough(undefined, { meshPassthrough: false }).match(conn).reason).toBe(
      'passthrough-none',
    );
  });
  it('All and None override the mesh flag; appendMatch unused', () => {
    const entries: AppendMatch[] = [{ type: 'IP', value: '9.9.9.9', protocol: 'tcp' }];
    for (const s of both) {
      expect(
        compilePassthrough(
          { passthroughMode: 'All', appendMatch: entries },
          { semantics: s, meshPassthrough: false },
        ).match(conn),
      ).toEqual({ allowed: true, reason: 'passthrough-all' });
      expect(
        compilePassthrough({ passthroughMode: 'None', appendMatch: entries }, { semantics: s }).match(conn),
      ).toEqual({ allowed: false, reason: 'passthrough-none' });
    }
  });
  it('unset mode: Matched in kuma-2.8, None documented (seed default)', () => {
    const conf = deepFreeze({
      appendMatch: [{ type: 'IP', value: '1.1.1.1', protocol: 'tcp' }] as AppendMatch[],
    });
    expect(run(conf, 'kuma-2.8', conn)).toMatchObject({ allowed: true, entryIndex: 0 });
    expect(run(conf, 'documented', conn).reason).toBe('passthrough-none');
  });
  it('Matched with an empty list lets nothing out', () => {
    for (const s of both)
      expect(run({ passthroughMode: 'Matched' }, s, conn).reason).toBe('passthrough-none');
  });
  it('a mode outside the enum behaves like no policy', () => {
    const conf = { passthroughMode: 'Everything' } as unknown as MeshPassthroughConf;
    expect(compilePassthrough(conf, { meshPassthrough: false }).match(conn).reason).toBe('passthrough-none');
    expect(compilePassthrough(conf).match(conn).reason).toBe('passthrough-all');
  });
  it('without transparent proxying (or IPv6 listener) nothing is intercepted', () => {
    const conf = matched([]);
    expect(compilePassthrough(conf, { transparentProxy: false }).match(conn)).toEqual({
      allowed: true,
      reason: 'not-intercepted',
    });
    expect(compilePassthrough(conf, { ipv6Listener: false }).match({ address: '::1', port: 1 }).reason).toBe(
      'not-intercepted',
    );
  });
});

describe('matching semantics (spec 04 §9.3)', () => {
  it('exact beats wildcard, longer wildcard beats shorter, case-insensitive, never the apex', () => {
    const conf = matched([
      { type: 'Domain', value: '*.example.com', port: 443, protocol: 'tls' },
      { type: 'Domain', value: '*.b.example.com', port: 443, protocol: 'tls' },
      { type: 'Domain', value: 'x.b.example.com', port: 443, protocol: 'tls' },
    ]);
    for (const s of both) {
      const at = (sni: string) => run(conf, s, { address: '1.1.1.1', port: 443, sni }).entryIndex;
      expect(at('x.b.example.com')).toBe(2);
      expect(at('A.B.Example.COM')).toBe(1);
      expect(at('a.example.com')).toBe(0);
      expect(at('example.com')).toBeUndefined();
    }
  });
  it('HTTP wildcard virtual hosts (documented)', () => {
    const conf = matched([
      { type: 'Domain', value: '*.example.com', port: 80, protocol: 'http' },
      { type: 'Domain', value: 'api.example.com', port: 80, protocol: 'http' },
    ]);
    const at = (host: string) => run(conf, 'documented', { address: '1.1.1.1', port: 80, host });
    expect(at('api.example.com').entryIndex).toBe(1);
    expect(at('www.example.com:80').entryIndex).toBe(0);
    expect(at('example.com').reason).toBe('no-virtual-host');
  });
  it('port-less entries match every port only when no chain names the port (kuma-2.8) / are replicated (documented)', () => {
    const conf = matched([
      { type: 'Domain', value: '*.a.com', protocol: 'tls' },
      { type: 'CIDR', value: '10.0.0.0/8', port: 443, protocol: 'tcp' },
    ]);
    const conn = { address: '93.0.0.1', port: 443, sni: 'x.a.com' };
    expect(run(conf, 'kuma-2.8', conn).reason).toBe('no-filter-chain');
    expect(run(conf, 'documented', conn).entryIndex).toBe(0);
    expect(run(conf, 'documented', { ...conn, address: '10.0.0.1' }).reason).toBe('no-filter-chain');
  });
  it('IPv4 vs IPv6 listeners, longest prefix wins; an IPv4-mapped destination is IPv4 (K8)', () => {
    const conf = matched([
      { type: 'CIDR', value: '10.0.0.0/8', protocol: 'tcp' },
      { type: 'CIDR', value: '10.1.0.0/16', protocol: 'tcp' },
      // An IPv6 value (Kuma puts it on the IPv6 listener), which no connection reaches: a
      // destination `::ffff:10.1.2.3` is the IPv4 connection to 10.1.2.3.
      { type: 'IP', value: '::ffff:10.1.2.3', protocol: 'tcp' },
      { type: 'CIDR', value: '2001:db8::/32', protocol: 'tcp' },
    ]);
    for (const s of both) {
      expect(run(conf, s, { address: '10.1.2.3', port: 5 }).entryIndex).toBe(1);
      expect(run(conf, s, { address: '10.2.2.3', port: 5 }).entryIndex).toBe(0);
      expect(run(conf, s, { address: '::ffff:10.1.2.3', port: 5 }).entryIndex).toBe(1);
      expect(run(conf, s, { address: '::ffff:10.2.2.4', port: 5 }).entryIndex).toBe(0);
      expect(run(conf, s, { address: '::ffff:11.1.2.4', port: 5 }).reason).toBe('no-filter-chain');
      expect(run(conf, s, { address: '2001:db8:1::9', port: 5 }).entryIndex).toBe(3);
      expect(run(conf, s, { address: '11.0.0.1', port: 5 }).reason).toBe('no-filter-chain');
    }
  });
  it('TLS never hits an L7 chain; HTTP/1.0 only a tcp chain', () => {
    const conf = matched([
      { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
      { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
    ]);
    for (const s of both) {
      expect(run(conf, s, { address: '2.2.2.2', port: 80, sni: 'a.com' }).reason).toBe('no-filter-chain');
      expect(run(conf, s, { address: '2.2.2.2', port: 80, host: 'a.com', httpVersion: '1.0' }).reason).toBe(
        'no-filter-chain',
      );
      expect(
        run(conf, s, { address: '1.1.1.1', port: 80, host: 'a.com', httpVersion: '1.0' }).entryIndex,
      ).toBe(1);
    }
  });
  it('kuma-2.8 drops L7 CIDR entries and routes L7 IPs only by Host; documented gives them chains', () => {
    const conf = matched([
      { type: 'CIDR', value: '10.0.0.0/8', port: 80, protocol: 'http' },
      { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'http' },
    ]);
    expect(run(conf, 'kuma-2.8', { address: '10.0.0.1', port: 80, host: 'x.com' }).reason).toBe(
      'no-virtual-host',
    );
    expect(run(conf, 'kuma-2.8', { address: '1.1.1.1', port: 80, protocol: 'http' }).entryIndex).toBe(1);
    expect(run(conf, 'documented', { address: '10.0.0.1', port: 80, host: 'x.com' }).entryIndex).toBe(0);
    expect(run(conf, 'documented', { address: '1.1.1.1', port: 80, host: 'x.com' }).entryIndex).toBe(1);
  });
});

describe('compile issues', () => {
  it('L7 protocol conflict across merged policies is a config error', () => {
    const conf = matched([
      { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
      { type: 'Domain', value: 'b.com', port: 80, protocol: 'grpc' },
    ]);
    for (const s of both) {
      const c = compilePassthrough(conf, { semantics: s });
      expect(c.issues).toEqual([
        {
          path: 'spec.default.appendMatch',
          message: 'you cannot configure http, http2, grpc on the same port 80',
        },
      ]);
      expect(c.match({ address: '1.1.1.1', port: 80, host: 'a.com' }).reason).toBe('config-error');
    }
  });
  it('an L7 conflict only matters in Matched mode: All / None never order the matchers', () => {
    // Kuma runs the matcher ordering (and its conflict error) only while generating Matched chains.
    const entries: AppendMatch[] = [
      { type: 'Domain', value: 'a.com', port: 80, protocol: 'http' },
      { type: 'Domain', value: 'b.com', port: 80, protocol: 'grpc' },
    ];
    for (const s of both) {
      const all = compilePassthrough(deepFreeze({ passthroughMode: 'All', appendMatch: entries }), {
        semantics: s,
      });
      expect(all.issues).toEqual([]);
      expect(all.match({ address: '1.1.1.1', port: 80, host: 'a.com' })).toEqual({
        allowed: true,
        reason: 'passthrough-all',
      });
      const none = compilePassthrough(deepFreeze({ passthroughMode: 'None', appendMatch: entries }), {
        semantics: s,
      });
      expect(none.issues).toEqual([]);
      expect(none.match({ address: '1.1.1.1', port: 80 }).reason).toBe('passthrough-none');
    }
    // Unset mode: Matched in kuma-2.8 (conflict), None documented (list unused).
    const unset = deepFreeze({ appendMatch: entries });
    expect(
      compilePassthrough(unset, { semantics: 'kuma-2.8' }).match({ address: '1.1.1.1', port: 80 }).reason,
    ).toBe('config-error');
    expect(compilePassthrough(unset).match({ address: '1.1.1.1', port: 80 }).reason).toBe('passthrough-none');
  });
  it.each([
    [
      'IP and /32 CIDR',
      [
        { type: 'IP', value: '10.0.0.1', protocol: 'tcp' },
        { type: 'CIDR', value: '10.0.0.1/32', protocol: 'tcp' },
      ],
      'same matching rules',
    ],
    [
      'CIDRs with the same network',
      [
        { type: 'CIDR', value: '10.0.0.0/8', protocol: 'tcp' },
        { type: 'CIDR', value: '10.9.9.9/8', protocol: 'tcp' },
      ],
      'same matching rules',
    ],
    [
      'IPv6 IP and /128 CIDR written differently',
      [
        { type: 'IP', value: '2001:0db8::1', protocol: 'tcp' },
        { type: 'CIDR', value: '2001:db8:0::1/128', protocol: 'tcp' },
      ],
      'same matching rules',
    ],
    [
      "bare '*' server name",
      [{ type: 'Domain', value: '*', port: 443, protocol: 'tls' }],
      'partial wildcards',
    ],
    [
      "'*' virtual host",
      [{ type: 'Domain', value: '*', port: 80, protocol: 'http' }],
      'unique values for domains',
    ],
    [
      'negative port',
      [{ type: 'IP', value: '1.1.1.1', port: -1, protocol: 'tcp' }],
      'invalid destination port',
    ],
  ] as const)('kuma-2.8: Envoy rejects %s', (_name, entries, cause) => {
    const c = compilePassthrough(matched([...entries] as AppendMatch[]), { semantics: 'kuma-2.8' });
    expect(c.issues[0]?.message).toContain(cause);
    const address = entries.some((e) => e.value.includes(':')) ? '2001:db8::1' : '10.0.0.1';
    expect(c.match({ address, port: 443, sni: 'x' }).reason).toBe('listener-rejected');
  });
  it('documented: entries the seed forbids are config errors, nothing half-applied', () => {
    const c = compilePassthrough(
      matched([
        { type: 'IP', value: '1.1.1.1', port: 80, protocol: 'tcp' },
        { type: 'Domain', value: 'a.com', port: 80, protocol: 'tcp' },
      ]),
    );
    expect(c.issues).toEqual([
      { path: 'spec.default.appendMatch[1].protocol', message: 'protocol tcp is not supported for a domain' },
    ]);
    expect(c.match({ address: '1.1.1.1', port: 80 }).reason).toBe('config-error');
  });
  it('malformed connections throw MeshPolicyError', () => {
    const c = compilePassthrough(matched([]));
    for (const conn of [
      { address: { family: 'ipv4', v4: -1 } as never, port: 80 },
      { address: { family: 'ipv6', v6: [1, 2] } as never, port: 80 },
      { address: 'example.com', port: 80 },
      { address: '1.1.1.1', port: 0 },
      { address: '1.1.1.1', port: 70000 },
      { address: '1.1.1.1', port: 80, host: 'a.com', path: 5 as never },
      { address: '1.1.1.1', port: 80, host: 'a.com', httpVersion: '2' as never },
    ])
      expect(() => c.match(conn)).toThrow(MeshPolicyError);
    const http = compilePassthrough(
      matched([{ type: 'Domain', value: 'a.com', port: 80, protocol: 'http' }]),
    );
    const bad = { address: '1.1.1.1', port: 80, host: 'a.com', path: 5 as never };
    expect(() => http.match(bad)).toThrow(MeshPolicyError);
    expect(() => http.explain(bad)).toThrow(MeshPolicyError);
  });
  it('a hostile conf never throws', () => {
    for (const conf of [
      null,
      1,
      [],
      { appendMatch: {} },
      { passthroughMode: 'Matched', appendMatch: [null, { type: 'IP' }] },
    ])
      expect(
        compilePassthrough(conf as unknown as MeshPassthroughConf).match({ address: '1.1.1.1', port: 1 }),
      ).toBeDefined();
  });
});

describe('generated listeners and clusters', () => {
  const conf = matched([
    { type: 'Domain', value: 'api.example.com', port: 80, protocol: 'http' },
    { type: 'CIDR', value: '10.0.0.0/8', port: 80, protocol: 'tcp' },
    { type: 'Domain', value: 'g.example.com', port: 9000, protocol: 'grpc' },
  ]);
  it('documented: per-port L7 chains with host:port domains, HTTP/2 clusters for grpc', () => {
    const c = compilePassthrough(conf);
    const v4 = c.chains('ipv4');
    expect(v4.status).toBe('rewritten');
    expect(v4.chains.map((ch) => [ch.name, ch.destinationPort])).toEqual([
      ['meshpassthrough_tcp_10.0.0.0/8_80', 80],
      ['meshpassthrough_http_80', 80],
      ['meshpassthrough_grpc_9000', 9000],
    ]);
    expect(v4.chains[1]?.virtualHosts?.map((h) => h.domains)).toEqual([
      ['api.example.com', 'api.example.com:80'],
      ['*'],
    ]);
    expect(c.chains('ipv6').chains.map((ch) => ch.name)).toEqual([
      'meshpassthrough_http_80',
      'meshpassthrough_grpc_9000',
    ]);
    expect(c.clusters()).toEqual([
      {
        name: 'meshpassthrough_grpc_g.example.com_9000',
        altStatName: 'meshpassthrough_grpc_g_example_com_9000',
        http2: true,
      },
      {
        name: 'meshpassthrough_http_api.example.com_80',
        altStatName: 'meshpassthrough_http_api_example_com_80',
        http2: false,
      },
      {
        name: 'meshpassthrough_tcp_10.0.0.0/8_80',
        altStatName: 'meshpassthrough_tcp_10_0_0_0_8_80',
        http2: false,
      },
    ]);
  });
  it('documented: a listener whose family has no entry is left untouched (and closes everything)', () => {
    const c = compilePassthrough(matched([{ type: 'IP', value: '1.1.1.1', protocol: 'tcp' }]));
    expect(c.chains('ipv6').status).toBe('untouched');
    expect(c.match({ address: '2001:db8::1', port: 1 }).reason).toBe('no-filter-chain');
    // kuma-2.8 rewrites it with zero chains: same answer.
    const k = compilePassthrough(matched([{ type: 'IP', value: '1.1.1.1', protocol: 'tcp' }]), {
      semantics: 'kuma-2.8',
    });
    expect(k.chains('ipv6')).toMatchObject({ status: 'rewritten', chains: [] });
    expect(k.match({ address: '2001:db8::1', port: 1 }).reason).toBe('no-filter-chain');
  });
  it('chains() returns copies: mutating them does not change the matcher', () => {
    const c = compilePassthrough(conf);
    const copy = c.chains('ipv4');
    copy.chains.length = 0;
    expect(c.chains('ipv4').chains).toHaveLength(3);
  });
});

describe('IPv4-mapped IPv6 destinations are IPv4 connections (K8)', () => {
  const mapped = ['::ffff:10.0.0.1', '::FFFF:10.0.0.1', '0:0:0:0:0:ffff:a00:1', '::ffff:a00:1'];
  it('an IPv4 allowlist admits them, an IPv6 one does not, in every semantics', () => {
    const v4 = matched([{ type: 'CIDR', value: '10.0.0.0/8', protocol: 'tcp' }]);
    const v6 = matched([{ type: 'CIDR', value: '::/0', protocol: 'tcp' }]);
    for (const s of both) {
      for (const address of mapped) {
        expect(run(v4, s, { address, port: 443 })).toMatchObject({ allowed: true, entryIndex: 0 });
        expect(run(v6, s, { address, port: 443 })).toMatchObject({
          allowed: false,
          reason: 'no-filter-chain',
        });
      }
      // Other IPv6 addresses that merely contain an IPv4 tail stay IPv6.
      for (const address of ['::10.0.0.1', '64:ff9b::10.0.0.1', '::fffe:10.0.0.1', '1::ffff:10.0.0.1']) {
        expect(run(v4, s, { address, port: 443 }).allowed).toBe(false);
        expect(run(v6, s, { address, port: 443 }).allowed).toBe(true);
      }
    }
  });
  it('a pre-parsed mapped address is IPv4 too, and explain names the IPv4 listener', () => {
    const c = compilePassthrough(matched([{ type: 'IP', value: '10.0.0.1', protocol: 'tcp' }]));
    const address = { family: 'ipv6' as const, v6: [0, 0, 0, 0, 0, 0xffff, 0x0a00, 1] };
    expect(c.match({ address, port: 1 })).toMatchObject({ allowed: true, entryIndex: 0 });
    expect(c.explain({ address: '::ffff:10.0.0.1', port: 1 }).listener).toBe('outbound:passthrough:ipv4');
  });
  it('without the IPv6 listener they are still intercepted', () => {
    for (const s of both) {
      const none = compilePassthrough({ passthroughMode: 'None' }, { semantics: s, ipv6Listener: false });
      expect(none.match({ address: '::ffff:10.0.0.1', port: 80 })).toEqual({
        allowed: false,
        reason: 'passthrough-none',
      });
      expect(none.match({ address: '2001:db8::1', port: 80 }).reason).toBe('not-intercepted');
      const v4 = compilePassthrough(matched([{ type: 'CIDR', value: '10.0.0.0/8', protocol: 'tcp' }]), {
        semantics: s,
        ipv6Listener: false,
      });
      expect(v4.match({ address: '::ffff:10.0.0.1', port: 80 }).entryIndex).toBe(0);
    }
  });
  it('an HTTP connection without Host uses the IPv4 address as the authority', () => {
    // Kuma 2.8.8 routes L7 IP entries by Host only: the derived Host must be `10.0.0.1`.
    const conf = matched([{ type: 'IP', value: '10.0.0.1', port: 80, protocol: 'http' }]);
    const c = compilePassthrough(conf, { semantics: 'kuma-2.8' });
    expect(c.match({ address: '::ffff:10.0.0.1', port: 80, protocol: 'http' }).entryIndex).toBe(0);
    expect(c.explain({ address: '::ffff:10.0.0.1', port: 80, protocol: 'http' }).connection.host).toBe(
      '10.0.0.1',
    );
  });
});

describe('server names and hosts are lower-cased with ASCII rules only (K7)', () => {
  const KELVIN = '\u212a'; // KELVIN SIGN: Unicode lower-cases it to `k`, Envoy (ASCII) does not
  const LONG_S = '\u017f'; // LATIN SMALL LETTER LONG S: Unicode upper-cases it to `S`
  it('SNI', () => {
    const conf = matched([
      { type: 'Domain', value: 'kafka.example.com', port: 443, protocol: 'tls' },
      { type: 'Domain', value: '*.svc.example.com', port: 443, protocol: 'tls' },
    ]);
    for (const s of both) {
      const at = (sni: string) => run(conf, s, { address: '1.1.1.1', port: 443, sni });
      expect(at('KAFKA.Example.COM').entryIndex).toBe(0);
      expect(at(`${KELVIN}afka.example.com`).reason).toBe('no-filter-chain');
      expect(at(`a.${LONG_S}vc.example.com`).reason).toBe('no-filter-chain');
      expect(at('a.SVC.example.com').entryIndex).toBe(1);
    }
  });
  it('HTTP Host', () => {
    for (const s of both) {
      const conf = matched([{ type: 'Domain', value: 'kafka.example.com', port: 80, protocol: 'http' }]);
      const at = (host: string) => run(conf, s, { address: '1.1.1.1', port: 80, host });
      expect(at('Kafka.Example.com').entryIndex).toBe(0);
      expect(at(`${KELVIN}afka.example.com`)).toMatchObject({ allowed: false, reason: 'no-virtual-host' });
    }
  });
  it('entry values, virtual-host domains and the duplicate checks (kuma-2.8 keeps any value)', () => {
    const conf = matched([
      { type: 'Domain', value: `${KELVIN}afka.com`, port: 443, protocol: 'tls' },
      { type: 'Domain', value: 'kafka.com', port: 443, protocol: 'tls' },
    ]);
    const c = compilePassthrough(conf, { semantics: 'kuma-2.8' });
    // Two distinct server names for Envoy: no "same matching rules" rejection.
    expect(c.issues).toEqual([]);
    expect(c.match({ address: '1.1.1.1', port: 443, sni: 'kafka.com' }).entryIndex).toBe(1);
    expect(c.match({ address: '1.1.1.1', port: 443, sni: 'KAFKA.com' }).entryIndex).toBe(1);
    expect(c.match({ address: '1.1.1.1', port: 443, sni: `${KELVIN}afka.com` }).entryIndex).toBe(0);
    expect(
      selectVirtualHost([{ name: 'k', domains: [`${KELVIN}.com`], match: { prefix: '/' } }], 'k.com'),
    ).toBe(undefined);
    const http = compilePassthrough(
      matched([
        { type: 'Domain', value: `${KELVIN}.com`, port: 80, protocol: 'http' },
        { type: 'Domain', value: 'k.com', port: 80, protocol: 'http' },
      ]),
      { semantics: 'kuma-2.8' },
    );
    expect(http.issues).toEqual([]);
    expect(http.match({ address: '1.1.1.1', port: 80, host: 'K.com' }).entryIndex).toBe(1);
  });
});

describe('large inputs never overflow the stack (no spread of large arrays)', () => {
  it('compilePassthrough and explain with 200,000 IP entries', () => {
    const appendMatch: AppendMatch[] = [];
    for (let i = 0; i < 200_000; i++)
      appendMatch.push({
        type: 'IP',
        value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        protocol: 'tcp',
        port: 443,
      });
    for (const semantics of both) {
      const c = compilePassthrough({ passthroughMode: 'Matched', appendMatch }, { semantics });
      expect(c.issues).toEqual([]);
      expect(c.match({ address: '10.1.2.3', port: 443 })).toMatchObject({ allowed: true, entryIndex: 66051 });
      const why = c.explain({ address: '10.1.2.3', port: 443 });
      expect(why.entries).toHaveLength(200_000);
      expect(why.entries[66051]?.outcome).toBe('admitted');
    }
  }, 60_000);
});

describe('documented: port-less entries copied onto the named ports', () => {
  it("a named port's route table also routes the port-less routes (exact beats the port's wildcard)", () => {
    const c = compilePassthrough(
      matched([
        { type: 'Domain', value: '*.a.com', port: 80, protocol: 'http' },
        { type: 'Domain', value: 'b.a.com', protocol: 'http' },
      ]),
    );
    const at = (port: number, host: string) => c.match({ address: '1.1.1.1', port, host });
    expect(at(80, 'b.a.com')).toMatchObject({ entryIndex: 1, chain: 'meshpassthrough_http_80' });
    expect(at(80, 'B.a.com:80')).toMatchObject({ entryIndex: 1, chain: 'meshpassthrough_http_80' });
    expect(at(80, 'c.a.com')).toMatchObject({ entryIndex: 0, chain: 'meshpassthrough_http_80' });
    expect(at(81, 'b.a.com:81')).toMatchObject({ entryIndex: 1, chain: 'meshpassthrough_http_*' });
    expect(at(81, 'c.a.com')).toMatchObject({ reason: 'no-virtual-host', httpStatus: 503 });
    // The generated listener holds the copy (port 80's route table has both routes).
    const v4 = c.chains('ipv4').chains;
    expect(v4.map((ch) => [ch.name, ch.virtualHosts?.map((h) => h.name)])).toEqual([
      ['meshpassthrough_http_80', ['b.a.com', '*.a.com', 'no_match']],
      ['meshpassthrough_http_*', ['b.a.com', 'no_match']],
    ]);
  });
  it('Envoy names the first pair with the same match, copies included', () => {
    // Port-less IP and /32 CIDR (same match) copied onto port 80, which has its own IP chain with
    // the same match: the copies come first (http before grpc).
    const c = compilePassthrough(
      matched([
        { type: 'IP', value: '10.0.0.1', protocol: 'http' },
        { type: 'CIDR', value: '10.0.0.1/32', protocol: 'http' },
        { type: 'IP', value: '10.0.0.1', port: 80, protocol: 'grpc' },
      ]),
    );
    expect(c.issues.map((i) => i.message)).toEqual([
      "listener outbound:passthrough:ipv4 rejected: filter chain 'meshpassthrough_http_10.0.0.1/32_80' has the same matching rules defined as 'meshpassthrough_http_10.0.0.1_80'",
    ]);
    expect(c.match({ address: '10.0.0.1', port: 80, host: 'x' }).reason).toBe('listener-rejected');
  });
  it('Envoy names the first duplicate domain of a route table, copied routes included', () => {
    const rejected = (appendMatch: AppendMatch[]) =>
      compilePassthrough(matched(appendMatch)).issues.map((i) =>
        i.message.replace(/^listener \S+ rejected: /, ''),
      );
    // A copied route and a port's own route that differ only in case.
    expect(
      rejected([
        { type: 'Domain', value: 'api.a.com', port: 80, protocol: 'http' },
        { type: 'Domain', value: 'API.a.com', protocol: 'http' },
      ]),
    ).toEqual(
      Array(2).fill(
        'only unique values for domains are permitted: duplicate entry of domain api.a.com in route meshpassthrough_http_80',
      ),
    );
    // Route order (labels, then bytes: upper case first): API.a.com < B.A.com < B.a.com < api.a.com,
    // so B.a.com is the first route whose domain an earlier route has.
    expect(
      rejected([
        { type: 'Domain', value: 'api.a.com', port: 80, protocol: 'http' },
        { type: 'Domain', value: 'B.a.com', port: 80, protocol: 'http' },
        { type: 'Domain', value: 'B.A.com', port: 80, protocol: 'http' },
        { type: 'Domain', value: 'API.a.com', protocol: 'http' },
      ]),
    ).toEqual(
      Array(2).fill(
        'only unique values for domains are permitted: duplicate entry of domain b.a.com in route meshpassthrough_http_80',
      ),
    );
  });
  it('a chain without prefix and a /0 chain on one port: the first in chain order takes the connection', () => {
    const c = compilePassthrough(
      matched([
        { type: 'CIDR', value: '0.0.0.0/0', port: 443, protocol: 'grpc' },
        { type: 'Domain', value: 'a.com', protocol: 'http2' },
      ]),
    );
    expect(c.issues).toEqual([]);
    // The copy of the port-less http2 route chain comes before the grpc CIDR chain on port 443.
    expect(c.match({ address: '1.2.3.4', port: 443, protocol: 'grpc', host: 'b.com' })).toMatchObject({
      reason: 'no-virtual-host',
      chain: 'meshpassthrough_http2_443',
    });
    expect(c.match({ address: '1.2.3.4', port: 443, protocol: 'grpc', host: 'a.com' }).entryIndex).toBe(1);
  });
});
