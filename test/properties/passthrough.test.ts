/**
 * Properties of the passthrough module: the compiled matcher agrees with a linear reference,
 * the documented matcher (port replication kept implicit) agrees with the fully built listener,
 * validation never throws, and the matcher order depends only on the set of entries.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { compilePassthroughWith } from '../../src/passthrough/compile.js';
import {
  type AppendMatch,
  compilePassthrough,
  type MeshPassthroughConf,
  orderedMatchers,
  type PassthroughConnection,
  type PassthroughSemantics,
  validateMeshPassthrough,
} from '../../src/passthrough/index.js';
import { referenceMatch } from './passthrough-reference.js';

const seed = Number(process.env.FC_SEED ?? 424242);
const numRuns = process.env.CI ? 200 : 1000;
const params = { seed, numRuns };

const DOMAINS = [
  'a.com',
  'b.a.com',
  'x.b.a.com',
  '*.a.com',
  '*.b.a.com',
  'c.org',
  '*.org',
  'API.a.com',
  'k.a.com',
];
/** Kelvin sign: lower-cased by Unicode rules to `k`, left alone by Envoy's ASCII rules. */
const KELVIN = '\u212a';
const IPV4 = ['10.0.0.1', '10.0.0.2', '10.1.2.3', '192.168.0.1', '8.8.8.8'];
const CIDR4 = [
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.0.0.0/30',
  '10.1.0.0/16',
  '192.168.0.0/24',
  '0.0.0.0/0',
  '10.0.0.1/32',
];
const IPV6 = ['2001:db8::1', '::ffff:10.0.0.1', 'fe80::2'];
/** Destinations only: IPv4-mapped forms of addresses the entries name, in several spellings. */
const MAPPED = ['::ffff:10.0.0.2', '::FFFF:192.168.0.1', '0:0:0:0:0:ffff:a01:203', '::ffff:808:808'];
const CIDR6 = ['2001:db8::/32', '2001:db8::/64', '::ffff:0:0/96', '::/0'];
const PORTS = [undefined, 80, 443, 8080];
const PROTOCOLS = ['tcp', 'tls', 'http', 'http2', 'grpc'] as const;

const rawEntryArb = fc.record({
  kind: fc.constantFrom('Domain', 'IP', 'CIDR'),
  pick: fc.nat(),
  port: fc.constantFrom(...PORTS),
  l4: fc.constantFrom('tcp', 'tls', 'tls', 'L7'),
});

type RawEntry = { kind: string; pick: number; port: number | undefined; l4: string };

/** Entries sharing one L7 protocol per conf, so most confs are valid (conflicts are tested elsewhere). */
function toEntry(raw: RawEntry, l7: string): AppendMatch {
  const { kind, pick, port, l4 } = raw;
  const pool = kind === 'Domain' ? DOMAINS : kind === 'IP' ? [...IPV4, ...IPV6] : [...CIDR4, ...CIDR6];
  const value = pool[pick % pool.length] as string;
  let protocol = l4 === 'L7' ? l7 : l4;
  if (kind === 'Domain' && protocol === 'tcp') protocol = 'tls';
  return { type: kind, value, protocol, ...(port !== undefined ? { port } : {}) } as AppendMatch;
}

const entryArb: fc.Arbitrary<AppendMatch> = fc
  .tuple(rawEntryArb, fc.constantFrom('http', 'http2', 'grpc'))
  .map(([raw, l7]) => toEntry(raw, l7));

const confArb: fc.Arbitrary<MeshPassthroughConf> = fc
  .record({
    passthroughMode: fc.constantFrom('Matched', 'Matched', 'Matched', 'Matched', 'All', 'None'),
    l7: fc.constantFrom('http', 'http2', 'grpc'),
    raw: fc.array(rawEntryArb, { maxLength: 10 }),
  })
  .map(({ passthroughMode, l7, raw }) => ({
    passthroughMode: passthroughMode as 'Matched' | 'All' | 'None',
    appendMatch: raw.map((r) => toEntry(r, l7)),
  }));

const randomConnArb: fc.Arbitrary<PassthroughConnection> = fc
  .record({
    address: fc.oneof(
      fc.constantFrom(...IPV4, ...IPV6, ...MAPPED, '10.0.0.3', '10.200.0.1', '2001:db8:0:1::5', '1.1.1.1'),
      fc.tuple(fc.constant(10), fc.nat(3), fc.nat(3), fc.nat(255)).map((p) => p.join('.')),
    ),
    port: fc.constantFrom(80, 443, 8080, 9000),
    protocol: fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined }),
    name: fc.option(
      fc.constantFrom(
        'a.com',
        'b.a.com',
        'x.b.a.com',
        'c.org',
        'api.a.com',
        'q.a.com',
        'z.x.b.a.com',
        'a.com:443',
        'b.a.com:80',
        'API.A.COM',
        `${KELVIN}.a.com`,
        `q.b.${KELVIN}.a.com`,
      ),
      { nil: undefined },
    ),
    path: fc.constantFrom('/', '/', '/x', '/?q=1'),
    httpVersion: fc.constantFrom('1.1', '1.1', '1.1', '1.0'),
  })
  .map(({ address, port, protocol, name, path, httpVersion }) => {
    const conn: PassthroughConnection = { address, port, path, httpVersion: httpVersion as '1.0' | '1.1' };
    if (protocol !== undefined) conn.protocol = protocol;
    if (name !== undefined) {
      if (protocol === 'tls' || (protocol === undefined && port === 443)) conn.sni = name;
      else conn.host = name;
    }
    return conn;
  });

