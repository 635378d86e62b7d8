import { describe, expect, it } from 'vitest';
import {
  isKubernetesForm,
  loadResources,
  MeshPolicyError,
  parseResource,
  type Resource,
  safeParseResource,
  toKubernetes,
  toUniversal,
} from '../../src/models/index.js';

const k8sTimeout = {
  apiVersion: 'kuma.io/v1alpha1',
  kind: 'MeshTimeout',
  metadata: {
    name: 'web-timeouts',
    namespace: 'kong-mesh-system',
    labels: { 'kuma.io/mesh': 'prod' },
    creationTimestamp: '2024-05-01T10:00:00Z',
  },
  spec: {
    targetRef: { kind: 'Mesh' },
    to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '20s' } }],
  },
};

describe('Kubernetes → Universal (spec 00 §9)', () => {
  it('converts a namespaced targetRef policy', () => {
    expect(toUniversal(k8sTimeout)).toEqual({
      type: 'MeshTimeout',
      mesh: 'prod',
      name: 'web-timeouts.kong-mesh-system',
      labels: {
        'kuma.io/mesh': 'prod',
        'kuma.io/display-name': 'web-timeouts',
        'k8s.kuma.io/namespace': 'kong-mesh-system',
      },
      creationTime: '2024-05-01T10:00:00Z',
      modificationTime: '2024-05-01T10:00:00Z',
      spec: k8sTimeout.spec,
    });
  });
  it('defaults the mesh of a targetRef policy to "default" and honours the display-name annotation', () => {
    const r = toUniversal({
      ...k8sTimeout,
      metadata: { name: 'a', namespace: 'ns', annotations: { 'kuma.io/display-name': 'shown' } },
    });
    expect(r.mesh).toBe('default');
    expect(r.labels['kuma.io/display-name']).toBe('shown');
  });
  it('reads null labels, annotations and creationTimestamp (kubectl output) as absent', () => {
    const r = toUniversal({
      ...k8sTimeout,
      metadata: { name: 'a', namespace: 'ns', labels: null, annotations: null, creationTimestamp: null },
    });
    expect(r.labels).toEqual({ 'kuma.io/display-name': 'a', 'k8s.kuma.io/namespace': 'ns' });
    expect(r.creationTime).toBeUndefined();
  });
  it('keeps an explicit k8s.kuma.io/namespace label', () => {
    const r = toUniversal({
      ...k8sTimeout,
      metadata: { name: 'a', namespace: 'ns', labels: { 'k8s.kuma.io/namespace': 'x' } },
    });
    expect(r.labels['k8s.kuma.io/namespace']).toBe('x');
  });
  it('converts a cluster-scoped legacy policy: top-level mesh, no namespace, inlined spec', () => {
    const r = toUniversal({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'TrafficPermission',
      mesh: 'default',
      metadata: { name: 'allow-b-to-a' },
      spec: {
        sources: [{ match: { 'kuma.io/service': 'b' } }],
        destinations: [{ match: { 'kuma.io/service': 'a' } }],
      },
    });
    expect(r).toEqual({
      type: 'TrafficPermission',
      mesh: 'default',
      name: 'allow-b-to-a',
      labels: { 'kuma.io/display-name': 'allow-b-to-a' },
      sources: [{ match: { 'kuma.io/service': 'b' } }],
      destinations: [{ match: { 'kuma.io/service': 'a' } }],
    });
  });
  it('converts a namespaced Dataplane with its top-level mesh', () => {
    const r = toUniversal({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Dataplane',
      mesh: 'm',
      metadata: { name: 'web-1', namespace: 'demo' },
      spec: {
        networking: { address: '10.0.0.1', inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }] },
      },
    });
    expect(r).toMatchObject({
      type: 'Dataplane',
      mesh: 'm',
      name: 'web-1.demo',
      networking: { address: '10.0.0.1' },
    });
  });
  it('points issues into the Kubernetes document', () => {
    const r = safeParseResource({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTimeout',
      metadata: { namespace: 'ns', labels: { 'kuma.io/mesh': 'm' }, nme: 'x' },
      spec: { targetRef: { kind: 'Nope' } },
    });
    expect(r).toEqual({
      ok: false,
      issues: [
        { path: 'metadata.nme', message: 'unknown field', severity: 'error' },
        { path: 'metadata.name', message: 'must be defined', severity: 'error' },
      ],
    });
    const spec = safeParseResource({ ...k8sTimeout, spec: { targetRef: { kind: 'Nope' } } });
    expect(spec.ok ? [] : spec.issues).toEqual([
      { path: 'spec.targetRef.kind', message: 'value is not supported', severity: 'error' },
      { path: 'spec', message: "at least one of 'from', 'to' has to be defined", severity: 'error' },
    ]);
    // Issues of inlined (legacy-style) kinds point under spec too.
    const gateway = safeParseResource({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGateway',
      mesh: 'default',
      metadata: { name: 'g' },
      spec: { selectors: [], conf: { listeners: [{ port: 0, protocol: 'HTTP' }] } },
    });
    expect(gateway.ok ? [] : gateway.issues).toEqual([
      { path: 'spec.selectors', message: 'must have at least one element', severity: 'error' },
      {
        path: 'spec.conf.listeners[0].port',
        message: 'port must be in the range [1, 65535]',
        severity: 'error',
      },
    ]);
    const legacy = safeParseResource({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'TrafficLog',
      mesh: 'default',
      metadata: { name: 'x', creationTimestamp: 'yesterday' },
      spec: { sources: [{ match: { 'kuma.io/service': 'a' }, extra: 1 }] },
    });
    expect(legacy.ok ? [] : legacy.issues).toEqual([
      { path: 'metadata.creationTimestamp', message: 'must be an RFC 3339 timestamp', severity: 'error' },
    ]);
    const inlined = safeParseResource({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'TrafficLog',
      mesh: 'default',
      metadata: { name: 'x' },
      spec: { sources: [{ match: { 'kuma.io/service': 'a' }, extra: 1 }] },
    });
    expect(inlined.ok ? [] : inlined.issues).toEqual([
      { path: 'spec.sources[0].extra', message: 'unknown field', severity: 'error' },
    ]);
  });
  it('rejects envelope mistakes', () => {
    const r = safeParseResource({
      apiVersion: 'kuma.io/v1',
      kind: 'MeshTimeout',
      mesh: 'x',
      metadata: { name: 'a' },
    });
    expect(r.ok ? [] : r.issues).toEqual([
      {
        path: 'metadata.namespace',
        message:
          'namespace not set: MeshTimeout is namespaced, using namespace "default" (option namespace, CLI --namespace)',
        severity: 'warning',
      },
      { path: 'apiVersion', message: 'must be "kuma.io/v1alpha1"', severity: 'error' },
      { path: 'mesh', message: 'unknown field', severity: 'error' },
    ]);
    const rbac = safeParseResource({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'RbacRole',
      metadata: { name: 'r' },
    });
    expect(rbac.ok ? [] : rbac.issues).toEqual([
      { path: 'kind', message: 'unknown resource type "RbacRole" (no Kubernetes form)', severity: 'error' },
    ]);
  });
  it('puts a namespaced document without namespace into "default" (or the namespace asked for), with a warning', () => {
    const { namespace: _, ...metadata } = k8sTimeout.metadata;
    const doc = { ...k8sTimeout, metadata };
    expect(safeParseResource(doc)).toEqual({
      ok: true,
      resource: {
        type: 'MeshTimeout',
        mesh: 'prod',
        name: 'web-timeouts.default',
        labels: {
          'kuma.io/mesh': 'prod',
          'kuma.io/display-name': 'web-timeouts',
          'k8s.kuma.io/namespace': 'default',
        },
        creationTime: '2024-05-01T10:00:00Z',
        modificationTime: '2024-05-01T10:00:00Z',
        spec: k8sTimeout.spec,
      },
      warnings: [
        {
          path: 'metadata.namespace',
          message:
            'namespace not set: MeshTimeout is namespaced, using namespace "default" (option namespace, CLI --namespace)',
          severity: 'warning',
        },
      ],
    });
    const team = safeParseResource(doc, { kubernetes: { namespace: 'team' } });
    expect(team.ok && team.resource.name).toBe('web-timeouts.team');
    expect(team.ok && team.resource.labels['k8s.kuma.io/namespace']).toBe('team');
    expect(team.ok ? team.warnings.map((w) => [w.severity, w.message]) : []).toEqual([
      [
        'warning',
        'namespace not set: MeshTimeout is namespaced, using namespace "team" (option namespace, CLI --namespace)',
      ],
    ]);
    // The loader keeps the resource and reports the warning.
    const loaded = loadResources(JSON.stringify(doc), { source: 'k.json' });
    expect(loaded.resources.map((x) => x.name)).toEqual(['web-timeouts.default']);
    expect(loaded.issues).toEqual([
      {
        path: 'metadata.namespace',
        message:
          'namespace not set: MeshTimeout is namespaced, using namespace "default" (option namespace, CLI --namespace)',
        severity: 'warning',
        source: 'k.json',
        document: 0,
      },
    ]);
  });
  it('drops the namespace of a cluster-scoped document, with a warning', () => {
    const cluster = safeParseResource({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGateway',
      mesh: 'default',
      metadata: { name: 'g', namespace: 'x' },
      spec: {
        selectors: [{ match: { 'kuma.io/service': 'edge' } }],
        conf: { listeners: [{ port: 8080, protocol: 'HTTP' }] },
      },
    });
    expect(cluster).toEqual({
      ok: true,
      resource: {
        type: 'MeshGateway',
        mesh: 'default',
        name: 'g',
        labels: { 'kuma.io/display-name': 'g' },
        selectors: [{ match: { 'kuma.io/service': 'edge' } }],
        conf: { listeners: [{ port: 8080, protocol: 'HTTP' }] },
      },
      warnings: [
        {
          path: 'metadata.namespace',
          message: 'ignored: MeshGateway is cluster-scoped (the API server drops the namespace)',
          severity: 'warning',
        },
      ],
    });
  });
  it('throws MeshPolicyError for non-Kubernetes input', () => {
    expect(() => toUniversal({ type: 'MeshTimeout' })).toThrow(MeshPolicyError);
    expect(() => parseResource({ type: 'MeshTimeout' })).toThrow(MeshPolicyError);
    expect(isKubernetesForm(k8sTimeout)).toBe(true);
    expect(isKubernetesForm({ type: 'Dataplane' })).toBe(false);
  });
});

