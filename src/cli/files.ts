import { type BigIntStats, constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, lstat, open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type LoadIssue, loadResourceBytes, type Resource, type ResourcePlace } from '../models/index.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Largest file read by default (`--max-bytes`): 50 MiB. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/**
 * Largest `--max-bytes` accepted: 1 GiB, far beyond any policy file (and a JavaScript string
 * holds at most about 512 Mi characters anyway).
 */
export const MAX_MAX_BYTES = 1024 * 1024 * 1024;

export interface LoadedPaths {
  resources: Resource[];
  /** Where each resource was read (`places[i]` is about `resources[i]`). */
  places: ResourcePlace[];
  /**
   * Validation issues found in the documents (errors and warnings), and files over `maxBytes`
   * (an error of that file, which is not read).
   */
  issues: LoadIssue[];
  /** Files that were looked at (read, or refused for their size), in a stable (sorted) order. */
  files: string[];
  /**
   * Paths that could not be read (missing, unreadable, not a regular file, a symbolic link to a
   * directory named explicitly): a usage-level failure (exit 2).
   */
  unreadable: { path: string; message: string }[];
  /**
   * Entries met while walking a directory and deliberately not followed (symbolic links to
   * directories, a directory met twice through a bind mount): said, but not a failure.
   */
  skipped: { path: string; message: string }[];
  /** Number of valid resources per file read (same keys as `files`). */
  resourcesPerFile: Map<string, number>;
}

/** What kind of file system object `info` is, for messages ("a FIFO", "a character device"). */
function kindOf(info: Stats | BigIntStats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notRegular(info: Stats | BigIntStats, viaLink: boolean): string {
  const kind = kindOf(info);
  if (kind === 'not a regular file')
    return viaLink ? 'symbolic link to something that is not a regular file' : kind;
  return `${viaLink ? `symbolic link to ${kind}` : kind}: not a regular file`;
}

function describe(error: unknown): string {
  const code =
    error !== null && typeof error === 'object' && 'code' in error
      ? String((error as { code: unknown }).code)
      : undefined;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a component of the path is not a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENAMETOOLONG') return 'file name too long';
  // Node's own messages repeat the path unescaped: keep only the code.
  if (code !== undefined) return code;
  return error instanceof Error ? error.message : String(error);
}

/** One entry to look at: a path named by the user, or one found in a directory. */
interface Pending {
  path: string;
  /** Named on the command line (not found by walking a directory). */
  named: boolean;
  /** Has a `.yaml` / `.yml` / `.json` extension (or was named): read it if it is a file. */
  wanted: boolean;
  /**
   * A regular file by its directory entry's type (no lstat needed: the reader checks the type
   * again on the open descriptor).
   */
  file?: true;
}

/** A directory's entries worth looking at, sorted by name (dot-entries skipped). */
function entriesOf(dir: string, entries: readonly Dirent[]): Pending[] {
  const kept: Dirent[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    // Without the extension only directories matter (walked), and links (said when they lead
    // to a directory); an entry of unknown type (some file systems) is looked at with lstat.
    const known = entry.isFile() || entry.isDirectory() || entry.isSymbolicLink();
    if (wantedName(entry.name) || entry.isDirectory() || entry.isSymbolicLink() || !known) kept.push(entry);
  }
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return kept.map((e) => ({
    path: join(dir, e.name),
    named: false,
    wanted: wantedName(e.name),
    ...(e.isFile() ? { file: true as const } : {}),
  }));
}

function wantedName(name: string): boolean {
  return EXTENSIONS.has(extname(name).toLowerCase());
}

/**
 * The files to read under `root`, depth first in sorted order, without following any symbolic
 * link to a directory (two links to `.` would never end) and without walking one directory twice
 * (a bind mount of an ancestor). An explicit stack: a deep tree cannot overflow the call stack.
 */
async function collect(root: string, out: LoadedPaths): Promise<string[]> {
  const files: string[] = [];
  const walked = new Set<string>();
  const stack: Pending[] = [{ path: root, named: true, wanted: true }];
  while (stack.length > 0) {
    const item = stack.pop() as Pending;
    const { path } = item;
    if (item.file === true) {
      files.push(path);
      continue;
    }
    let info: BigIntStats;
    try {
      info = await lstat(path, { bigint: true });
    } catch (error) {
      if (item.wanted) out.unreadable.push({ path, message: describe(error) });
      continue;
    }
    if (info.isSymbolicLink()) {
      let target: Stats;
      try {
        target = await stat(path);
      } catch (error) {
        if (item.wanted) out.unreadable.push({ path, message: `broken symbolic link (${describe(error)})` });
        continue;
      }
      if (target.isDirectory()) {
        if (item.named)
          out.unreadable.push({
            path,
            message: 'symbolic link to a directory (not followed: name the directory itself)',
          });
        else out.skipped.push({ path, message: 'symbolic link to a directory' });
      } else if (!item.wanted) continue;
      else if (target.isFile()) files.push(path);
      else out.unreadable.push({ path, message: notRegular(target, true) });
      continue;
    }
    if (info.isDirectory()) {
      const id = `${info.dev}:${info.ino}`;
      if (walked.has(id)) {
        out.skipped.push({ path, message: 'directory already walked (a bind mount?)' });
        continue;
      }
      walked.add(id);
      let entries: Dirent[];
      try {
        entries = await readdir(path, { withFileTypes: true });
      } catch (error) {
        out.unreadable.push({ path, message: describe(error) });
        continue;
      }
      const children = entriesOf(path, entries);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Pending);
    } else if (item.wanted) {
      if (info.isFile()) files.push(path);
      else out.unreadable.push({ path, message: notRegular(info, false) });
    }
  }
  return files;
}

