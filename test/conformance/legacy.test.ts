/**
 * Replays Kuma 2.8.8's legacy selection tables (`kuma-2.8/tables/legacy-*.yaml`, conformance
 * README §3 "Legacy tables") against `mesh-policy/legacy` with `tieBreak: 'creationTime'`.
 * Cases are enumerated from the files present; each case is dispatched on its `function`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type InboundInterface,
  type LegacyDataplaneLike,
  type LegacyPolicyLike,
  resolveTrafficRouteWildcards,
  selectConnectionPolicies,
  selectDataplanePolicy,
  selectExternalServicePermissions,
  selectInboundConnectionMatchingPoliciesByInterface,
  selectInboundConnectionPoliciesByInterface,
  selectOutboundConnectionPolicies,
  selectOutboundConnectionPoliciesByInterface,
  sortLegacyPoliciesByName,
  splitLegacyPoliciesBySource,
} from '../../src/legacy/index.js';
import { conformanceRoot, skipNotice } from './root.js';

type Obj = Record<string, unknown>;
interface TableCase {
  name: string;
  function?: string;
  input: Obj;
  expected: Obj;
  file: string;
}

const OPTS = { tieBreak: 'creationTime' } as const;
const root = conformanceRoot();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function loadCases(dir: string): TableCase[] {
  const out: TableCase[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => /^legacy-.*\.ya?ml$/.test(f));
  } catch {
    return out;
  }
  for (const file of files.sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8'), { uniqueKeys: false }) as Obj;
    const groups = [
      ...(Array.isArray(doc.cases) ? [{ function: doc.function, cases: doc.cases }] : []),
      ...(Array.isArray(doc.groups) ? (doc.groups as Obj[]) : []),
    ];
    for (const g of groups) {
      for (const c of (g.cases as Obj[]) ?? []) {
        const fn = (c.function ?? g.function) as string | undefined;
        out.push({
          name: String(c.name),
          ...(fn !== undefined ? { function: fn } : {}),
          input: (c.input as Obj) ?? {},
          expected: (c.expected as Obj) ?? {},
          file,
        });
      }
    }
  }
  return out;
}

type Policy = LegacyPolicyLike & Obj & { mesh?: string };

/** Policies as the Go test's store would hold them (list-order creation times when it says so). */
function policiesOf(input: Obj, key = 'policies'): Policy[] {
  const raw = (input[key] as Obj[] | null | undefined) ?? [];
  const dpMesh = (input.dataplane as Obj | undefined)?.mesh as string | undefined;
  const stamped = raw.map((p, i) => {
    const policy: Obj = { ...p, name: typeof p.name === 'string' ? p.name : '' };
    if (input.policiesCreatedInListOrder === true) {
      policy.creationTime = new Date(Date.UTC(2000, 0, 1, 0, 0, i)).toISOString().replace('.000Z', 'Z');
    }
    return policy as Policy;
  });
  // Only cases whose store holds several meshes (`meshes`) list by mesh; the Select* tables
  // pass policies of any mesh straight to the function, as Kuma's tests do.
  if (!Array.isArray(input.meshes)) return stamped;
  return stamped.filter((p) => dpMesh === undefined || p.mesh === undefined || p.mesh === dpMesh);
}

const names = (ps: readonly { name: string }[]) => ps.map((p) => p.name);
const isSetComparison = (e: Obj) => /set|ConsistOf|order not/i.test(String(e.comparison ?? ''));

function goInbound(i: InboundInterface): Obj {
  return {
    DataplaneAdvertisedIP: i.dataplaneAdvertisedIP,
    DataplaneIP: i.dataplaneIP,
    DataplanePort: i.dataplanePort,
    WorkloadIP: i.workloadIP,
    WorkloadPort: i.workloadPort,
  };
}

const specOf = (p: Obj, withConf: boolean): Obj => ({
  sources: p.sources,
  destinations: p.destinations,
  ...(withConf && p.conf !== undefined ? { conf: p.conf } : {}),
});

