/**
 * Hostile file trees (issue 12, decision K9): every command that reads paths shares one reader,
 * which never follows a symbolic link to a directory, reads a symbolic link only when it resolves
 * to a regular file, refuses non-regular files (FIFOs, devices, sockets) without opening them for
 * a read that could block, checks a file's size before reading it (`--max-bytes`), and prints
 * every path escaped so a newline or an escape sequence in a file name cannot forge a CI log line.
 *
 * The cases that hang or read without end when the reader regresses (symbolic link loops, a
 * FIFO, /dev/zero) run the CLI in a child process with a kill timeout and a data-size limit, so
 * a regression fails the test instead of hanging the run or exhausting the machine's memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/types.js';

const root = resolve(__dirname, '../..');
const BIN = join(root, 'src/cli/bin.ts');
/** Kill a child CLI after this long: the fixed reader answers in about a second. */
const CHILD_TIMEOUT_MS = 30_000;
/** Vitest's own limit for a test that runs one child CLI. */
const TEST_TIMEOUT_MS = CHILD_TIMEOUT_MS + 10_000;
const posix = process.platform !== 'win32';

const VALID = 'type: Mesh\nname: default\n';
const INVALID = 'type: Mesh\n';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `mesh-policy <args>` in a child process: killed after `CHILD_TIMEOUT_MS`, with its data
 * segment limited (`ulimit -d`, 2 GB) so a reader that regresses into reading /dev/zero dies
 * early instead of taking the machine's memory.
 */
