/**
 * Replays Kuma 2.8.8's MeshPassthrough fixtures (conformance README §2.6–§2.8, §3 Passthrough)
 * with `semantics: 'kuma-2.8'`. Cases are enumerated from the files present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compilePassthrough,
  type MeshPassthroughConf,
  orderedMatchers,
  PASSTHROUGH_MATCH_TYPE_CODES,
  type PassthroughFamily,
  type PassthroughFilterChain,
  validateMeshPassthrough,
} from '../../src/passthrough/index.js';
import { conformanceRoot, skipNotice } from './root.js';

const root = conformanceRoot();
const suite = root === undefined ? describe.skip : describe;
if (root === undefined) skipNotice();

const base = root === undefined ? '' : join(root, 'kuma-2.8');
const readYaml = (path: string): unknown => parse(readFileSync(path, 'utf8'), { uniqueKeys: false });
const listDir = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Kuma decodes scalars into string fields as their text (`protocol: 1` → "1"). */
function kumaScalars(spec: unknown): unknown {
  const s = asObj(spec);
  const conf = asObj(s.default);
  const stringify = (v: unknown): unknown =>
    typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  return {
    ...s,
    ...(s.default !== undefined
      ? {
          default: {
            ...conf,
            ...(conf.passthroughMode !== undefined
              ? { passthroughMode: stringify(conf.passthroughMode) }
              : {}),
            ...(conf.appendMatch !== undefined
              ? {
                  appendMatch: asList(conf.appendMatch).map((m) => {
                    const e = asObj(m);
                    const out: Obj = { ...e };
                    for (const k of ['type', 'value', 'protocol']) if (k in e) out[k] = stringify(e[k]);
                    return out;
                  }),
                }
              : {}),
          },
        }
      : {}),
  };
}

suite('conformance: meshpassthrough/api (validation goldens)', () => {
  const dir = join(base, 'meshpassthrough/api/testdata');
  const stems = listDir(dir)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .filter((stem) => existsSync(join(dir, `${stem}.output.yaml`)));
  it.skipIf(!existsSync(dir))('has cases', () => expect(stems.length).toBeGreaterThan(0));
  it.each(stems)('%s', (stem) => {
    const input = kumaScalars(readYaml(join(dir, `${stem}.input.yaml`)));
    const output = readFileSync(join(dir, `${stem}.output.yaml`), 'utf8');
    const expected = output.trim() === '' ? [] : asList(asObj(parse(output)).violations);
    const result = validateMeshPassthrough(input, { semantics: 'kuma-2.8' });
    expect(result.issues.map((i) => ({ field: i.path, message: i.message }))).toEqual(expected);
    expect(result.ok).toBe(expected.length === 0);
  });
});

suite('conformance: tables/passthrough-validation.yaml', () => {
  const file = join(base, 'tables/passthrough-validation.yaml');
  const cases = existsSync(file) ? asList(asObj(readYaml(file)).cases).map(asObj) : [];
  const runnable = cases.filter(
    (c) => asObj(c.input).spec !== undefined && asObj(c.expected).violations !== undefined,
  );
  it.skipIf(!existsSync(file))('has cases', () => expect(runnable.length).toBeGreaterThan(0));
  it.each(runnable.map((c) => [String(c.name), c] as const))('%s', (_name, c) => {
    const result = validateMeshPassthrough(asObj(c.input).spec, { semantics: 'kuma-2.8' });
    expect(result.issues.map((i) => ({ field: i.path, message: i.message }))).toEqual(
      asObj(c.expected).violations,
    );
  });
});

suite('conformance: tables/passthrough-order.yaml (xds order goldens)', () => {
  const file = join(base, 'tables/passthrough-order.yaml');
  const cases = existsSync(file) ? asList(asObj(readYaml(file)).cases).map(asObj) : [];
  it.skipIf(!existsSync(file))('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    const expected = asObj(c.expected);
    const conf = asObj(asObj(c.input).conf) as MeshPassthroughConf;
    const golden = typeof expected.golden === 'string' ? join(root ?? '', expected.golden) : undefined;
    if (expected.error === true) {
      it(String(c.name), () => {
        let message = '';
        try {
          orderedMatchers(conf);
        } catch (error) {
          message = error instanceof Error ? error.message : String(error);
        }
        for (const part of asList(expected.errorContains)) expect(message).toContain(String(part));
        if (typeof expected.errorPartsWhenSplitOnSemicolon === 'number')
          expect(message.split(';')).toHaveLength(expected.errorPartsWhenSplitOnSemicolon);
      });
    } else if (golden !== undefined && existsSync(golden)) {
      it(String(c.name), () => {
        const got = orderedMatchers(conf).map((g) => ({
          Port: g.port,
          Protocol: g.protocol,
          Routes: g.routes.map((r) => ({
            MatchType: PASSTHROUGH_MATCH_TYPE_CODES[r.matchType],
            Value: r.value,
          })),
        }));
        expect(got).toEqual(readYaml(golden));
      });
    }
  }
});