describe('Kubernetes read options (spec 00 §7, §11 R1)', () => {
  const at = (namespace: string, spec: unknown) => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTimeout',
    metadata: { name: 'p', namespace },
    spec,
  });
  const conf = { idleTimeout: '20s' };
  const to = { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: conf }] };
  const from = { targetRef: { kind: 'Mesh' }, from: [{ targetRef: { kind: 'Mesh' }, default: conf }] };
  it('derives the policy-role label a Kubernetes CP would add, only when asked', () => {
    const role = (namespace: string, spec: unknown) =>
      parseResource(at(namespace, spec), { kubernetes: { policyRoleLabels: true } }).labels[
        'kuma.io/policy-role'
      ];
    expect(role('kong-mesh-system', to)).toBe('system');
    expect(role('app', to)).toBe('consumer');
    expect(role('app', from)).toBe('workload-owner');
    expect(parseResource(at('app', to)).labels['kuma.io/policy-role']).toBeUndefined();
    const custom = parseResource(at('mesh-system', to), {
      kubernetes: { policyRoleLabels: true, systemNamespace: 'mesh-system' },
    });
    expect(custom.labels['kuma.io/policy-role']).toBe('system');
  });
  it('rejects policies outside the system namespace with strictPolicyNamespace', () => {
    const r = safeParseResource(at('app', to), { kubernetes: { strictPolicyNamespace: true } });
    expect(r.ok ? [] : r.issues).toEqual([
      {
        path: 'metadata.namespace',
        message:
          'policies must be in the control plane\'s namespace "kong-mesh-system" (strictPolicyNamespace)',
        severity: 'error',
      },
    ]);
    expect(
      safeParseResource(at('kong-mesh-system', to), { kubernetes: { strictPolicyNamespace: true } }).ok,
    ).toBe(true);
    const loaded = loadResources(JSON.stringify(at('app', to)), {
      kubernetes: { strictPolicyNamespace: true },
    });
    expect(loaded.issues.map((i) => i.path)).toEqual(['metadata.namespace']);
  });
});

