/**
 * Kuma's shared value checks (`pkg/core/validators/common_validators.go` at 2.8.8), on values as
 * the loader decoded them (durations are Go duration strings, int-or-string values are numbers or
 * strings). Each check adds Kuma's violation to `v` at `path`; none throws.
 */
import { goDurationNanos } from '../../internal/go-duration.js';
import { isFilePath } from '../../internal/govalidator.js';
import { inRange, MSG, type Path, type Violations } from './violations.js';

/** Nanoseconds of a duration string (undefined for an absent or unparsable value). */
export function nanos(value: unknown): bigint | undefined {
  return typeof value === 'string' ? goDurationNanos(value) : undefined;
}

/** `ValidateDurationNotNegative`: required, and ≥ 0. */
export function durationNotNegative(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null) v.add(path, MSG.mustBeDefined);
  else if ((nanos(value) ?? 0n) < 0n) v.add(path, MSG.whenDefinedHasToBeNonNegative);
}

/** `ValidateDurationNotNegativeOrNil`. */
export function durationNotNegativeOrNil(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  if ((nanos(value) ?? 0n) < 0n) v.add(path, MSG.whenDefinedHasToBeNonNegative);
}

/** `ValidateDurationGreaterThanZero` (the value is not a pointer: absent counts as 0). */
export function durationGreaterThanZero(v: Violations, path: Path, value: unknown): void {
  if ((nanos(value) ?? 0n) <= 0n) v.add(path, MSG.mustBeDefinedAndGreaterThanZero);
}

/** `ValidateDurationGreaterThanZeroOrNil`. */
export function durationGreaterThanZeroOrNil(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  if ((nanos(value) ?? 0n) <= 0n) v.add(path, MSG.whenDefinedHasToBeGreaterThanZero);
}

/** `ValidateDurationGreaterThan(path, d, min)`: required, and > min (`must be greater than: 50ms`). */
export function durationGreaterThan(
  v: Violations,
  path: Path,
  value: unknown,
  min: bigint,
  minText: string,
): void {
  if (value === undefined || value === null) {
    v.add(path, MSG.mustBeDefined);
    return;
  }
  if ((nanos(value) ?? 0n) <= min) v.add(path, `${MSG.hasToBeGreaterThan}: ${minText}`);
}

/** `ValidateValueGreaterThanZero` (an int32 that is not a pointer: absent counts as 0). */
export function valueGreaterThanZero(v: Violations, path: Path, value: unknown): void {
  if (typeof value !== 'number' || value <= 0) v.add(path, MSG.mustBeDefinedAndGreaterThanZero);
}

/** `ValidateValueGreaterThanZeroOrNil`. */
export function valueGreaterThanZeroOrNil(v: Violations, path: Path, value: unknown): void {
  if (typeof value === 'number' && value <= 0) v.add(path, MSG.whenDefinedHasToBeGreaterThanZero);
}

/** `ValidateIntPercentageOrNil` / `ValidateUInt32PercentageOrNil`: 0–100. */
export function intPercentageOrNil(v: Violations, path: Path, value: unknown): void {
  if (typeof value === 'number' && (value < 0 || value > 100)) v.add(path, MSG.hasToBeInUintPercentageRange);
}

/** `ValidateIntegerGreaterThanZeroOrNil` (`must be greater than 0`). */
export function integerGreaterThanZeroOrNil(v: Violations, path: Path, value: unknown): void {
  if (typeof value === 'number' && value <= 0) v.add(path, `${MSG.hasToBeGreaterThan} 0`);
}

/** `ValidateIntegerGreaterThan(path, value, min)` (`must be greater than N`). */
export function integerGreaterThan(v: Violations, path: Path, value: unknown, min: number): void {
  if (typeof value !== 'number' || value <= min) v.add(path, `${MSG.hasToBeGreaterThan} ${min}`);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Kuma's `NewDecimalFromIntOrString`: an integer, or a string holding a decimal number
 * (`"0.5"`, `"1e2"`). Returns the number, or undefined when the string is not a number.
 */
export function decimalOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  return undefined;
}

/** `ValidatePercentage(path, p, allow0)`: required, a number in [0, 100] (0 only if allowed). */
export function percentage(v: Violations, path: Path, value: unknown, allow0: boolean): void {
  if (value === undefined || value === null) {
    v.add(path, MSG.mustBeDefined);
    return;
  }
  const dec = decimalOf(value);
  if (dec === undefined) v.add(path, MSG.stringHasToBeValidNumber);
  else if (dec < 0 || dec > 100) v.add(path, MSG.hasToBeInPercentageRange);
  else if (!allow0 && dec === 0) v.add(path, MSG.hasToBeGreaterThanZero);
}

/** `ValidatePercentageOrNil`. */
export function percentageOrNil(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  const dec = decimalOf(value);
  if (dec === undefined) v.add(path, MSG.stringHasToBeValidNumber);
  else if (dec < 0 || dec > 100) v.add(path, MSG.hasToBeInPercentageRange);
}

/** `ValidateIntOrStringGreaterOrEqualThan` (`must be greater or equal then: N`). */
export function intOrStringGreaterOrEqual(v: Violations, path: Path, value: unknown, min: number): void {
  if (value === undefined || value === null) return;
  const dec = decimalOf(value);
  if (dec === undefined) v.add(path, MSG.stringHasToBeValidNumber);
  else if (dec < min) v.add(path, `${MSG.hasToBeGreaterOrEqualThen}: ${min}`);
}

/** `ValidateStringDefined`. */
export function stringDefined(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null || value === '') v.add(path, MSG.mustBeDefined);
}

/** `ValidateStatusCode`: 100–599. */
export function statusCode(v: Violations, path: Path, value: unknown): void {
  if (typeof value !== 'number' || value < 100 || value >= 600) v.add(path, inRange(100, 599));
}

const BANDWIDTH = /^(\d*)\s?([GMk]+bps)$/;

/** `ValidateBandwidth`: required, `<n>kbps|Mbps|Gbps`. */
export function bandwidth(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null || value === '') {
    v.add(path, MSG.mustBeDefined);
    return;
  }
  if (typeof value !== 'string' || !BANDWIDTH.test(value)) v.add(path, MSG.mustHaveBPSUnit);
}

/** `ValidateNil`: the field must be absent. */
export function mustBeNil(v: Violations, path: Path, value: unknown, message: string): void {
  if (value !== undefined && value !== null) v.add(path, message);
}

/** `validators.ValidatePort`: 1–65535 (`port must be a valid (1-65535)`). */
export function validPort(v: Violations, path: Path, value: unknown): void {
  if (typeof value !== 'number' || value === 0 || value > 65535 || value < 0)
    v.add(path, 'port must be a valid (1-65535)');
}

/** `ValidateLength`: at most `max` bytes. */
export function maxLength(v: Violations, path: Path, value: string, max: number): void {
  if (new TextEncoder().encode(value).length > max) v.add(path, `must not be longer than ${max} characters`);
}

/** `ValidatePathOrNil`. */
export function pathOrNil(v: Violations, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !isFilePath(value)) v.add(path, MSG.whenDefinedHasToBeValidPath);
}
