/**
 * docs/cli.md shows every command with its real output: each ```text block that starts with
 * `$ mesh-policy …` is replayed through the CLI (from the repository root) and must print exactly
 * what the block shows (stdout, then stderr) and exit with the `[exit N]` it ends with. A line
 * `…` ends a block early: the output must start with the lines before it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

interface Transcript {
  line: number;
  args: string[];
  expected: string[];
  truncated: boolean;
  exit: number | undefined;
}

function transcripts(text: string): Transcript[] {
  const out: Transcript[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```text' || !(lines[i + 1] ?? '').startsWith('$ mesh-policy ')) continue;
    const args = (lines[i + 1] ?? '').slice('$ mesh-policy '.length).trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j] !== '```'; j++) body.push(lines[j] ?? '');
    let exit: number | undefined;
    const last = body.at(-1) ?? '';
    const m = /^\[exit (\d+)\]$/.exec(last);
    if (m) {
      exit = Number(m[1]);
      body.pop();
    }
    const cut = body.indexOf('…');
    out.push({
      line: i + 2,
      args,
      expected: cut === -1 ? body : body.slice(0, cut),
      truncated: cut !== -1,
      exit,
    });
    i = j;
  }
  return out;
}

describe('docs/cli.md transcripts are real output', () => {
  const all = transcripts(readFileSync(join(root, 'docs/cli.md'), 'utf8'));

  it('the guide shows every command', () => {
    expect(new Set(all.map((t) => t.args[0]))).toEqual(
      new Set(['validate', 'inspect', 'lint', 'diff', 'passthrough', 'rbac', 'identity']),
    );
  });

  for (const t of all) {
    it(`line ${t.line}: mesh-policy ${t.args.join(' ')}`.slice(0, 160), async () => {
      let stdout = '';
      let stderr = '';
      const io: CliIO = {
        stdout: (s) => {
          stdout += s;
        },
        stderr: (s) => {
          stderr += s;
        },
        stderrIsTTY: false,
        cwd: root,
      };
      const code = await main(t.args, io);
      const got = `${stdout}${stderr}`.replace(/\n+$/, '').split('\n');
      const want = t.expected.join('\n').replace(/\n+$/, '').split('\n');
      if (t.truncated) expect(got.slice(0, want.length)).toEqual(want);
      else expect(got).toEqual(want);
      if (t.exit !== undefined) expect(code).toBe(t.exit);
    });
  }
});
