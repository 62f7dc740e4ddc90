/**
 * The analysis of one track: how far the organisers can trust its ranking. One entry point,
 * {@link analyzeTrack}, for the console (host only), the exports and `npm run analyze`, so they
 * cannot disagree; its answer is plain JSON (numbers, strings, arrays, null). Pure and
 * deterministic: the bootstrap's randomness comes from the seed. Formulas: docs/analysis.md.
 *
 * Cost: one `computeTrackResults` per judge (leave one out), three more for the other policies,
 * and one per resample; the resamples dominate (figures in docs/analysis.md, measured by
 * scripts/bench-analysis.ts). `resamples: 0` skips the bootstrap for a quick look.
 */
import { checkOutlierOptions, DEFAULT_OUTLIER_OPTIONS, entryOutliers, fullMarksOf, type OutlierOptions, type SheetOutlier } from '../outliers';
import { computeTrackResults } from '../results';
import type { EntryId, JudgeId } from '../types';
import { analyzeAgreement, type AgreementAnalysis } from './agreement';
import { analyzeJudges, type JudgeAnalysis } from './judges';
import { buildPanel, type AnalysisInput } from './panel';
import { bootstrapJudges, leaveOneJudgeOut, placesOf, policySensitivity, type Bootstrap, type LeaveOneOut, type PolicySensitivity } from './robustness';

export { AnalysisInputError, type AnalysisInput } from './panel';

export interface AnalysisOptions {
  /** Seed of the bootstrap: the same seed and input give the same figures. */
  seed: string;
  /** Bootstrap resamples; 0 skips the bootstrap. Default: {@link defaultResamples}. */
  resamples: number;
  /** An entry is fragile when its outcome holds in fewer than this percent of the resamples. */
  fragileBelowPercent: number;
  outliers: OutlierOptions;
  /** A judge is called lenient or severe from this mean deviation on, in percent of full marks. */
  severityFloorPercent: number;
  /** Fewest shared entries for a severity call or a rank agreement. */
  minEntries: number;
}

/**
 * Resamples by default: 1000 up to 200 judge × entry cells (7 judges and 28 entries), then fewer so
 * that one analysis stays within a few seconds (200 000 / cells, down to a hundred, at least 200).
 * The size decides, never the clock, so the console and the offline command pick the same number.
 */
export function defaultResamples(judges: number, entries: number): number {
  const cells = Math.max(1, judges * entries);
  return Math.max(200, Math.min(1000, Math.floor(200_000 / cells / 100) * 100));
}

export const DEFAULT_ANALYSIS_OPTIONS: Omit<AnalysisOptions, 'resamples'> = {
  seed: 'podium',
  fragileBelowPercent: 80,
  outliers: DEFAULT_OUTLIER_OPTIONS,
  severityFloorPercent: 5,
  minEntries: 3,
};

export type AnalysisOptionsInput = Partial<Omit<AnalysisOptions, 'outliers'>> & { outliers?: Partial<OutlierOptions> };

/**
 * Defaults filled in and every field checked (options may come from a command line or a request).
 * `size` (judges and scored entries) picks the default number of resamples.
 */
