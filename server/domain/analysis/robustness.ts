/**
 * How far the awards rest on who sat on the panel and on the aggregation policy. Every variant is
 * scored by `computeTrackResults` itself, so tiers come from the real rules: the policy and its
 * fall-backs, the tie-break chain, boundary ties left to the host, the minimum award score.
 *
 * - Leave one judge out: the track without each judge in turn (a jackknife over judges).
 * - Bootstrap over judges: panels of the same size drawn with replacement from the judges, seeded
 *   (Efron & Tibshirani 1993); a judge drawn twice counts twice.
 * - Policy sensitivity: the same sheets under mean, trimmed, median and zscore.
 */
import type { AggregationConfig, AggregationPolicyName } from '../../protocol/contestFile';
import { randomIndex, prng } from '../random';
import { computeTrackResults, type TrackResults } from '../results';
import type { EntryId, JudgeId, SubmittedSheet } from '../types';
import type { AnalysisInput } from './panel';
import { round4 } from './stats';

/** Where an entry ends in one variant: an award tier (null: none), or an award left to the host. */
export interface Outcome {
  award: string | null;
  /** The entry shares a rank across an award boundary: its award waits on a host decision. */
  pending: boolean;
}

export interface Placed extends Outcome {
  rank: number | null;
  /** Published score, hundredths; null when not ranked. */
  final: number | null;
}

/** Every entry's place and outcome in a results object; an unranked entry has no place and no award. */
export function placesOf(results: TrackResults): (entryId: EntryId) => Placed {
  // A tie the host must settle is an outcome of its own; an award held only for the host's
  // confirmation of a short panel (a resampled panel is often short) is still that award.
  const byId = new Map(results.ranking.map((e) => [e.entryId, { award: e.award, pending: e.pending === 'tie', rank: e.rank, final: e.final }]));
  return (entryId) => byId.get(entryId) ?? { award: null, pending: false, rank: null, final: null };
}

export const sameOutcome = (a: Outcome, b: Outcome) => a.award === b.award && a.pending === b.pending;

/** Outcomes in the order the screens list them: the tiers best first, then no award, then pending. */
export function outcomeOrder(tiers: readonly string[]): (a: Outcome, b: Outcome) => number {
  const position = (o: Outcome) => (o.pending ? tiers.length + 1 : o.award === null ? tiers.length : tiers.indexOf(o.award));
  return (a, b) => position(a) - position(b);
}

export interface LeaveOneOut<J = JudgeId> {
  /** Best and worst place over the variants in which the entry is ranked. */
  bestRank: number | null;
  worstRank: number | null;
  /** Every outcome seen, the full panel's included, in tier order. */
  outcomes: Outcome[];
  /** The judges without whom the entry's outcome differs, and what it becomes. */
  changes: ({ judgeId: J; rank: number | null } & Outcome)[];
}

/**
 * The judges without whom an entry's outcome changes, grouped by what it becomes (place and
 * outcome), in the order first seen: "without J1 or J3: place 5, no award" is one line.
 */
export function changesByEffect<J>(loo: LeaveOneOut<J>): ({ rank: number | null; judgeIds: J[] } & Outcome)[] {
  const groups: ({ rank: number | null; judgeIds: J[] } & Outcome)[] = [];
  for (const c of loo.changes) {
    const found = groups.find((g) => g.rank === c.rank && sameOutcome(g, c));
    if (found) found.judgeIds.push(c.judgeId);
    else groups.push({ rank: c.rank, award: c.award, pending: c.pending, judgeIds: [c.judgeId] });
  }
  return groups;
}

/** The track without each judge in turn; per entry, the range of places and outcomes. */
export function leaveOneJudgeOut(input: AnalysisInput, full: TrackResults, entries: readonly EntryId[]): Map<EntryId, LeaveOneOut> {
  const order = outcomeOrder(input.rules.awards.map((a) => a.key));
  const variants = input.judges.map((judgeId) => ({
    judgeId,
    placeOf: placesOf(computeTrackResults({ ...input, sheets: input.sheets.filter((s) => s.judgeId !== judgeId) })),
  }));
  const fullPlace = placesOf(full);
  return new Map(
    entries.map((entryId) => {
      const base = fullPlace(entryId);
      const seen = variants.map((v) => {
        const { award, pending, rank } = v.placeOf(entryId);
        return { judgeId: v.judgeId, award, pending, rank };
      });
      const ranks = seen.flatMap((s) => (s.rank === null ? [] : [s.rank]));
      const outcomes = [base, ...seen].filter((o, i, all) => all.findIndex((p) => sameOutcome(p, o)) === i).map(({ award, pending }) => ({ award, pending }));
      return [
        entryId,
        {
          bestRank: ranks.length === 0 ? null : Math.min(...ranks),
          worstRank: ranks.length === 0 ? null : Math.max(...ranks),
          outcomes: outcomes.sort(order),
          changes: seen.filter((s) => !sameOutcome(s, base)),
        },
      ];
    }),
  );
}

