/**
 * Ranking of a track: by published score (what the hall sees), then through the track's tie-break
 * chain for entries with equal published scores. Each rule splits a tied group into ordered
 * sub-groups; the next rule only sees what is still tied. Entries that no rule separates share a
 * rank (1, 2, 2, 4). All comparisons are exact (rationals), never on rounded means.
 */
import type { TieBreakConfig, TieBreakRuleName } from '../protocol/contestFile';
import { compare, type Rational } from './rational';
import type { EntryId, ManualTieDecision, RubricItem } from './types';

/** What the ranking needs to know about one scored entry. */
export interface RankCandidate {
  entryId: EntryId;
  /** The entry's code: lists entries that share a place (see {@link byListing}). */
  code?: string;
  /** Published score, hundredths (already rounded). */
  final: number;
  /** Exact mean of each criterion over the counted judges. */
  criterionMeans: ReadonlyMap<string, Rational>;
  /** Exact plain mean of all counted judge totals. */
  untrimmedMean: Rational;
  /** Range (highest − lowest) of the counted judge totals, hundredths. */
  spread: number;
}

/** The rule that put one entry above another with the same published score. */
export interface TieBreakDecision {
  rule: TieBreakRuleName;
  /** The criterion that decided, for `criterion` and `criteriaByWeight`. */
  key?: string;
}

export interface RankedEntry {
  entryId: EntryId;
  final: number;
  rank: number;
  /** Another entry has the same rank (no rule separated them). */
  sharedRank: boolean;
  /**
   * The tie-break rule that separated this entry from the adjacent entry with the same published
   * score: the one ranked just above if a rule separated them, else the one just below; null when the
   * score alone decided (or, for a shared rank, when no rule separated it from either neighbour).
   */
  decidedBy: TieBreakDecision | null;
  /** Other entries with the same published score, whatever the tie-breaks made of it. */
  tiedWith: EntryId[];
}

interface Resolution {
  classes: RankCandidate[][];
  /** separations[i] is the rule that put classes[i] above classes[i + 1]. */
  separations: TieBreakDecision[];
}

type Comparison = { cmp: number; key?: string };

/**
 * The order in which entries no rule separates are listed: by code (plain character order, the
 * same on every machine), then by id. The code is what the contest file carries, so the live
 * view, the exports and the results CLI (where ids are positions in the file) list them alike.
 */
export function byListing(a: { entryId: EntryId; code?: string }, b: { entryId: EntryId; code?: string }): number {
  const x = a.code ?? '';
  const y = b.code ?? '';
  return x < y ? -1 : x > y ? 1 : a.entryId - b.entryId;
}

/** Criteria by descending max; equal weights keep rubric order (Array.prototype.sort is stable). */
export function criteriaByWeightOrder(criteria: readonly RubricItem[]): string[] {
  return [...criteria].sort((a, b) => b.max - a.max).map((c) => c.key);
}

function meanOf(c: RankCandidate, key: string): Rational {
  const value = c.criterionMeans.get(key);
  if (value === undefined) throw new RangeError(`entry ${c.entryId} has no mean for criterion "${key}"`);
  return value;
}

/** Negative when a ranks above b under the rule, 0 when the rule cannot separate them. */
function comparer(rule: TieBreakConfig, weightOrder: readonly string[]): (a: RankCandidate, b: RankCandidate) => Comparison {
  switch (rule.rule) {
    case 'criterion':
      return (a, b) => ({ cmp: compare(meanOf(b, rule.key), meanOf(a, rule.key)), key: rule.key });
    case 'criteriaByWeight':
      return (a, b) => {
        for (const key of weightOrder) {
          const cmp = compare(meanOf(b, key), meanOf(a, key));
          if (cmp !== 0) return { cmp, key };
        }
        return { cmp: 0 };
      };
    case 'untrimmedMean':
      return (a, b) => ({ cmp: compare(b.untrimmedMean, a.untrimmedMean) });
    case 'lowerSpread':
      return (a, b) => ({ cmp: a.spread - b.spread });
    case 'manual':
      throw new Error('manual is not a comparison');
  }
}

