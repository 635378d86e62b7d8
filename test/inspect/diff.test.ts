import { describe, expect, it } from 'vitest';
import { diffPolicySets, diffReports, inspectDataplane } from '../../src/inspect/index.js';
import { loadResources, type Resource } from '../../src/models/index.js';

function load(text: string): Resource[] {
  const { resources, issues } = loadResources(text);
  expect(issues).toEqual([]);
  return resources;
}

const dataplanes = load(`
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]
  outbound: [{ port: 1000, tags: { kuma.io/service: api } }]
  transparentProxying: { redirectPortInbound: 15006, redirectPortOutbound: 15001 }
---
type: Dataplane
mesh: default
name: api-1
networking:
  address: 10.0.0.2
  inbound: [{ port: 80, tags: { kuma.io/service: api, kuma.io/protocol: http } }]`);

const change = (name: string, type: string, scope: string, key: string, path: string) => ({
  dataplane: { mesh: 'default', name },
  type,
  scope,
  key,
  path,
});

describe('diffPolicySets: legacy inbound policies', () => {
  it('reports a TrafficPermission whose sources change (who may connect), not only its name and conf', () => {
    const tp = (source: string) =>
      load(`
type: TrafficPermission
mesh: default
name: tp
sources: [{ match: { kuma.io/service: ${source} } }]
destinations: [{ match: { kuma.io/service: api } }]`);
    expect(diffPolicySets([...dataplanes, ...tp('web')], [...dataplanes, ...tp('other')])).toEqual([
      {
        ...change('api-1', 'TrafficPermission', 'inbound', '10.0.0.2:80', 'sources'),
        before: [{ match: { 'kuma.io/service': 'web' } }],
        after: [{ match: { 'kuma.io/service': 'other' } }],
      },
    ]);
  });

  it('reports the conf of every applied FaultInjection and RateLimit of an inbound', () => {
    const fi = (delay: string, requests: number) =>
      load(`
type: FaultInjection
mesh: default
name: fi
sources: [{ match: { kuma.io/service: '*' } }]
destinations: [{ match: { kuma.io/service: api, kuma.io/protocol: http } }]
conf: { delay: { percentage: 50, value: ${delay} } }
---
type: RateLimit
mesh: default
name: rl
sources: [{ match: { kuma.io/service: '*' } }]
destinations: [{ match: { kuma.io/service: api } }]
conf: { http: { requests: ${requests}, interval: 10s } }`);
    const inbound = (type: string, path: string) => change('api-1', type, 'inbound', '10.0.0.2:80', path);
    expect(diffPolicySets([...dataplanes, ...fi('5s', 5)], [...dataplanes, ...fi('10s', 10)])).toEqual([
      { ...inbound('FaultInjection', 'conf.fi.delay.value'), before: '5s', after: '10s' },
      { ...inbound('RateLimit', 'conf.rl.http.requests'), before: 5, after: 10 },
      { ...change('web-1', 'RateLimit', 'outbound', 'api', 'conf.http.requests'), before: 5, after: 10 },
    ]);
  });

  it('diffReports compares the same when given the inputs, and names and confs without them', () => {
    const tp = (source: string) =>
      load(`
type: TrafficPermission
mesh: default
name: tp
sources: [{ match: { kuma.io/service: ${source} } }]
destinations: [{ match: { kuma.io/service: api } }]`);
    const before = [...dataplanes, ...tp('web')];
    const after = [...dataplanes, ...tp('other')];
    const rb = inspectDataplane('api-1', before);
    const ra = inspectDataplane('api-1', after);
    expect(diffReports(rb, ra, { before, after })).toEqual(diffPolicySets(before, after));
    expect(diffReports(rb, ra)).toEqual([]);
  });
});

describe('diffPolicySets: MeshPassthrough', () => {
  const pt = (mode: string) =>
    load(`
type: MeshPassthrough
mesh: default
name: pt
spec:
  targetRef: { kind: Mesh, proxyTypes: [Sidecar] }
  default: { passthroughMode: ${mode} }`);
  it('reports a mode change only on proxies where the policy has an effect (transparent proxying)', () => {
    expect(diffPolicySets([...dataplanes, ...pt('All')], [...dataplanes, ...pt('None')])).toEqual([
      { ...change('web-1', 'MeshPassthrough', 'passthrough', '', 'mode'), before: 'All', after: 'None' },
    ]);
  });
});