function runChild(args: readonly string[]): Run {
  const r = spawnSync(
    '/bin/sh',
    [
      '-c',
      'ulimit -d 2000000 2>/dev/null; exec "$0" "$@"',
      process.execPath,
      '--import',
      'tsx',
      BIN,
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** Runs `mesh-policy <args>` in this process (for cases that cannot hang). */
async function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    stderrIsTTY: false,
    cwd: root,
  };
  const code = await main([...args], io);
  return { code, out, err };
}

/** True when some printed line contains a control character (a raw newline splits lines). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const dir = mkdtempSync(join(tmpdir(), 'mesh-policy-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

describe.runIf(posix)('hostile file trees: every case ends quickly with the right exit code', () => {
  it(
    'two symbolic links to "." (and one to "..") end: links to directories are never followed',
    () => {
      const d = tree('loops');
      writeFileSync(join(d, 'mesh.yaml'), VALID);
      symlinkSync('.', join(d, 'a'));
      symlinkSync('.', join(d, 'b'));
      symlinkSync('..', join(d, 'up.yaml'));
      const r = runChild(['validate', d]);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(0);
      expect(r.out).toContain('1 file, 1 valid resource, 0 errors, 0 warnings');
      // Said once per link, on stderr, without failing the run.
      for (const link of ['a', 'b', 'up.yaml'])
        expect(r.err).toContain(`not followed: ${join(d, link)} (symbolic link to a directory)`);
      // The other commands walk the same way.
      const lint = runChild(['lint', d]);
      expect(lint.signal).toBeNull();
      expect(lint.code).toBe(0);
      expect(lint.err).toContain(`not followed: ${join(d, 'a')} (symbolic link to a directory)`);
    },
    TEST_TIMEOUT_MS * 2,
  );

  it('a symbolic link to a directory named on the command line is not followed either (exit 2)', async () => {
    const d = tree('named-link');
    writeFileSync(join(d, 'mesh.yaml'), VALID);
    symlinkSync('.', join(d, 'self'));
    const r = await run(['validate', join(d, 'self')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `cannot read ${join(d, 'self')}: symbolic link to a directory (not followed: name the directory itself)`,
    );
  });

  it(
    'x.yaml -> /dev/zero is an unreadable path (exit 2), not read',
    () => {
      const d = tree('zero');
      writeFileSync(join(d, 'mesh.yaml'), VALID);
      symlinkSync('/dev/zero', join(d, 'x.yaml'));
      const r = runChild(['validate', d]);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        `cannot read ${join(d, 'x.yaml')}: symbolic link to a character device: not a regular file`,
      );
      expect(r.out).toContain('1 file, 1 valid resource, 0 errors, 0 warnings, 1 unreadable path');
    },
    TEST_TIMEOUT_MS,
  );

  it('/dev/null named directly, or through a link, is a non-regular file (exit 2)', async () => {
    const d = tree('null');
    symlinkSync('/dev/null', join(d, 'n.json'));
    const direct = await run(['validate', '/dev/null']);
    expect(direct.code).toBe(2);
    expect(direct.err).toContain('cannot read /dev/null: a character device: not a regular file');
    const linked = await run(['validate', d]);
    expect(linked.code).toBe(2);
    expect(linked.err).toContain(`${join(d, 'n.json')}: symbolic link to a character device`);
  });

  it(
    'a FIFO (found in a walk, named directly, or behind a link) is an unreadable path and never blocks',
    () => {
      const d = tree('fifo');
      writeFileSync(join(d, 'mesh.yaml'), VALID);
      execFileSync('mkfifo', [join(d, 'p.yaml')]);
      symlinkSync('p.yaml', join(d, 'q.yml'));
      const walked = runChild(['validate', d]);
      expect(walked.signal).toBeNull();
      expect(walked.code).toBe(2);
      expect(walked.err).toContain(`cannot read ${join(d, 'p.yaml')}: a FIFO: not a regular file`);
      expect(walked.err).toContain(
        `cannot read ${join(d, 'q.yml')}: symbolic link to a FIFO: not a regular file`,
      );
      const named = runChild(['validate', join(d, 'p.yaml')]);
      expect(named.signal).toBeNull();
      expect(named.code).toBe(2);
      // The other commands share the reader.
      const lint = runChild(['lint', join(d, 'q.yml')]);
      expect(lint.signal).toBeNull();
      expect(lint.code).toBe(2);
      expect(lint.err).toContain('symbolic link to a FIFO: not a regular file');
      const identity = runChild([
        'identity',
        '--tags',
        'kuma.io/type=dataplane',
        '--dataplane',
        join(d, 'p.yaml'),
      ]);
      expect(identity.signal).toBeNull();
      expect(identity.code).toBe(2);
      expect(identity.err).toContain('a FIFO: not a regular file');
    },
    TEST_TIMEOUT_MS * 4,
  );

  it(
    'the reader checks the opened file too: a FIFO handed to it directly is refused without blocking',
    () => {
      const d = tree('fifo-direct');
      const fifo = join(d, 'race.yaml');
      execFileSync('mkfifo', [fifo]);
      // In a child: an open() that blocks would hang a thread of this process for good.
      const script = `import { readRegularFile } from ${JSON.stringify(join(root, 'src/cli/files.ts'))};
const r = await readRegularFile(${JSON.stringify(fifo)}, 1024);
process.stdout.write(JSON.stringify(r));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
        timeout: CHILD_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
      expect(r.signal).toBeNull();
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ ok: false, unreadable: 'a FIFO: not a regular file' });
    },
    TEST_TIMEOUT_MS,
  );
});

describe.runIf(posix)('file names are printed escaped', () => {
  // A newline and an ESC sequence that would print a fake "ok" line in red in a CI log.
  const forged = 'evil\n\u001b[32mok   all.yaml (1 resource)\u001b[0m\r.yaml';
  /** How it is shown inside the quoted path. */
  const shown = 'evil\\n\\u001b[32mok   all.yaml (1 resource)\\u001b[0m\\r.yaml';

  it('in validate: the file list, issue lines and the set checks', async () => {
    const d = tree('names');
    writeFileSync(join(d, forged), INVALID);
    writeFileSync(join(d, 'dup1.yaml'), VALID);
    writeFileSync(join(d, `dup\u001b[2K.yaml`), VALID);
    const r = await run(['validate', d]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    for (const line of lines) expect(line).not.toMatch(CONTROL);
    expect(lines).toContain(`FAIL "${d}/${shown}" (0 resources)`);
    expect(lines).toContain(`"${d}/${shown}":0: name: must be defined (line 1)`);
    // The duplicate identity names the other file inside its message: escaped too.
    // (The ESC sorts before "1": dup1.yaml is the duplicate, and its message names the other file.)
    expect(lines.filter((l) => l.startsWith('ok '))).toEqual([`ok   "${d}/dup\\u001b[2K.yaml" (1 resource)`]);
    expect(lines).toContain(
      `${d}/dup1.yaml:0: name: duplicate Mesh "default": also defined at ${d}/dup\\u001b[2K.yaml:0 (line 1); Kuma keeps only the one applied last`,
    );
  });

  it('in unreadable-path messages of every command', async () => {
    const missing = join(dir, `gone\n\u001b]0;title\u0007.yaml`);
    const quoted = `"${dir}/gone\\n\\u001b]0;title\\u0007.yaml"`;
    const cases: string[][] = [
      ['validate', missing],
      ['inspect', missing, '--all'],
      ['lint', missing],
      ['diff', '--before', missing, '--after', missing],
      ['passthrough', missing, '--dataplane', 'web-1', '--to', '10.0.0.1:80'],
      ['rbac', missing, '--user', 'bob', '--endpoint', '/x', '--action', 'read'],
      ['identity', '--tags', 'kuma.io/type=dataplane', '--dataplane', missing],
    ];
    for (const args of cases) {
      const r = await run(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.err, args[0]).toContain(`cannot read ${quoted}: no such file or directory`);
      for (const line of `${r.out}${r.err}`.split('\n')) expect(line, args[0]).not.toMatch(CONTROL);
    }
  });

  it('a plain name is printed as it is, a name with a double quote is quoted', async () => {
    const d = tree('quote');
    writeFileSync(join(d, 'say "hi".yaml'), INVALID);
    const r = await run(['validate', d]);
    expect(r.out.split('\n')).toContain(`FAIL "${d}/say \\"hi\\".yaml" (0 resources)`);
  });
});

