/**
 * The panel of one track as a matrix: which judge has a counted sheet for which entry (submitted,
 * for a rankable entry, not recused), and the largest complete block of it that Kendall's W and the
 * ICC need. Built from the same input as `computeTrackResults`, so it counts exactly the sheets the
 * scores count.
 */
import type { TrackResultsInput } from '../results';
import { judgeTotal } from '../sheet';
import type { EntryId, JudgeId, SheetValues } from '../types';

/** What the analysis needs on top of the results' input. */
export interface AnalysisInput extends TrackResultsInput {
  /**
   * The track's judges in contest order (the order of the contest file; on the server, the order of
   * their ids). The bootstrap draws judges by position in this list, so the console and the offline
   * command must pass the same order to get the same figures. Every sheet's judge must be listed.
   */
  judges: JudgeId[];
}

/** The input breaks a rule of the analysis (a sheet from a judge who is not on the panel, ...). */
export class AnalysisInputError extends Error {
  override name = 'AnalysisInputError';
}

export interface CountedCell {
  total: number;
  values: SheetValues;
}

export interface Panel {
  judges: JudgeId[];
  /** Rankable entries, in the order given. */
  entries: EntryId[];
  /** The counted sheet of a judge for an entry; undefined: no sheet, or recused. */
  cell(entryId: EntryId, judgeId: JudgeId): CountedCell | undefined;
  recused(entryId: EntryId, judgeId: JudgeId): boolean;
  /** Counted sheets of an entry, in panel order. */
  countedOf(entryId: EntryId): { judgeId: JudgeId; cell: CountedCell }[];
}

const pairKey = (entryId: EntryId, judgeId: JudgeId) => `${entryId}:${judgeId}`;

/**
 * The matrix of counted sheets. Call it after `computeTrackResults` has accepted the same input
 * (that checks every sheet against the rubric and refuses duplicates).
 */
export function buildPanel(input: AnalysisInput): Panel {
  const judges = [...input.judges];
  if (new Set(judges).size !== judges.length) throw new AnalysisInputError('a judge is listed twice');
  const onPanel = new Set(judges);
  const entries = [...new Set(input.entries)];
  const rankable = new Set(entries);
  const recusals = new Set(input.recusals.map((r) => pairKey(r.entryId, r.judgeId)));
  const cells = new Map<string, CountedCell>();
  for (const sheet of input.sheets) {
    if (!rankable.has(sheet.entryId)) continue;
    if (!onPanel.has(sheet.judgeId)) throw new AnalysisInputError(`a sheet of judge ${sheet.judgeId}, who is not on the panel`);
    const key = pairKey(sheet.entryId, sheet.judgeId);
    if (recusals.has(key)) continue;
    cells.set(key, { total: judgeTotal(input.rules, sheet.values), values: sheet.values });
  }
  const cell = (entryId: EntryId, judgeId: JudgeId) => cells.get(pairKey(entryId, judgeId));
  return {
    judges,
    entries,
    cell,
    recused: (entryId, judgeId) => recusals.has(pairKey(entryId, judgeId)),
    countedOf: (entryId) => judges.flatMap((judgeId) => {
      const c = cell(entryId, judgeId);
      return c ? [{ judgeId, cell: c }] : [];
    }),
  };
}

/**
 * The complete block for W and the ICC: both need every judge's score for every entry. Repeatedly,
 * among the entries and judges that still miss a score, the ones with the fewest scores are left
 * out, all of them at once (entries before judges when they tie: the panel is what is measured),
 * until nothing is missing. The rule never looks at ids or order, so relabelling changes nothing.
 * A recused judge or a missing sheet costs one entry (its other scores), or one judge when that
 * judge missed more than the entry would cost.
 */
export function completeBlock<E, J>(entries: readonly E[], judges: readonly J[], has: (entry: E, judge: J) => boolean): { entries: E[]; judges: J[] } {
  let rows = [...entries];
  let cols = [...judges];
  for (;;) {
    const rowScores = rows.map((e) => cols.filter((j) => has(e, j)).length);
    const colScores = cols.map((j) => rows.filter((e) => has(e, j)).length);
    const incompleteRows = rowScores.filter((s) => s < cols.length);
    const incompleteCols = colScores.filter((s) => s < rows.length);
    if (rows.length === 0 || cols.length === 0) return { entries: [], judges: [] };
    if (incompleteRows.length === 0 && incompleteCols.length === 0) return { entries: rows, judges: cols };
    const fewest = Math.min(...incompleteRows, ...incompleteCols);
    // Only incomplete lines can have `fewest` scores: a complete one has more.
    if (incompleteRows.includes(fewest)) rows = rows.filter((_, i) => rowScores[i] !== fewest);
    else cols = cols.filter((_, i) => colScores[i] !== fewest);
  }
}
