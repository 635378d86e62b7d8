/**
 * Turning the scored candidates of one target into an explanation: every policy that matched
 * (with its best selector), sorted the way the decision was made, and a one-line reason.
 */
import { MeshPolicyError, parseTimeNanos } from '../models/index.js';
import { beats, type CompiledPolicy, rankFromKey, type Scored, timeOf } from './core.js';
import type { LegacyCandidate, LegacyExplanation, LegacyTieBreak } from './types.js';

/** Keeps each policy's best candidate and sorts them winner first. */
export function rankCandidates<P>(
  scored: readonly Scored<P>[],
  tieBreak: LegacyTieBreak,
  byName: boolean,
): Scored<P>[] {
  const best = new Map<CompiledPolicy<P>, Scored<P>>();
  for (const s of scored) {
    const prev = best.get(s.cp);
    if (prev === undefined || beats(s, prev, tieBreak, byName)) best.set(s.cp, s);
  }
  return [...best.values()].sort((a, b) => (beats(a, b, tieBreak, byName) ? -1 : 1));
}

/** The public view of one scored candidate. */
export function toCandidate<P>(s: Scored<P>, tieBreak: LegacyTieBreak): LegacyCandidate<P> {
  timeOf(s.cp, tieBreak);
  return {
    policy: s.cp.policy,
    name: s.cp.name,
    field: s.field,
    selectorIndex: s.index,
    selector: s.match,
    rank: rankFromKey(s.rank),
    ...(s.sourceIndex >= 0 ? { sourceRank: rankFromKey(s.sourceRank), sourceIndex: s.sourceIndex } : {}),
    time: s.cp.timeString ?? '',
    timeField: s.cp.timeField ?? 'none',
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why candidate `w` beat candidate `r`, in one line ("3 tags beat 2", "same rank, created later").
 * `byName` = the function visits policies sorted by name (all but the direct tag-map functions).
 */
export function legacyReason<P>(
  w: LegacyCandidate<P> | undefined,
  r: LegacyCandidate<P> | undefined,
  byName = true,
): string {
  if (w === undefined || w === null) return 'no policy matches';
  if (r === undefined || r === null) return `"${w.name}" is the only matching policy`;
  if (w.rank == null || r.rank == null)
    throw new MeshPolicyError(
      'INVALID_INPUT',
      'legacyReason: both candidates must be LegacyCandidates (with a rank)',
    );
  const wt = w.rank.exact + w.rank.wildcard;
  const rt = r.rank.exact + r.rank.wildcard;
  if (wt !== rt) return `"${w.name}" wins: ${plural(wt, 'tag')} beat ${rt} of "${r.name}"`;
  if (w.rank.exact !== r.rank.exact) {
    return `"${w.name}" wins: same tag count (${wt}), ${w.rank.exact} exact beat ${r.rank.exact} exact of "${r.name}"`;
  }
  const tw = parseTimeNanos(w.time) ?? 0n;
  const tr = parseTimeNanos(r.time) ?? 0n;
  if (tw !== tr) {
    const verb = w.timeField === 'modificationTime' ? 'modified' : 'created';
    return `"${w.name}" wins: same rank, ${verb} later (${w.time} > ${r.time}) than "${r.name}"`;
  }
  if (byName && w.name !== r.name)
    return `"${w.name}" wins: same rank and time, its name sorts before "${r.name}"`;
  return `"${w.name}" wins: same rank and time as "${r.name}", and comes first in the input`;
}

/** Builds the explanation of one target. */
export function explainTarget<P>(
  target: string,
  scored: readonly Scored<P>[],
  tieBreak: LegacyTieBreak,
  byName: boolean,
): LegacyExplanation<P> {
  const sorted = rankCandidates(scored, tieBreak, byName);
  const candidates = sorted.map((s) => toCandidate(s, tieBreak));
  return {
    target,
    winner: sorted[0]?.cp.policy,
    candidates,
    reason: legacyReason(candidates[0], candidates[1], byName),
  };
}
