/**
 * Kong RBAC: the compiled engine's `authorize` (and `explain`) with 1,000 users, 100 roles and 10
 * workspaces, beside node-casbin (`enforceSync`, RBAC-with-domains model with `keyMatch2`, deny
 * override) and @casl/ability `can()` on an equivalent rule set, in the same run. Also reports
 * the build time of each for the whole set. Requests cycle through 4,096 pre-generated ones.
 */
import { createMongoAbility, type MongoAbility, type RawRuleOf, subject } from '@casl/ability';
import { newEnforcer, newModelFromString } from 'casbin';
import type { RbacAction, RoleEndpoint } from '../src/models/index.js';
import {
  createRbac,
  defaultRoles,
  generalizeEndpoint,
  type RbacRequest,
  type RbacRoleDefinition,
} from '../src/rbac/index.js';
import { formatNs, medianNsPerOp, nsPerOp, printTable } from './util.js';

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

const ACTIONS: RbacAction[] = ['read', 'create', 'update', 'delete'];
const ENTITIES = [
  'services',
  'routes',
  'plugins',
  'consumers',
  'upstreams',
  'certificates',
  'snis',
  'vaults',
];
const WORKSPACES = Array.from({ length: 10 }, (_, i) => `ws${i}`);

export function setup() {
  const r = rng(4);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const roles: RbacRoleDefinition[] = [...defaultRoles('default')];
  for (const ws of WORKSPACES) roles.push(...defaultRoles(ws));
  let n = 0;
  while (roles.length < 100) {
    const ws = pick(WORKSPACES);
    const endpoints: RoleEndpoint[] = [];
    const seen = new Set<string>();
    for (let k = 0; k < 6; k++) {
      const e = pick(ENTITIES);
      const endpoint = pick([`/${e}`, `/${e}/*`, `/${e}/*/*`, '/rbac/*', '*']);
      if (seen.has(endpoint)) continue;
      seen.add(endpoint);
      const actions = ACTIONS.filter(() => r() < 0.6);
      endpoints.push(
        r() < 0.2
          ? { workspace: ws, endpoint, actions, negative: true }
          : { workspace: ws, endpoint, actions },
      );
    }
    roles.push({ name: `custom-${n++}`, workspace: ws, endpoints });
  }
  const assignments: { user: string; workspace: string; roles: string[] }[] = [];
  for (let u = 0; u < 1000; u++) {
    const count = 1 + Math.floor(r() * 3);
    const byWs = new Map<string, Set<string>>();
    for (let k = 0; k < count; k++) {
      const role = r() < 0.15 ? pick(roles.slice(0, 3)) : pick(roles.slice(3));
      const ws = role.workspace ?? 'default';
      if (!byWs.has(ws)) byWs.set(ws, new Set());
      byWs.get(ws)!.add(role.name);
    }
    for (const [ws, names] of byWs) assignments.push({ user: `user-${u}`, workspace: ws, roles: [...names] });
  }
  const requests: (RbacRequest & { user: string })[] = [];
  for (let i = 0; i < 4096; i++) {
    const e = pick(ENTITIES);
    const id = `${e.slice(0, 3)}-${Math.floor(r() * 50)}`;
    const [endpoint, routeName] = pick([
      [`/${e}`, `/${e}`],
      [`/${e}/${id}`, `/${e}/:${e}`],
      [`/${e}/${id}/plugins`, `/${e}/:${e}/plugins`],
      ['/rbac/roles', '/rbac/roles'],
      [`/rbac/users/${id}/permissions`, '/rbac/users/:rbac_users/permissions'],
    ] as const);
    requests.push({
      user: `user-${Math.floor(r() * 1000)}`,
      workspace: pick(['default', ...WORKSPACES]),
      endpoint,
      routeName,
      action: pick(ACTIONS),
    });
  }
  return { roles, assignments, requests };
}

const CASBIN_MODEL = `
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, dom, obj, act, eft
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))
[matchers]
m = g(r.sub, p.sub, r.dom) && (p.dom == r.dom || p.dom == "*") && keyMatch2(r.obj, p.obj) && r.act == p.act
`;

/** Builds five times and keeps the median time (the first build also pays for JIT warm-up). */
async function timeBuild<T>(build: () => T | Promise<T>, runs = 5): Promise<{ value: T; ms: number }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await build();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { value: value as T, ms: times[Math.floor(runs / 2)] ?? Number.NaN };
}

