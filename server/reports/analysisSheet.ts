/**
 * The "评委分析" sheet of the results workbook, as rows: one track's analysis (relabelled with entry
 * codes and judge keys, as GET /api/export/analysis.json and `npm run analyze --format json` give
 * it) in five blocks, agreement, judges, outliers, robustness and policies, with the same Chinese
 * words as the console's panel (client/i18n/messages/analysis.ts, the one place for them). Pure:
 * the workbook writer lays the blocks out (a heading row, a header row, the rows, the notes).
 *
 * Cells are numbers where the reader may compute: points (not hundredths), statistics as
 * fractions, probabilities as fractions of 1; the column's `format` says how to show them.
 */
import analysisWords from '../../client/i18n/messages/analysis';
import { changesByEffect, type Outcome } from '../domain/analysis/robustness';
import type { TrackAnalysisReport } from '../domain/analysis/report';
import type { Localized } from '../protocol/contestFile';
import { sheetName } from './sheetName';

export type SheetCell = string | number | null;

export interface SheetColumn {
  header: string;
  /** points: 0.00; count: 0; ratio: 0.00 (W, ICC, ρ); percent: 0% (a fraction of 1); text. */
  format: 'points' | 'count' | 'ratio' | 'percent' | 'text';
}

export interface SheetBlock {
  heading: string;
  columns: SheetColumn[];
  rows: SheetCell[][];
  /** Lines under the table. */
  notes: string[];
}

export interface AnalysisSheet {
  /** The worksheet's name (at most 31 characters, none of []:*?/\). */
  name: string;
  title: string;
  subtitle: string;
  blocks: SheetBlock[];
}

/** The names the sheet shows: a contest file (parsed, or `contestFileOf(state)` on the server). */
export interface SheetContest {
  name: Localized;
  judges: readonly { key: string; name: string }[];
  tracks: readonly {
    key: string;
    name: Localized;
    criteria: readonly { key: string; label: Localized }[];
    awards: readonly { key: string; name: Localized }[];
  }[];
}

const words = analysisWords['zh-CN'];

/** A message with its {placeholders} filled. */
function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (key in params ? String(params[key]) : all));
}

const points = (hundredths: number | null) => (hundredths === null ? null : hundredths / 100);
const col = (header: string, format: SheetColumn['format'] = 'text'): SheetColumn => ({ header, format });


function outlierRule(o: TrackAnalysisReport['analysis']['options']['outliers']): string {
  return o.rule === 'mad'
    ? `离群判定：偏离其他评委中位数超过 ${o.madMultiplier} 倍 MAD（下限为满分的 ${o.totalFloorPercent}%，单项为该项满分的 ${o.criterionFloorPercent}%）`
    : `离群判定：偏离其他评委中位数超过满分的 ${o.sharePercent}%`;
}