describe('Universal → Kubernetes', () => {
  it('splits the core name at the last dot and moves the display name to an annotation', () => {
    const u: Resource = {
      type: 'MeshTimeout',
      mesh: 'm',
      name: 'a.b.ns',
      labels: { 'kuma.io/display-name': 'shown', team: 'x' },
      spec: { targetRef: { kind: 'Mesh' } },
    };
    expect(toKubernetes(u)).toEqual({
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTimeout',
      metadata: {
        name: 'a.b',
        namespace: 'ns',
        labels: { 'kuma.io/mesh': 'm', team: 'x' },
        annotations: { 'kuma.io/display-name': 'shown' },
      },
      spec: { targetRef: { kind: 'Mesh' } },
    });
  });
  it('puts a dot-less name in the default namespace (or the one asked for)', () => {
    const u: Resource = { type: 'MeshTrace', mesh: 'default', name: 'plain', labels: {}, spec: {} };
    expect(toKubernetes(u).metadata).toEqual({
      name: 'plain',
      namespace: 'kong-mesh-system',
      labels: { 'kuma.io/mesh': 'default' },
    });
    expect(toKubernetes(u, { namespace: 'other' }).metadata.namespace).toBe('other');
  });
  it('throws for kinds without a Kubernetes form', () => {
    expect(() => toKubernetes({ type: 'Workspace', mesh: '', name: 'w', labels: {} })).toThrow(
      MeshPolicyError,
    );
  });
});

