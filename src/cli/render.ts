/**
 * Readable (non-JSON) output of the inspect, lint and diff commands: plain-text tables that line
 * up in a terminal and in CI logs. Pure string building; the commands write the result.
 */
import type {
  DataplaneReport,
  EffectiveConf,
  InspectPolicyRef,
  InspectRule,
  LintFinding,
  PolicyChange,
  PolicyTypeReport,
} from '../inspect/index.js';

/** Renders rows under a header, each column padded to its widest cell. O(cells). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...cells): spreading a long column into a call overflows the stack.
  const widths = header.map((h) => h.length);
  for (const row of rows)
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? '').length);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Longest value a table cell shows; `--json` always has the full value. */
export const MAX_CELL = 100;

/**
 * Compact one-line form of a JSON value (strings unquoted when they are plain words), cut to
 * `MAX_CELL` characters with an ellipsis.
 */
export function renderValue(value: unknown): string {
  let text: string;
  if (value === undefined) return '-';
  if (typeof value === 'string') text = /^[\w./:*@-]+$/.test(value) ? value : JSON.stringify(value);
  else text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

function ref(p: InspectPolicyRef | undefined): string {
  return p === undefined ? '-' : p.name;
}

/** `kuma.io/service=web, !version=v1` (or `*` for the empty subset: every element). */
export function renderSubset(subset: InspectRule['subset']): string {
  if (subset.length === 0) return '*';
  return subset.map((t) => `${t.not === true ? '!' : ''}${t.key}=${t.value}`).join(',');
}

function confRows(scope: string, target: string, conf: EffectiveConf, rows: string[][]): void {
  if (conf.fields.length === 0) {
    rows.push([scope, target, '', renderValue(conf.conf), '-']);
    return;
  }
  for (const f of conf.fields) rows.push([scope, target, f.path, renderValue(f.value), ref(f.setBy)]);
}

function renderType(t: PolicyTypeReport): string {
  const out: string[] = [];
  if (t.kind === 'error') {
    out.push(`== ${t.type} ==`, `error (${t.error.code}): ${t.error.message}`);
    return out.join('\n');
  }
  if (t.kind === 'legacy') {
    out.push(`== ${t.type} (legacy) ==`);
    const rows = t.selections.map((s) => [
      s.scope,
      s.key === '' ? '*' : s.key,
      s.applied !== undefined ? s.applied.map((p) => p.name).join(', ') || '-' : ref(s.selected),
      String(s.candidates.length),
      s.reason,
    ]);
    out.push(
      rows.length === 0
        ? 'no policy of this type applies'
        : renderTable(['SCOPE', 'TARGET', 'SELECTED', 'CANDIDATES', 'WHY'], rows),
    );
    return out.join('\n');
  }
  if (t.kind === 'passthrough') {
    out.push(`== ${t.type} ==`);
    out.push(`policies (lowest priority first): ${t.policies.map((p) => p.name).join(', ') || '-'}`);
    const meshDefault = t.meshPassthrough ? 'everything passes' : 'nothing passes';
    out.push(
      t.mode === 'mesh-default'
        ? `mode: mesh default (${meshDefault})`
        : `mode: ${t.mode}${modeSetter(t)}${t.effective ? '' : ' (no effect on this proxy)'}`,
    );
    if (t.matchers.length > 0) {
      const rows = t.matchers.flatMap((m) =>
        m.routes.length === 0
          ? [[m.protocol, m.port === 0 ? '*' : String(m.port), '-', '-']]
          : m.routes.map((r) => [m.protocol, m.port === 0 ? '*' : String(m.port), r.matchType, r.value]),
      );
      out.push(renderTable(['PROTOCOL', 'PORT', 'MATCH', 'VALUE'], rows));
    }
    const entries = t.conf?.fields.filter((f) => f.path.startsWith('appendMatch[')) ?? [];
    if (entries.length > 0) {
      out.push(
        renderTable(
          ['ENTRY', 'VALUE', 'SET BY'],
          entries.map((f) => [f.path, renderValue(f.value), f.setBy?.name ?? '-']),
        ),
      );
    }
    return out.join('\n');
  }
  out.push(`== ${t.type} (targetRef) ==`);
  out.push(`matched policies (lowest priority first): ${t.policies.map((p) => p.name).join(', ') || '-'}`);
  const rows: string[][] = [];
  if (t.effective.proxy !== undefined) confRows('proxy', '*', t.effective.proxy, rows);
  for (const [inbound, subsets] of Object.entries(t.effective.inbounds)) {
    for (const s of subsets) confRows('inbound', `${inbound} from ${renderSubset(s.subset)}`, s, rows);
  }
  for (const [service, conf] of Object.entries(t.effective.outbounds))
    confRows('outbound', service, conf, rows);
  for (const [listener, subsets] of Object.entries(t.effective.listeners ?? {})) {
    for (const s of subsets) confRows('listener', `${listener} to ${renderSubset(s.subset)}`, s, rows);
  }
  if (rows.length > 0) out.push(renderTable(['SCOPE', 'TARGET', 'FIELD', 'VALUE', 'SET BY'], rows));
  else out.push('no effective configuration');
  return out.join('\n');
}

function modeSetter(t: { conf?: EffectiveConf }): string {
  const f = t.conf?.fields.find((x) => x.path === 'passthroughMode');
  return f?.setBy !== undefined ? ` (set by ${f.setBy.name})` : ' (unset: the semantics default)';
}

/** Whether a type section has anything to show (policies applied, or an error). */
function applies(t: PolicyTypeReport): boolean {
  if (t.kind === 'error') return true;
  if (t.kind === 'legacy') return t.selections.some((s) => s.selected !== undefined);
  return t.policies.length > 0;
}

/** The readable form of one dataplane report: a header, one section per policy type, warnings. */
export function renderInspectReport(report: DataplaneReport): string {
  const d = report.dataplane;
  const out: string[] = [
    `Dataplane ${d.mesh}/${d.name} (${d.proxyType}, transparent proxying: ${d.transparentProxying ? 'yes' : 'no'})`,
    `  inbounds:  ${d.inbounds.join(', ') || '-'}`,
    `  outbounds: ${d.outbounds.join(', ') || '-'}`,
  ];
  const idle: string[] = [];
  for (const t of report.types) {
    if (applies(t)) out.push('', renderType(t));
    else idle.push(t.type);
  }
  if (report.types.length === 0) out.push('', 'no policies in the input');
  if (idle.length > 0) out.push('', `no policy applies to this proxy: ${idle.join(', ')}`);
  if (report.warnings.length > 0) {
    out.push('', '== warnings ==');
    for (const w of report.warnings) {
      const about = [w.policy !== undefined ? `policy ${w.policy.name}` : '', w.path ?? ''].filter(
        (x) => x !== '',
      );
      out.push(`- [${w.type}] ${w.code}: ${w.message}${about.length > 0 ? ` (${about.join(', ')})` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The readable form of lint findings, errors first, with a summary line. */
export function renderLintFindings(findings: readonly LintFinding[]): string {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const summary = `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`;
  if (findings.length === 0) return `no findings\n`;
  const rows = findings.map((f) => [
    f.severity,
    f.code,
    // mesh/name (as kumactl prints it) so same-named policies of two meshes stay apart
    `${f.resource.type} ${f.resource.mesh !== '' ? `${f.resource.mesh}/` : ''}${f.resource.name}${f.path !== undefined ? ` ${f.path}` : ''}`,
    f.message,
  ]);
  return `${renderTable(['SEVERITY', 'CODE', 'RESOURCE', 'MESSAGE'], rows)}\n\n${summary}\n`;
}

/** The readable form of a diff: one row per changed value, grouped by dataplane. */
export function renderPolicyChanges(changes: readonly PolicyChange[]): string {
  if (changes.length === 0) return 'no dataplane changes\n';
  const rows = changes.map((c) => [
    `${c.dataplane.mesh}/${c.dataplane.name}`,
    c.type === '' ? '-' : c.type,
    c.key === '' ? c.scope : `${c.scope} ${c.key}`,
    c.path === '' ? '-' : c.path,
    renderValue(c.before),
    renderValue(c.after),
  ]);
  const dataplanes = new Set(changes.map((c) => `${c.dataplane.mesh}/${c.dataplane.name}`)).size;
  return `${renderTable(['DATAPLANE', 'TYPE', 'WHERE', 'FIELD', 'BEFORE', 'AFTER'], rows)}\n\n${changes.length} change(s) affecting ${dataplanes} dataplane(s)\n`;
}
