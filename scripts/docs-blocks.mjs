// The ```ts blocks of the Markdown guides, shared by the docs test (which runs them) and
// scripts/typecheck-docs.mjs (which type-checks them), so both see exactly the same blocks.

/**
 * Extracts the ```ts / ```typescript blocks of a Markdown text, skipping ```ts no-run and other
 * languages (fences of ``` or ~~~, any length).
 * @param {string} doc
 * @param {string} text
 * @returns {{ doc: string; index: number; line: number; code: string }[]}
 */
export function extractTsBlocks(doc, text) {
  const blocks = [];
  const lines = text.split('\n');
  /** @type {{ line: number; run: boolean; body: string[] } | undefined} */
  let open;
  let fence = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (open === undefined) {
      const m = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(line);
      if (m === null) continue;
      fence = m[2] ?? '```';
      const lang = m[3] ?? '';
      const info = (m[4] ?? '').trim();
      const run = (lang === 'ts' || lang === 'typescript') && !/\bno-run\b/.test(info);
      open = { line: i + 1, run, body: [] };
    } else if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
      if (open.run) blocks.push({ doc, index: blocks.length, line: open.line, code: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  return blocks;
}
