import { parseAllDocuments } from 'yaml';
import type { Issue } from './errors.js';
import { parseUniversal, type Resource } from './resource.js';

export interface LoadOptions {
  /** Name of the input (file path) copied into every issue. */
  source?: string;
}

export interface LoadResult {
  resources: Resource[];
  issues: Issue[];
}

/**
 * Parses multi-document YAML (or JSON) text into normalised resources. Invalid documents become
 * issues carrying `source`, `document` and a Kuma-style `path`; this function never throws.
 */
export function loadResources(text: string, opts: LoadOptions = {}): LoadResult {
  const resources: Resource[] = [];
  const issues: Issue[] = [];
  const at = (document: number, issue: Issue): Issue => ({
    ...issue,
    ...(opts.source !== undefined ? { source: opts.source } : {}),
    document,
  });
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) issues.push(at(index, { path: '', message: e.message }));
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    const result = parseUniversal(value);
    if (result.ok) resources.push(result.resource);
    else for (const issue of result.issues) issues.push(at(index, issue));
  });
  return { resources, issues };
}
