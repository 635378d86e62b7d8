/**
 * Loading and hostile input: `loadResources` on a ~20 MB generated policy file (YAML and JSON),
 * beside the `yaml` package alone (parse + toJS, no validation) and `JSON.parse` alone. Each
 * measurement runs in its own child process so peak RSS is not shared between them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { loadResources } from '../src/models/index.js';
import { formatNs, medianNsPerOp, printTable } from './util.js';

const self = fileURLToPath(import.meta.url);

/** A realistic mix: dataplanes, MeshTimeouts, MeshTrafficPermissions, legacy TrafficPermissions. */
export function generate(targetBytes: number): { yaml: string; json: string; documents: number } {
  const docs: unknown[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const svc = `svc-${i % 500}`;
    const doc =
      i % 4 === 0
        ? {
            type: 'Dataplane',
            mesh: 'default',
            name: `${svc}-${i}`,
            networking: {
              address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
              inbound: [
                { port: 8080, servicePort: 80, tags: { 'kuma.io/service': svc, version: `v${i % 3}` } },
              ],
              outbound: [{ port: 10000 + (i % 100), tags: { 'kuma.io/service': `svc-${(i + 1) % 500}` } }],
            },
          }
        : i % 4 === 1
          ? {
              type: 'MeshTimeout',
              mesh: 'default',
              name: `timeout-${i}`,
              spec: {
                targetRef: { kind: 'MeshService', name: svc },
                to: [
                  {
                    targetRef: { kind: 'Mesh' },
                    default: { idleTimeout: '20s', http: { requestTimeout: '5s' } },
                  },
                ],
                from: [{ targetRef: { kind: 'Mesh' }, default: { connectionTimeout: '2s' } }],
              },
            }
          : i % 4 === 2
            ? {
                type: 'MeshTrafficPermission',
                mesh: 'default',
                name: `mtp-${i}`,
                spec: {
                  targetRef: { kind: 'MeshSubset', tags: { 'kuma.io/service': svc } },
                  from: [
                    { targetRef: { kind: 'Mesh' }, default: { action: 'Deny' } },
                    {
                      targetRef: { kind: 'MeshService', name: `svc-${(i + 7) % 500}` },
                      default: { action: 'Allow' },
                    },
                  ],
                },
              }
            : {
                type: 'TrafficPermission',
                mesh: 'default',
                name: `tp-${i}`,
                creationTime: '2024-05-01T10:00:00Z',
                sources: [{ match: { 'kuma.io/service': `svc-${(i + 3) % 500}`, version: 'v1' } }],
                destinations: [{ match: { 'kuma.io/service': svc } }],
              };
    docs.push(doc);
    size += JSON.stringify(doc).length * 1.6;
  }
  const yamlText = docs.map((d) => toYaml(d, 0)).join('---\n');
  return { yaml: yamlText, json: JSON.stringify(docs), documents: docs.length };
}

/** Minimal block-YAML writer for the generated shapes (plain scalars, quoted when needed). */
function toYaml(v: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) return v.map((x) => `${pad}- ${toYaml(x, indent + 2).trimStart()}`).join('');
  if (v !== null && typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) =>
        x !== null && typeof x === 'object'
          ? `${pad}${k}:\n${toYaml(x, indent + 2)}`
          : `${pad}${k}: ${scalar(x)}\n`,
      )
      .join('');
  }
  return `${pad}${scalar(v)}\n`;
}
const scalar = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x) : String(x));

type Mode = 'mesh-policy-yaml' | 'yaml-only' | 'mesh-policy-json' | 'json-parse-only';

/** Child process: load the file once, print elapsed ms and peak RSS growth. */
function child(mode: Mode, file: string): void {
  const text = readFileSync(file, 'utf8');
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  let count = 0;
  if (mode === 'mesh-policy-yaml' || mode === 'mesh-policy-json') {
    const r = loadResources(text);
    // Warnings (Kuma's deprecation of MeshService in MeshTrafficPermission `from`) are expected.
    const errors = r.issues.filter((i) => i.severity !== 'warning');
    if (errors.length > 0) throw new Error(JSON.stringify(errors.slice(0, 3)));
    count = r.resources.length;
  } else if (mode === 'yaml-only') {
    const all = parseAllDocuments(text);
    for (const d of all) d.toJS();
    count = all.length;
  } else {
    count = (JSON.parse(text) as unknown[]).length;
  }
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, rssDeltaMB: (peak - before) / 1e6, count }));
}

function measure(mode: Mode, file: string): { ms: number; rssDeltaMB: number; count: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    ms: number;
    rssDeltaMB: number;
    count: number;
  };
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-bench-'));
  try {
    const { yaml, json, documents } = generate(28e6);
    const yamlFile = join(dir, 'policies.yaml');
    const jsonFile = join(dir, 'policies.json');
    writeFileSync(yamlFile, yaml);
    writeFileSync(jsonFile, json);
    const mb = (s: string) => `${(Buffer.byteLength(s) / 1e6).toFixed(1)} MB`;
    const rows: string[][] = [];
    const pairs: [Mode, Mode, string, string][] = [
      ['mesh-policy-yaml', 'yaml-only', yamlFile, `YAML, ${mb(yaml)}, ${documents} documents`],
      ['mesh-policy-json', 'json-parse-only', jsonFile, `JSON, ${mb(json)}, ${documents} documents`],
    ];
    for (const [ours, peer, file, label] of pairs) {
      const a = measure(ours, file);
      const b = measure(peer, file);
      rows.push([
        label,
        `${(a.ms / 1000).toFixed(2)} s`,
        `${a.rssDeltaMB.toFixed(0)} MB`,
        `${peer === 'yaml-only' ? 'yaml parseAllDocuments+toJS' : 'JSON.parse'}: ${(b.ms / 1000).toFixed(2)} s`,
        `${b.rssDeltaMB.toFixed(0)} MB`,
        `${(a.ms / b.ms).toFixed(2)}×`,
      ]);
    }
    printTable(
      'loadResources on a ~20 MB generated policy file (validation included) vs parsing alone',
      ['input', 'mesh-policy', 'peak RSS Δ', 'peer (no validation)', 'peer RSS Δ', 'time ratio'],
      rows,
    );

    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
      .concat(
        ['b', 'c', 'd', 'e', 'f', 'g'].map(
          (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`,
        ),
      )
      .join('\n');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const deepJson = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const proto = 'type: Workspace\nname: w\n__proto__: {polluted: true}\n';
    const big = 'x'.repeat(50 * 1024 * 1024);
    const hostile: [string, string][] = [
      ['billion-laughs alias bomb', bomb],
      ['10,000-deep YAML flow sequence', deep],
      ['10,000-deep JSON object', deepJson],
      ['__proto__ key', proto],
      ['50 MiB input (refused by size)', big],
    ];
    const hostileRows = hostile.map(([label, text]) => {
      const ns = medianNsPerOp(() => loadResources(text), 3, 100);
      const issue = loadResources(text).issues[0]?.message ?? '(none)';
      return [label, formatNs(ns), issue.length > 70 ? `${issue.slice(0, 67)}…` : issue];
    });
    printTable('hostile input: time to the issue', ['input', 'loadResources', 'first issue'], hostileRows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv;
if (argv[2] === '--child') child(argv[3] as Mode, argv[4] ?? '');
