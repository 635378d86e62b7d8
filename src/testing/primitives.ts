import * as fc from 'fast-check';
import { cached } from './cache.js';

/**
 * Building blocks shared by the resource arbitraries. Every value is valid for Kuma 2.8's own
 * validators (not only for the library's schemas): names are DNS-label-like, tag keys and values
 * use Kuma's character sets, ports are 1–65535, times are RFC 3339.
 */

/** A resource name (`web-1`, `a`): lower-case DNS label, 1–16 characters. */
export function arbResourceName(): fc.Arbitrary<string> {
  return cached('arbResourceName', () => {
    return fc.stringMatching(/^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/);
  });
}

/** A `kuma.io/service` value (`backend`, `web_default_svc_80`). */
export function arbServiceName(): fc.Arbitrary<string> {
  return cached('arbServiceName', () => {
    return fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
      fc
        .tuple(
          fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
          fc.constantFrom('default', 'kuma-demo'),
          fc.integer({ min: 1, max: 65535 }),
        )
        .map(([n, ns, p]) => `${n}_${ns}_svc_${p}`),
    );
  });
}

/** A tag key other than `kuma.io/service` (Kuma: `[a-zA-Z0-9.\-_:/]+`). */
export function arbTagKey(): fc.Arbitrary<string> {
  return cached('arbTagKey', () => {
    return fc.oneof(
      fc.constantFrom('version', 'app', 'team', 'env', 'region', 'kuma.io/zone', 'k8s.kuma.io/namespace'),
      fc.stringMatching(/^[a-z][a-z0-9_.-]{0,8}$/),
    );
  });
}

/** A tag value valid everywhere (`[a-zA-Z0-9.\-_:]+`, no `/`, no `*`). */
export function arbTagValue(): fc.Arbitrary<string> {
  return cached('arbTagValue', () => {
    return fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,9}$/);
  });
}

/** Extra tags (never `kuma.io/service` or `kuma.io/protocol`), 0–`max` of them. */
export function arbExtraTags(max = 3): fc.Arbitrary<Record<string, string>> {
  return cached(`arbExtraTags/${max}`, () => {
    return fc
      .uniqueArray(fc.tuple(arbTagKey(), arbTagValue()), { maxLength: max, selector: ([k]) => k })
      .map((pairs) =>
        Object.fromEntries(pairs.filter(([k]) => k !== 'kuma.io/service' && k !== 'kuma.io/protocol')),
      );
  });
}

/** A port 1–65535. */
export function arbPort(): fc.Arbitrary<number> {
  return cached('arbPort', () => {
    return fc.integer({ min: 1, max: 65535 });
  });
}

/** An IPv4 address in 10.0.0.0/8 (canonical text, no leading zeros). */
export function arbIPv4(): fc.Arbitrary<string> {
  return cached('arbIPv4', () => {
    return fc
      .tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
      .map(([a, b, c]) => `10.${a}.${b}.${c}`);
  });
}

/** An RFC 3339 timestamp between 2020 and 2030, sometimes with nanoseconds or an offset. */
export function arbTimestamp(): fc.Arbitrary<string> {
  return cached('arbTimestamp', () => {
    const base = fc
      .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 })
      .map((s) => new Date(s * 1000).toISOString().replace('.000Z', ''));
    return fc.oneof(
      base.map((b) => `${b}Z`),
      fc
        .tuple(base, fc.integer({ min: 0, max: 999_999_999 }))
        .map(([b, n]) => `${b}.${String(n).padStart(9, '0')}Z`),
      fc.tuple(base, fc.constantFrom('+02:00', '-05:30')).map(([b, o]) => `${b}${o}`),
    );
  });
}

/** A Go duration as Kuma's policies write them (`5s`, `1m30s`, `250ms`). */
export function arbDuration(): fc.Arbitrary<string> {
  return cached('arbDuration', () => {
    return fc.oneof(
      fc.integer({ min: 1, max: 600 }).map((n) => `${n}s`),
      fc.integer({ min: 1, max: 999 }).map((n) => `${n}ms`),
      fc
        .tuple(fc.integer({ min: 1, max: 59 }), fc.integer({ min: 1, max: 59 }))
        .map(([m, s]) => `${m}m${s}s`),
    );
  });
}

/** Resource labels that do not change which dataplanes a policy selects (no shadow effect). */
export function arbLabels(): fc.Arbitrary<Record<string, string>> {
  return cached('arbLabels', () => {
    return fc
      .record({
        origin: fc.option(fc.constantFrom('global', 'zone'), { nil: undefined }),
        displayName: fc.option(arbResourceName(), { nil: undefined }),
        team: fc.option(arbTagValue(), { nil: undefined }),
      })
      .map(({ origin, displayName, team }) => {
        const labels: Record<string, string> = {};
        if (origin !== undefined) labels['kuma.io/origin'] = origin;
        if (displayName !== undefined) labels['kuma.io/display-name'] = displayName;
        if (team !== undefined) labels.team = team;
        return labels;
      });
  });
}

/** `creationTime` / `modificationTime` (each optional; modification never before creation). */
export function arbTimes(): fc.Arbitrary<{ creationTime?: string; modificationTime?: string }> {
  return cached('arbTimes', () => {
    return fc
      .tuple(fc.option(arbTimestamp(), { nil: undefined }), fc.boolean())
      .map(([created, modified]) => {
        const out: { creationTime?: string; modificationTime?: string } = {};
        if (created !== undefined) {
          out.creationTime = created;
          if (modified) out.modificationTime = created;
        }
        return out;
      });
  });
}