/** The last decision that lists every entry of the group, as position by entry; else null. */
function manualOrder(group: readonly RankCandidate[], decisions: readonly ManualTieDecision[]): Map<EntryId, number> | null {
  for (let i = decisions.length - 1; i >= 0; i--) {
    const order = decisions[i]!.order;
    if (group.every((c) => order.includes(c.entryId))) return new Map(order.map((id, pos) => [id, pos]));
  }
  return null;
}

function resolve(
  group: RankCandidate[],
  chain: readonly TieBreakConfig[],
  index: number,
  weightOrder: readonly string[],
  decisions: readonly ManualTieDecision[],
): Resolution {
  const rule = chain[index];
  if (group.length === 1 || rule === undefined) {
    return { classes: [[...group].sort(byListing)], separations: [] };
  }
  let cmp: (a: RankCandidate, b: RankCandidate) => Comparison;
  if (rule.rule === 'manual') {
    const order = manualOrder(group, decisions);
    if (order === null) return resolve(group, chain, chain.length, weightOrder, decisions);
    cmp = (a, b) => ({ cmp: order.get(a.entryId)! - order.get(b.entryId)! });
  } else {
    cmp = comparer(rule, weightOrder);
  }
  const sorted = [...group].sort((a, b) => cmp(a, b).cmp || byListing(a, b));
  const runs: RankCandidate[][] = [];
  for (const c of sorted) {
    const run = runs[runs.length - 1];
    if (run && cmp(run[0]!, c).cmp === 0) run.push(c);
    else runs.push([c]);
  }
  const out: Resolution = { classes: [], separations: [] };
  runs.forEach((run, i) => {
    if (i > 0) {
      const { key } = cmp(runs[i - 1]![0]!, run[0]!);
      out.separations.push(key === undefined ? { rule: rule.rule } : { rule: rule.rule, key });
    }
    const inner = resolve(run, chain, index + 1, weightOrder, decisions);
    out.classes.push(...inner.classes);
    out.separations.push(...inner.separations);
  });
  return out;
}

/**
 * Orders scored entries: published score descending, then the tie-break chain. A host decision
 * (`manual`) always has the last word: if the chain does not name `manual`, it is implied at its end.
 * A decision applies to a tied group when it lists every entry of the group (the last such decision
 * wins); it orders them by their positions in the decision.
 */
export function rankEntries(
  candidates: readonly RankCandidate[],
  criteria: readonly RubricItem[],
  tieBreaks: readonly TieBreakConfig[],
  decisions: readonly ManualTieDecision[],
): RankedEntry[] {
  const chain = tieBreaks.some((r) => r.rule === 'manual') ? tieBreaks : [...tieBreaks, { rule: 'manual' as const }];
  const weightOrder = criteriaByWeightOrder(criteria);
  const byScore = [...candidates].sort((a, b) => b.final - a.final || byListing(a, b));

  const ranked: RankedEntry[] = [];
  let start = 0;
  while (start < byScore.length) {
    let end = start + 1;
    while (end < byScore.length && byScore[end]!.final === byScore[start]!.final) end++;
    const group = byScore.slice(start, end);
    const { classes, separations } = resolve(group, chain, 0, weightOrder, decisions);
    const ids = group.map((c) => c.entryId);
    let rank = start + 1;
    classes.forEach((cls, i) => {
      const above = i > 0 ? separations[i - 1]! : null;
      const below = i < classes.length - 1 ? separations[i]! : null;
      cls.forEach((c, j) => {
        // Only the first of a class touches the class above, only the last the class below.
        const decidedBy = (j === 0 ? above : null) ?? (j === cls.length - 1 ? below : null);
        ranked.push({
          entryId: c.entryId,
          final: c.final,
          rank,
          sharedRank: cls.length > 1,
          decidedBy,
          tiedWith: ids.filter((id) => id !== c.entryId),
        });
      });
      rank += cls.length;
    });
    start = end;
  }
  return ranked;
}
