import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type LoadIssue, loadResourceBytes, type Resource, type ResourcePlace } from '../models/index.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface LoadedPaths {
  resources: Resource[];
  /** Where each resource was read (`places[i]` is about `resources[i]`). */
  places: ResourcePlace[];
  /** Validation issues found in the documents (errors and warnings). */
  issues: LoadIssue[];
  /** Files that were read, in a stable (sorted) order. */
  files: string[];
  /** Paths that could not be read (missing, unreadable): a usage-level failure (exit 2). */
  unreadable: { path: string; message: string }[];
  /** Number of valid resources per file read (same keys as `files`). */
  resourcesPerFile: Record<string, number>;
}

async function collect(path: string, out: string[], unreadable: LoadedPaths['unreadable']): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    unreadable.push({ path, message: describe(error) });
    return;
  }
  if (info.isDirectory()) {
    const entries = (await readdir(path)).sort();
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const child = join(path, entry);
      const childInfo = await stat(child).catch(() => undefined);
      if (childInfo?.isDirectory() === true || EXTENSIONS.has(extname(entry).toLowerCase())) {
        await collect(child, out, unreadable);
      }
    }
  } else {
    out.push(path);
  }
}

function describe(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'is a directory';
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads `.yaml`/`.yml`/`.json` files (directories recursively, sorted, dot-files skipped) and loads
 * every document. Files are decoded as strict UTF-8; an explicitly named file is read whatever
 * its extension. With `lines`, each document issue carries its 1-based source line; with
 * `uniqueKeys`, a repeated mapping key is an issue (see `LoadOptions.uniqueKeys`).
 */
export async function loadPaths(
  paths: readonly string[],
  opts: { lines?: boolean; uniqueKeys?: boolean; namespace?: string } = {},
): Promise<LoadedPaths> {
  const files: string[] = [];
  const unreadable: LoadedPaths['unreadable'] = [];
  for (const p of paths) await collect(p, files, unreadable);
  const resources: Resource[] = [];
  const places: ResourcePlace[] = [];
  const issues: LoadIssue[] = [];
  const resourcesPerFile: Record<string, number> = {};
  const read: string[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      unreadable.push({ path: file, message: describe(error) });
      continue;
    }
    const result = loadResourceBytes(bytes, {
      source: file,
      ...(opts.lines === true ? { lines: true } : {}),
      ...(opts.uniqueKeys === true ? { uniqueKeys: true } : {}),
      ...(opts.namespace !== undefined ? { kubernetes: { namespace: opts.namespace } } : {}),
    });
    read.push(file);
    resourcesPerFile[file] = result.resources.length;
    // One by one: spreading a large array into push() overflows the stack.
    for (const r of result.resources) resources.push(r);
    for (const p of result.places) places.push(p);
    for (const i of result.issues) issues.push(i);
  }
  return { resources, places, issues, files: read, unreadable, resourcesPerFile };
}