/** What reading a file gave: its bytes, or why it was not read. */
export type ReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; unreadable: string }
  | { ok: false; tooLarge: number };

/**
 * Reads a regular file of at most `maxBytes` bytes. The file is opened non-blocking (opening a
 * FIFO never waits for a writer), then checked on the open descriptor — it must be a regular file
 * (a FIFO or device swapped in after an earlier check is refused) no larger than `maxBytes` —
 * and read no further than its announced size, or `maxBytes + 1` bytes when it announces none.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<ReadResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return { ok: false, unreadable: describe(error) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, unreadable: notRegular(info, false) };
    if (info.size > maxBytes) return { ok: false, tooLarge: info.size };
    // The announced size, read as it is then (a file that grows meanwhile is read up to that
    // size). A file that announces none (a /proc file) is read to its end, up to the limit.
    const announced = info.size;
    let buffer = Buffer.allocUnsafe(announced > 0 ? announced : Math.min(maxBytes + 1, 64 * 1024));
    let length = 0;
    while (announced === 0 || length < announced) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, tooLarge: length };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, tooLarge: length };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, unreadable: describe(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads one path named by the user as a file: it (or the file a symbolic link leads to) must be
 * a regular file, checked with lstat/stat before it is opened (a device is never opened), then
 * read by `readRegularFile`.
 */
export async function readNamedFile(path: string, maxBytes: number): Promise<ReadResult> {
  let info: Stats;
  try {
    info = await lstat(path);
    if (info.isSymbolicLink()) {
      const target = await stat(path);
      if (target.isDirectory())
        return {
          ok: false,
          unreadable: 'symbolic link to a directory (not followed: name the directory itself)',
        };
      if (!target.isFile()) return { ok: false, unreadable: notRegular(target, true) };
    } else if (!info.isFile()) return { ok: false, unreadable: notRegular(info, false) };
  } catch (error) {
    return { ok: false, unreadable: describe(error) };
  }
  return readRegularFile(path, maxBytes);
}

/** The issue for a file over the size limit (not read). */
export function tooLargeIssue(file: string, size: number, maxBytes: number): LoadIssue {
  return {
    path: '',
    message: `file is ${size} bytes, more than --max-bytes ${maxBytes}: not read`,
    source: file,
    severity: 'error',
  };
}

/**
 * Reads `.yaml`/`.yml`/`.json` files (directories recursively, sorted, dot-files skipped) and loads
 * every document. Files are decoded as strict UTF-8; an explicitly named file is read whatever
 * its extension. With `lines`, each document issue carries its 1-based source line; with
 * `uniqueKeys`, a repeated mapping key is an issue (see `LoadOptions.uniqueKeys`).
 *
 * Hostile trees: a symbolic link to a directory is never followed (named: unreadable; found in a
 * walk: `skipped`); a symbolic link to a file is read only when it leads to a regular file; FIFOs,
 * devices and sockets are unreadable and never read (nor, when their type is known beforehand,
 * opened); a file over `maxBytes` (default `DEFAULT_MAX_BYTES`) is an issue and is not read.
 * O(n log n) in the number of directory entries (each directory's entries are sorted).
 */
export async function loadPaths(
  paths: readonly string[],
  opts: { lines?: boolean; uniqueKeys?: boolean; namespace?: string; maxBytes?: number } = {},
): Promise<LoadedPaths> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const out: LoadedPaths = {
    resources: [],
    places: [],
    issues: [],
    files: [],
    unreadable: [],
    skipped: [],
    resourcesPerFile: new Map(),
  };
  for (const root of paths) {
    for (const file of await collect(root, out)) {
      const read = await readRegularFile(file, maxBytes);
      if (!read.ok && 'unreadable' in read) {
        out.unreadable.push({ path: file, message: read.unreadable });
        continue;
      }
      out.files.push(file);
      if (!read.ok) {
        out.issues.push(tooLargeIssue(file, read.tooLarge, maxBytes));
        out.resourcesPerFile.set(file, 0);
        continue;
      }
      const result = loadResourceBytes(read.bytes, {
        source: file,
        maxBytes,
        ...(opts.lines === true ? { lines: true } : {}),
        ...(opts.uniqueKeys === true ? { uniqueKeys: true } : {}),
        ...(opts.namespace !== undefined ? { kubernetes: { namespace: opts.namespace } } : {}),
      });
      out.resourcesPerFile.set(file, result.resources.length);
      // One by one: spreading a large array into push() overflows the stack.
      for (const r of result.resources) out.resources.push(r);
      for (const p of result.places) out.places.push(p);
      for (const i of result.issues) out.issues.push(i);
    }
  }
  return out;
}

/** Help of `--max-bytes` for every command that reads files, its text starting at `column`. */
export function maxBytesHelp(column: number): string {
  return `  ${'--max-bytes <n>'.padEnd(column - 2)}largest file read, in bytes (default ${DEFAULT_MAX_BYTES}, 50 MiB):
${' '.repeat(column)}a larger file is an issue and is not read`;
}

/** Parses `--max-bytes`: the limit, or a usage message. */
export function parseMaxBytes(value: string | undefined): number | string {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_MAX_BYTES))
    return `--max-bytes must be a whole number of bytes from 1 to ${MAX_MAX_BYTES} (got "${value}")`;
  return n;
}
