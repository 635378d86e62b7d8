import { inspect } from 'node:util';
import { expect } from 'vitest';
import { MeshPolicyError } from '../../src/models/index.js';
import { prototypeSnapshot } from './inputs.js';

/** Longest a single hostile case may take (a generous bound on a busy 2-core CI machine). */
export const CASE_BUDGET_MS = Number(process.env.HOSTILE_CASE_BUDGET_MS ?? 2_000);

export interface HostileReport {
  name: string;
  cases: number;
  /** Calls that threw a MeshPolicyError (allowed). */
  meshPolicyErrors: number;
  /** Anything else thrown (not allowed), first few kept. */
  violations: { input: string; error: string }[];
  violationCount: number;
  maxMs: number;
  slowest: string;
  totalMs: number;
}

function show(value: unknown): string {
  try {
    return inspect(value, {
      depth: 4,
      breakLength: Number.POSITIVE_INFINITY,
      maxStringLength: 120,
      maxArrayLength: 8,
    });
  } catch {
    return '<uninspectable>';
  }
}

/**
 * Calls `fn` on every input. Allowed outcomes: a return value, or a thrown `MeshPolicyError`.
 * Anything else is a violation. Records the slowest case (each case must stay under the budget).
 */
export function runHostile<T>(name: string, inputs: readonly T[], fn: (input: T) => unknown): HostileReport {
  const report: HostileReport = {
    name,
    cases: inputs.length,
    meshPolicyErrors: 0,
    violations: [],
    violationCount: 0,
    maxMs: 0,
    slowest: '',
    totalMs: 0,
  };
  const started = performance.now();
  for (const input of inputs) {
    const t0 = performance.now();
    try {
      fn(input);
    } catch (error) {
      if (error instanceof MeshPolicyError) report.meshPolicyErrors++;
      else {
        report.violationCount++;
        if (report.violations.length < 5)
          report.violations.push({
            input: show(input),
            error:
              error instanceof Error
                ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n')}`
                : show(error),
          });
      }
    }
    const ms = performance.now() - t0;
    if (ms > report.maxMs) {
      report.maxMs = ms;
      report.slowest = show(input).slice(0, 200);
    }
  }
  report.totalMs = performance.now() - started;
  return report;
}

/** Asserts a report: no violation, every case within the budget. */
export function expectClean(report: HostileReport): void {
  expect(report.violations, `${report.name}: ${report.violationCount} foreign exception(s)`).toEqual([]);
  expect(report.maxMs, `${report.name}: slowest case ${report.slowest}`).toBeLessThan(CASE_BUDGET_MS);
}

/** Asserts no prototype gained or lost a property since `before`, and `{}` has no stray members. */
export function expectNoPollution(before: Record<string, string[]>): void {
  expect(prototypeSnapshot()).toEqual(before);
  const probe: Record<string, unknown> = {};
  for (const k of ['polluted', 'x', 'a', 'type', 'name', 'kind', 'spec'])
    expect(probe[k], `Object.prototype.${k}`).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}
