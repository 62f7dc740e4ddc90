/**
 * How the analysis reads on the console and in the printed report: ids to names (from the host
 * view), outcomes to award names, figures to text. Statistics with two decimals and
 * probabilities as whole percents, as docs/analysis.md says screens show them.
 */
import { useI18n } from 'vue-i18n';
import type { AggregationConfig } from '../../../../server/protocol/contestFile';
import { formatPoints } from '../../../../server/domain/format';
import type { HostJudge, HostTrack } from '../../../../server/protocol/views';
import { loc } from '../../../i18n';

export interface Outcome {
  award: string | null;
  pending: boolean;
}

export function useAnalysisWords(track: () => HostTrack, judges: () => readonly HostJudge[]) {
  const { t } = useI18n();
  const judge = (id: number) => judges().find((j) => j.id === id);
  return {
    t,
    judgeName: (id: number) => judge(id)?.name ?? `#${id}`,
    judgeKey: (id: number) => judge(id)?.key ?? String(id),
    code: (id: number) => track().entries.find((e) => e.id === id)?.code ?? `#${id}`,
    /** A criterion's label; null is the total. */
    item: (key: string | null) => (key === null ? t('analysis.outliers.total') : loc(track().rubric.criteria.find((c) => c.key === key)?.label) || key),
    outcome: (o: Outcome) => (o.pending ? t('analysis.robustness.pending') : o.award === null ? t('analysis.robustness.noAward') : loc(track().awards.find((a) => a.key === o.award)?.name) || o.award),
    policy: (a: AggregationConfig) => t(`analysis.policies.${a.policy}`) + (a.policy === 'trimmed' ? ` ${a.trim}/${a.minPanel}` : ''),
    points: formatPoints,
    signed: (hundredths: number) => `${hundredths > 0 ? '+' : ''}${formatPoints(hundredths)}`,
    fixed2: (x: number) => x.toFixed(2),
    percent: (p: number) => `${Math.round(p * 100)}%`,
  };
}
