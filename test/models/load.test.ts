import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOAD_LIMITS,
  loadResourceBytes,
  loadResources,
  MeshPolicyError,
  splitDocuments,
} from '../../src/models/index.js';

const tp = (name: string) => `type: TrafficPermission
mesh: default
name: ${name}
sources:
  - match:
      kuma.io/service: a
destinations:
  - match:
      kuma.io/service: b
`;

describe('multi-document input', () => {
  it('splits the way Kuma does: lines starting with ---, empty pieces dropped', () => {
    expect(splitDocuments('\n---\na: 1\n---\n\n---   \nb: 2\n---\n')).toEqual([
      { text: 'a: 1', line: 3 },
      { text: 'b: 2', line: 7 },
    ]);
    const { resources, issues, places } = loadResources(
      `---\n${tp('one')}---\n# only a comment\n---\n${tp('two')}`,
    );
    expect(issues).toEqual([]);
    expect(resources.map((r) => r.name)).toEqual(['one', 'two']);
    // the comment-only piece is document 1: it yields no resource but keeps its number
    expect(places).toEqual([
      { document: 0, line: 2 },
      { document: 2, line: 14 },
    ]);
  });
  it('numbers documents by non-empty piece and copies the source into issues', () => {
    const { resources, issues, places } = loadResources(
      `${tp('ok')}---\ntype: TrafficPermission\nname: bad\nsources: 3\n`,
      {
        source: 'f.yaml',
      },
    );
    expect(resources).toHaveLength(1);
    expect(places).toEqual([{ source: 'f.yaml', document: 0, line: 1 }]);
    expect(issues).toEqual([
      {
        path: 'sources',
        message: 'must be a list (got number)',
        source: 'f.yaml',
        document: 1,
        severity: 'error',
      },
    ]);
  });
  it('keeps the last value of a duplicate key silently (conformance torules/03.policies.yaml)', () => {
    const { resources, issues } = loadResources(`${tp('first')}${tp('second')}`);
    expect(issues).toEqual([]);
    expect(resources.map((r) => r.name)).toEqual(['second']);
  });
  it('reports duplicate keys when uniqueKeys is asked for', () => {
    const { resources, issues } = loadResources(`${tp('first')}${tp('second')}`, { uniqueKeys: true });
    expect(resources).toEqual([]);
    // two documents without the `---` between them: every key of the second repeats one of the first
    expect(issues.map((i) => i.path)).toEqual(['type', 'mesh', 'name', 'sources', 'destinations']);
    expect(issues[0]?.message).toBe(
      'duplicate key "type" (Kuma would silently keep the last value) (line 10, column 1)',
    );
    // nested keys get their full path
    const nested = loadResources('type: Workspace\nname: a\nlabels: { a: "1", b: "2", a: "3" }\n', {
      uniqueKeys: true,
    });
    expect(nested.issues.map((i) => i.path)).toEqual(['labels.a']);
    // JSON too (the JSON fast path keeps the last value, so it is bypassed)
    const json = loadResources('{"type": "Workspace", "name": "a", "name": "b"}', { uniqueKeys: true });
    expect(json.issues.map((i) => [i.path, i.message])).toEqual([
      ['name', 'duplicate key "name" (Kuma would silently keep the last value) (line 1, column 36)'],
    ]);
  });
  it('reads JSON, a top-level list and a Kubernetes List', () => {
    const json = JSON.stringify([
      { type: 'Workspace', name: 'a' },
      { type: 'Workspace', name: 'b', bad: 1 },
    ]);
    const r = loadResources(json);
    expect(r.resources.map((x) => x.name)).toEqual(['a']);
    expect(r.issues).toEqual([{ path: '[1].bad', message: 'unknown field', document: 0, severity: 'error' }]);
    const list = loadResources(
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: kuma.io/v1alpha1\n    kind: Mesh\n    metadata: {name: m}\n  - {apiVersion: kuma.io/v1alpha1, kind: Mesh, metadata: {}}\n',
    );
    expect(list.resources.map((x) => x.name)).toEqual(['m']);
    expect(list.issues).toEqual([
      { path: 'items[1].metadata.name', message: 'must be defined', document: 0, severity: 'error' },
    ]);
  });
  it('reports YAML syntax errors with the line in the whole file', () => {
    const { issues } = loadResources(`${tp('a')}---\ntype: Mesh\nname: [unclosed\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '', document: 1 });
    expect(issues[0]?.message).toMatch(/^invalid YAML: .*\(line 1[23], column \d+\)$/);
  });
  it('reads CRLF line endings and a byte-order mark', () => {
    const text = `\uFEFF${tp('one')}---\n${tp('two')}`.replace(/\n/g, '\r\n');
    const { resources, issues } = loadResources(text);
    expect(issues).toEqual([]);
    expect(resources.map((r) => r.name)).toEqual(['one', 'two']);
  });
  it('locates issues by line when asked (lines: true)', () => {
    const text = `${tp('ok')}---\ntype: TrafficPermission\nname: bad\nsources:\n  - match: {kuma.io/service: a}\n    extra: 1\n`;
    expect(loadResources(text).issues[0]?.line).toBeUndefined();
    const { issues } = loadResources(text, { lines: true });
    expect(issues).toEqual([
      { path: 'sources[0].extra', message: 'unknown field', document: 1, line: 15, severity: 'error' },
    ]);
    const missing = loadResources('\n\ntype: Dataplane\nname: d\nnetworking:\n  inbound: []\n', {
      lines: true,
    });
    // A missing field is located at its nearest existing parent (the networking map, line 6).
    expect(missing.issues).toEqual([
      {
        path: 'networking',
        message: 'has to contain at least one inbound interface or gateway',
        document: 0,
        line: 6,
        severity: 'error',
      },
      {
        path: 'networking.address',
        message: "address can't be empty",
        document: 0,
        line: 6,
        severity: 'error',
      },
    ]);
    const json = loadResources('{"type": "Workspace",\n "name": "w",\n "bad": 1}', { lines: true });
    expect(json.issues).toEqual([
      { path: 'bad', message: 'unknown field', document: 0, line: 3, severity: 'error' },
    ]);
    const syntax = loadResources('type: Mesh\nname: [x\n', { lines: true });
    expect(syntax.issues[0]?.line).toBeGreaterThan(0);
  });
  it('reports broken JSON as a JSON error, and still reads YAML flow documents', () => {
    expect(loadResources('{"type": "Workspace",\n "name" 2}').issues).toEqual([
      {
        path: '',
        message: 'invalid JSON: Unexpected number (line 2, column 9)',
        document: 0,
        severity: 'error',
      },
    ]);
    expect(loadResources('[{"type": "Workspace"').issues[0]?.message).toMatch(/^invalid JSON: /);
    expect(loadResources('{type: Workspace, name: w}').resources.map((r) => r.name)).toEqual(['w']);
  });
  it('skips empty input', () => {
    expect(loadResources('')).toEqual({ resources: [], issues: [], places: [] });
    expect(loadResources('# nothing\n---\n')).toEqual({ resources: [], issues: [], places: [] });
  });
});

describe('hostile input', () => {
  it('caps alias expansion (billion laughs)', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    const started = Date.now();
    const { resources, issues } = loadResources(bomb);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(resources).toEqual([]);
    expect(issues).toEqual([
      {
        path: '',
        message: 'too many YAML alias expansions (more than 100): possible alias bomb',
        document: 0,
        severity: 'error',
      },
    ]);
  });
  it('still accepts ordinary aliases', () => {
    const text =
      'type: Dataplane\nname: d\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 1\n      tags: &t {kuma.io/service: a}\n    - port: 2\n      tags: *t\n';
    expect(loadResources(text).issues).toEqual([]);
  });
  it('supports YAML merge keys (<<), as the YAML 1.1 reader of Kuma does', () => {
    const text =
      'type: Dataplane\nname: d\nnetworking:\n  address: 10.0.0.1\n  inbound:\n    - port: 1\n      tags: &t {kuma.io/service: a, team: x}\n    - port: 2\n      tags: {<<: *t, kuma.io/service: b}\n';
    const { resources, issues } = loadResources(text);
    expect(issues).toEqual([]);
    expect(resources[0]).toMatchObject({
      networking: {
        inbound: [{ tags: { 'kuma.io/service': 'a' } }, { tags: { 'kuma.io/service': 'b', team: 'x' } }],
      },
    });
  });
  it('reports __proto__, constructor and prototype keys and never pollutes prototypes', () => {
    for (const text of [
      'type: Workspace\nname: w\n__proto__: {polluted: yes}\n',
      '{"type": "Workspace", "name": "w", "__proto__": {"polluted": "yes"}}',
      'type: Mesh\nname: m\nconstructor: {prototype: {polluted: yes}}\n',
    ]) {
      const { resources, issues } = loadResources(text);
      expect(resources).toEqual([]);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toMatch(/^key "(__proto__|constructor)" is not allowed$/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
    const nested = loadResources('type: Mesh\nname: m\nspec: {a: {prototype: 1}}\n');
    expect(nested.issues).toEqual([
      { path: 'spec.a.prototype', message: 'key "prototype" is not allowed', document: 0, severity: 'error' },
    ]);
  });
  it('handles 10,000-deep nesting (YAML flow, JSON; block YAML 3,000 deep) without a stack overflow', () => {
    const flow = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const json = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    let block = '';
    // Block style needs ever more indentation: 3,000 levels are already 4.5 MB of text.
    for (let i = 0; i < 3_000; i++) block += `${' '.repeat(i)}a:\n`;
    for (const text of [flow, json, block]) {
      const { resources, issues } = loadResources(text);
      expect(resources).toEqual([]);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues[0]?.message).toMatch(/nest/);
    }
    const r = loadResources(json);
    expect(r.issues[0]?.message).toBe('nesting deeper than 100 levels is not allowed');
  });
  it('refuses input above the size cap with one issue', () => {
    const big = 'x'.repeat(DEFAULT_LOAD_LIMITS.maxBytes + 1);
    const started = Date.now();
    const { resources, issues } = loadResources(big, { source: 'big.yaml' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(resources).toEqual([]);
    expect(issues).toEqual([
      {
        path: '',
        message: `input is ${DEFAULT_LOAD_LIMITS.maxBytes + 1} characters, more than the limit of ${DEFAULT_LOAD_LIMITS.maxBytes} (option maxBytes)`,
        source: 'big.yaml',
        severity: 'error',
      },
    ]);
    expect(loadResources(tp('a'), { maxBytes: 10 }).issues).toHaveLength(1);
    expect(loadResourceBytes(new Uint8Array(11), { maxBytes: 10 }).issues[0]?.message).toMatch(/11 bytes/);
  });
  it('refuses a 50 MB input by default', () => {
    const fifty = `type: Mesh\nname: m\n#${'a'.repeat(50 * 1000 * 1000)}`;
    const { resources, issues } = loadResources(fifty);
    expect(resources).toEqual([]);
    expect(issues[0]?.message).toMatch(/more than the limit of 33554432/);
  });
  it('rejects NUL bytes, unpaired surrogates and invalid UTF-8', () => {
    expect(loadResources('type: Mesh\nname: m\u0000\n').issues).toEqual([
      { path: '', message: 'input contains a NUL character: not a text file', severity: 'error' },
    ]);
    expect(loadResources('type: Mesh\nname: \uD800x\n').issues).toEqual([
      { path: '', message: 'input is not valid Unicode (unpaired surrogate)', severity: 'error' },
    ]);
    expect(loadResourceBytes(new Uint8Array([0x74, 0x79, 0xff, 0xfe]), { source: 's' }).issues).toEqual([
      { path: '', message: 'input is not valid UTF-8', source: 's', severity: 'error' },
    ]);
    const ok = loadResourceBytes(new TextEncoder().encode('\uFEFFtype: Mesh\nname: m\n'));
    expect(ok.issues).toEqual([]);
    expect(ok.resources[0]?.name).toBe('m');
  });
  it('never throws, even for non-string input', () => {
    expect(() => loadResources(undefined as unknown as string)).not.toThrow();
    expect(loadResources(42 as unknown as string).issues[0]?.message).toBe('input must be a string');
    expect(MeshPolicyError).toBeDefined();
  });
});

describe('plain-JavaScript callers', () => {
  it('never throw, whatever is passed as input or options', () => {
    const load = loadResources as unknown as (text: unknown, opts: unknown) => unknown;
    const bytes = loadResourceBytes as unknown as (b: unknown, opts: unknown) => unknown;
    expect(load(null, null)).toEqual({
      resources: [],
      issues: [{ path: '', message: 'input must be a string', severity: 'error' }],
      places: [],
    });
    expect(load('type: Workspace\nname: w\n', null)).toMatchObject({
      resources: [{ name: 'w' }],
      issues: [],
    });
    expect(bytes(null, null)).toEqual({
      resources: [],
      issues: [{ path: '', message: 'input must be a Uint8Array', severity: 'error' }],
      places: [],
    });
    const throwing = {
      get source(): string {
        throw new Error('boom');
      },
    };
    expect(load('a: 1', throwing)).toEqual({
      resources: [],
      issues: [{ path: '', message: 'internal error while loading: boom', severity: 'error' }],
      places: [],
    });
    expect(bytes(new Uint8Array([0x61]), throwing)).toEqual({
      resources: [],
      issues: [{ path: '', message: 'internal error while loading: boom', severity: 'error' }],
      places: [],
    });
  });
});
