/**
 * The one entry point for a track's results: the live server (on every close of scoring), the
 * exports and the results CLI all call {@link computeTrackResults}, so the board, the ceremony and
 * the printed results cannot disagree. Pure: same input, same output, on any machine.
 */
import type { AggregationPolicyName } from '../protocol/contestFile';
import { aggregateEntry, type Dropped, type JudgeValue, type PolicyFallback } from './aggregate';
import { minAwardPanelOf } from './rules';
import { allocateAwards, type BoundaryTie } from './awards';
import { byListing, rankEntries, type RankCandidate, type TieBreakDecision } from './ranking';
import { add, meanOfIntegers, rational, roundToInteger, sqrtFixed, toDecimal, type Rational } from './rational';
import { bonusTotal, criteriaTotal, describeSheetProblem, validateSheet } from './sheet';
import type { EntryId, JudgeId, ManualTieDecision, Recusal, SheetValues, SubmittedSheet, TrackRules } from './types';
import { zscoreAdjust } from './zscore';

export type { BoundaryTie } from './awards';
export type { TieBreakDecision } from './ranking';
export type { PolicyFallback, Dropped } from './aggregate';

export interface TrackResultsInput {
  rules: TrackRules;
  /** Rankable entries: closed and eligible (absent or disqualified entries are left out by the caller). */
  entries: EntryId[];
  /** Submitted sheets; sheets of entries not in `entries` are ignored. */
  sheets: SubmittedSheet[];
  recusals: Recusal[];
  /** Host decisions for ties, in the order they were recorded (a later one wins). */
  manualDecisions: ManualTieDecision[];
  /**
   * The judges who score the track: an entry's expected panel is these minus the judges recused
   * from it. Without it, an entry's expected panel is the judges counted.
   */
  panel?: readonly JudgeId[];
  /** Entries whose award on a panel below the minimum the host confirmed (on the record). */
  panelConfirmed?: readonly EntryId[];
  /**
   * Entry codes, which list entries sharing a place and unranked entries in the same order
   * wherever results are computed (ids differ between the database and a contest file). Entries
   * without a code are listed by id.
   */
  codes?: ReadonlyMap<EntryId, string>;
}

/** One counted judge's line in an entry's explanation. */
export interface JudgeLine {
  judgeId: JudgeId;
  /** Criteria plus bonus, hundredths. */
  total: number;
  criteriaTotal: number;
  bonusTotal: number;
  /** Under zscore: this judge's value mapped onto the panel scale (hundredths, rounded); else null. */
  adjusted: number | null;
  /** Left out of the score by the trimmed mean or the median, and from which end. */
  dropped: Dropped | null;
}

/** Exact values as decimal text in points: exact when they end within 6 decimals, else cut with '…'. */
export interface ExactFigures {
  score: string;
  untrimmedMean: string;
  criterionMeans: Record<string, string>;
}

export interface EntryResult {
  entryId: EntryId;
  /** Published score: hundredths, rounded half up from the exact score. Ranking uses this. */
  final: number;
  rank: number;
  /** No rule separated this entry from another with the same rank. */
  sharedRank: boolean;
  /**
   * Award tier key; null for no award, and while a tie at an award boundary leaves it open. An
   * award held for a short panel keeps its tier (with `provisional`).
   */
  award: string | null;
  /**
   * The award waits on the host: the entry shares a rank across an award boundary (`award` null),
   * or it has an award on fewer counted judges than the track's minimum panel and the host has
   * not confirmed it (`pending` says which).
   */
  provisional: boolean;
  pending: 'tie' | 'panel' | null;
  /** Judges expected to score the entry (the track's judges not recused from it). */
  expected: number;
  /** Fewer judges counted than the track's minimum panel for an award. */
  shortPanel: boolean;
  /** The host confirmed this entry's award on a short panel. */
  panelConfirmed: boolean;
  /** Counted judges, by judge id. */
  judges: JudgeLine[];
  /** Judges whose sheet was present but not counted because they are recused. */
  recused: JudgeId[];
  counted: number;
  /** How many judge values the score averages (counted minus dropped). */
  kept: number;
  /** The policy actually applied (e.g. `mean` when `trimmed` had too few judges); see `fallback`. */
  policyApplied: AggregationPolicyName;
  fallback: PolicyFallback | null;
  bonusMode: 'inTotal' | 'separate';
  /** Mean of the judges' bonus totals over the counted judges (hundredths, rounded). */
  bonusMean: number;
  /** Plain mean of all counted judge totals (hundredths, rounded). */
  untrimmedMean: number;
  /** Mean of each criterion over the counted judges (hundredths, rounded; ties compare them exactly). */
  criterionMeans: Record<string, number>;
  bonusMeans: Record<string, number>;
  /** Range of the counted judge totals (highest − lowest), hundredths: the `lowerSpread` measure. */
  spread: number;
  /** The tie-break rule that placed this entry against its same-score neighbour; null if the score decided. */
  decidedBy: TieBreakDecision | null;
  /** Other entries with the same published score. */
  tiedWith: EntryId[];
  exact: ExactFigures;
}

