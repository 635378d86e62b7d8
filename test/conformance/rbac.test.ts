/**
 * Replays `kong-rbac/` (conformance README §4): every case under each Kong generation that
 * asserts it (and the corpus's derived values for the other generations), plus the asserted
 * 3.2.1+ cases through the library's own `'kong'` semantics (spec 05 §3.1 conversion).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RbacAction, RoleEndpoint, RoleEntity } from '../../src/models/index.js';
import {
  authorizeEndpoint,
  authorizeKongEndpointMap,
  authorizeKongEntityMap,
  checkKongCascade,
  createRbac,
  denialMessage,
  KONG_ENDPOINT_GENERATIONS,
  KONG_ENTITY_GENERATIONS,
  type KongEndpointGeneration,
  type KongEntityGeneration,
  RBAC_ACTION_BITS,
  rbacActionsOfMask,
  readableKongEndpointMap,
  readableKongEntityMap,
  resolveKongEndpointMap,
  resolveKongEntityMap,
  resolveKongWorkspaceEntities,
} from '../../src/rbac/index.js';
import { conformanceRoot, skipNotice } from './root.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture data is untyped YAML
type Any = any;

const root = conformanceRoot();
const dir = root === undefined ? undefined : join(root, 'kong-rbac');
const files = (() => {
  if (dir === undefined) return [];
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    return [];
  }
})();
if (files.length === 0) skipNotice();
const suite = files.length === 0 ? describe.skip : describe;

const isEndpointGen = (g: string): g is KongEndpointGeneration =>
  (KONG_ENDPOINT_GENERATIONS as readonly string[]).includes(g);
const isEntityGen = (g: string): g is KongEntityGeneration =>
  (KONG_ENTITY_GENERATIONS as readonly string[]).includes(g);
const asMap = (m: Record<string, Record<string, number>>) =>
  new Map(Object.entries(m).map(([ws, keys]) => [ws, new Map(Object.entries(keys))]));
const hex = (v: unknown): number => (typeof v === 'number' ? v : Number.parseInt(String(v), 16));
const gensOf = (c: Any): string[] => [...new Set<string>((c.assertedIn ?? []).map((a: Any) => a.generation))];
const rule = (r: Any, ws?: string): RoleEndpoint => ({
  workspace: ws ?? r.workspace,
  endpoint: r.endpoint,
  actions: r.actions,
  negative: r.negative === true,
});
const entity = (r: Any): RoleEntity => ({
  entityId: r.entity_id,
  entityType: r.entity_type,
  actions: r.actions,
  negative: r.negative === true,
});
const plain = (m: Map<string, Map<string, number>>) =>
  Object.fromEntries([...m].map(([ws, keys]) => [ws, Object.fromEntries(keys)]));

/** Spec 05 §3.1: Kong's internal map as rules. */
function mapToRules(map: Record<string, Record<string, number>>): RoleEndpoint[] {
  const rules: RoleEndpoint[] = [];
  for (const [ws, keys] of Object.entries(map)) {
    for (const [key, bits] of Object.entries(keys)) {
      const prefix = `/${ws}/`;
      const endpoint = key === '*' ? '*' : key.startsWith(prefix) ? key.slice(prefix.length - 1) : key;
      const pos = rbacActionsOfMask(bits & 0x0f);
      const neg = rbacActionsOfMask(bits >> 4);
      if (pos.length > 0 || bits === 0) rules.push({ workspace: ws, endpoint, actions: pos });
      if (neg.length > 0) rules.push({ workspace: ws, endpoint, actions: neg, negative: true });
    }
  }
  return rules;
}

let replayed = 0;

