/**
 * Each judge against the rest of the panel: level and spread of their totals, severity or leniency
 * on the entries they share with the others, and how well their order agrees with the others'.
 * Formulas: docs/analysis.md. Points are hundredths; statistics are rounded to 4 decimals.
 */
import { decimalOption } from '../outliers';
import { abs, compare, div, meanOf, meanOfIntegers, mul, rational, roundToInteger, sub, sum, type Rational } from '../rational';
import type { EntryId, JudgeId } from '../types';
import type { Panel } from './panel';
import { round4, spearman, toNumber } from './stats';

export interface SeverityOptions {
  /** A judge is called lenient or severe from this mean deviation on, in percent of full marks. */
  severityFloorPercent: number;
  /** Fewest shared entries for a severity call or a rank agreement. */
  minEntries: number;
}

export interface JudgeAnalysis<J = JudgeId> {
  judgeId: J;
  /** Over the scored entries (at least one counted sheet): counted sheets, recusals, neither. */
  sheets: number;
  recused: number;
  missing: number;
  /** Mean, sample standard deviation, lowest and highest of the judge's totals, hundredths (null without sheets; sd below two). */
  mean: number | null;
  stdDev: number | null;
  min: number | null;
  max: number | null;
  /**
   * Mean of (this judge's total − the mean of the other judges' totals) over the entries the judge
   * shares with at least one other judge, hundredths: positive lenient, negative severe. `call` is
   * set when |mean| reaches the floor and exceeds twice its standard error, over enough entries.
   */
  severity: { mean: number; stdError: number | null; entries: number; call: 'lenient' | 'severe' | null } | null;
  /** Spearman's rho between this judge's totals and the other judges' mean, over the shared entries. */
  agreement: { rho: number; entries: number } | null;
  /** Outlier flags on this judge's sheets. */
  flags: { total: number; criteria: number };
}

function sampleVariance(values: readonly Rational[]): Rational | null {
  if (values.length < 2) return null;
  const m = meanOf(values);
  const squares = values.map((v) => {
    const d = sub(v, m);
    return mul(d, d);
  });
  return div(sum(squares), rational(values.length - 1));
}

const sqrtHundredths = (variance: Rational) => Math.round(Math.sqrt(toNumber(variance)));

/** Per-judge figures over the scored entries of the panel. */
export function analyzeJudges(
  panel: Panel,
  scoredEntries: readonly EntryId[],
  fullMarks: number,
  options: SeverityOptions,
  flagsOf: (judgeId: JudgeId) => { total: number; criteria: number },
): JudgeAnalysis[] {
  const floor = div(mul(rational(fullMarks), decimalOption('severityFloorPercent', options.severityFloorPercent, 0)), rational(100));
  return panel.judges.map((judgeId) => {
    const mine = scoredEntries.flatMap((e) => {
      const c = panel.cell(e, judgeId);
      return c ? [{ entryId: e, total: c.total }] : [];
    });
    const totals = mine.map((m) => m.total);
    const recused = scoredEntries.filter((e) => panel.recused(e, judgeId)).length;
    const variance = sampleVariance(totals.map((t) => rational(t)));

    // The same entries, against the others' mean on each.
    const shared = mine.flatMap(({ entryId, total }) => {
      const others = panel.countedOf(entryId).filter((c) => c.judgeId !== judgeId);
      return others.length === 0 ? [] : [{ total, othersMean: meanOfIntegers(others.map((o) => o.cell.total)) }];
    });
    let severity: JudgeAnalysis['severity'] = null;
    if (shared.length > 0) {
      const deviations = shared.map((s) => sub(rational(s.total), s.othersMean));
      const mean = meanOf(deviations);
      const v = sampleVariance(deviations);
      const errorSquared = v === null ? null : div(v, rational(deviations.length));
      // |mean| > 2·SE, compared squared and exactly: mean² > 4·SE².
      const clear = errorSquared === null || compare(mul(mean, mean), mul(rational(4), errorSquared)) > 0;
      const call = shared.length >= options.minEntries && compare(abs(mean), floor) >= 0 && clear ? (mean.n > 0n ? 'lenient' : 'severe') : null;
      severity = { mean: roundToInteger(mean), stdError: errorSquared === null ? null : sqrtHundredths(errorSquared), entries: shared.length, call };
    }
    const rho = shared.length >= options.minEntries ? spearman(shared.map((s) => rational(s.total)), shared.map((s) => s.othersMean), compare, compare) : null;

    return {
      judgeId,
      sheets: mine.length,
      recused,
      missing: scoredEntries.length - mine.length - recused,
      mean: totals.length === 0 ? null : roundToInteger(meanOfIntegers(totals)),
      stdDev: variance === null ? null : sqrtHundredths(variance),
      min: totals.length === 0 ? null : Math.min(...totals),
      max: totals.length === 0 ? null : Math.max(...totals),
      severity,
      agreement: rho === null ? null : { rho: round4(rho), entries: shared.length },
      flags: flagsOf(judgeId),
    };
  });
}