export default async function bench(): Promise<void> {
  const { roles, assignments, requests } = setup();
  const ruleCount = roles.reduce((s, r) => s + r.endpoints.length, 0);

  // --- mesh-policy
  const { value: engine, ms: buildOurs } = await timeBuild(() =>
    createRbac({ roles, assignments }, { semantics: 'kong' }),
  );
  const documented = createRbac({ roles, assignments });

  // --- node-casbin: one policy line per rule and action; role grants per domain.
  const { value: enforcer, ms: buildCasbin } = await timeBuild(async () => {
    const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
    const policies: string[][] = [];
    for (const role of roles) {
      for (const e of role.endpoints) {
        const obj = e.endpoint === '*' ? '/*' : e.endpoint;
        for (const a of e.actions)
          policies.push([
            `${role.workspace}/${role.name}`,
            e.workspace ?? role.workspace ?? 'default',
            obj,
            a,
            e.negative === true ? 'deny' : 'allow',
          ]);
      }
    }
    await enforcer.addPolicies(policies);
    const grouping: string[][] = [];
    for (const a of assignments)
      for (const name of a.roles)
        for (const dom of ['default', ...WORKSPACES]) grouping.push([a.user, `${a.workspace}/${name}`, dom]);
    await enforcer.addGroupingPolicies(grouping);
    return enforcer;
  });

  // --- CASL: one ability per user; least specific rules first so specific ones take precedence.
  const { value: abilities, ms: buildCasl } = await timeBuild(() => {
    const rolesByKey = new Map(roles.map((r) => [`${r.workspace ?? 'default'}/${r.name}`, r]));
    const abilities = new Map<string, MongoAbility>();
    const specificity = (e: RoleEndpoint) => (e.workspace === '*' ? 0 : 2) + (e.endpoint === '*' ? 0 : 1);
    const toRegex = (ep: string) =>
      new RegExp(`^${ep.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);
    const userRules = new Map<string, RoleEndpoint[]>();
    for (const a of assignments) {
      const list = userRules.get(a.user) ?? [];
      for (const name of a.roles) {
        const role = rolesByKey.get(`${a.workspace}/${name}`)!;
        for (const e of role.endpoints)
          list.push({ ...e, workspace: e.workspace ?? role.workspace ?? 'default' });
      }
      userRules.set(a.user, list);
    }
    for (const [user, list] of userRules) {
      const sorted = [...list].sort((x, y) => specificity(x) - specificity(y));
      const rules: RawRuleOf<MongoAbility>[] = sorted.map((e) => {
        const conditions: Record<string, unknown> = {};
        if (e.workspace !== '*') conditions.workspace = e.workspace;
        if (e.endpoint !== '*') conditions.path = { $regex: toRegex(e.endpoint) };
        return { action: e.actions, subject: 'Endpoint', conditions, inverted: e.negative === true };
      });
      abilities.set(user, createMongoAbility(rules));
    }
    return abilities;
  });

  // Sanity: engine and casbin agree on most requests (their semantics are not identical).
  let agree = 0;
  for (const q of requests) {
    if (
      engine.authorize(q.user, q).allowed === enforcer.enforceSync(q.user, q.workspace, q.endpoint, q.action)
    )
      agree++;
  }

  let i = 0;
  const next = () => requests[i++ & 4095]!;
  const ours = medianNsPerOp(() => {
    const q = next();
    return engine.authorize(q.user, q).allowed;
  });
  const oursDocumented = medianNsPerOp(() => {
    const q = next();
    return documented.authorize(q.user, q).allowed;
  });
  const oursExplain = medianNsPerOp(() => {
    const q = next();
    return engine.explain(q.user, q).allowed;
  });
  const casbin = medianNsPerOp(
    () => {
      const q = next();
      return enforcer.enforceSync(q.user, q.workspace, q.endpoint, q.action);
    },
    3,
    300,
  );
  const casl = medianNsPerOp(() => {
    const q = next();
    return abilities
      .get(q.user)!
      .can(q.action, subject('Endpoint', { workspace: q.workspace, path: q.endpoint }));
  });

  printTable(
    `rbac authorize: 1,000 users, ${roles.length} roles (${ruleCount} rules), 10 workspaces + default`,
    ['implementation', 'per request', 'ratio (peer / ours)'],
    [
      ['mesh-policy `createRbac(...).authorize` (kong)', formatNs(ours), '1.00'],
      ['mesh-policy `authorize` (documented)', formatNs(oursDocumented), (oursDocumented / ours).toFixed(2)],
      ['mesh-policy `explain` (kong)', formatNs(oursExplain), (oursExplain / ours).toFixed(2)],
      [
        'node-casbin `enforceSync` (RBAC with domains, keyMatch2)',
        formatNs(casbin),
        `${(casbin / ours).toFixed(0)}× slower`,
      ],
      ['@casl/ability `can()`', formatNs(casl), (casl / ours).toFixed(2)],
    ],
  );
  printTable(
    'rbac build time (whole rule set, median of 5 builds)',
    ['implementation', 'build'],
    [
      ['mesh-policy `createRbac`', formatNs(buildOurs * 1e6)],
      ['node-casbin `newEnforcer` + addPolicies/addGroupingPolicies', formatNs(buildCasbin * 1e6)],
      ['@casl/ability 1,000 × `createMongoAbility`', formatNs(buildCasl * 1e6)],
    ],
  );
  console.log(
    `\n(engine and casbin agree on ${agree}/${requests.length} requests; the models differ in tier order)`,
  );
  await growth();
}

/**
 * The old way of generalising (every step re-joins all segments): the straightforward reference
 * the growth section compares with, and what long paths cost before (quadratic).
 */
function joinEveryStep(endpoint: string): string[] {
  const s = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  const segments = s.split('/');
  const last = segments[segments.length - 1] ?? '';
  if (last === '' || last.endsWith('*')) return [];
  const first = segments[0] === '' ? 1 : 0;
  const out: string[] = [];
  for (let i = segments.length - 1; i >= first; i--) {
    const seg = segments[i] ?? '';
    if (seg === '' || seg.endsWith('*')) continue;
    segments[i] = `${seg.slice(0, seg.lastIndexOf('*') + 1)}*`;
    out.push(segments.join('/'));
  }
  return out;
}

/** A straightforward `authorize` for one role's rules ('kong' order): every candidate looked up. */
function naiveAuthorize(rules: ReadonlyMap<string, RoleEndpoint>, path: string, action: RbacAction): boolean {
  for (const c of [path, ...joinEveryStep(path), '*']) {
    const rule = rules.get(c);
    if (rule === undefined || !rule.actions.includes(action)) continue;
    return rule.negative !== true;
  }
  return false;
}

/** One fresh string per segment of `path` (a slice plus a suffix), in a list sized once. */
function allocationBaseline(path: string): number {
  const n = segmentsOf(path);
  const out = new Array<string>(n);
  for (let i = 0, at = 0; i < n; i++, at = path.indexOf('/', at + 1)) out[i] = `${path.slice(0, at + 13)}/*`;
  return out.length;
}

const segmentsOf = (path: string): number => {
  let n = 0;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) n++;
  return n;
};

/** A path of `n` segments and a rule of the same length matching its `n/2`-th generalisation. */
function longPath(n: number): { path: string; rules: RoleEndpoint[] } {
  const half = Math.floor(n / 2);
  const path = `/a${'/x'.repeat(n - 1)}`;
  const rule = `/a${'/x'.repeat(n - 1 - half)}${'/*'.repeat(half)}`;
  return {
    path,
    rules: [
      { workspace: 'ws', endpoint: rule, actions: ['read'] },
      { workspace: 'ws', endpoint: '*', actions: ['read'], negative: true },
    ],
  };
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

/** Median of interleaved CPU-time samples (a burst of load on the shared machine hits every size). */
function interleavedMedians(fns: readonly (() => unknown)[], rounds: number, minCpuMs: number): number[] {
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    fns.forEach((fn, i) => {
      samples[i]?.push(cpuNsPerOp(fn, minCpuMs));
    });
  return samples.map((xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN);
}

const ratio = (x: number | undefined, y: number | undefined): string =>
  x === undefined || y === undefined ? '?' : (x / y).toFixed(2);
const goal = (r: string): string => (Number(r) <= 2.3 ? `${r} (goal ≤ 2.3 met)` : `${r} (goal ≤ 2.3 MISSED)`);

/**
 * Growth (K9): `authorize` on a path of n segments when a rule has n segments too (the issue: one
 * call took 2.4–3.3 s at 8,000), `generalizeEndpoint` on n segments (23 s at 20,000), and
 * `createRbac` with n rules (200,000 overflowed the stack). Each at n and 2n, up to 10× the
 * issue's sizes, with t(2n)/t(n); the straightforward reference (re-joining all segments at each
 * step) at small sizes for comparison.
 */
export function cpuMedians(fns: readonly (() => unknown)[], rounds: number, minCpuMs: number): number[] {
  return interleavedMedians(fns, rounds, minCpuMs);
}

export async function growth(): Promise<void> {
  const rows: string[][] = [];
  for (const semantics of ['documented', 'kong'] as const) {
    for (const n of [8_000, 40_000]) {
      const engines = [n, 2 * n].map((size) => {
        const { path, rules } = longPath(size);
        const engine = createRbac(
          {
            roles: [{ name: 'r', workspace: 'ws', endpoints: rules }],
            assignments: [{ user: 'u', workspace: 'ws', role: 'r' }],
          },
          { semantics },
        );
        const request: RbacRequest = { workspace: 'ws', endpoint: path, action: 'read' };
        if (!engine.authorize('u', request).allowed) throw new Error(`long path ${size}: not allowed`);
        return () => engine.authorize('u', request).allowed;
      });
      const [t1, t2] = interleavedMedians(engines, 7, 200);
      rows.push([
        `\`authorize\` (${semantics}), rule and path of n segments`,
        n.toLocaleString('en-US'),
        formatNs(t1 ?? Number.NaN),
        formatNs(t2 ?? Number.NaN),
        goal(ratio(t2, t1)),
      ]);
    }
  }
  // Any function returning n fresh strings pays V8's young-generation costs, which grow faster
  // than n between ~10k and ~200k objects on this host: the allocation baseline (n strings, each a
  // slice of the path plus a suffix, into a list sized once) shows how much of the ratio is that.
  for (const n of [20_000, 100_000]) {
    const paths = [n, 2 * n].map((size) => `/a${'/x'.repeat(size - 1)}`.slice(0));
    const [t1, t2, b1, b2] = interleavedMedians(
      [
        ...paths.map((p) => () => generalizeEndpoint(p).length),
        ...paths.map((p) => () => allocationBaseline(p)),
      ],
      7,
      200,
    );
    rows.push([
      '`generalizeEndpoint`',
      n.toLocaleString('en-US'),
      formatNs(t1 ?? Number.NaN),
      formatNs(t2 ?? Number.NaN),
      goal(ratio(t2, t1)),
    ]);
    rows.push([
      '(allocation baseline: n fresh strings)',
      n.toLocaleString('en-US'),
      formatNs(b1 ?? Number.NaN),
      formatNs(b2 ?? Number.NaN),
      ratio(b2, b1),
    ]);
  }
  {
    const n = 100_000;
    const inputs = [n, 2 * n].map((size) => ({
      roles: [
        {
          name: 'big',
          endpoints: Array.from({ length: size }, (_, i) => ({
            endpoint: `/s/${i}`,
            actions: ['read' as RbacAction],
          })),
        },
      ],
      assignments: [{ user: 'u', roles: ['big'] }],
    }));
    const [t1, t2] = interleavedMedians(
      inputs.map((input) => () => createRbac(input)),
      5,
      400,
    );
    rows.push([
      '`createRbac`, one role of n rules',
      n.toLocaleString('en-US'),
      formatNs(t1 ?? Number.NaN),
      formatNs(t2 ?? Number.NaN),
      goal(ratio(t2, t1)),
    ]);
  }
  printTable(
    'rbac growth (K9): CPU time per call at n and 2n (median of interleaved samples)',
    ['function', 'n', 't(n)', 't(2n)', 't(2n) / t(n)'],
    rows,
  );

  // The straightforward reference, at sizes it can still run: ours vs re-joining at each step.
  const refRows: string[][] = [];
  for (const n of [2_000, 4_000]) {
    const { path, rules } = longPath(n);
    const byEndpoint = new Map(rules.map((r) => [r.endpoint, r]));
    const engine = createRbac(
      {
        roles: [{ name: 'r', workspace: 'ws', endpoints: rules }],
        assignments: [{ user: 'u', workspace: 'ws', role: 'r' }],
      },
      { semantics: 'kong' },
    );
    const request: RbacRequest = { workspace: 'ws', endpoint: path, action: 'read' };
    if (naiveAuthorize(byEndpoint, path, 'read') !== engine.authorize('u', request).allowed)
      throw new Error(`long path ${n}: the reference disagrees`);
    const [ours, ref] = interleavedMedians(
      [() => engine.authorize('u', request).allowed, () => naiveAuthorize(byEndpoint, path, 'read')],
      3,
      150,
    );
    const [gOurs, gRef] = interleavedMedians(
      [() => generalizeEndpoint(path).length, () => joinEveryStep(path).length],
      3,
      150,
    );
    refRows.push([
      n.toLocaleString('en-US'),
      formatNs(ours ?? Number.NaN),
      formatNs(ref ?? Number.NaN),
      `${ratio(ref, ours)}×`,
      formatNs(gOurs ?? Number.NaN),
      formatNs(gRef ?? Number.NaN),
      `${ratio(gRef, gOurs)}×`,
    ]);
  }
  printTable(
    'rbac long paths vs the straightforward reference (re-join all segments per generalisation)',
    [
      'segments',
      '`authorize` (kong)',
      'reference',
      'reference / ours',
      '`generalizeEndpoint`',
      'reference',
      'reference / ours',
    ],
    refRows,
  );
}