/** Why a rankable entry is not in the ranking. */
export interface UnrankedEntry {
  entryId: EntryId;
  reason: 'no_counted_sheets';
  /** Judges whose sheet was present but not counted because they are recused. */
  recused: JudgeId[];
  /** Judges expected to score it (none of whom was counted). */
  expected: number;
}

/** The panel scale of the zscore policy, for the explanation (hundredths, rounded). */
export interface ZScoreSummary {
  panelMean: number;
  panelStdDev: number;
  judges: { judgeId: JudgeId; entries: number; mean: number; stdDev: number }[];
}

export interface TrackResults {
  /** Scored entries in rank order (shared ranks listed by entry code). */
  ranking: EntryResult[];
  /** Rankable entries without a single counted sheet, by entry code: not ranked, no award. */
  unranked: UnrankedEntry[];
  /** Equal published scores spanning an award boundary, resolved or waiting on the host. */
  boundaryTies: BoundaryTie[];
  /** Some award waits on a host decision (a tie, a short panel); the ceremony must not reveal this track. */
  provisional: boolean;
  /** The minimum panel for a final award (see {@link minAwardPanelOf}). */
  minAwardPanel: number;
  /** Present when the track's policy is zscore. */
  zscore: ZScoreSummary | null;
}

/** The input breaks an invariant the caller must keep (duplicate sheets, a sheet the rubric rejects). */
export class ScoringInputError extends Error {
  override name = 'ScoringInputError';
}

interface CountedSheet {
  judgeId: JudgeId;
  values: SheetValues;
  criteriaTotal: number;
  bonusTotal: number;
  total: number;
}

const points = (r: Rational) => toDecimal(r, 100n, 2, 6);

function meansOf(sheets: readonly CountedSheet[], keys: readonly string[], pick: (s: CountedSheet) => Record<string, number>) {
  const out = new Map<string, Rational>();
  for (const key of keys) out.set(key, meanOfIntegers(sheets.map((s) => pick(s)[key] ?? 0)));
  return out;
}

const rounded = (means: ReadonlyMap<string, Rational>) =>
  Object.fromEntries([...means].map(([k, v]) => [k, roundToInteger(v)]));

/**
 * Ranks and awards one track. Only sheets of rankable entries count, minus those of recused judges;
 * the policy adapts to the number actually counted. Throws {@link ScoringInputError} on two sheets
 * from one judge for one entry or on a sheet that does not pass `validateSheet(rules, _, 'submit')`.
 */