/** Connections aimed at one of the conf's entries (so many of them are admitted). */
function aimedConnArb(conf: MeshPassthroughConf): fc.Arbitrary<PassthroughConnection> {
  const entries = conf.appendMatch ?? [];
  if (entries.length === 0) return randomConnArb;
  return fc
    .record({
      i: fc.nat(entries.length - 1),
      port: fc.constantFrom(80, 443, 8080, 9000),
      base: randomConnArb,
    })
    .map(({ i, port, base }) => {
      const e = entries[i] as AppendMatch;
      // Generated entries always carry a known protocol and a value (the conf type allows neither
      // to be absent only because Kuma's admission, not the schema, reports them).
      const conn: PassthroughConnection = {
        ...base,
        port: e.port ?? port,
        protocol: (e.protocol ?? 'tcp') as NonNullable<PassthroughConnection['protocol']>,
      };
      const value = e.value ?? '';
      delete conn.sni;
      delete conn.host;
      if (e.type === 'Domain') {
        const name = value.replace('*', 'q').toLowerCase();
        if (e.protocol === 'tls') conn.sni = name;
        else conn.host = name;
      } else {
        conn.address = value.split('/')[0] as string;
      }
      return conn;
    });
}

const connsArb = (conf: MeshPassthroughConf) =>
  fc.array(fc.oneof(aimedConnArb(conf), randomConnArb), { minLength: 1, maxLength: 8 });

describe('compiled matcher vs linear reference', () => {
  for (const semantics of ['kuma-2.8', 'documented'] as PassthroughSemantics[]) {
    test.prop([confArb.chain((conf) => fc.tuple(fc.constant(conf), connsArb(conf))), fc.boolean()], params)(
      `agrees on random confs and connections (${semantics})`,
      ([conf, conns], meshPassthrough) => {
        const compiled = compilePassthrough(conf, { semantics, meshPassthrough });
        for (const conn of conns) {
          const got = compiled.match(conn);
          const want = referenceMatch(compiled, conn, { meshPassthrough });
          expect({ ...got, entry: undefined }).toEqual({ ...want, entry: undefined });
          expect(compiled.explain(conn).result).toEqual(got);
        }
      },
    );
  }
});

describe('validation', () => {
  test.prop(
    [
      fc.anything({ withObjectString: true, withNullPrototype: true }),
      fc.constantFrom('kuma-2.8', 'documented'),
    ],
    params,
  )('never throws on arbitrary input', (input, semantics) => {
    const r = validateMeshPassthrough(input, { semantics: semantics as PassthroughSemantics });
    expect(r.ok).toBe(r.issues.length === 0);
  });
  test.prop(
    [
      fc.array(
        fc.record(
          { type: fc.anything(), value: fc.anything(), port: fc.anything(), protocol: fc.anything() },
          { requiredKeys: [] },
        ),
      ),
    ],
    params,
  )('never throws on arbitrary appendMatch entries, and compile never throws either', (appendMatch) => {
    const spec = {
      targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] },
      default: { passthroughMode: 'Matched', appendMatch },
    };
    expect(() => validateMeshPassthrough(spec)).not.toThrow();
    const compiled = compilePassthrough(spec.default as MeshPassthroughConf);
    expect(compiled.match({ address: '10.0.0.1', port: 80 }).reason).toBeTypeOf('string');
  });
});

describe('orderedMatchers', () => {
  test.prop(
    [
      fc
        .array(entryArb, { maxLength: 15 })
        .chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
          ),
        ),
    ],
    params,
  )('is a function of the set of entries (input order irrelevant)', ([list, shuffled]) => {
    const run = (entries: AppendMatch[]) => {
      try {
        return orderedMatchers({ appendMatch: entries });
      } catch (e) {
        return e instanceof Error ? e.message : 'error';
      }
    };
    expect(run(shuffled)).toEqual(run(list));
  });
});

describe('large confs (level-compressed trie root)', () => {
  const cidrArb = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
    .map(([n, bits]) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${bits}`);
  const addrArb = fc
    .integer({ min: 0, max: 2 ** 32 - 1 })
    .map((n) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`);
  test.prop(
    [
      fc.uniqueArray(cidrArb, { minLength: 16, maxLength: 400 }),
      fc.array(addrArb, { minLength: 20, maxLength: 60 }),
    ],
    { seed, numRuns: process.env.CI ? 20 : 60 },
  )('agree with the reference on hundreds of CIDRs', (cidrs, addresses) => {
    const appendMatch: AppendMatch[] = cidrs.map((value) => ({ type: 'CIDR', value, protocol: 'tcp' }));
    const compiled = compilePassthrough(
      { passthroughMode: 'Matched', appendMatch },
      { semantics: 'kuma-2.8' },
    );
    for (const address of [...addresses, ...cidrs.map((c) => c.split('/')[0] as string)]) {
      const conn = { address, port: 443 };
      const { entry: _entry, ...got } = compiled.match(conn);
      expect(got).toEqual(referenceMatch(compiled, conn, { meshPassthrough: true }));
    }
  });
});