describe('round trip Kubernetes → Universal → Kubernetes', () => {
  const docs = [
    k8sTimeout,
    {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshTrafficPermission',
      metadata: {
        name: 'allow',
        namespace: 'app',
        labels: { 'kuma.io/mesh': 'default', 'kuma.io/origin': 'zone' },
        annotations: { 'kuma.io/display-name': 'allow-renamed' },
      },
      spec: {
        targetRef: { kind: 'Mesh' },
        from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Allow' } }],
      },
    },
    {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'TrafficRoute',
      mesh: 'default',
      metadata: { name: 'route-all', creationTimestamp: '2024-05-01T10:00:00Z' },
      spec: {
        sources: [{ match: { 'kuma.io/service': '*' } }],
        destinations: [{ match: { 'kuma.io/service': '*' } }],
        conf: { destination: { 'kuma.io/service': '*' } },
      },
    },
    {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'Dataplane',
      mesh: 'default',
      metadata: { name: 'web-1', namespace: 'demo' },
      spec: {
        networking: { address: '10.0.0.1', inbound: [{ port: 80, tags: { 'kuma.io/service': 'web' } }] },
      },
    },
    {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'MeshGateway',
      mesh: 'default',
      metadata: { name: 'edge' },
      spec: {
        selectors: [{ match: { 'kuma.io/service': 'edge' } }],
        conf: { listeners: [{ port: 8080, protocol: 'HTTP' }] },
      },
    },
  ];
  for (const doc of docs) {
    it(`is the identity for ${doc.kind}`, () => {
      expect(toKubernetes(toUniversal(doc))).toEqual(doc);
    });
  }
  it('is the identity for every Kubernetes example in examples/mesh/kubernetes', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { parseAllDocuments } = await import('yaml');
    const dir = new URL('../../examples/mesh/kubernetes/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const raw = parseAllDocuments(text).map((d) => d.toJS() as unknown);
      const { resources, issues } = loadResources(text, { source: f });
      expect(issues).toEqual([]);
      expect(resources.map((r) => toKubernetes(r))).toEqual(raw);
    }
  });
});
