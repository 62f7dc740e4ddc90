/**
 * Analysis CLI: how far the organisers can trust each track's ranking, offline, from the files
 * `/setup` exports and with the same domain code as the console (`analyzeTrack`).
 *
 *   npm run analyze -- --contest contest.json --sheets sheets.csv [--manual manual.json]
 *                      [--format table|json] [--seed s] [--resamples n] [--outliers mad|share]
 *                      [--track gov]
 *
 * Reads the files exactly as `npm run results` does (scripts/cli.ts), all or nothing. The JSON is
 * each track's analysis with entry codes and judge keys for ids (`relabelAnalysis`), so the same
 * files give the same JSON wherever they are analysed. Formulas and a worked example:
 * docs/analysis.md.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AggregationConfig, ContestDefinition, TrackDefinition } from '../server/protocol/contestFile';
import { analyzeTrack, relabelAnalysis, resolveAnalysisOptions, type AnalysisOptionsInput, type TrackAnalysis } from '../server/domain/analysis/analyze';
import type { ContestAnalysisReport, TrackAnalysisReport } from '../server/domain/analysis/report';
import { changesByEffect, type Outcome } from '../server/domain/analysis/robustness';
import { formatPoints } from '../server/domain/format';
import { fileCommand, processIO, table, tierName, type CliIO, type TrackInput } from './cli';

const FORMATS = ['table', 'json'] as const;

const USAGE = `usage: npm run analyze -- --contest contest.json --sheets sheets.csv [--manual manual.json]
                          [--format table|json] [--seed <text>] [--resamples <n>] [--outliers mad|share] [--track <key>]`;

/** Every track's analysis (or one), labelled with codes and keys. */
export function analyzeContest(tracks: readonly TrackInput[], options: AnalysisOptionsInput): TrackAnalysisReport[] {
  return tracks.map(({ track, input, judges, codeOf, judgeKeyOf }) => ({
    key: track.key,
    name: track.name,
    analysis: relabelAnalysis(analyzeTrack({ ...input, judges }, options), codeOf, judgeKeyOf),
  }));
}

// ---------------------------------------------------------------------------------------------
// Text

const W_WORDS = { veryWeak: 'very weak', weak: 'weak', moderate: 'moderate', strong: 'strong', veryStrong: 'very strong' } as const;
const ICC_WORDS = { poor: 'poor', moderate: 'moderate', good: 'good', excellent: 'excellent' } as const;
const REASONS = { too_few: 'not computed: fewer than 2 entries or 2 judges in the complete block', no_spread: 'not computed: no spread to agree on' } as const;

const signed = (hundredths: number) => `${hundredths > 0 ? '+' : ''}${formatPoints(hundredths)}`;
const fixed2 = (x: number) => x.toFixed(2);
const percent = (p: number) => `${Math.round(p * 100)}%`;
/** "J1", "J1 or J3", "J1, J3 or J4". */
const orList = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);
const orDash = (value: number | null, show: (v: number) => string) => (value === null ? '—' : show(value));

function outcomeText(track: TrackDefinition, o: Outcome): string {
  return o.pending ? 'tie, host decides' : tierName(track, o.award);
}

function policyName(a: AggregationConfig): string {
  return a.policy === 'trimmed' ? `trimmed ${a.trim}/${a.minPanel}` : a.policy;
}