/** The parts of a golden Envoy filter chain the library models. */
function goldenChain(raw: unknown): Obj {
  const chain = asObj(raw);
  const match = asObj(chain.filterChainMatch);
  const filter = asObj(asList(chain.filters)[0]);
  const typed = asObj(filter.typedConfig);
  const hosts = asList(asObj(typed.routeConfig).virtualHosts).map((h) => {
    const host = asObj(h);
    const route = asObj(asList(host.routes)[0]);
    return {
      name: host.name,
      domains: host.domains,
      match: route.match,
      cluster: asObj(route.route).cluster,
      status: asObj(route.directResponse).status,
    };
  });
  return {
    name: chain.name,
    destinationPort: match.destinationPort,
    prefixRanges: match.prefixRanges ?? [],
    serverNames: match.serverNames ?? [],
    transportProtocol: match.transportProtocol,
    applicationProtocols: match.applicationProtocols ?? [],
    cluster: typed.cluster,
    virtualHosts: hosts.length > 0 ? hosts : undefined,
  };
}

function ourChain(chain: PassthroughFilterChain): Obj {
  return {
    name: chain.name,
    destinationPort: chain.destinationPort,
    prefixRanges: chain.prefixRanges,
    serverNames: chain.serverNames,
    transportProtocol: chain.transportProtocol,
    applicationProtocols: chain.applicationProtocols,
    cluster: chain.cluster,
    virtualHosts: chain.virtualHosts?.map((h) => ({
      name: h.name,
      domains: h.domains,
      match: h.match,
      cluster: h.cluster,
      status: h.directResponseStatus,
    })),
  };
}

suite('conformance: tables/passthrough-plugin.yaml (Envoy listener/cluster goldens)', () => {
  const file = join(base, 'tables/passthrough-plugin.yaml');
  const cases = existsSync(file) ? asList(asObj(readYaml(file)).cases).map(asObj) : [];
  const runnable = cases.filter((c) => {
    const e = asObj(c.expected);
    return [e.listenersGolden, e.clustersGolden].every(
      (g) => typeof g === 'string' && existsSync(join(root ?? '', g)),
    );
  });
  it.skipIf(!existsSync(file))('has cases', () => expect(runnable.length).toBeGreaterThan(0));
  it.each(runnable.map((c) => [String(c.name), c] as const))('%s', (_name, c) => {
    const input = asObj(c.input);
    const expected = asObj(c.expected);
    const existing = asList(input.existingResources).map(String);
    const conf = asObj(asObj(asList(input.singleItemRules)[0]).Conf) as MeshPassthroughConf;
    const compiled = compilePassthrough(conf, {
      semantics: 'kuma-2.8',
      meshPassthrough: input.meshPassthroughEnabled === true,
      ipv6Listener: existing.some((r) => r.startsWith('listener outbound:passthrough:ipv6')),
    });
    const listeners = asList(asObj(readYaml(join(root ?? '', String(expected.listenersGolden)))).resources);
    expect(listeners.length).toBeGreaterThan(0);
    for (const raw of listeners) {
      const resource = asObj(asObj(raw).resource);
      const family: PassthroughFamily = String(resource.name).endsWith('ipv6') ? 'ipv6' : 'ipv4';
      const ours = compiled.chains(family);
      const goldenChains = asList(resource.filterChains).map(goldenChain);
      if (ours.status === 'untouched') {
        // The default chain survives: one match-less chain proxying to the pass-through cluster.
        expect(goldenChains).toEqual([
          expect.objectContaining({ cluster: `outbound:passthrough:${family}` }),
        ]);
      } else {
        expect(ours.status).toBe('rewritten');
        expect(ours.chains.map(ourChain)).toEqual(goldenChains);
        expect(asList(resource.listenerFilters).map((f) => asObj(f).name)).toEqual([
          'envoy.filters.listener.tls_inspector',
          'envoy.filters.listener.http_inspector',
        ]);
      }
    }
    const existingClusters = existing
      .filter((r) => r.startsWith('cluster '))
      .map((r) => r.slice('cluster '.length).split(' ')[0]);
    const goldenClusters = asList(
      asObj(readYaml(join(root ?? '', String(expected.clustersGolden)))).resources,
    )
      .map((r) => asObj(asObj(r).resource))
      .filter((r) => !(existingClusters.includes(String(r.name)) && r.altStatName === undefined))
      .map((r) => ({
        name: r.name,
        altStatName: r.altStatName,
        http2: r.typedExtensionProtocolOptions !== undefined,
      }));
    expect(compiled.clusters()).toEqual(goldenClusters);
  });
});