export function computeTrackResults(input: TrackResultsInput): TrackResults {
  const { rules } = input;
  const codeOf = (entryId: EntryId) => input.codes?.get(entryId);
  const entryIds = [...new Set(input.entries)];
  const rankable = new Set(entryIds);
  const recusedPairs = new Set(input.recusals.map((r) => `${r.judgeId}:${r.entryId}`));
  const expectedOf = (entryId: EntryId, counted: number) =>
    input.panel ? input.panel.filter((j) => !recusedPairs.has(`${j}:${entryId}`)).length : counted;
  const minAwardPanel = minAwardPanelOf(rules);
  const confirmed = new Set(input.panelConfirmed ?? []);

  const counted = new Map<EntryId, CountedSheet[]>(entryIds.map((id) => [id, []]));
  const recused = new Map<EntryId, JudgeId[]>(entryIds.map((id) => [id, []]));
  const seen = new Set<string>();
  for (const sheet of input.sheets) {
    if (!rankable.has(sheet.entryId)) continue;
    const pair = `${sheet.judgeId}:${sheet.entryId}`;
    if (seen.has(pair)) throw new ScoringInputError(`two sheets from judge ${sheet.judgeId} for entry ${sheet.entryId}`);
    seen.add(pair);
    const problems = validateSheet(rules, sheet.values, 'submit');
    if (problems.length > 0) {
      const first = problems[0]!;
      throw new ScoringInputError(
        `sheet of judge ${sheet.judgeId} for entry ${sheet.entryId}: ${first.key}: ${describeSheetProblem(first)}`,
      );
    }
    if (recusedPairs.has(pair)) {
      recused.get(sheet.entryId)!.push(sheet.judgeId);
      continue;
    }
    const c = criteriaTotal(rules, sheet.values);
    const b = bonusTotal(rules, sheet.values);
    counted.get(sheet.entryId)!.push({ judgeId: sheet.judgeId, values: sheet.values, criteriaTotal: c, bonusTotal: b, total: c + b });
  }
  for (const list of counted.values()) list.sort((a, b) => a.judgeId - b.judgeId);
  for (const list of recused.values()) list.sort((a, b) => a - b);

  const separate = rules.aggregation.bonus === 'separate';
  // The value the policy works on: the whole total, or the criteria alone when the bonus is added after.
  const policyValue = (s: CountedSheet) => (separate ? s.criteriaTotal : s.total);
  const scored = entryIds.filter((id) => counted.get(id)!.length > 0);

  const z =
    rules.aggregation.policy === 'zscore'
      ? zscoreAdjust(scored.flatMap((entryId) => counted.get(entryId)!.map((s) => ({ entryId, judgeId: s.judgeId, value: policyValue(s) }))))
      : null;
  const useAdjusted = z !== null && z.fallback === null;

  const candidates: RankCandidate[] = [];
  const details = new Map<EntryId, Omit<EntryResult, 'rank' | 'sharedRank' | 'award' | 'provisional' | 'pending' | 'decidedBy' | 'tiedWith'>>();
  for (const entryId of scored) {
    const sheets = counted.get(entryId)!;
    const adjustedRow = useAdjusted ? z.adjusted.get(entryId)! : null;
    const values: JudgeValue[] = sheets.map((s) => ({
      judgeId: s.judgeId,
      value: adjustedRow ? adjustedRow.get(s.judgeId)! : rational(policyValue(s)),
    }));
    const aggregate =
      z !== null && z.fallback !== null
        ? { ...aggregateEntry({ policy: 'mean', bonus: rules.aggregation.bonus }, values), fallback: z.fallback }
        : aggregateEntry(rules.aggregation, values);

    const bonusMeanExact = meanOfIntegers(sheets.map((s) => s.bonusTotal));
    const score = separate ? add(aggregate.score, bonusMeanExact) : aggregate.score;
    const totals = sheets.map((s) => s.total);
    const untrimmed = meanOfIntegers(totals);
    const criterionMeans = meansOf(sheets, rules.criteria.map((c) => c.key), (s) => s.values.scores);
    const bonusMeans = meansOf(sheets, rules.bonus.map((b) => b.key), (s) => s.values.bonus);
    const spread = Math.max(...totals) - Math.min(...totals);
    const final = roundToInteger(score);

    candidates.push({ entryId, code: codeOf(entryId), final, criterionMeans, untrimmedMean: untrimmed, spread });
    details.set(entryId, {
      entryId,
      final,
      judges: sheets.map((s) => ({
        judgeId: s.judgeId,
        total: s.total,
        criteriaTotal: s.criteriaTotal,
        bonusTotal: s.bonusTotal,
        adjusted: adjustedRow ? roundToInteger(adjustedRow.get(s.judgeId)!) : null,
        dropped: aggregate.dropped.get(s.judgeId) ?? null,
      })),
      recused: recused.get(entryId)!,
      counted: sheets.length,
      expected: expectedOf(entryId, sheets.length),
      shortPanel: sheets.length < minAwardPanel,
      panelConfirmed: sheets.length < minAwardPanel && confirmed.has(entryId),
      kept: aggregate.kept,
      policyApplied: aggregate.policyApplied,
      fallback: aggregate.fallback,
      bonusMode: rules.aggregation.bonus,
      bonusMean: roundToInteger(bonusMeanExact),
      untrimmedMean: roundToInteger(untrimmed),
      criterionMeans: rounded(criterionMeans),
      bonusMeans: rounded(bonusMeans),
      spread,
      exact: {
        score: points(score),
        untrimmedMean: points(untrimmed),
        criterionMeans: Object.fromEntries([...criterionMeans].map(([k, v]) => [k, points(v)])),
      },
    });
  }

  const ranked = rankEntries(candidates, rules.criteria, rules.tieBreaks, input.manualDecisions);
  const awards = allocateAwards(ranked, rules.awards, rules.minAwardScore);
  const ranking: EntryResult[] = ranked.map((r) => {
    const detail = details.get(r.entryId)!;
    const award = awards.award.get(r.entryId) ?? null;
    // An award on a panel below the minimum waits for the host, who confirms it on the record.
    const pending = awards.provisional.has(r.entryId) ? 'tie' : award !== null && detail.shortPanel && !detail.panelConfirmed ? 'panel' : null;
    return { ...detail, rank: r.rank, sharedRank: r.sharedRank, award, provisional: pending !== null, pending, decidedBy: r.decidedBy, tiedWith: r.tiedWith };
  });

  const stdDev = (variance: Rational) => roundToInteger(sqrtFixed(variance, 6));
  return {
    ranking,
    unranked: entryIds
      .filter((id) => counted.get(id)!.length === 0)
      .sort((a, b) => byListing({ entryId: a, code: codeOf(a) }, { entryId: b, code: codeOf(b) }))
      .map((entryId) => ({ entryId, reason: 'no_counted_sheets' as const, recused: recused.get(entryId)!, expected: expectedOf(entryId, 0) })),
    boundaryTies: awards.boundaryTies,
    provisional: ranking.some((e) => e.provisional),
    minAwardPanel,
    zscore:
      z === null
        ? null
        : {
            panelMean: roundToInteger(z.panelMean),
            panelStdDev: stdDev(z.panelVariance),
            judges: z.judges.map((j) => ({ judgeId: j.judgeId, entries: j.entries, mean: roundToInteger(j.mean), stdDev: stdDev(j.variance) })),
          },
  };
}