export function analysisSheetOf(contest: SheetContest, report: TrackAnalysisReport): AnalysisSheet {
  const track = contest.tracks.find((t) => t.key === report.key);
  if (!track) throw new RangeError(`the contest has no track "${report.key}"`);
  const a = report.analysis;
  const judgeName = (key: string) => contest.judges.find((j) => j.key === key)?.name ?? key;
  const item = (key: string | null) => (key === null ? words.outliers.total : (track.criteria.find((c) => c.key === key)?.label.zh ?? key));
  const outcome = (o: Outcome) => (o.pending ? words.robustness.pending : o.award === null ? words.robustness.noAward : (track.awards.find((t) => t.key === o.award)?.name.zh ?? o.award));
  const policyName = (p: (typeof a.policies.policies)[number]) =>
    `${words.policies[p.aggregation.policy]}${p.aggregation.policy === 'trimmed' ? ` ${p.aggregation.trim}/${p.aggregation.minPanel}` : ''}${p.configured ? `（${words.policies.configured}）` : ''}`;

  // Agreement
  const { block, kendallW: w, icc } = a.agreement;
  const agreementRows: SheetCell[][] = [];
  if (w.w === null) agreementRows.push([words.measures.w, null, words.reasons[w.reason]]);
  else agreementRows.push([words.measures.w, w.w, `${words.reading.w[w.band]}（χ² ${w.chiSquare.toFixed(2)}，df ${w.df}）`]);
  if (icc.single === null) agreementRows.push(['ICC', null, words.reasons[icc.reason]]);
  else {
    agreementRows.push([fill(words.measures.iccSingle, { band: words.reading.icc[icc.singleBand] }), icc.single, words.reading.icc[icc.singleBand]]);
    agreementRows.push([fill(words.measures.iccAverage, { k: icc.judges, band: words.reading.icc[icc.averageBand] }), icc.average, words.reading.icc[icc.averageBand]]);
  }
  const leftOut = [...block.leftOutEntries, ...block.leftOutJudges.map(judgeName)];
  const agreement: SheetBlock = {
    heading: words.sections.agreement,
    columns: [col('指标'), col('数值', 'ratio'), col('解读')],
    rows: agreementRows,
    notes: [
      fill(words.measures.block, { entries: block.entryIds.length, judges: block.judgeIds.length }),
      ...(leftOut.length > 0 ? [fill(words.measures.leftOut, { names: leftOut.join('、') })] : []),
    ],
  };

  // Judges
  const judges: SheetBlock = {
    heading: words.sections.judges,
    columns: [
      col(words.judges.judge), col('代号'), col(words.judges.sheets, 'count'), col(words.judges.recused, 'count'), col(words.judges.missing, 'count'),
      col(words.judges.mean, 'points'), col(words.judges.stdDev, 'points'), col(words.judges.severity, 'points'), col(words.judges.call),
      col(words.judges.agreement, 'ratio'), col(words.judges.flags, 'count'),
    ],
    rows: a.judges.map((j) => [
      judgeName(j.judgeId), j.judgeId, j.sheets, j.recused, j.missing, points(j.mean), points(j.stdDev), points(j.severity?.mean ?? null),
      j.severity?.call ? words.judges[j.severity.call] : '', j.agreement?.rho ?? null, j.flags.total + j.flags.criteria,
    ]),
    notes: [],
  };

  // Outliers
  const outliers: SheetBlock = {
    heading: words.sections.outliers,
    columns: [
      col(words.outliers.entry), col(words.outliers.judge), col(words.outliers.item), col(words.outliers.value, 'points'),
      col(words.outliers.othersMedian, 'points'), col(words.outliers.deviation, 'points'), col(words.outliers.limit, 'points'),
    ],
    rows: a.outliers.map((o) => [o.entryId, judgeName(o.judgeId), item(o.key), points(o.value), points(o.othersMedian), points(o.deviation), points(o.limit)]),
    notes: a.outliers.length === 0 ? [words.outliers.none] : [],
  };

  // Robustness
  const resamples = a.options.resamples;
  const placesText = (e: (typeof a.entries)[number]) => {
    const loo = e.leaveOneOut;
    if (!loo || loo.bestRank === null || loo.worstRank === null) return '—';
    const places = loo.bestRank === loo.worstRank ? fill(words.robustness.samePlace, { place: loo.bestRank }) : fill(words.robustness.places, { best: loo.bestRank, worst: loo.worstRank });
    return loo.outcomes.length > 1 ? `${places}，${loo.outcomes.map(outcome).join(' / ')}` : places;
  };
  const changes = a.entries.flatMap((e) =>
    (e.leaveOneOut ? changesByEffect(e.leaveOneOut) : []).map(
      (g) => `${e.entryId}：${fill(words.robustness.without, { judges: g.judgeIds.map(judgeName).join('、'), place: g.rank === null ? words.robustness.unranked : g.rank, award: outcome(g) })}`,
    ),
  );
  const robustness: SheetBlock = {
    heading: words.sections.robustness,
    columns: [
      col(words.robustness.place, 'count'), col(words.robustness.entry), col(words.robustness.final, 'points'), col(words.robustness.award),
      col(words.robustness.leaveOneOut), col(fill(words.robustness.bootstrap, { n: resamples })), col('保持该奖项的比例', 'percent'), col(words.robustness.fragile),
    ],
    rows: a.entries.map((e) => [
      e.rank, e.entryId, points(e.final), outcome(e), placesText(e),
      e.bootstrap ? e.bootstrap.outcomes.map((o) => `${outcome(o)} ${Math.round(o.probability * 100)}%`).join('，') : null,
      e.bootstrap?.holds ?? null,
      e.bootstrap?.fragile ? words.robustness.fragile : '',
    ]),
    notes: [
      ...changes,
      fill(words.robustness.fragileNote, { percent: `${a.options.fragileBelowPercent}%` }),
      ...(a.robustness.fragile.length === 0 && a.entries.some((e) => e.bootstrap) ? [words.robustness.none] : []),
    ],
  };

  // Policies
  const policies: SheetBlock = {
    heading: words.sections.policies,
    columns: [col(words.policies.entry), ...a.policies.policies.flatMap((p) => [col(`${policyName(p)} ${words.robustness.final}`, 'points'), col(`${policyName(p)} ${words.robustness.award}`)])],
    rows: a.policies.rows.map((r) => [r.entryId, ...r.cells.flatMap((c) => [points(c.final), c.rank === null ? '—' : outcome(c)])]),
    notes: [a.policies.changed.length > 0 ? fill(words.policies.changed, { entries: a.policies.changed.join('、') }) : words.policies.unchanged],
  };

  return {
    name: sheetName(`评委分析-${track.name.zh}`),
    title: `${contest.name.zh} · ${track.name.zh} · ${words.title}`,
    subtitle: `${fill(words.robustness.bootstrap, { n: resamples })}，随机种子「${a.options.seed}」；${outlierRule(a.options.outliers)}。计算方法见 docs/analysis.md。`,
    blocks: [agreement, judges, outliers, robustness, policies],
  };
}
