import { describe, expect, it } from 'vitest';
import { formatGoDuration, normalizeGoDuration, parseGoDuration } from '../../src/targetref/duration.js';

describe('Go durations', () => {
  it('normalises like time.Duration.String()', () => {
    const cases: [string, string][] = [
      ['77s', '1m17s'],
      ['1m', '1m0s'],
      ['90s', '1m30s'],
      ['1h', '1h0m0s'],
      ['500ms', '500ms'],
      ['0', '0s'],
      ['0s', '0s'],
      ['1.5s', '1.5s'],
      ['1500ms', '1.5s'],
      ['0.5s', '500ms'],
      ['1500us', '1.5ms'],
      ['1µs', '1µs'],
      ['1μs', '1µs'],
      ['10ns', '10ns'],
      ['2h45m', '2h45m0s'],
      ['-90s', '-1m30s'],
      ['1h1m1.000000001s', '1h1m1.000000001s'],
      ['25ms', '25ms'],
    ];
    for (const [input, out] of cases) expect(normalizeGoDuration(input)).toBe(out);
  });

  it('leaves strings Go cannot parse unchanged', () => {
    for (const bad of ['', '10', 's', '1x', '1.s.', 'abc', '9999999999h'])
      expect(normalizeGoDuration(bad)).toBe(bad);
    expect(parseGoDuration('1d')).toBeUndefined();
  });

  it('formats nanoseconds', () => {
    expect(formatGoDuration(0n)).toBe('0s');
    expect(formatGoDuration(3_600_000_000_000n)).toBe('1h0m0s');
  });
});