describe('generated chains', () => {
  test.prop(
    [
      confArb.chain((conf) =>
        fc.tuple(
          fc.constant(conf),
          fc.shuffledSubarray(conf.appendMatch ?? [], {
            minLength: conf.appendMatch?.length ?? 0,
            maxLength: conf.appendMatch?.length ?? 0,
          }),
        ),
      ),
      fc.constantFrom<PassthroughSemantics>('kuma-2.8', 'documented'),
    ],
    params,
  )(
    'do not depend on the input order of the entries (only which entry is credited does)',
    ([conf, shuffled], semantics) => {
      const shape = (c: MeshPassthroughConf) => {
        const compiled = compilePassthrough(c, { semantics });
        return (['ipv4', 'ipv6'] as const).map((family) => {
          const l = compiled.chains(family);
          return [l.status, l.rejected === undefined, l.chains.map((ch) => ch.name)];
        });
      };
      expect(shape({ ...conf, appendMatch: shuffled })).toEqual(shape(conf));
    },
  );
});

describe('documented: the compact matcher agrees with the fully built listener', () => {
  // Port-less entries are copied onto every named port; the compact matcher keeps the copies
  // implicit. Mixed L7 protocols, case variants and IP / CIDR aliases make Envoy reject some
  // listeners (same match, duplicate domain), which both must report identically.
  const pools: Record<string, readonly string[]> = {
    Domain: [...DOMAINS, 'api.a.com', '*.API.a.com', '*.api.a.com', 'C.org', 'Api.A.com', 'c.ORG'],
    IP: ['10.0.0.1', '10.0.0.2', '192.168.0.1', '2001:db8::1', '::ffff:10.0.0.1'],
    CIDR: ['10.0.0.0/8', '10.9.9.9/8', '10.0.0.1/32', '10.0.0.0/16', '0.0.0.0/0', '2001:db8::/32', '::/0'],
  };
  // One L7 protocol per port (several on one port are a config error), mostly the same one, so
  // port-less routes merge into named ports' route tables.
  const l7Arb = fc.constantFrom('http', 'http', 'http', 'http2', 'grpc');
  const rawArb = fc.record({
    type: fc.constantFrom('Domain', 'Domain', 'IP', 'CIDR'),
    pick: fc.nat(),
    port: fc.constantFrom(undefined, undefined, 80, 443, 8080),
    layer: fc.constantFrom('tcp', 'tls', 'L7', 'L7'),
  });
  const mixedConfArb: fc.Arbitrary<MeshPassthroughConf> = fc
    .tuple(fc.array(rawArb, { maxLength: 9 }), fc.tuple(l7Arb, l7Arb, l7Arb, l7Arb))
    .map(([raws, l7s]) => {
      const l7Of = (port: number | undefined) => l7s[[undefined, 80, 443, 8080].indexOf(port)] as string;
      const appendMatch = raws.map(({ type, pick, port, layer }) => {
        const pool = pools[type] as readonly string[];
        const value = pool[pick % pool.length] as string;
        let protocol = layer === 'L7' ? l7Of(port) : layer;
        // tcp domains and port-less L7 wildcards are config errors: keep most confs valid.
        if (type === 'Domain' && (protocol === 'tcp' || (value.startsWith('*') && port === undefined)))
          protocol = protocol === 'tcp' || port === undefined ? 'tls' : protocol;
        return { type, value, protocol, ...(port !== undefined ? { port } : {}) } as AppendMatch;
      });
      return { passthroughMode: 'Matched', appendMatch };
    });
  const connArb = (conf: MeshPassthroughConf) =>
    fc.array(fc.oneof(aimedConnArb(conf), randomConnArb), { minLength: 1, maxLength: 6 });
  test.prop([mixedConfArb.chain((conf) => fc.tuple(fc.constant(conf), connArb(conf))), fc.boolean()], params)(
    'issues, listeners, clusters, match and explain',
    ([conf, conns], ipv6Listener) => {
      const opts = { ipv6Listener };
      const compact = compilePassthrough(conf, opts);
      const full = compilePassthroughWith(conf, opts, { fullListeners: true });
      expect(compact.issues).toEqual(full.issues);
      for (const family of ['ipv4', 'ipv6'] as const)
        expect(compact.chains(family)).toEqual(full.chains(family));
      expect(compact.clusters()).toEqual(full.clusters());
      for (const conn of conns) {
        const got = compact.match(conn);
        expect(got).toEqual(full.match(conn));
        if (ipv6Listener)
          expect({ ...got, entry: undefined }).toEqual({
            ...referenceMatch(compact, conn, { meshPassthrough: true }),
            entry: undefined,
          });
        expect(compact.explain(conn)).toEqual(full.explain(conn));
      }
    },
  );
});
