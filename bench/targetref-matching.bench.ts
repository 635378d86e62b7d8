/**
 * targetRef matching end to end (issue 4, Speed bullet 2): `to` rules for the Kuma issue 13149
 * scenario — a Mesh-wide default plus one `to: MeshService <svc>` policy per service — measured
 * through `matchedPolicies` at 40 and 80 services, beside a straightforward reference that
 * selects and sorts the same policies and then, per destination element, merges the confs of
 * every item whose subset contains it (naive per-element brute force). Goal: t(80)/t(40) ≤ 2.2.
 */
import type { Dataplane, Resource, TargetRefPolicy } from '../src/models/index.js';
import { matchedPolicies } from '../src/targetref/matched.js';
import { mergeConfs } from '../src/targetref/merge.js';
import { comparePolicyPriority } from '../src/targetref/priority.js';
import { computeConf } from '../src/targetref/rules.js';
import { containsElement, subsetFromTargetRef } from '../src/targetref/subset.js';
import { formatNs, nsPerOp, printTable } from './util.js';

const dataplane: Dataplane = {
  type: 'Dataplane',
  mesh: 'default',
  name: 'client-1',
  labels: {},
  networking: {
    address: '10.0.0.1',
    inbound: [{ port: 8080, tags: { 'kuma.io/service': 'client', version: 'v1' } }],
  },
};

/** A Mesh-wide default plus one producer-style `to: MeshService svc-i` policy per service. */
function scenario(n: number): Resource[] {
  const out: TargetRefPolicy[] = [
    {
      type: 'MeshTimeout',
      mesh: 'default',
      name: 'mesh-default',
      labels: {},
      spec: {
        targetRef: { kind: 'Mesh' },
        to: [
          {
            targetRef: { kind: 'Mesh' },
            default: { connectionTimeout: '5s', idleTimeout: '1h', http: { requestTimeout: '15s' } },
          },
        ],
      },
    },
  ];
  for (let i = 0; i < n; i++) {
    out.push({
      type: 'MeshTimeout',
      mesh: 'default',
      name: `svc-${String(i).padStart(3, '0')}-timeouts`,
      labels: { 'kuma.io/origin': 'zone' },
      spec: {
        targetRef: { kind: 'Mesh' },
        to: [
          {
            targetRef: { kind: 'MeshService', name: `svc-${i}` },
            default: { idleTimeout: `${(i % 50) + 10}s`, http: { requestTimeout: `${(i % 7) + 1}s` } },
          },
        ],
      },
    });
  }
  return out;
}

/** Straightforward reference: select (all are Mesh-wide), sort, then brute-force each element. */
function reference(resources: readonly Resource[], n: number): Map<string, unknown> {
  const policies = (resources as TargetRefPolicy[]).filter((p) => p.type === 'MeshTimeout');
  const sorted = [...policies].sort(comparePolicyPriority);
  const items = sorted.flatMap((p) =>
    (p.spec.to ?? []).map((t) => ({
      subset: subsetFromTargetRef(t.targetRef),
      conf: (t as { default?: unknown }).default,
    })),
  );
  const out = new Map<string, unknown>();
  const elements = [...Array.from({ length: n }, (_, i) => `svc-${i}`), 'not-a-configured-service'];
  for (const svc of elements) {
    const element = { 'kuma.io/service': svc };
    const confs = items.filter((it) => containsElement(it.subset, element)).map((it) => it.conf);
    out.set(svc, confs.length === 0 ? undefined : mergeConfs('MeshTimeout', confs)[0]);
  }
  return out;
}

function check(n: number): void {
  const resources = scenario(n);
  const rules = matchedPolicies('MeshTimeout', dataplane, resources).toRules;
  for (const [svc, conf] of reference(resources, n)) {
    const ours = computeConf(rules, { 'kuma.io/service': svc });
    if (JSON.stringify(ours) !== JSON.stringify(conf)) {
      throw new Error(`mismatch for ${svc}: ${JSON.stringify(ours)} vs ${JSON.stringify(conf)}`);
    }
  }
}

/**
 * CPU nanoseconds per call (process user + system time, so time spent waiting for a core on the
 * shared machine does not count), over at least `minCpuMs` of CPU time after a warm-up.
 */
function cpuNsPerOp(fn: () => unknown, minCpuMs: number): number {
  nsPerOp(fn, 30);
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
  };
  let iterations = 0;
  let batch = 1;
  const start = cpu();
  let now = start;
  let sink: unknown;
  while (now - start < minCpuMs * 1e6) {
    for (let i = 0; i < batch; i++) sink = fn();
    iterations += batch;
    batch = Math.min(batch * 2, 64);
    now = cpu();
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return (now - start) / iterations;
}

/** Median of interleaved CPU-time samples (interleaving spreads the machine's noise evenly). */
function interleavedMedians(fns: readonly (() => unknown)[], rounds = 11, minCpuMs = 150): number[] {
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      samples[i]?.push(cpuNsPerOp(fn, minCpuMs));
    });
  }
  return samples.map((xs) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  });
}

export default async function run(): Promise<void> {
  const sizes = [40, 80, 160] as const;
  for (const n of sizes) check(n);
  const inputs = sizes.map(scenario);
  const times = interleavedMedians([
    ...inputs.map((r) => () => matchedPolicies('MeshTimeout', dataplane, r)),
    ...inputs.map((r, i) => () => reference(r, sizes[i] as number)),
  ]);
  const ours = times.slice(0, sizes.length);
  const ref = times.slice(sizes.length);
  const at = (xs: readonly number[], i: number): number => xs[i] as number;
  printTable(
    'targetref matching: issue 13149 to-rules (matchedPolicies end to end vs per-element brute force; CPU time per call)',
    ['services', 'policies', 'matchedPolicies', 'reference', 'reference / ours'],
    sizes.map((n, i) => [
      String(n),
      String(n + 1),
      formatNs(at(ours, i)),
      formatNs(at(ref, i)),
      `${(at(ref, i) / at(ours, i)).toFixed(2)}×`,
    ]),
  );
  const g = (xs: readonly number[], i: number): number => at(xs, i + 1) / at(xs, i);
  const goal = g(ours, 0);
  printTable(
    'targetref matching: growth when the number of services doubles (goal: t(80)/t(40) ≤ 2.2)',
    ['implementation', 't(80) / t(40)', 't(160) / t(80)'],
    [
      [
        'matchedPolicies',
        `${goal.toFixed(2)}${goal <= 2.2 ? ' (goal met)' : ' (goal MISSED)'}`,
        g(ours, 1).toFixed(2),
      ],
      ['reference (brute force)', g(ref, 0).toFixed(2), g(ref, 1).toFixed(2)],
    ],
  );
}
