/**
 * Spot-check: loads every Kuma resource shown in the Kuma documentation (the kuma-website
 * repository) for one Kuma version and reports the ones the loader rejects. Not part of the test
 * suite (it needs a clone of github.com/kumahq/kuma-website):
 *
 *   node --import tsx scripts/kuma-docs-check.ts <kuma-website git dir> <commit> <version, e.g. 2.8>
 *
 * Version conditions (`{% if_version lte:2.8.x %}`) are evaluated for that version, YAML code
 * blocks are extracted, Liquid variables are replaced by plausible values, and every block that
 * holds a Kuma resource (a Universal `type` or `apiVersion: kuma.io/v1alpha1`) is loaded.
 * `{% policy_yaml %}` blocks are expanded the way the site's plugin renders them for versions
 * before MeshService (`name_uni` / `name_kube`, `_port`, `_version` markers; a Universal and a
 * Kubernetes document each). Documents of kinds the library does not model (Secret, Zone,
 * MeshGatewayInstance, …) are counted apart.
 */
import { execFileSync } from 'node:child_process';
import { parseAllDocuments, stringify } from 'yaml';
import { loadResources } from '../src/models/index.js';

const [gitDir, commit, version] = process.argv.slice(2);
if (gitDir === undefined || commit === undefined || version === undefined) {
  console.error('usage: kuma-docs-check.ts <git dir> <commit> <version>');
  process.exit(2);
}
const git = (...args: string[]): string =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const [major, minor] = version.split('.').map(Number) as [number, number];
const cmp = (v: string): number => {
  const [a, b] = v.replace(/\.x$/, '').split('.').map(Number) as [number, number];
  return major !== a ? major - a : minor - b;
};
function holds(cond: string): boolean {
  for (const part of cond.trim().split(/\s+/)) {
    const m = /^(gte|lte|eq|gt|lt):(\S+)$/.exec(part);
    if (m === null) continue;
    const c = cmp(m[2]!);
    if (m[1] === 'gte' && c < 0) return false;
    if (m[1] === 'lte' && c > 0) return false;
    if (m[1] === 'gt' && c <= 0) return false;
    if (m[1] === 'lt' && c >= 0) return false;
    if (m[1] === 'eq' && c !== 0) return false;
  }
  return true;
}

/** Keeps the text of true `if_version` blocks (nested), drops the others. */
function evaluate(text: string): string {
  const out: string[] = [];
  const stack: boolean[] = [];
  const re = /\{%-?\s*(if_version|endif_version)([^%]*)-?%\}/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (stack.every(Boolean)) out.push(text.slice(last, m.index));
    if (m[1] === 'if_version') stack.push(holds(m[2] ?? ''));
    else stack.pop();
    last = m.index + m[0].length;
  }
  if (stack.every(Boolean)) out.push(text.slice(last));
  return out.join('');
}

const VARS: Record<string, string> = {
  'site.mesh_namespace': 'kuma-system',
  'site.mesh_product_name': 'Kuma',
  'site.mesh_cp_name': 'kuma-control-plane',
};
/**
 * Replaces the site's Liquid variables (`{{ site.… }}`, `{{ page.… }}`, page-local ones such as
 * `{{ k8s_service_selector_suffix }}`, which become empty); Go templates (`{{ .port }}`) stay.
 */
function substitute(text: string): string {
  return text
    .replace(/\{%-?\s*(raw|endraw)\s*-?%\}/g, '')
    .replace(/\{\{\s*((?:site|page)\.[^}]+?)\s*\}\}/g, (_, name: string) => VARS[name] ?? 'placeholder')
    .replace(/\{\{\s*[a-z_][a-z0-9_]*\s*\}\}/g, '');
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The site plugin's legacy rendering of one policy_yaml document, for one environment. */
function expand(doc: unknown, env: 'universal' | 'kubernetes', namespace: string): unknown {
  const walk = (node: unknown, path: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, path));
    if (!isObj(node)) return node;
    let n: Json = { ...node };
    if ('name_uni' in n || 'name_kube' in n) {
      const name = env === 'kubernetes' ? n.name_kube : n.name_uni;
      delete n.name_uni;
      delete n.name_kube;
      n.name = name;
    }
    const at = path.join('.');
    if (n.kind === 'MeshService' && at === 'spec.to.targetRef')
      n =
        env === 'kubernetes'
          ? {
              kind: 'MeshService',
              name: [n.name, n.namespace, 'svc', n._port].filter((x) => x !== undefined).join('_'),
            }
          : { kind: 'MeshService', name: n.name };
    if (
      n.kind === 'MeshService' &&
      (at === 'spec.to.rules.default.backendRefs' ||
        at === 'spec.to.rules.default.filters.requestMirror.backendRef')
    ) {
      const out: Json = {
        kind: n._version !== undefined ? 'MeshServiceSubset' : 'MeshService',
        name:
          env === 'kubernetes'
            ? [n.name, n.namespace, 'svc', n.port].filter((x) => x !== undefined).join('_')
            : n.name,
      };
      if (n.weight !== undefined) out.weight = n.weight;
      if (n._version !== undefined) out.tags = { version: n._version };
      n = out;
    }
    const out: Json = {};
    for (const [k, v] of Object.entries(n)) out[k] = walk(v, [...path, k]);
    if (path.length === 0 && env === 'kubernetes') {
      const labels = {
        ...(isObj(out.labels) ? out.labels : {}),
        ...(out.mesh !== undefined ? { 'kuma.io/mesh': out.mesh } : {}),
      };
      return {
        apiVersion: 'kuma.io/v1alpha1',
        kind: out.type,
        metadata: { name: out.name, namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
        spec: out.spec,
      };
    }
    return out;
  };
  return walk(doc, []);
}