describe('--max-bytes: the size is checked before reading', () => {
  it('the default is 50 MiB', async () => {
    const { DEFAULT_MAX_BYTES } = await import('../../src/cli/files.js');
    expect(DEFAULT_MAX_BYTES).toBe(50 * 1024 * 1024);
  });

  it('a file over the limit is an issue of that file, not read (exit 1); the rest is validated', async () => {
    const d = tree('size');
    writeFileSync(join(d, 'big.yaml'), `${VALID}# ${'x'.repeat(2000)}\n`);
    writeFileSync(join(d, 'small.yaml'), VALID.replace('default', 'other'));
    const r = await run(['validate', d, '--max-bytes', '1024']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines).toContain(`FAIL ${d}/big.yaml (0 resources)`);
    expect(lines).toContain(`${d}/big.yaml: file is 2028 bytes, more than --max-bytes 1024: not read`);
    expect(lines).toContain(`ok   ${d}/small.yaml (1 resource)`);
    const json = JSON.parse((await run(['validate', d, '--max-bytes=1024', '--json'])).out) as {
      files: { file: string; errors: number }[];
    };
    expect(json.files).toEqual([
      { file: `${d}/big.yaml`, resources: 0, errors: 1, warnings: 0 },
      { file: `${d}/small.yaml`, resources: 1, errors: 0, warnings: 0 },
    ]);
  });

  it('a 60 MB file is refused by default without reading it (sparse: costs no disk)', async () => {
    const d = tree('sparse');
    const big = join(d, 'huge.json');
    writeFileSync(big, '');
    truncateSync(big, 60 * 1024 * 1024);
    const t0 = performance.now();
    const r = await run(['validate', big]);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${big}: file is 62914560 bytes, more than --max-bytes 52428800: not read`);
  });

  it('a file under a raised limit is read, beyond the loader default of 32 MiB', async () => {
    const d = tree('raised');
    const f = join(d, 'padded.yaml');
    // A valid document followed by 33 MiB of comment lines.
    writeFileSync(f, `${VALID}${`#${'x'.repeat(1023)}\n`.repeat(33 * 1024)}`);
    const r = await run(['validate', f, '--max-bytes', String(40 * 1024 * 1024)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('every command that reads files takes --max-bytes and shows it in its help', async () => {
    const d = tree('every');
    const f = join(d, 'big.yaml');
    writeFileSync(f, `${VALID}# ${'x'.repeat(200)}\n`);
    const tooBig = `${f}: file is 228 bytes, more than --max-bytes 100: not read`;
    const cases: [string[], number][] = [
      [['validate', f, '--max-bytes', '100'], 1],
      [['inspect', f, '--all', '--max-bytes', '100'], 1],
      [['lint', f, '--max-bytes', '100'], 1],
      [['diff', '--before', f, '--after', f, '--max-bytes', '100'], 2],
      [['passthrough', f, '--dataplane', 'web-1', '--to', '10.0.0.1:80', '--max-bytes', '100'], 2],
      [['rbac', f, '--user', 'bob', '--endpoint', '/x', '--action', 'read', '--max-bytes', '100'], 1],
      [['identity', '--tags', 'kuma.io/type=dataplane', '--dataplane', f, '--max-bytes', '100'], 2],
    ];
    for (const [args, code] of cases) {
      const r = await run(args);
      expect(`${r.out}${r.err}`, args[0]).toContain(tooBig);
      expect(r.code, args[0]).toBe(code);
      const help = await run([args[0] as string, '--help']);
      expect(help.out, args[0]).toContain('--max-bytes <n>');
    }
  });

  it('a malformed --max-bytes is a usage error in every command', async () => {
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', '99999999999']) {
      for (const args of [
        ['validate', 'examples/mesh/rbac.yaml'],
        ['lint', 'examples/mesh/rbac.yaml'],
        ['rbac', 'examples/mesh/rbac.yaml', '--user', 'bob', '--endpoint', '/x', '--action', 'read'],
        ['identity', '--tags', 'kuma.io/type=dataplane'],
      ]) {
        const r = await run([...args, `--max-bytes=${bad}`]);
        expect(r.code, `${args[0]} ${bad}`).toBe(2);
        expect(r.err, `${args[0]} ${bad}`).toContain('--max-bytes must be a whole number of bytes');
      }
    }
  });

  it('readRegularFile reads a file exactly, and refuses one over the limit', async () => {
    const { readRegularFile } = await import('../../src/cli/files.js');
    const d = tree('reader');
    const f = join(d, 'a.yaml');
    writeFileSync(f, 'abc');
    const ok = await readRegularFile(f, 3);
    expect(ok.ok && Buffer.from(ok.bytes).toString()).toBe('abc');
    expect(await readRegularFile(f, 2)).toEqual({ ok: false, tooLarge: 3 });
  });

  it.runIf(existsSync('/proc/self/status'))(
    'a file that announces no size (/proc) is read to its end, up to the limit',
    async () => {
      const { readRegularFile } = await import('../../src/cli/files.js');
      const read = await readRegularFile('/proc/self/status', 1024 * 1024);
      expect(read.ok && Buffer.from(read.bytes).toString()).toMatch(/^Name:/);
      expect(await readRegularFile('/proc/self/status', 10)).toEqual({ ok: false, tooLarge: 11 });
    },
  );
});

describe('item 4: validate on a 400 KB JSON list of numbers', () => {
  it('reports 200000 issues and exits 1 (a spread of the issues into push() overflowed the stack)', async () => {
    const d = tree('numbers');
    const f = join(d, 'numbers.json');
    writeFileSync(f, `[${Array.from({ length: 200_000 }, () => '0').join(',')}]`);
    const r = await run(['validate', f]);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 file, 0 valid resources, 200000 errors, 0 warnings');
    const json = await run(['validate', f, '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as { files: unknown[] }).files).toEqual([
      { file: f, resources: 0, errors: 200_000, warnings: 0 },
    ]);
  });
});
