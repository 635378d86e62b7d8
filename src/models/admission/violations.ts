/**
 * The violation collector of the admission checks, modelled on Kuma's `validators.ValidationError`
 * (`pkg/core/validators/types.go`): paths are segment lists (`['spec', 'to', 0, 'targetRef']`),
 * formatted in Kuma's notation only at the end, so the loader can re-root them into a Kubernetes
 * document and find their line.
 */
import { MapKey, type PathSegment } from '../errors.js';
import type { RawIssue } from '../resource.js';

/** A path inside the Universal document. */
export type Path = readonly PathSegment[];

/** Collects Kuma's violations (errors) and deprecation-style warnings. */
export class Violations {
  readonly issues: RawIssue[] = [];

  /** An error at `path` (Kuma's `AddViolationAt`). */
  add(path: Path, message: string): void {
    this.issues.push({ path: [...path], message });
  }

  /** A warning at `path`: Kuma accepts the document but says something about it. */
  warn(path: Path, message: string): void {
    this.issues.push({ path: [...path], message, severity: 'warning' });
  }

  /** Number of issues collected so far (errors and warnings). */
  get size(): number {
    return this.issues.length;
  }
}

/** A user-map key segment (`tags["version"]`), Kuma's `PathBuilder.Key`. */
export const key = (k: string): MapKey => new MapKey(k);

/** Kuma's fixed messages (`pkg/core/validators/messages.go` at 2.8.8). */
export const MSG = {
  hasToBeGreaterThan: 'must be greater than',
  hasToBeLessThan: 'must be less than',
  hasToBeGreaterOrEqualThen: 'must be greater or equal then',
  hasToBeGreaterThanZero: 'must be greater than 0',
  mustNotBeEmpty: 'must not be empty',
  mustBeDefined: 'must be defined',
  mustBeSet: 'must be set',
  mustNotBeSet: 'must not be set',
  mustNotBeDefined: 'must not be defined',
  mustBeDefinedAndGreaterThanZero: 'must be defined and greater than zero',
  whenDefinedHasToBeNonNegative: 'must not be negative when defined',
  whenDefinedHasToBeGreaterThanZero: 'must be greater than zero when defined',
  whenDefinedHasToBeValidPath: 'must be a valid path when defined',
  stringHasToBeValidNumber: 'string must be a valid number',
  mustHaveBPSUnit: 'must be in kbps/Mbps/Gbps units',
  hasToBeInPercentageRange: 'must be in inclusive range [0.0, 100.0]',
  hasToBeInUintPercentageRange: 'must be in inclusive range [0, 100]',
} as const;

/** Kuma's `HasToBeInRangeFormat`: `must be in inclusive range [a, b]`. */
export const inRange = (a: string | number, b: string | number): string =>
  `must be in inclusive range [${a}, ${b}]`;
/** Kuma's `MustHaveOnlyOne`. */
export const mustHaveOnlyOne = (entity: string, ...allowed: string[]): string =>
  `${entity} must have only one type defined: ${allowed.join(', ')}`;
/** Kuma's `MustHaveExactlyOneOf`. */
export const mustHaveExactlyOneOf = (entity: string, ...allowed: string[]): string =>
  `${entity} must have exactly one defined: ${allowed.join(', ')}`;
/** Kuma's `MustHaveAtLeastOne`. */
export const mustHaveAtLeastOne = (...allowed: string[]): string =>
  `must have at least one defined: ${allowed.join(', ')}`;
/** Kuma's `MakeOneOfErr` message: `"a" must be one of ["x", "y"]` (optionally `when "b" is …`). */
export function oneOfMessage(fieldA: string, fieldB: string, msg: string, oneOf: readonly string[]): string {
  const quoted = oneOf.map((v) => JSON.stringify(v)).join(', ');
  return fieldB === ''
    ? `${JSON.stringify(fieldA)} ${msg} one of [${quoted}]`
    : `${JSON.stringify(fieldA)} ${msg} when ${JSON.stringify(fieldB)} is one of [${quoted}]`;
}