export function resolveAnalysisOptions(input: AnalysisOptionsInput, size: { judges: number; entries: number }): AnalysisOptions {
  // An option given as undefined takes its default, as an absent one does.
  const given = <T extends object>(o: T | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const options: AnalysisOptions = {
    ...DEFAULT_ANALYSIS_OPTIONS,
    resamples: defaultResamples(size.judges, size.entries),
    ...given(input),
    outliers: { ...DEFAULT_OUTLIER_OPTIONS, ...given(input.outliers) },
  };
  if (typeof options.seed !== 'string') throw new RangeError('seed must be text');
  if (!Number.isSafeInteger(options.resamples) || options.resamples < 0 || options.resamples > 100_000) throw new RangeError(`resamples must be a whole number from 0 to 100000 (got ${options.resamples})`);
  if (!(options.fragileBelowPercent >= 0 && options.fragileBelowPercent <= 100)) throw new RangeError(`fragileBelowPercent must be from 0 to 100 (got ${options.fragileBelowPercent})`);
  if (!(options.severityFloorPercent >= 0)) throw new RangeError(`severityFloorPercent must not be negative (got ${options.severityFloorPercent})`);
  if (!Number.isSafeInteger(options.minEntries) || options.minEntries < 2) throw new RangeError(`minEntries must be a whole number of at least 2 (got ${options.minEntries})`);
  checkOutlierOptions(options.outliers);
  return options;
}

/** A value far from the other judges' for the same entry: `key` is the criterion, null for the total. */
export interface OutlierFlag<E = EntryId, J = JudgeId> extends Omit<SheetOutlier, 'judgeId'> {
  entryId: E;
  judgeId: J;
}

export interface EntryAnalysis<E = EntryId, J = JudgeId> {
  entryId: E;
  /** Place, published score and outcome with the full panel. */
  rank: number;
  final: number;
  award: string | null;
  pending: boolean;
  /** Outlier flags on this entry's sheets. */
  flags: number;
  /** Null with fewer than two judges. */
  leaveOneOut: LeaveOneOut<J> | null;
  /** Null with fewer than two judges or without resamples. */
  bootstrap: Bootstrap | null;
}

export interface TrackAnalysis<E = EntryId, J = JudgeId> {
  options: AnalysisOptions;
  /** Per judge, in panel order. */
  judges: JudgeAnalysis<J>[];
  /** Per scored entry (at least one counted sheet), in ranking order. */
  entries: EntryAnalysis<E, J>[];
  /** Every outlier flag: by entry (ranking order), the total before the criteria. */
  outliers: OutlierFlag<E, J>[];
  agreement: AgreementAnalysis<E, J>;
  /** The headline of the robustness: which entries to look at. */
  robustness: {
    /** Entries whose outcome holds in fewer than `fragileBelowPercent` % of the resamples. */
    fragile: E[];
    /** Entries whose outcome changes when some single judge is left out. */
    restOnOneJudge: E[];
  };
  policies: PolicySensitivity<E>;
}

/**
 * Analyses one track. `input` is what `computeTrackResults` takes (the same sheets, recusals and
 * host decisions) plus the panel's judges in contest order. Throws `ScoringInputError` where
 * `computeTrackResults` would, {@link AnalysisInputError} for a sheet of a judge not on the panel,
 * and RangeError for bad options.
 */
export function analyzeTrack(input: AnalysisInput, optionsInput: AnalysisOptionsInput = {}): TrackAnalysis {
  const panel = buildPanel(input);
  const full = computeTrackResults(input);
  // The scored entries in ranking order, shared places by position in the input (not by id), so
  // relabelling changes no order. An entry without a counted sheet has nothing to analyse in any
  // variant (variants only drop or repeat sheets): it is left out, as an absent entry would be.
  const position = new Map(panel.entries.map((e, i) => [e, i]));
  const scored = full.ranking.map((e) => ({ id: e.entryId, rank: e.rank })).sort((a, b) => a.rank - b.rank || position.get(a.id)! - position.get(b.id)!).map((e) => e.id);
  const options = resolveAnalysisOptions(optionsInput, { judges: panel.judges.length, entries: scored.length });

  const outliers: OutlierFlag[] = scored.flatMap((entryId) =>
    entryOutliers(input.rules, panel.countedOf(entryId).map((c) => ({ judgeId: c.judgeId, values: c.cell.values })), options.outliers).map((o) => ({ ...o, entryId })),
  );
  const flagsOf = (judgeId: JudgeId) => ({
    total: outliers.filter((o) => o.judgeId === judgeId && o.key === null).length,
    criteria: outliers.filter((o) => o.judgeId === judgeId && o.key !== null).length,
  });

  // Who judged: a judge of the panel without a single counted sheet (absent all day) is neither left
  // out (nothing would change) nor drawn (a draw of nobody would thin the resampled panel).
  const judged = { ...input, judges: panel.judges.filter((j) => scored.some((e) => panel.cell(e, j) !== undefined)) };
  const enoughJudges = judged.judges.length >= 2;
  const loo = enoughJudges ? leaveOneJudgeOut(judged, full, scored) : null;
  const boot = enoughJudges && options.resamples > 0 ? bootstrapJudges(judged, full, scored, options) : null;
  const placeOf = placesOf(full);

  const analysed: EntryAnalysis[] = scored.map((entryId) => {
    const { rank, final, award, pending } = placeOf(entryId);
    return {
      entryId,
      rank: rank!,
      final: final!,
      award,
      pending,
      flags: outliers.filter((o) => o.entryId === entryId).length,
      leaveOneOut: loo?.get(entryId) ?? null,
      bootstrap: boot?.get(entryId) ?? null,
    };
  });

  return {
    options,
    judges: analyzeJudges(panel, scored, fullMarksOf(input.rules), options, flagsOf),
    entries: analysed,
    outliers,
    agreement: analyzeAgreement(panel, scored),
    robustness: {
      fragile: analysed.filter((e) => e.bootstrap?.fragile).map((e) => e.entryId),
      restOnOneJudge: analysed.filter((e) => (e.leaveOneOut?.changes.length ?? 0) > 0).map((e) => e.entryId),
    },
    policies: policySensitivity(input, full, scored),
  };
}

/**
 * The same analysis with entry ids and judge ids replaced, e.g. by entry codes and judge keys for
 * an export, so that the console's export and `npm run analyze` on the exported files print the
 * same JSON although their ids differ. Every id field is listed here; the types make a missed one
 * a compile error.
 */
export function relabelAnalysis<E, J, E2, J2>(a: TrackAnalysis<E, J>, entry: (id: E) => E2, judge: (id: J) => J2): TrackAnalysis<E2, J2> {
  return {
    options: a.options,
    judges: a.judges.map((j) => ({ ...j, judgeId: judge(j.judgeId) })),
    entries: a.entries.map((e) => ({
      ...e,
      entryId: entry(e.entryId),
      leaveOneOut: e.leaveOneOut && { ...e.leaveOneOut, changes: e.leaveOneOut.changes.map((c) => ({ ...c, judgeId: judge(c.judgeId) })) },
    })),
    outliers: a.outliers.map((o) => ({ ...o, entryId: entry(o.entryId), judgeId: judge(o.judgeId) })),
    agreement: {
      ...a.agreement,
      block: {
        entryIds: a.agreement.block.entryIds.map(entry),
        judgeIds: a.agreement.block.judgeIds.map(judge),
        leftOutEntries: a.agreement.block.leftOutEntries.map(entry),
        leftOutJudges: a.agreement.block.leftOutJudges.map(judge),
      },
    },
    robustness: { fragile: a.robustness.fragile.map(entry), restOnOneJudge: a.robustness.restOnOneJudge.map(entry) },
    policies: { ...a.policies, rows: a.policies.rows.map((r) => ({ ...r, entryId: entry(r.entryId) })), changed: a.policies.changed.map(entry) },
  };
}