function renderTrack(track: TrackDefinition, a: TrackAnalysis<string, string>): string[] {
  const o = a.options;
  const lines: string[] = [`${track.name.zh} (${track.key})`];
  const rule = o.outliers.rule === 'mad' ? `mad (${o.outliers.madMultiplier} × MAD, floor ${o.outliers.totalFloorPercent}% total / ${o.outliers.criterionFloorPercent}% criterion)` : `share (${o.outliers.sharePercent}% of the maximum)`;
  lines.push(`panel: ${a.judges.length} judges, ${a.entries.length} entries · bootstrap: ${o.resamples} resamples, seed "${o.seed}" · outliers: ${rule}`);

  // Agreement
  const { block, kendallW: w, icc } = a.agreement;
  const leftOut = [...block.leftOutEntries, ...block.leftOutJudges];
  lines.push('', `agreement over ${block.entryIds.length} entries × ${block.judgeIds.length} judges${leftOut.length > 0 ? ` (left out for missing scores: ${leftOut.join(', ')})` : ''}`);
  const agreementRows: string[][] = [];
  if (w.w === null) agreementRows.push(["Kendall's W", '—', REASONS[w.reason]]);
  else agreementRows.push(["Kendall's W", fixed2(w.w), `${W_WORDS[w.band]} agreement on the order (χ² ${fixed2(w.chiSquare)}, df ${w.df})`]);
  if (icc.single === null) agreementRows.push(['ICC', '—', REASONS[icc.reason]]);
  else {
    agreementRows.push(['ICC(2,1)', fixed2(icc.single), `${ICC_WORDS[icc.singleBand]}: one judge's total`]);
    agreementRows.push([`ICC(2,${icc.judges})`, fixed2(icc.average), `${ICC_WORDS[icc.averageBand]}: the mean of ${icc.judges} judges`]);
  }
  lines.push(...table(agreementRows, new Set([1])).map((l) => `  ${l}`));

  // Judges
  lines.push('', 'judges');
  const judgeRows = [['judge', 'sheets', 'recused', 'missing', 'mean', 'sd', 'severity', 'call', 'spearman', 'flags']];
  for (const j of a.judges) {
    judgeRows.push([
      j.judgeId,
      String(j.sheets),
      String(j.recused),
      String(j.missing),
      orDash(j.mean, formatPoints),
      orDash(j.stdDev, formatPoints),
      j.severity === null ? '—' : signed(j.severity.mean),
      j.severity?.call ?? '',
      j.agreement === null ? '—' : fixed2(j.agreement.rho),
      String(j.flags.total + j.flags.criteria),
    ]);
  }
  lines.push(...table(judgeRows, new Set([1, 2, 3, 4, 5, 6, 8, 9])).map((l) => `  ${l}`));

  // Robustness
  lines.push('', 'ranking robustness');
  const rows = [['rank', 'code', 'final', 'award', 'without one judge', 'bootstrap', '']];
  for (const e of a.entries) {
    const loo = e.leaveOneOut;
    const places = loo === null || loo.bestRank === null ? '—' : loo.bestRank === loo.worstRank ? `place ${loo.bestRank}` : `places ${loo.bestRank}–${loo.worstRank}`;
    const tiers = loo === null ? '' : loo.outcomes.length > 1 ? `, ${loo.outcomes.map((x) => outcomeText(track, x)).join('/')}` : '';
    const boot = e.bootstrap === null ? '—' : e.bootstrap.outcomes.map((x) => `${outcomeText(track, x)} ${percent(x.probability)}`).join(' · ');
    rows.push([
      String(e.rank),
      e.entryId,
      formatPoints(e.final),
      outcomeText(track, e),
      `${places}${tiers}`,
      boot,
      e.bootstrap?.fragile ? 'fragile' : '',
    ]);
  }
  lines.push(...table(rows, new Set([0, 2])).map((l) => `  ${l}`));
  const notes: string[] = [];
  for (const e of a.entries) {
    // Judges whose absence has the same effect share one line: "without J1, J3: A04 place 5, no award".
    for (const g of e.leaveOneOut ? changesByEffect(e.leaveOneOut) : []) {
      notes.push(`  without ${orList(g.judgeIds)}: ${e.entryId} ${g.rank === null ? 'unranked' : `place ${g.rank}`}, ${outcomeText(track, g)}`);
    }
  }
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('', `  fragile: the award holds in fewer than ${o.fragileBelowPercent}% of the resamples (${a.robustness.fragile.length === 0 ? 'none' : a.robustness.fragile.join(', ')})`);

  // Policies
  lines.push('', 'policies (* the track\'s own)');
  const policyRows = [['code', ...a.policies.policies.map((p) => `${policyName(p.aggregation)}${p.configured ? '*' : ''}`)]];
  for (const r of a.policies.rows) {
    policyRows.push([r.entryId, ...r.cells.map((c) => (c.final === null ? '—' : `${formatPoints(c.final)} ${outcomeText(track, c)}`))]);
  }
  lines.push(...table(policyRows, new Set()).map((l) => `  ${l}`));
  lines.push('', `  award changes under another policy: ${a.policies.changed.length === 0 ? 'none' : a.policies.changed.join(', ')}`);

  // Outliers
  lines.push('', 'outliers');
  if (a.outliers.length === 0) lines.push('  none');
  else {
    const outlierRows = [['entry', 'judge', 'item', 'value', "others' median", 'deviation', 'limit']];
    for (const f of a.outliers) {
      outlierRows.push([f.entryId, f.judgeId, f.key ?? 'total', formatPoints(f.value), formatPoints(f.othersMedian), signed(f.deviation), formatPoints(f.limit)]);
    }
    lines.push(...table(outlierRows, new Set([3, 4, 5, 6])).map((l) => `  ${l}`));
  }
  return lines;
}

function renderTable(reports: readonly TrackAnalysisReport[], contest: ContestDefinition): string {
  const trackOf = (key: string) => contest.tracks.find((t) => t.key === key)!;
  return `${reports.map((r) => renderTrack(trackOf(r.key), r.analysis).join('\n')).join('\n\n')}\n`;
}

function renderJson(reports: TrackAnalysisReport[], contest: ContestDefinition): string {
  const report: ContestAnalysisReport = { contest: contest.name, tracks: reports };
  return `${JSON.stringify(report, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------

/** The analysis options from the command line. */
function optionsOf(values: { seed?: string | undefined; resamples?: string | undefined; outliers?: string | undefined }): AnalysisOptionsInput {
  return {
    seed: values.seed,
    resamples: values.resamples === undefined ? undefined : Number(values.resamples),
    outliers: values.outliers === 'mad' || values.outliers === 'share' ? { rule: values.outliers } : {},
  };
}

/** Runs the CLI; returns the exit code (0 analysis printed, 1 problems reported, 2 bad usage). */
export function main(argv: readonly string[], io: CliIO = processIO): number {
  return fileCommand(argv, io, {
    usage: USAGE,
    formats: FORMATS,
    options: { seed: { type: 'string' }, resamples: { type: 'string' }, outliers: { type: 'string' } },
    nothing: 'no analysis computed',
    check: (values) => {
      if (values.resamples !== undefined && !/^\d{1,6}$/.test(values.resamples)) return '--resamples must be a whole number (0 skips the bootstrap)';
      if (values.outliers !== undefined && values.outliers !== 'mad' && values.outliers !== 'share') return '--outliers must be mad or share';
      try {
        resolveAnalysisOptions(optionsOf(values), { judges: 1, entries: 1 });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },
    run: (values, { contest, tracks }) => {
      const reports = analyzeContest(tracks, optionsOf(values));
      return values.format === 'json' ? renderJson(reports, contest) : renderTable(reports, contest);
    },
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