suite('conformance: kong-rbac', () => {
  for (const file of files) {
    const doc: Any = parse(readFileSync(join(dir!, file), 'utf8'));
    describe(file, () => {
      for (const [i, c] of ((doc.authorizeCases ?? []) as Any[]).entries()) {
        const name = `authorize #${i} ${c.name}`;
        const req = c.input.request;
        const request = {
          workspace: req.workspace,
          endpoint: req.endpoint,
          action: req.action as RbacAction,
          ...(req.routeName !== undefined ? { routeName: req.routeName } : {}),
        };
        const map = asMap(c.input.permissionsMap);
        for (const g of gensOf(c).filter(isEndpointGen)) {
          const want = c.pending === true ? c.derivedByGeneration[g] : c.expected.allow;
          it(`${name} [asserted ${g}${c.pending === true ? ', pending in Kong' : ''}]`, () => {
            replayed++;
            expect(authorizeKongEndpointMap(map, request, g)).toBe(want);
          });
        }
        for (const [g, want] of Object.entries(c.derivedByGeneration ?? {})) {
          if (!isEndpointGen(g)) continue;
          it(`${name} [derived ${g}]`, () => {
            expect(authorizeKongEndpointMap(map, request, g)).toBe(want);
          });
        }
        // EE 3.2.1+ = the library's 'kong'; v2023-02 predates the 3.6 `GET /workspaces` exception.
        const modern = gensOf(c).filter((g) => g === 'v2023-02' || g === 'v2024-01');
        for (const g of c.pending === true ? [] : modern) {
          it(`${name} [library semantics 'kong' as ${g}, rules per spec 05 §3.1]`, () => {
            replayed++;
            const kongVersion = g === 'v2023-02' ? '3.5' : '3.6';
            const d = authorizeEndpoint(mapToRules(c.input.permissionsMap), request, {
              semantics: 'kong',
              kongVersion,
            });
            expect(d.allowed).toBe(c.expected.allow);
          });
        }
      }

      for (const [i, c] of ((doc.resolveCases ?? []) as Any[]).entries()) {
        const roles = (c.input.rolesPassedInOrder as string[]).map((r) =>
          (c.input.roles[r] as Any[]).map((x) => rule(x)),
        );
        const check = (g: KongEndpointGeneration, want: Record<string, Record<string, number>>) => {
          const got = plain(resolveKongEndpointMap(roles, g));
          for (const [ws, keys] of Object.entries(want))
            for (const [key, bits] of Object.entries(keys)) expect(got[ws]?.[key], `${ws} ${key}`).toBe(bits);
        };
        for (const g of gensOf(c).filter(isEndpointGen))
          it(`resolve #${i} ${c.name} [asserted ${g}]`, () => {
            replayed++;
            check(g, c.expected.mapEntries);
          });
        for (const [g, want] of Object.entries(c.derivedByGeneration ?? {}))
          if (isEndpointGen(g)) it(`resolve #${i} ${c.name} [derived ${g}]`, () => check(g, want as Any));
      }

      for (const [i, c] of ((doc.readableCases ?? []) as Any[]).entries()) {
        for (const g of gensOf(c).filter(isEndpointGen)) {
          it(`readable #${i} ${c.name} [asserted ${g}]`, () => {
            replayed++;
            const runs: Any[][][] =
              c.input.eachRunUsesOneRole !== undefined
                ? (c.input.eachRunUsesOneRole as Any[][]).map((r) => [r])
                : [
                    ((c.input.rolesPassedInOrder as string[] | undefined) ?? Object.keys(c.input.roles)).map(
                      (r) => c.input.roles[r],
                    ),
                  ];
            const wants: Any[] = c.expected.perRun ?? [c.expected];
            runs.forEach((roles, k) => {
              const got: Any = readableKongEndpointMap(
                resolveKongEndpointMap(
                  roles.map((rs) => rs.map((x: Any) => rule(x))),
                  g,
                ),
                g,
              );
              const want = wants[k];
              for (const [ws, keys] of Object.entries(want as Record<string, Any>)) {
                if (ws === 'comparison') continue;
                for (const [key, v] of Object.entries(keys as Record<string, Any>)) {
                  const actions = got[ws]?.[key]?.actions;
                  if (Array.isArray(v.actions)) {
                    if (c.expected.perRun !== undefined) expect(actions[0]).toBe(v.actions[0]);
                    else expect([...actions].sort()).toEqual([...v.actions].sort());
                  } else {
                    expect({ ...actions }).toEqual(v.actions);
                  }
                }
              }
            });
          });
        }
      }

      for (const [i, s] of ((doc.scenarios ?? []) as Any[]).entries()) {
        const ws: string = s.setup.request.workspace ?? 'default';
        const roleRows = (n: string): RoleEndpoint[] => (s.setup.roles[n] as Any[]).map((x) => rule(x, ws));
        const request = {
          workspace: ws,
          endpoint: s.setup.request.path as string,
          action: s.setup.request.action as RbacAction,
          routeName: s.setup.request.routeName as string,
        };
        for (const [k, step] of (s.steps as Any[]).entries()) {
          const held = step.rolesHeld as string[];
          it(`scenario #${i} step ${k}: ${step.step} [library semantics 'kong' and 'documented']`, () => {
            replayed++;
            for (const semantics of ['kong', 'documented'] as const) {
              const rbac = createRbac(
                {
                  roles: Object.keys(s.setup.roles).map((name) => ({
                    name,
                    workspace: ws,
                    endpoints: roleRows(name),
                  })),
                  assignments: [{ user: s.setup.user.name, workspace: ws, roles: held }],
                },
                { semantics },
              );
              const d = rbac.authorize(s.setup.user.name, request);
              expect(d.allowed).toBe(step.expected.allow);
              if (!d.allowed)
                expect(denialMessage(s.setup.user.name, request.action)).toBe(step.expected.message);
            }
          });
          const derived = step.derivedByGeneration as Any;
          const orders: [string, string[]][] =
            derived.rolesResolvedNegativeFirst !== undefined
              ? [
                  ['rolesResolvedNegativeFirst', ['negativeRole', 'positiveRole']],
                  ['rolesResolvedPositiveFirst', ['positiveRole', 'negativeRole']],
                ]
              : [['', held]];
          for (const [label, order] of orders) {
            const values = label === '' ? derived : derived[label];
            for (const [g, want] of Object.entries(values as Record<string, boolean>)) {
              if (!isEndpointGen(g)) continue;
              it(`scenario #${i} step ${k} ${label} [derived ${g}]`, () => {
                const roles = order.filter((r) => held.includes(r)).map(roleRows);
                expect(authorizeKongEndpointMap(resolveKongEndpointMap(roles, g), request, g)).toBe(want);
              });
            }
          }
        }
      }

      for (const [i, c] of ((doc.cases ?? []) as Any[]).entries()) {
        const name = `entity #${i} ${c.name}`;
        for (const g of gensOf(c).filter(isEntityGen)) {
          it(`${name} [asserted ${g}]`, () => {
            replayed++;
            const input = c.input;
            const contents = new Map<string, { entityId: string; entityType: string }[]>(
              Object.entries((input.workspaceContents ?? {}) as Record<string, Any[]>).map(([w, es]) => [
                w,
                es.map((e) => ({ entityId: e.entity_id, entityType: e.entity_type })),
              ]),
            );
            switch (c.function) {
              case 'resolve_role_entity_permissions': {
                if (input.runs !== undefined) {
                  (input.runs as string[][]).forEach((run, k) => {
                    const got = resolveKongEntityMap(
                      run.map((r) => (input.roles[r] as Any[]).map(entity)),
                      g,
                      contents,
                    );
                    for (const [id, v] of Object.entries(c.expected.runs[k] as Record<string, unknown>)) {
                      if (v === null) expect(got.has(id), id).toBe(false);
                      else expect(got.get(id), id).toBe(hex(v));
                    }
                  });
                  break;
                }
                const want = c.expected.map ?? c.expected.byGeneration[g].map;
                const got = resolveKongEntityMap(
                  (input.rolesPassedInOrder as string[]).map((r) => (input.roles[r] as Any[]).map(entity)),
                  g,
                  contents,
                );
                for (const [id, v] of Object.entries(want as Record<string, unknown>))
                  expect(got.get(id)).toBe(hex(v));
                break;
              }
              case 'resolve_workspace_entities': {
                const r = resolveKongWorkspaceEntities(input.workspaces, contents);
                expect(r).toEqual({ ok: false, error: c.expected.error });
                break;
              }
              case 'authorize_request_entity': {
                const map = new Map(
                  Object.entries(input.permissionsMap as Record<string, unknown>).map(([k, v]) => [
                    k,
                    hex(v),
                  ]),
                );
                expect(authorizeKongEntityMap(map, input.entityId, hex(input.actionMask), g)).toBe(
                  c.expected.allow,
                );
                break;
              }
              case 'check_cascade': {
                const cascade = new Map(
                  Object.entries(input.cascade as Record<string, Any>).map(([t, v]) => [
                    t,
                    v.entities as string[],
                  ]),
                );
                const perms = new Map(
                  Object.entries((input.entitiesPerms ?? {}) as Record<string, unknown>).map(([k, v]) => [
                    k,
                    hex(v),
                  ]),
                );
                const action: RbacAction = input.action ?? 'read';
                expect(checkKongCascade(cascade, action, perms, input.rbacConfig, g)).toBe(
                  c.expected.allowed,
                );
                break;
              }
              case 'readable_entities_permissions': {
                const got = readableKongEntityMap(
                  resolveKongEntityMap(
                    Object.values(input.roles as Record<string, Any[]>).map((rs) => rs.map(entity)),
                    g,
                  ),
                );
                for (const [id, v] of Object.entries(c.expected as Record<string, Any>)) {
                  if (id === 'comparison') continue;
                  if (v.actionsFirstElement !== undefined)
                    expect(got[id]?.actions[0]).toBe(v.actionsFirstElement);
                  else expect([...(got[id]?.actions ?? [])].sort()).toEqual([...v.actions].sort());
                }
                break;
              }
              default:
                throw new Error(`unknown function ${c.function} in ${file}`);
            }
          });
        }
      }
    });
  }

  it('replayed at least one asserted case per file', () => {
    expect(replayed).toBeGreaterThan(0);
    expect(RBAC_ACTION_BITS.read).toBe(1);
  });
});
