/**
 * Helpers shared by the targetref rules/tables conformance replays: Kuma's multi-document
 * splitting, REST-form policies, and the Go (golden) serialisation of rules.
 */
import { parse } from 'yaml';
import type { TargetRefPolicy } from '../../src/models/index.js';
import type { Rule } from '../../src/targetref/rules.js';
import type { Tag } from '../../src/targetref/subset.js';

/** Kuma's own splitter: trim, split on lines starting with `---`, drop empty pieces. */
export function splitKumaDocuments(text: string): string[] {
  return text
    .trim()
    .split(/^---.*$/m)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Parses YAML the way Kuma's stack does for these files (duplicate keys: last wins). */
export function parseKumaYaml(text: string): unknown {
  return parse(text, { uniqueKeys: false });
}

/** A REST-form policy document as a normalised TargetRefPolicy (metadata + spec). */
export function restPolicy(doc: Record<string, unknown>): TargetRefPolicy {
  const p = {
    type: String(doc.type),
    mesh: doc.mesh === undefined ? '' : String(doc.mesh),
    name: String(doc.name),
    labels: (doc.labels as Record<string, string> | undefined) ?? {},
    spec: (doc.spec as TargetRefPolicy['spec'] | undefined) ?? {},
  };
  return p as TargetRefPolicy;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A tag in Go's JSON names. */
export function goTag(t: Tag): { Key: string; Value: string; Not: boolean } {
  return { Key: t.key, Value: t.value, Not: t.not === true };
}

/** A rule in the form Kuma's goldens use: `Subset/Conf/Origin`, origins with zero times. */
export function goRule(r: Rule): Record<string, unknown> {
  return {
    Subset: r.subset.map(goTag),
    Conf: r.conf,
    Origin: r.origin.map((o) => {
      const meta: Record<string, unknown> = {
        type: o.type,
        name: o.name,
        creationTime: o.creationTime ?? ZERO_TIME,
        modificationTime: o.modificationTime ?? ZERO_TIME,
      };
      if (o.mesh !== '') meta.mesh = o.mesh;
      if (Object.keys(o.labels).length > 0) meta.labels = o.labels;
      return meta;
    }),
  };
}

/** JSON round trip: drops undefined members so comparisons see what a serialiser would write. */
export function asJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