export interface Bootstrap {
  /** How often each outcome came out, in tier order. */
  outcomes: (Outcome & { count: number; probability: number })[];
  /** Share of resamples with the full panel's outcome (4 decimals). */
  holds: number;
  /** The outcome held in fewer than `fragileBelowPercent` % of the resamples. */
  fragile: boolean;
}

/**
 * `resamples` panels of the same size, each drawn with replacement from `input.judges` (by
 * position) with the seeded PRNG; a drawn judge brings their sheets and recusals under a fresh id.
 */
export function bootstrapJudges(
  input: AnalysisInput,
  full: TrackResults,
  entries: readonly EntryId[],
  options: { seed: string; resamples: number; fragileBelowPercent: number },
): Map<EntryId, Bootstrap> {
  const random = prng(options.seed);
  const k = input.judges.length;
  const sheetsOf = new Map<JudgeId, SubmittedSheet[]>(input.judges.map((j) => [j, []]));
  for (const s of input.sheets) sheetsOf.get(s.judgeId)?.push(s);
  const counts = new Map<EntryId, { outcome: Outcome; count: number }[]>(entries.map((e) => [e, []]));
  for (let b = 0; b < options.resamples; b++) {
    const drawn = Array.from({ length: k }, () => input.judges[randomIndex(random, k)]!);
    const results = computeTrackResults({
      ...input,
      sheets: drawn.flatMap((judgeId, slot) => sheetsOf.get(judgeId)!.map((s) => ({ ...s, judgeId: slot + 1 }))),
      recusals: drawn.flatMap((judgeId, slot) => input.recusals.filter((r) => r.judgeId === judgeId).map((r) => ({ ...r, judgeId: slot + 1 }))),
    });
    const placeOf = placesOf(results);
    for (const entryId of entries) {
      const { award, pending } = placeOf(entryId);
      const list = counts.get(entryId)!;
      const found = list.find((c) => sameOutcome(c.outcome, { award, pending }));
      if (found) found.count++;
      else list.push({ outcome: { award, pending }, count: 1 });
    }
  }
  const order = outcomeOrder(input.rules.awards.map((a) => a.key));
  const fullPlace = placesOf(full);
  return new Map(
    entries.map((entryId) => {
      const base = fullPlace(entryId);
      const list = counts.get(entryId)!.sort((a, b) => order(a.outcome, b.outcome));
      const held = list.find((c) => sameOutcome(c.outcome, base))?.count ?? 0;
      return [
        entryId,
        {
          outcomes: list.map((c) => ({ ...c.outcome, count: c.count, probability: round4(c.count / options.resamples) })),
          holds: round4(held / options.resamples),
          // Exact: held / resamples < p / 100.
          fragile: held * 100 < options.fragileBelowPercent * options.resamples,
        },
      ];
    }),
  );
}

/** The four policies side by side: the track's own settings where it has them, else the defaults. */
export function policyVariants(configured: AggregationConfig): AggregationConfig[] {
  const bonus = configured.bonus;
  const trimmed: AggregationConfig = configured.policy === 'trimmed' ? configured : { policy: 'trimmed', bonus, trim: 1, minPanel: 5 };
  const all: Record<AggregationPolicyName, AggregationConfig> = {
    mean: { policy: 'mean', bonus },
    trimmed,
    median: { policy: 'median', bonus },
    zscore: { policy: 'zscore', bonus },
  };
  return Object.values(all);
}

export interface PolicySensitivity<E = EntryId> {
  /** The columns: each policy with its settings; `configured` marks the track's own. */
  policies: { aggregation: AggregationConfig; configured: boolean }[];
  /** One row per scored entry, in the ranking order of the configured policy. */
  rows: { entryId: E; cells: Placed[]; awardChanges: boolean }[];
  /** Entries whose award (or pending state) differs under some policy. */
  changed: E[];
}

/** The same sheets under every policy. */
export function policySensitivity(input: AnalysisInput, full: TrackResults, entries: readonly EntryId[]): PolicySensitivity {
  const variants = policyVariants(input.rules.aggregation).map((aggregation) => {
    const configured = aggregation.policy === input.rules.aggregation.policy;
    const results = configured ? full : computeTrackResults({ ...input, rules: { ...input.rules, aggregation } });
    return { aggregation, configured, placeOf: placesOf(results) };
  });
  const fullPlace = placesOf(full);
  const rows = entries.map((entryId) => {
    const base = fullPlace(entryId);
    const cells = variants.map(({ placeOf }) => placeOf(entryId));
    return { entryId, cells, awardChanges: cells.some((c) => !sameOutcome(c, base)) };
  });
  return {
    policies: variants.map(({ aggregation, configured }) => ({ aggregation, configured })),
    rows,
    changed: rows.filter((r) => r.awardChanges).map((r) => r.entryId),
  };
}
