/**
 * How much the panel of a track agrees, over the complete block of entries × judges (panel.ts):
 * Kendall's W on the judges' orders, and the ICC(2,1) and ICC(2,k) on their totals, each with a
 * band that the screens turn into plain words (client/i18n/messages/analysis.ts).
 */
import { compare, rational, type Rational } from '../rational';
import type { EntryId, JudgeId } from '../types';
import { completeBlock, type Panel } from './panel';
import { iccTable, kendallW, round4, toNumber } from './stats';

/**
 * Bands of Kendall's W after Schmidt (1997), who reads W = 0.1 as very weak, 0.3 weak, 0.5 moderate,
 * 0.7 strong and 0.9 unusually strong agreement; each anchor is the lower bound of its band here
 * (W < 0.3 very weak).
 */
export const W_BANDS = ['veryWeak', 'weak', 'moderate', 'strong', 'veryStrong'] as const;
export type WBand = (typeof W_BANDS)[number];

/** Bands of an ICC after Koo & Li (2016): below 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, above 0.9 excellent. */
export const ICC_BANDS = ['poor', 'moderate', 'good', 'excellent'] as const;
export type IccBand = (typeof ICC_BANDS)[number];

const atLeast = (value: Rational, n: number, d: number) => compare(value, rational(n, d)) >= 0;

/** The band of W, decided on its exact value. */
export function wBand(w: Rational): WBand {
  if (atLeast(w, 9, 10)) return 'veryStrong';
  if (atLeast(w, 7, 10)) return 'strong';
  if (atLeast(w, 5, 10)) return 'moderate';
  if (atLeast(w, 3, 10)) return 'weak';
  return 'veryWeak';
}

/** The band of an ICC, decided on its exact value: 0.75 is good, 0.9 still good, above 0.9 excellent. */
export function iccBand(icc: Rational): IccBand {
  if (compare(icc, rational(9, 10)) > 0) return 'excellent';
  if (atLeast(icc, 3, 4)) return 'good';
  if (atLeast(icc, 1, 2)) return 'moderate';
  return 'poor';
}

/** Why a coefficient could not be computed: fewer than 2 entries or 2 judges in the block, or no spread. */
export const NOT_COMPUTED = ['too_few', 'no_spread'] as const;
export type NotComputed = (typeof NOT_COMPUTED)[number];

export interface AgreementAnalysis<E = EntryId, J = JudgeId> {
  /** The complete block the coefficients are computed on, and what was left out to get it. */
  block: { entryIds: E[]; judgeIds: J[]; leftOutEntries: E[]; leftOutJudges: J[] };
  kendallW:
    | { w: number; band: WBand; chiSquare: number; df: number; entries: number; judges: number }
    | { w: null; reason: NotComputed };
  icc:
    | { single: number; singleBand: IccBand; average: number; averageBand: IccBand; entries: number; judges: number }
    | { single: null; reason: NotComputed };
}

/** W and the ICC over the largest complete block of the panel's totals. */
export function analyzeAgreement(panel: Panel, scoredEntries: readonly EntryId[]): AgreementAnalysis {
  const block = completeBlock(scoredEntries, panel.judges, (e, j) => panel.cell(e, j) !== undefined);
  const matrix = block.entries.map((e) => block.judges.map((j) => panel.cell(e, j)!.total));
  const tooFew = block.entries.length < 2 || block.judges.length < 2;
  const w = tooFew ? null : kendallW(matrix);
  const icc = tooFew ? null : iccTable(matrix);
  const reason: NotComputed = tooFew ? 'too_few' : 'no_spread';
  const size = { entries: block.entries.length, judges: block.judges.length };
  return {
    block: {
      entryIds: block.entries,
      judgeIds: block.judges,
      leftOutEntries: scoredEntries.filter((e) => !block.entries.includes(e)),
      leftOutJudges: panel.judges.filter((j) => !block.judges.includes(j)),
    },
    kendallW: w ? { w: round4(toNumber(w.w)), band: wBand(w.w), chiSquare: round4(toNumber(w.chiSquare)), df: w.df, ...size } : { w: null, reason },
    icc:
      icc?.icc21 && icc.icc2k
        ? { single: round4(toNumber(icc.icc21)), singleBand: iccBand(icc.icc21), average: round4(toNumber(icc.icc2k)), averageBand: iccBand(icc.icc2k), ...size }
        : { single: null, reason },
  };
}
