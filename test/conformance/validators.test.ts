/**
 * Replays Kuma 2.8.8's validator table tests (`kuma-2.8/validators/*.json`): each case's resource
 * is loaded like a user's file. A `valid` case must give no error issue; an invalid case must give
 * an error at every expected field, with Kuma's message. Cases are enumerated from the files
 * present; the summary line counts agreement, false accepts / rejects, path and message matches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LoadIssue, loadResources } from '../../src/models/index.js';
import { conformanceRoot, skipNotice } from './root.js';

interface Case {
  name: string;
  source: string;
  resource: unknown;
  expect: 'valid' | { field: string; message: string }[];
}

const root = conformanceRoot();
const dir = root === undefined ? undefined : join(root, 'kuma-2.8', 'validators');

function files(): string[] {
  if (dir === undefined) return [];
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}

const tally = {
  cases: 0,
  agree: 0,
  falseAccept: 0,
  falseReject: 0,
  allPaths: 0,
  invalid: 0,
  messages: 0,
  expected: 0,
};

/** What the loader reports for one case. */
export function replay(c: Case): {
  errors: LoadIssue[];
  missing: { field: string; message: string }[];
  wrongMessage: { field: string; message: string; got: string[] }[];
} {
  const { issues } = loadResources(JSON.stringify(c.resource));
  const errors = issues.filter((i) => i.severity === 'error');
  const missing: { field: string; message: string }[] = [];
  const wrongMessage: { field: string; message: string; got: string[] }[] = [];
  if (c.expect !== 'valid')
    for (const e of c.expect) {
      const at = errors.filter((i) => i.path === e.field);
      if (at.length === 0) missing.push(e);
      else if (!at.some((i) => i.message === e.message))
        wrongMessage.push({ ...e, got: at.map((i) => i.message) });
    }
  return { errors, missing, wrongMessage };
}

if (dir === undefined) {
  skipNotice();
  describe.skip('conformance: Kuma 2.8.8 validators', () => {
    it('needs the corpus', () => skipNotice());
  });
} else {
  const base = dir;
  const list = files();
  describe('conformance: Kuma 2.8.8 validators', () => {
    it('finds validator tables', () => {
      expect(list.length).toBeGreaterThan(0);
    });
    for (const file of list) {
      const cases = JSON.parse(readFileSync(join(base, file), 'utf8')) as Case[];
      describe(`kuma-2.8 validators/${file}`, () => {
        cases.forEach((c, i) => {
          it(`${i} ${c.name} (${c.source})`, () => {
            const { errors, missing, wrongMessage } = replay(c);
            tally.cases++;
            if (c.expect === 'valid') {
              if (errors.length === 0) tally.agree++;
              else tally.falseReject++;
              expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([]);
              return;
            }
            tally.invalid++;
            tally.expected += c.expect.length;
            tally.messages += c.expect.length - missing.length - wrongMessage.length;
            if (errors.length === 0) tally.falseAccept++;
            else tally.agree++;
            if (missing.length === 0) tally.allPaths++;
            expect({
              missing,
              wrongMessage,
              got: errors.map((e) => `${e.path}: ${e.message}`),
            }).toMatchObject({
              missing: [],
              wrongMessage: [],
            });
          });
        });
      });
    }
  });
  afterAll(() => {
    console.log(
      `[kuma-2.8 validators] ${tally.cases} cases: ${tally.agree} agree, ${tally.falseAccept} false accepts, ${tally.falseReject} false rejects; ${tally.allPaths}/${tally.invalid} invalid cases with every expected path; ${tally.messages}/${tally.expected} expected violations with Kuma's message`,
    );
  });
}
