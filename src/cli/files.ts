import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type Issue, loadResources, type Resource } from '../models/index.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface LoadedPaths {
  resources: Resource[];
  /** Validation issues found in the documents. */
  issues: Issue[];
  /** Files that were read, in a stable (sorted) order. */
  files: string[];
  /** Paths that could not be read (missing, unreadable): a usage-level failure (exit 2). */
  unreadable: { path: string; message: string }[];
}

async function collect(path: string, out: string[], unreadable: LoadedPaths['unreadable']): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    unreadable.push({ path, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (info.isDirectory()) {
    const entries = (await readdir(path)).sort();
    for (const entry of entries) {
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

/** Reads `.yaml`/`.yml`/`.json` files (directories recursively, sorted) and loads every document. */
export async function loadPaths(paths: readonly string[]): Promise<LoadedPaths> {
  const files: string[] = [];
  const unreadable: LoadedPaths['unreadable'] = [];
  for (const p of paths) await collect(p, files, unreadable);
  const resources: Resource[] = [];
  const issues: Issue[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      unreadable.push({ path: file, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const result = loadResources(text, { source: file });
    resources.push(...result.resources);
    issues.push(...result.issues);
  }
  return { resources, issues, files, unreadable };
}
