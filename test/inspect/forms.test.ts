/**
 * The bundled example mesh is written twice, in Universal and in Kubernetes form. Both must give
 * the same inspection for every dataplane: the only differences allowed are the Kubernetes name
 * suffixes (`.<namespace>`), the CRD defaults the Kubernetes API server fills in, and legacy
 * policy times (a Kubernetes object has one creationTimestamp, no separate modification time).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInspector } from '../../src/inspect/index.js';
import { loadResources, type Resource } from '../../src/models/index.js';

const dir = resolve(__dirname, '../../examples/mesh');

function loadDir(sub: string): Resource[] {
  const out: Resource[] = [];
  for (const f of readdirSync(join(dir, sub)).sort()) {
    const { resources, issues } = loadResources(readFileSync(join(dir, sub, f), 'utf8'), { source: f });
    expect(issues).toEqual([]);
    out.push(...resources);
  }
  return out;
}

/** Kubernetes CRD defaults present only on the Kubernetes side (zipkin backend, access log format). */
const CRD_DEFAULT_KEYS = new Set(['traceId128bit', 'apiVersion', 'sharedSpanContext', 'omitEmptyValues']);

function normalise(v: unknown, kubernetes: boolean): unknown {
  if (typeof v === 'string') return kubernetes ? v.replace(/\.(kuma-demo|kong-mesh-system)\b/g, '') : v;
  if (Array.isArray(v)) return v.map((x) => normalise(x, kubernetes));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'time') continue;
      if (kubernetes && CRD_DEFAULT_KEYS.has(k)) continue;
      out[kubernetes ? k.replace(/\.(kuma-demo|kong-mesh-system)\b/g, '') : k] = normalise(x, kubernetes);
    }
    return out;
  }
  return v;
}

describe('examples/mesh: Universal and Kubernetes forms inspect alike', () => {
  const universal = createInspector(loadDir('universal'));
  const kubernetes = createInspector(loadDir('kubernetes'));

  for (const name of ['web-1', 'backend-1', 'edge-gateway-1']) {
    it(name, () => {
      const u = universal.inspect(name);
      const k = kubernetes.inspect(`${name}.kuma-demo`);
      expect(k.dataplane.name).toBe(`${name}.kuma-demo`);
      expect(normalise(JSON.parse(JSON.stringify(k)), true)).toEqual(
        normalise(JSON.parse(JSON.stringify(u)), false),
      );
    });
  }
});