function policyYamlBlocks(text: string): { rest: string; blocks: string[] } {
  const blocks: string[] = [];
  const rest = text.replace(
    /\{%\s*policy_yaml([^%]*)%\}([\s\S]*?)\{%\s*endpolicy_yaml\s*%\}/g,
    (_, params: string, body: string) => {
      const ns = /namespace=(\S+)/.exec(params)?.[1] ?? 'kuma-system';
      const yaml = /```ya?ml[^\n]*\n([\s\S]*?)```/.exec(body)?.[1];
      if (yaml === undefined) return '';
      for (const d of parseAllDocuments(substitute(yaml))) {
        const value = d.toJS() as unknown;
        if (value == null) continue;
        blocks.push(stringify(expand(value, 'universal', ns)), stringify(expand(value, 'kubernetes', ns)));
      }
      return '';
    },
  );
  return { rest, blocks };
}

const MODELLED_KINDS = [
  'Dataplane',
  'MeshGateway',
  'Mesh',
  'ZoneIngress',
  'ZoneEgress',
  'ExternalService',
  'MeshExternalService',
  'MeshService',
  'MeshMultiZoneService',
  'HostnameGenerator',
  'MeshAccessLog',
  'MeshCircuitBreaker',
  'MeshFaultInjection',
  'MeshHealthCheck',
  'MeshHTTPRoute',
  'MeshLoadBalancingStrategy',
  'MeshMetric',
  'MeshPassthrough',
  'MeshProxyPatch',
  'MeshRateLimit',
  'MeshRetry',
  'MeshTCPRoute',
  'MeshTimeout',
  'MeshTrace',
  'MeshTrafficPermission',
  'TrafficPermission',
  'TrafficRoute',
  'TrafficLog',
  'TrafficTrace',
  'HealthCheck',
  'CircuitBreaker',
  'FaultInjection',
  'Retry',
  'Timeout',
  'RateLimit',
  'ProxyTemplate',
  'VirtualOutbound',
  'MeshGatewayRoute',
];
const MODELLED = new RegExp(`^(?:type|kind): (${MODELLED_KINDS.join('|')})\\s*$`, 'm');
const NOT_MODELLED = new Map<string, number>();

const files = git('ls-tree', '-r', '--name-only', commit, 'app/_src')
  .split('\n')
  .filter((f) => f.endsWith('.md'));
let documents = 0;
let rejected = 0;
const failures: string[] = [];
for (const file of files) {
  const { rest, blocks: expanded } = policyYamlBlocks(evaluate(git('show', `${commit}:${file}`)));
  const blocks = [...rest.matchAll(/```ya?ml[^\n]*\n([\s\S]*?)```/g)].map((m) => substitute(m[1] ?? ''));
  for (const block of [...blocks, ...expanded]) {
    if (/\{%/.test(block)) continue; // templated beyond what this script evaluates
    const yaml = block;
    const pieces = yaml.split(/^---/m).filter((p) => /^(type: |apiVersion: kuma\.io\/v1alpha1)/m.test(p));
    for (const piece of pieces) {
      if (/^\s*(\.\.\.|#\s*\.\.\.)\s*$/m.test(piece)) continue; // elided examples
      if (/\{\{/.test(piece)) continue; // a kuma-dp template (`--dataplane-var`), not a resource yet
      if (!MODELLED.test(piece)) {
        const kind = /^(?:type|kind): (\S+)/m.exec(piece)?.[1] ?? '?';
        NOT_MODELLED.set(kind, (NOT_MODELLED.get(kind) ?? 0) + 1);
        continue;
      }
      documents++;
      const { issues } = loadResources(piece);
      const errors = issues.filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        rejected++;
        const head = /^(?:type|kind): (\S+)/m.exec(piece)?.[1] ?? '?';
        failures.push(
          `${file} [${head}]\n    ${errors.map((e) => `${e.path}: ${e.message}`).join('\n    ')}`,
        );
      }
    }
  }
}
console.log(failures.join('\n'));
console.log(
  `\nKuma ${version} documentation at ${commit}: ${documents} resource documents, ${rejected} rejected`,
);
