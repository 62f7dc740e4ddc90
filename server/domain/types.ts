/**
 * The shapes the scoring rules work on. All points are integer hundredths of a point
 * (12.5 points = 1250), so sums and comparisons are exact.
 */
import type { AggregationConfig, TieBreakConfig } from '../protocol/contestFile';

export type EntryId = number;
export type JudgeId = number;

/** One line of a rubric: a criterion or a bonus item. */
export interface RubricItem {
  key: string;
  /** Highest allowed value, in hundredths. */
  max: number;
  /** Values must be whole multiples of this, in hundredths. */
  step: number;
}

/** What a single sheet is checked and totalled against: the criteria and the bonus items. */
export interface Rubric {
  criteria: readonly RubricItem[];
  bonus: readonly RubricItem[];
}

/** Everything the scoring rules need to know about one track. */
export interface TrackRules {
  criteria: RubricItem[];
  bonus: RubricItem[];
  aggregation: AggregationConfig;
  tieBreaks: TieBreakConfig[];
  /** Award tiers from the best down (一等奖 first). */
  awards: { key: string; count: number }[];
  /** Entries below this final score (hundredths) get no award. */
  minAwardScore?: number | undefined;
  /**
   * An award given on fewer counted judges than this stays provisional until the host confirms
   * it. Undefined: the aggregation rule's own minimum (`minPanel` of `trimmed`), else none.
   */
  minAwardPanel?: number | undefined;
}

/** What a judge entered for one entry: criterion key to hundredths, bonus key to hundredths. */
export interface SheetValues {
  scores: Record<string, number>;
  bonus: Record<string, number>;
}

/** A submitted sheet as the aggregation sees it. */
export interface SubmittedSheet {
  judgeId: JudgeId;
  entryId: EntryId;
  values: SheetValues;
}

export interface Recusal {
  judgeId: JudgeId;
  entryId: EntryId;
}

/**
 * A host decision that orders entries the tie-break chain could not separate
 * (the `manual` rule). `order` lists entry ids best first.
 */
export interface ManualTieDecision {
  order: EntryId[];
}
