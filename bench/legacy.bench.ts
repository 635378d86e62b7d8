/**
 * Legacy outbound selection: `selectOutboundConnectionPolicies` (indexed by destination service)
 * beside the straightforward reference of the tests (Kuma's policies × services scan), on a
 * dataplane with 200 outbounds and 1k / 10k TrafficRoute-like policies. Prints both times and the
 * ratio, and ours at 10k over ours at 1k.
 */
import {
  selectDataplanePolicy,
  selectInboundConnectionPolicies,
  selectOutboundConnectionPolicies,
} from '../src/legacy/index.js';
import {
  refSelectDataplanePolicy,
  refSelectInboundConnectionPolicies,
  refSelectOutboundConnectionPolicies,
} from '../test/legacy/reference.js';
import { formatNs, medianNsPerOp, printTable } from './util.js';

/** Small deterministic PRNG (mulberry32) so every run measures the same mesh. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_COUNT = 2000;
const service = (i: number) => `svc-${i}`;

function mesh(policyCount: number, outboundCount: number) {
  const r = rng(policyCount * 31 + outboundCount);
  const pick = () => service(Math.floor(r() * SERVICE_COUNT));
  const dataplane = {
    name: 'web-1',
    networking: {
      address: '10.0.0.1',
      inbound: [
        { port: 8080, tags: { 'kuma.io/service': 'web', version: 'v1', zone: 'eu' } },
        { port: 8081, tags: { 'kuma.io/service': 'web-admin', zone: 'eu' } },
      ],
      outbound: Array.from({ length: outboundCount }, (_, i) => ({
        port: 10000 + i,
        tags: { 'kuma.io/service': service((i * 7) % SERVICE_COUNT) },
      })),
    },
  };
  const policies = Array.from({ length: policyCount }, (_, i) => {
    const x = r();
    // 60% exact source, 30% '*', 10% the dataplane's own service with an extra tag.
    const source =
      x < 0.6
        ? { 'kuma.io/service': r() < 0.1 ? 'web' : pick() }
        : x < 0.9
          ? { 'kuma.io/service': '*' }
          : { 'kuma.io/service': 'web', version: 'v1' };
    // 95% exact destination services, 5% wildcard.
    const destination = r() < 0.95 ? { 'kuma.io/service': pick() } : { 'kuma.io/service': '*' };
    return {
      type: 'TrafficRoute',
      mesh: 'default',
      name: `route-${i.toString().padStart(6, '0')}`,
      creationTime: new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 1e9)).toISOString(),
      sources: [{ match: source }],
      destinations: [
        { match: destination },
        ...(r() < 0.2 ? [{ match: { 'kuma.io/service': pick() } }] : []),
      ],
      conf: { split: [{ weight: 100, destination: { 'kuma.io/service': '*' } }] },
    };
  });
  // Each destination also selects inbound tags, so the same set serves the inbound timing.
  return { dataplane, policies };
}

export default async function run(): Promise<void> {
  const rows: string[][] = [];
  const ours: Record<number, number> = {};
  const sizes = [1000, 10000];
  const inputs = sizes.map((n) => {
    const input = mesh(n, 200);
    // Same answer first (the benchmark is meaningless otherwise).
    const a = selectOutboundConnectionPolicies(input.dataplane, input.policies);
    const b = refSelectOutboundConnectionPolicies(input.dataplane, input.policies);
    const same =
      Object.keys(b).length === Object.keys(a).length && Object.keys(b).every((k) => a[k] === b[k]);
    if (!same) throw new Error(`results differ at ${n} policies`);
    return input;
  });
  // The growth ratio compares two sizes: sample them alternately (so a burst of load on the shared
  // machine hits both) and keep each size's fastest sample, the least disturbed one.
  const best = sizes.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 7; round++) {
    inputs.forEach(({ dataplane, policies }, i) => {
      const t = medianNsPerOp(() => selectOutboundConnectionPolicies(dataplane, policies), 1, 200);
      best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, t);
    });
  }
  inputs.forEach(({ dataplane, policies }, i) => {
    const n = sizes[i] as number;
    const t = best[i] as number;
    const tr = medianNsPerOp(() => refSelectOutboundConnectionPolicies(dataplane, policies), 3, 300);
    ours[n] = t;
    rows.push([
      `${n.toLocaleString('en-US')} × 200 outbounds (+ pass_through)`,
      formatNs(t),
      formatNs(tr),
      `${(tr / t).toFixed(1)}×`,
    ]);
  });
  printTable(
    'legacy: selectOutboundConnectionPolicies vs reference scan (policies × services)',
    ['policies × outbounds', 'mesh-policy (indexed)', 'reference (Kuma-style scan)', 'speed-up'],
    rows,
  );
  const growth = (ours[10000] ?? Number.NaN) / (ours[1000] ?? Number.NaN);
  console.log(`\nmesh-policy t(10k)/t(1k) = ${growth.toFixed(1)} (goal ≤ 12)`);

  const inboundRows: string[][] = [];
  for (const n of [1000, 10000]) {
    const { dataplane, policies } = mesh(n, 0);
    const t = medianNsPerOp(() => selectInboundConnectionPolicies(dataplane, policies), 5, 200);
    const tr = medianNsPerOp(() => refSelectInboundConnectionPolicies(dataplane, policies), 5, 200);
    inboundRows.push([n.toLocaleString('en-US'), formatNs(t), formatNs(tr), `${(tr / t).toFixed(1)}×`]);
  }
  printTable(
    'legacy: selectInboundConnectionPolicies (2 inbounds, no index) vs reference',
    ['policies', 'mesh-policy', 'reference', 'speed-up'],
    inboundRows,
  );

  const dpRows: string[][] = [];
  for (const n of [1000, 10000]) {
    const { dataplane, policies } = mesh(n, 0);
    // ProxyTemplate / MeshGateway-style selectors: the sources double as dataplane selectors.
    const templates = policies.map((p) => ({
      name: p.name,
      creationTime: p.creationTime,
      selectors: p.sources,
    }));
    if (selectDataplanePolicy(dataplane, templates) !== refSelectDataplanePolicy(dataplane, templates)) {
      throw new Error(`dataplane policy results differ at ${n} policies`);
    }
    const t = medianNsPerOp(() => selectDataplanePolicy(dataplane, templates), 5, 200);
    const tr = medianNsPerOp(() => refSelectDataplanePolicy(dataplane, templates), 5, 200);
    dpRows.push([n.toLocaleString('en-US'), formatNs(t), formatNs(tr), `${(tr / t).toFixed(1)}×`]);
  }
  printTable(
    'legacy: selectDataplanePolicy (ProxyTemplate / MeshGateway selection) vs reference',
    ['policies', 'mesh-policy', 'reference', 'speed-up'],
    dpRows,
  );
}
