/**
 * One judge's sheet against the track's rubric: what may be saved (a draft), what may be submitted,
 * and the judge's total. The judge pad runs the same code, so it shows the total the server will use.
 */
import { formatPointsCompact } from './format';
import type { Rubric, RubricItem, SheetValues } from './types';

/** Which part of the sheet a key belongs to: the rubric's criteria or its bonus items. */
export type SheetSection = 'criteria' | 'bonus';

/**
 * One thing wrong with a sheet, naming the criterion or bonus item (`key`) so the pad can mark the
 * field. Values are hundredths, as on the sheet.
 */
export type SheetProblem =
  /** A criterion has no value, and the sheet is being submitted. */
  | { code: 'missing'; section: 'criteria'; key: string }
  /** A key that is not on the rubric (or is in the wrong section: a bonus key among the criteria). */
  | { code: 'unknown_key'; section: SheetSection; key: string }
  /** The value is not a whole number of hundredths (a fraction, NaN, Infinity or not a number). */
  | { code: 'not_integer'; section: SheetSection; key: string; value: unknown }
  /** Below 0 or above the item's max. */
  | { code: 'out_of_range'; section: SheetSection; key: string; value: number; min: 0; max: number }
  /** Not a whole multiple of the item's step. */
  | { code: 'off_step'; section: SheetSection; key: string; value: number; step: number };

function checkItems(
  section: SheetSection,
  items: readonly RubricItem[],
  values: Record<string, number>,
  requireAll: boolean,
  problems: SheetProblem[],
): void {
  const known = new Map(items.map((item) => [item.key, item]));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ code: 'unknown_key', section, key });
  }
  for (const item of items) {
    const key = item.key;
    if (!Object.hasOwn(values, key) || values[key] === undefined) {
      if (requireAll) problems.push({ code: 'missing', section: 'criteria', key });
      continue;
    }
    const value: unknown = values[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      problems.push({ code: 'not_integer', section, key, value });
    } else if (value < 0 || value > item.max) {
      problems.push({ code: 'out_of_range', section, key, value, min: 0, max: item.max });
    } else if (value % item.step !== 0) {
      problems.push({ code: 'off_step', section, key, value, step: item.step });
    }
  }
}

/**
 * Every problem with a sheet, in rubric order (criteria, then bonus; unknown keys first in each).
 * An empty list means the sheet may be saved (`draft`: criteria may be missing) or submitted
 * (`submit`: every criterion present). Bonus items are optional in both modes; absent means 0.
 */
export function validateSheet(rubric: Rubric, values: SheetValues, mode: 'draft' | 'submit'): SheetProblem[] {
  const problems: SheetProblem[] = [];
  checkItems('criteria', rubric.criteria, values.scores, mode === 'submit', problems);
  checkItems('bonus', rubric.bonus, values.bonus, false, problems);
  return problems;
}

function sumOf(items: readonly RubricItem[], values: Record<string, number>): number {
  let total = 0;
  for (const item of items) {
    const value = Object.hasOwn(values, item.key) ? values[item.key] : undefined;
    if (value !== undefined) total += value;
  }
  return total;
}

/** Sum of the criteria on the sheet, in hundredths (missing criteria count 0; unknown keys are ignored). */
export function criteriaTotal(rubric: Rubric, values: SheetValues): number {
  return sumOf(rubric.criteria, values.scores);
}

/** Sum of the bonus items on the sheet, in hundredths (absent items count 0). */
export function bonusTotal(rubric: Rubric, values: SheetValues): number {
  return sumOf(rubric.bonus, values.bonus);
}

/**
 * The judge's total in hundredths: criteria plus bonus, whatever the track's bonus mode (in
 * `separate` mode the aggregation splits them again). Meant for valid sheets; a draft's total
 * counts only what has been entered.
 */
export function judgeTotal(rubric: Rubric, values: SheetValues): number {
  return criteriaTotal(rubric, values) + bonusTotal(rubric, values);
}

/** A problem in plain words, e.g. '21 is above the max 20' (points, as the judge typed them). */
export function describeSheetProblem(problem: SheetProblem): string {
  const item = problem.section === 'bonus' ? 'bonus item' : 'criterion';
  switch (problem.code) {
    case 'missing':
      return 'no score given';
    case 'unknown_key':
      return `not a ${item} of this track`;
    case 'not_integer':
      return `${String(problem.value)} is not a whole number of hundredths`;
    case 'out_of_range':
      return problem.value < problem.min
        ? `${formatPointsCompact(problem.value)} is below the min ${formatPointsCompact(problem.min)}`
        : `${formatPointsCompact(problem.value)} is above the max ${formatPointsCompact(problem.max)}`;
    case 'off_step':
      return `${formatPointsCompact(problem.value)} is not a multiple of the step ${formatPointsCompact(problem.step)}`;
  }
}

function sameMap(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * The same scores, bonus and comment. A judge whose draft differs from their submitted sheet is
 * amending it (修改未提交): the console says so, and closing the entry warns.
 */
export function sameSheet(a: SheetValues & { comment: string }, b: SheetValues & { comment: string }): boolean {
  return sameMap(a.scores, b.scores) && sameMap(a.bonus, b.bonus) && a.comment === b.comment;
}

/** A stored sheet as far as amending goes: the submitted values and the latest draft. */
export interface SubmittedAndDraft {
  submittedAt: unknown;
  scores: Record<string, number> | null;
  bonus: Record<string, number> | null;
  comment: string | null;
  draft: (SheetValues & { comment: string }) | null;
}

/** The judge changed their submitted sheet (the server holds a different draft) and has not submitted again. */
export function isAmending(sheet: SubmittedAndDraft | undefined): boolean {
  if (!sheet || sheet.submittedAt === null || sheet.scores === null || !sheet.draft) return false;
  return !sameSheet(sheet.draft, { scores: sheet.scores, bonus: sheet.bonus ?? {}, comment: sheet.comment ?? '' });
}
