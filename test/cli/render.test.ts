import { describe, expect, it } from 'vitest';
import { renderInspectReport, renderLintFindings, renderTable } from '../../src/cli/render.js';
import { inspectDataplane, lintPolicies } from '../../src/inspect/index.js';
import { loadResources, type Resource } from '../../src/models/index.js';

function load(text: string): Resource[] {
  const { resources, issues } = loadResources(text);
  expect(issues).toEqual([]);
  return resources;
}

const dataplane = (mesh: string) => `
type: Dataplane
mesh: ${mesh}
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{ port: 80, tags: { kuma.io/service: web } }]`;

describe('readable CLI output names what a line is about', () => {
  it('inspect warnings carry the policy and the path they are about', () => {
    // Built in code, so the loader's admission never saw it: inspect leaves it out and says why.
    const rejected = {
      type: 'MeshTrafficPermission',
      mesh: 'default',
      name: 'from-gateway',
      labels: {},
      spec: {
        targetRef: { kind: 'Mesh' },
        from: [{ targetRef: { kind: 'MeshGateway', name: 'gw' }, default: { action: 'Allow' } }],
      },
    } as Resource;
    const text = renderInspectReport(inspectDataplane('web-1', [...load(dataplane('default')), rejected]));
    expect(text).toContain(
      "- [MeshTrafficPermission] not-admitted: left out: Kuma's admission rejects it: value is not supported (policy from-gateway, spec.from[0].targetRef.kind)",
    );
    expect(text).toContain('no policies in the input');
  });

  it('lint findings of same-named policies in two meshes stay apart (mesh/name)', () => {
    const policy = (mesh: string) => `
type: MeshTimeout
mesh: ${mesh}
name: t
spec:
  targetRef: { kind: MeshService, name: nobody }
  to: [{ targetRef: { kind: Mesh }, default: { idleTimeout: 1s } }]`;
    const resources = load([dataplane('a'), dataplane('b'), policy('a'), policy('b')].join('\n---\n'));
    const text = renderLintFindings(lintPolicies(resources));
    expect(text).toMatch(/MeshTimeout a\/t spec\.targetRef/);
    expect(text).toMatch(/MeshTimeout b\/t spec\.targetRef/);
  });
});

describe('readable tables of any length', () => {
  it('renderTable lays out 200000 rows (the column widths are not a spread into Math.max)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [`row-${i}`, i % 7 === 0 ? 'wide value' : 'v']);
    const text = renderTable(['NAME', 'VALUE'], rows);
    const lines = text.split('\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[0]).toBe('NAME        VALUE');
    expect(lines[2]).toBe('row-0       wide value');
    expect(lines.at(-1)).toBe('row-199999  v');
  });
});