function sortByJson<T>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Kuma entry points that are the same selection as one handled below. */
const ALIASES: Record<string, string> = {
  'TrafficPermissionsMatcher.Match': 'SelectInboundConnectionPolicies',
  'FaultInjectionMatcher.Match': 'SelectInboundConnectionMatchingPolicies',
  'TrafficLogsMatcher.Match': 'SelectOutboundConnectionPolicies',
  'ProxyTemplateMatcher.Match': 'SelectDataplanePolicy',
  'TrafficTraceMatcher.Match': 'SelectDataplanePolicy',
  GetCircuitBreakers: 'SelectConnectionPolicies',
  BuildCircuitBreakerMap: 'SelectConnectionPolicies',
};

function run(c: TableCase): void {
  const input = deepFreeze(structuredClone(c.input));
  const expected = c.expected;
  const dataplane = ((input.dataplane as Obj | undefined) ?? {}) as LegacyDataplaneLike;
  const raw = (c.function ?? '').replace(/\s*\(.*$/, '').trim();
  const fn = ALIASES[raw] ?? raw;
  const policies = deepFreeze(policiesOf(input));

  switch (fn) {
    case 'sort.Stable': {
      const got = names(sortLegacyPoliciesByName(policies));
      const want = expected.policies as string[];
      if (isSetComparison(expected)) expect([...got].sort()).toEqual([...want].sort());
      else expect(got).toEqual(want);
      return;
    }
    case 'SelectDataplanePolicy': {
      const got = selectDataplanePolicy(dataplane, policies, OPTS);
      expect(got?.name ?? null).toEqual(expected.policy ?? null);
      return;
    }
    case 'SelectInboundConnectionPolicies': {
      const extra = (input.additionalInbounds as Obj[] | undefined) ?? [];
      const got = selectInboundConnectionPoliciesByInterface(dataplane, policies, {
        ...OPTS,
        additionalInbounds: extra,
      });
      if (expected.size !== undefined) expect(got.length).toBe(expected.size);
      const want = (expected.byInboundInterface as Obj[]).map((e) => ({
        interface: e.interface,
        policy: e.policy,
      }));
      expect(
        sortByJson(got.map((e) => ({ interface: goInbound(e.interface), policy: e.value.name }))),
      ).toEqual(sortByJson(want));
      return;
    }
    case 'MatchExternalServicesTrafficPermissions': {
      const es = (input.externalServices as { name: string; tags?: Record<string, string> }[]) ?? [];
      const got = Object.keys(selectExternalServicePermissions(es, policies, OPTS));
      expect([...got].sort()).toEqual([...(expected.externalServices as string[])].sort());
      return;
    }
    case 'SelectInboundConnectionMatchingPolicies': {
      // FaultInjectionMatcher keeps only inbounds with at least one policy.
      const got = selectInboundConnectionMatchingPoliciesByInterface(dataplane, policies, OPTS).filter(
        (e) => e.value.length > 0,
      );
      if (expected.size !== undefined) expect(got.length).toBe(expected.size);
      const set = isSetComparison(expected);
      const norm = (xs: string[]) => (set ? [...xs].sort() : xs);
      const want = (expected.byInboundInterface as Obj[]).map((e) => ({
        interface: e.interface,
        policies: norm(e.policies as string[]),
      }));
      expect(
        sortByJson(got.map((e) => ({ interface: goInbound(e.interface), policies: norm(names(e.value)) }))),
      ).toEqual(sortByJson(want));
      return;
    }
    case 'RateLimitMatcher.Match': {
      const split = splitLegacyPoliciesBySource(policies);
      // The Go test compares specs; include `conf` only when the table's expected specs carry it.
      const withConf = JSON.stringify(expected).includes('"conf"');
      const inbound = selectInboundConnectionMatchingPoliciesByInterface(dataplane, split, OPTS)
        .filter((e) => e.value.length > 0)
        .map((e) => ({
          interface: goInbound(e.interface),
          specsInOrder: e.value.map((p) => specOf(p, withConf)),
        }));
      expect(sortByJson(inbound)).toEqual(sortByJson((expected.inbound as Obj[]) ?? []));
      const outbound = selectOutboundConnectionPoliciesByInterface(dataplane, split, OPTS).map((e) => ({
        interface: { DataplaneIP: e.interface.dataplaneIP, DataplanePort: e.interface.dataplanePort },
        spec: specOf(e.policy, withConf),
      }));
      expect(sortByJson(outbound)).toEqual(sortByJson((expected.outbound as Obj[]) ?? []));
      return;
    }
    case 'SelectOutboundConnectionPolicies': {
      const got = selectOutboundConnectionPolicies(dataplane, policies, OPTS);
      const gotNames = Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.name]));
      const want = (expected.byService as Record<string, string>) ?? {};
      if (/only/i.test(String(expected.comparison ?? ''))) expect(gotNames).toMatchObject(want);
      else expect(gotNames).toEqual(want);
      if (expected.size !== undefined) expect(Object.keys(gotNames).length).toBe(expected.size);
      return;
    }
    case 'GetTimeouts': {
      const got = selectOutboundConnectionPoliciesByInterface(dataplane, policies, OPTS);
      if (expected.size !== undefined) expect(got.length).toBe(expected.size);
      expect(
        sortByJson(
          got.map((e) => ({
            interface: { DataplaneIP: e.interface.dataplaneIP, DataplanePort: e.interface.dataplanePort },
            policy: e.policy.name,
          })),
        ),
      ).toEqual(sortByJson(expected.byOutboundInterface as Obj[]));
      return;
    }
    case 'GetRetries':
    case 'BuildRetryMap':
    case 'GetHealthChecks':
    case 'BuildHealthCheckMap':
    case 'SelectConnectionPolicies': {
      const services = (input.destinations as string[] | null | undefined) ?? [];
      const got = selectConnectionPolicies(dataplane, services, policies, OPTS);
      const gotNames = Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.name]));
      // Kuma's builders return nil instead of an empty map; both mean "no policy for any service".
      expect(gotNames).toEqual((expected.byService as Record<string, string> | null) ?? {});
      if (expected.size !== undefined) expect(Object.keys(gotNames).length).toBe(expected.size);
      return;
    }
    case 'GetRoutes':
    case 'BuildRouteMap': {
      const got = selectOutboundConnectionPoliciesByInterface(dataplane, policies, OPTS);
      if (expected.size !== undefined) expect(got.length).toBe(expected.size);
      const want = (expected.byOutboundInterface as Obj[]) ?? [];
      expect(got.length).toBe(want.length);
      for (const w of want) {
        const wi = w.interface as Obj;
        const e = got.find(
          (g) => g.interface.dataplaneIP === wi.DataplaneIP && g.interface.dataplanePort === wi.DataplanePort,
        );
        expect(e, `outbound ${JSON.stringify(wi)}`).toBeDefined();
        if (e === undefined) continue;
        expect(e.policy.name).toBe(w.policy);
        const resolved = resolveTrafficRouteWildcards(e.policy, e.outbound.tags ?? {}) as Obj;
        if (w.specUnchanged === true) expect(specOf(resolved, true)).toEqual(specOf(e.policy, true));
        if (w.spec !== undefined) expect(specOf(resolved, true)).toEqual(w.spec);
      }
      return;
    }
    default:
      throw new Error(`no replay for function "${c.function}" (${c.file}: ${c.name})`);
  }
}

const cases = root === undefined ? [] : loadCases(join(root, 'kuma-2.8', 'tables'));

if (root === undefined || cases.length === 0) {
  if (root === undefined) skipNotice();
  describe.skip('conformance: legacy tables (none found)', () => {
    it('needs kuma-2.8/tables/legacy-*.yaml in the conformance corpus', () => {});
  });
} else {
  describe('conformance: legacy tables (Kuma 2.8.8, tieBreak creationTime)', () => {
    for (const c of cases) {
      it(`${c.file}: ${c.function ?? '?'}: ${c.name}`, () => run(c));
    }
  });
}
