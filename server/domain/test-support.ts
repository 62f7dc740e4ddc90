/**
 * Builders for the scoring tests (not used by production code): small rubrics and sheets written
 * in points, so a test reads like the sheet a judge filled in.
 */
import type { AggregationConfig, TieBreakConfig } from '../protocol/contestFile';
import type { EntryId, JudgeId, RubricItem, SubmittedSheet, TrackRules } from './types';

/** Points (as a judge types them) to hundredths, for literals in tests: 17.5 → 1750. */
export const pts = (points: number): number => Math.round(points * 100);

export const DEFAULT_CRITERIA: RubricItem[] = [
  { key: 'design', max: 4000, step: 50 },
  { key: 'build', max: 4000, step: 50 },
  { key: 'pitch', max: 2000, step: 50 },
];

export const TRIMMED: AggregationConfig = { policy: 'trimmed', bonus: 'inTotal', trim: 1, minPanel: 5 };
export const DEFAULT_CHAIN: TieBreakConfig[] = [{ rule: 'criteriaByWeight' }, { rule: 'untrimmedMean' }, { rule: 'manual' }];

export function rules(overrides: Partial<TrackRules> = {}): TrackRules {
  return {
    criteria: DEFAULT_CRITERIA,
    bonus: [],
    aggregation: TRIMMED,
    tieBreaks: DEFAULT_CHAIN,
    awards: [
      { key: 'first', count: 1 },
      { key: 'second', count: 2 },
      { key: 'third', count: 3 },
    ],
    ...overrides,
  };
}

/** A rubric with one criterion `score` (0..100 points, step 0.01): sheets are just totals. */
export function totalsRules(overrides: Partial<TrackRules> = {}): TrackRules {
  return rules({ criteria: [{ key: 'score', max: 10000, step: 1 }], tieBreaks: [{ rule: 'untrimmedMean' }, { rule: 'manual' }], ...overrides });
}

/** A sheet for the default rubric from [design, build, pitch] in points, plus bonus in points. */
export function sheet(judgeId: JudgeId, entryId: EntryId, [design, build, pitch]: [number, number, number], bonus: Record<string, number> = {}): SubmittedSheet {
  return {
    judgeId,
    entryId,
    values: {
      scores: { design: pts(design), build: pts(build), pitch: pts(pitch) },
      bonus: Object.fromEntries(Object.entries(bonus).map(([k, v]) => [k, pts(v)])),
    },
  };
}

/** A sheet for {@link totalsRules}: the judge's total in points. */
export function totalSheet(judgeId: JudgeId, entryId: EntryId, total: number): SubmittedSheet {
  return { judgeId, entryId, values: { scores: { score: pts(total) }, bonus: {} } };
}

/** Sheets for one entry from totals in points, judges numbered 1, 2, ... */
export function panel(entryId: EntryId, totals: readonly number[]): SubmittedSheet[] {
  return totals.map((t, i) => totalSheet(i + 1, entryId, t));
}
