/**
 * The Chinese words of the files Podium writes for the contest office (results CSV, the Excel
 * workbook): a Chinese office files them, so they are in Chinese, whatever language the host's
 * screen shows. Screens have their own words in client/i18n.
 */
import type { TieBreakDecision } from '../domain/results';
import type { AggregationConfig } from '../protocol/contestFile';

/** The tie-break rule that placed an entry against its same-score neighbour, in words. */
export function decidedByText(decision: TieBreakDecision | null, labelOf: (criterionKey: string) => string): string {
  if (decision === null) return '';
  switch (decision.rule) {
    case 'criterion':
      return `单项「${labelOf(decision.key ?? '')}」平均分更高`;
    case 'criteriaByWeight':
      return decision.key === undefined ? '按分值依次比较各评分项平均分' : `按分值依次比较各评分项：「${labelOf(decision.key)}」平均分更高`;
    case 'untrimmedMean':
      return '全部评委平均分更高';
    case 'lowerSpread':
      return '评委分差更小';
    case 'manual':
      return '主持人裁决';
  }
}

export const SHARED_RANK_TEXT = '并列（规则未能区分）';
export const PROVISIONAL_AWARD_TEXT = '待定（并列待裁决）';
export const PROVISIONAL_PANEL_TEXT = '待定（评委人数不足，待确认）';

/** The note on an award the host confirmed although fewer judges than the contest's minimum counted. */
export function confirmedPanelText(minAwardPanel: number): string {
  return `计分评委少于 ${minAwardPanel} 人，奖项经主持人确认`;
}

/** Why an entry that takes part has no score, from what any copy of the exports can tell. */
export function noScoreReason(expected: number): string {
  return expected === 0 ? '无成绩：本赛道评委全部回避' : '无成绩：没有计入成绩的评分表（未评分、缺席，或结束评分时无人提交）';
}

/** The aggregation policy in words. */
export function policyText(a: AggregationConfig): string {
  const base = {
    mean: '全部评委总分的算术平均',
    trimmed: a.policy === 'trimmed' ? `去掉 ${a.trim} 个最高分和 ${a.trim} 个最低分后平均（不少于 ${a.minPanel} 位评委时，否则算术平均）` : '',
    median: '全部评委总分的中位数',
    zscore: '各评委分数按标准分（z-score）换算到全体尺度后平均',
  }[a.policy];
  return `${base}；加分${a.bonus === 'separate' ? '单独平均后相加' : '计入评委总分'}`;
}

export const ENTRY_STATE_TEXT: Record<string, string> = {
  waiting: '候场', presenting: '陈述中', qa: '答辩问答', scoring: '评分中', closed: '已结束', absent: '缺席', withdrawn: '已退出',
};
