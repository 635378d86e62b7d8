import { describe, expect, it } from 'vitest';
import {
  compareTimes,
  displayName,
  isShadow,
  origin,
  parseTimeNanos,
  policyRole,
} from '../../src/models/common.js';

describe('timestamps', () => {
  it('parses the zero time and nanosecond precision', () => {
    expect(parseTimeNanos('0001-01-01T00:00:00Z')).toBe(0n);
    expect(parseTimeNanos('1970-01-01T00:00:01.000000001Z')).toBe(62135596801000000001n);
  });
  it('honours offsets and rejects non-RFC-3339 text', () => {
    expect(parseTimeNanos('2024-05-01T12:00:00+02:00')).toBe(parseTimeNanos('2024-05-01T10:00:00Z'));
    expect(parseTimeNanos('2024-05-01')).toBeUndefined();
    expect(parseTimeNanos('2024-13-01T00:00:00Z')).toBeUndefined();
  });
  it('rejects days a month does not have and offsets beyond 23:59 (RFC 3339 §5.7)', () => {
    expect(parseTimeNanos('2024-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTimeNanos('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimeNanos('2024-04-31T00:00:00Z')).toBeUndefined();
    const day = 86_400n * 1_000_000_000n;
    expect(parseTimeNanos('2024-03-01T00:00:00Z')! - parseTimeNanos('2024-02-29T00:00:00Z')!).toBe(day);
    expect(parseTimeNanos('2000-02-29T00:00:00Z')).toBeDefined();
    expect(parseTimeNanos('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimeNanos('2024-05-01T10:00:00+25:00')).toBeUndefined();
    expect(parseTimeNanos('2024-05-01T10:00:00+02:60')).toBeUndefined();
    expect(parseTimeNanos('2024-05-01T10:00:00-23:59')).toBeDefined();
  });
  it('compares absent times as the zero time', () => {
    expect(compareTimes(undefined, '0001-01-01T00:00:00Z')).toBe(0);
    expect(compareTimes('1970-01-01T00:00:01.000000002Z', '1970-01-01T00:00:01.000000001Z')).toBe(1);
  });
});

describe('derived metadata', () => {
  it('uses the display-name label only when non-empty', () => {
    expect(displayName({ name: 'a.ns', labels: { 'kuma.io/display-name': 'a' } })).toBe('a');
    expect(displayName({ name: 'a.ns', labels: { 'kuma.io/display-name': '' } })).toBe('a.ns');
  });
  it('treats a missing role label as system', () => {
    expect(policyRole({ labels: {} })).toBe('system');
    expect(policyRole({ labels: { 'kuma.io/policy-role': 'consumer' } })).toBe('consumer');
  });
});

describe('label readers on hand-built resources', () => {
  it('treat missing, null or non-object labels and non-string values as absent', () => {
    const bare = { name: 'p' } as unknown as { name: string; labels: Record<string, string> };
    const odd = { name: 'q', labels: { 'kuma.io/display-name': 5, 'kuma.io/origin': null } } as unknown as {
      name: string;
      labels: Record<string, string>;
    };
    const nullLabels = { name: 'r', labels: null } as unknown as {
      name: string;
      labels: Record<string, string>;
    };
    expect([displayName(bare), origin(bare), policyRole(bare), isShadow(bare)]).toEqual([
      'p',
      undefined,
      'system',
      false,
    ]);
    expect([displayName(odd), origin(odd)]).toEqual(['q', undefined]);
    expect([displayName(nullLabels), policyRole(nullLabels)]).toEqual(['r', 'system']);
    // inherited keys are not labels
    const inherited = {
      name: 's',
      labels: Object.create({ 'kuma.io/effect': 'shadow' }) as Record<string, string>,
    };
    expect(isShadow(inherited)).toBe(false);
  });
});
