/**
 * Results CLI: rankings and awards computed offline from a contest file and a sheets CSV, with the
 * same domain code as the live server (`computeTrackResults`).
 *
 *   npm run results -- --contest contest.json --sheets sheets.csv [--format table|json|csv]
 *                      [--manual manual.json] [--track gov] [--explain]
 *
 * All-or-nothing: any problem with the files is reported (every bad row, by line and column), the
 * exit code is 1, and no result is printed. A manual file records host decisions for ties:
 * `{ "decisions": [{ "order": ["G05", "G07"] }] }` (entry codes, best first).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AggregationConfig, ContestDefinition, TieBreakConfig, TrackDefinition } from '../server/protocol/contestFile';
import { formatPoints, NO_SCORE } from '../server/domain/format';
import { computeTrackResults, type EntryResult, type TieBreakDecision, type TrackResults } from '../server/domain/results';
import { resultsCsv } from '../server/reports/resultsTable';
import { fileCommand, processIO, table, tierName, type CliIO, type TrackInput } from './cli';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: npm run results -- --contest contest.json --sheets sheets.csv [--format table|json|csv]
                          [--manual manual.json] [--track <key>] [--explain]`;

/** One track's results with the contest's names for its ids. */
export interface TrackReport {
  track: TrackDefinition;
  results: TrackResults;
  codeOf(entryId: number): string;
  judgeKeyOf(judgeId: number): string;
}

/** Results of every track from its input. */
export function computeContestResults(tracks: readonly TrackInput[]): TrackReport[] {
  return tracks.map(({ track, input, codeOf, judgeKeyOf }) => ({ track, results: computeTrackResults(input), codeOf, judgeKeyOf }));
}

// ---------------------------------------------------------------------------------------------
// Text

function policyText(a: AggregationConfig): string {
  const base = {
    mean: 'mean of the counted judge totals',
    trimmed: a.policy === 'trimmed' ? `trimmed mean (drop ${a.trim} highest and ${a.trim} lowest when ${a.minPanel} or more judges count, else mean)` : '',
    median: 'median of the counted judge totals',
    zscore: 'z-score per judge mapped to the panel scale, then mean',
  }[a.policy];
  return `${base}; bonus ${a.bonus === 'separate' ? 'averaged separately and added' : 'in the judge total'}`;
}

function ruleText(rule: TieBreakConfig): string {
  return rule.rule === 'criterion' ? `criterion ${rule.key}` : rule.rule;
}

function decisionText(d: TieBreakDecision): string {
  return d.key === undefined ? d.rule : `${d.rule} (${d.key})`;
}

/** The neighbour (same published score) whose order against `e` a tie-break rule decided. */
function tieNeighbour(ranking: readonly EntryResult[], index: number): EntryResult | undefined {
  const e = ranking[index]!;
  const above = ranking[index - 1];
  if (above && above.final === e.final && above.rank !== e.rank) return above;
  const below = ranking[index + 1];
  if (below && below.final === e.final && below.rank !== e.rank) return below;
  return undefined;
}

function straddle(report: TrackReport, e: EntryResult): string {
  const tie = report.results.boundaryTies.find((t) => t.unresolved.some((u) => u.entryIds.includes(e.entryId)));
  const cls = tie?.unresolved.find((u) => u.entryIds.includes(e.entryId));
  if (!tie || !cls) return '';
  const places = tie.places.slice(cls.rank - tie.rank, cls.rank - tie.rank + cls.entryIds.length);
  return [...new Set(places)].map((p) => tierName(report.track, p)).join(' / ');
}

function renderTrack(report: TrackReport, entryOf: (code: string) => { unit: string; model: string }, explain: boolean): string[] {
  const { track, results, codeOf } = report;
  const lines: string[] = [`${track.name.zh} (${track.key})`, `policy: ${policyText(track.aggregation)}`];
  lines.push(`tie-breaks: ${track.tieBreaks.map(ruleText).join(' → ')}`);
  if (track.minAwardScore !== undefined) lines.push(`min award score: ${formatPoints(track.minAwardScore)}`);
  lines.push(`min panel for an award: ${results.minAwardPanel > 1 ? `${results.minAwardPanel} judges` : 'none'}`);
  if (results.ranking.some((e) => e.pending === 'tie')) lines.push('PROVISIONAL: a tie at an award boundary waits on a host decision (--manual); do not reveal these awards');
  if (results.ranking.some((e) => e.pending === 'panel')) {
    lines.push(`PROVISIONAL: awards on fewer than ${results.minAwardPanel} judges wait for the host's confirmation (--manual panels); do not reveal these awards`);
  }
  lines.push('');

  const rows = [['rank', 'code', 'unit', 'model', 'final', 'panel', 'award', 'note']];
  results.ranking.forEach((e, i) => {
    const code = codeOf(e.entryId);
    const notes: string[] = [];
    const neighbour = tieNeighbour(results.ranking, i);
    if (e.decidedBy && neighbour) notes.push(`tie with ${codeOf(neighbour.entryId)} broken by ${decisionText(e.decidedBy)}`);
    if (e.sharedRank) {
      const others = results.ranking.filter((o) => o.rank === e.rank && o.entryId !== e.entryId).map((o) => codeOf(o.entryId));
      notes.push(`tied with ${others.join(', ')}`);
    }
    if (e.pending === 'tie') notes.push(`provisional: ${straddle(report, e)}`);
    if (e.pending === 'panel') notes.push(`provisional: ${tierName(track, e.award)} on ${e.counted} judges, fewer than ${results.minAwardPanel}; the host confirms it`);
    if (e.panelConfirmed) notes.push(`${e.counted} judges, fewer than ${results.minAwardPanel}: confirmed by the host`);
    const { unit, model } = entryOf(code);
    rows.push([
      `${e.rank}${e.sharedRank ? '=' : ''}`,
      code,
      unit,
      model,
      formatPoints(e.final),
      `${e.counted}/${e.expected}`,
      e.provisional ? '*' : e.award === null ? '—' : tierName(track, e.award),
      notes.join('; '),
    ]);
  });
  for (const u of results.unranked) {
    const { unit, model } = entryOf(codeOf(u.entryId));
    rows.push(['—', codeOf(u.entryId), unit, model, NO_SCORE, `0/${u.expected}`, '—', u.recused.length > 0 ? 'no counted sheet (only recused judges sent one)' : 'no counted sheet']);
  }
  lines.push(...table(rows, new Set([0, 4, 5])));

  const notes: string[] = [];
  for (const tie of results.boundaryTies) {
    const codes = tie.entryIds.map(codeOf).join(', ');
    const across = `${tierName(track, tie.tierAbove)} / ${tierName(track, tie.tierBelow)}`;
    if (tie.needsManualDecision) {
      for (const u of tie.unresolved) {
        notes.push(`boundary tie at ${formatPoints(tie.final)}: ${u.entryIds.map(codeOf).join(', ')} share rank ${u.rank} across ${across}; awards provisional until the host decides`);
      }
    } else {
      notes.push(`boundary tie at ${formatPoints(tie.final)}: ${codes} across ${across}, settled by the tie-breaks`);
    }
  }
  if (results.ranking.some((e) => e.sharedRank)) notes.push('= shared rank; * award waits on a host decision');
  else if (results.ranking.some((e) => e.provisional)) notes.push('* award waits on the host');
  if (results.ranking.some((e) => e.counted < e.expected) || results.unranked.length > 0) notes.push('panel: judges counted / judges expected');
  if (notes.length > 0) lines.push('', ...notes);

  if (explain) lines.push('', ...explainTrack(report));
  return lines;
}

function explainEntry(report: TrackReport, e: EntryResult): string[] {
  const { track, judgeKeyOf } = report;
  const separate = e.bonusMode === 'separate';
  const judges = e.judges.map((j) => {
    const value = separate ? `${formatPoints(j.criteriaTotal)}+${formatPoints(j.bonusTotal)}` : formatPoints(j.total);
    const adjusted = j.adjusted === null ? '' : ` (adjusted ${formatPoints(j.adjusted)})`;
    return `${judgeKeyOf(j.judgeId)} ${value}${adjusted}${j.dropped ? ` ${j.dropped}` : ''}`;
  });
  for (const r of e.recused) judges.push(`${judgeKeyOf(r)} recused`);

  const award = e.pending === 'tie' ? 'award provisional' : e.pending === 'panel' ? `${tierName(track, e.award)} provisional` : e.award === null ? 'no award' : tierName(track, e.award);
  const lines = [`${report.codeOf(e.entryId)}  final ${formatPoints(e.final)}  rank ${e.rank}${e.sharedRank ? '=' : ''}  ${award}`];
  lines.push(`  judges    ${judges.join(' · ')}`);

  let how: string;
  if (e.policyApplied === 'zscore') {
    how = `mean of ${e.counted} adjusted totals`;
  } else {
    const kept = e.judges.filter((j) => j.dropped === null).map((j) => (separate ? j.criteriaTotal : j.total));
    const sum = kept.reduce((s, v) => s + v, 0);
    how = kept.length === 1 ? formatPoints(sum) : `${formatPoints(sum)} / ${kept.length}`;
  }
  const name = { mean: 'mean', trimmed: 'trimmed mean', median: 'median', zscore: 'z-score mean' }[e.policyApplied];
  const dropped = e.judges.filter((j) => j.dropped !== null);
  const why: string[] = [`${e.counted} counted${e.counted < e.expected ? ` of ${e.expected}` : ''}`];
  if (dropped.length > 0) why.push(`${dropped.filter((j) => j.dropped === 'high').length} high and ${dropped.filter((j) => j.dropped === 'low').length} low dropped`);
  if (e.fallback?.reason === 'panel_below_min') why.push(`fewer than ${e.fallback.minPanel}, so not trimmed`);
  if (e.fallback?.from === 'zscore') why.push(e.fallback.reason === 'single_entry' ? 'one scored entry, so plain mean' : 'no spread on the panel, so plain mean');
  const bonus = separate ? ` + bonus mean ${formatPoints(e.bonusMean)}` : '';
  lines.push(`  score     ${name} (${why.join(', ')}): ${how}${bonus} = ${e.exact.score} → ${formatPoints(e.final)}`);
  lines.push(`  also      untrimmed mean ${e.exact.untrimmedMean} · spread ${formatPoints(e.spread)}`);
  lines.push(`  criteria  ${track.criteria.map((c) => `${c.key} ${e.exact.criterionMeans[c.key]}`).join(' · ')}`);
  return lines;
}

function explainTrack(report: TrackReport): string[] {
  const lines: string[] = [];
  const z = report.results.zscore;
  if (z) {
    lines.push(`panel scale: mean ${formatPoints(z.panelMean)}, std dev ${formatPoints(z.panelStdDev)}`);
    for (const j of z.judges) lines.push(`  ${report.judgeKeyOf(j.judgeId)}: ${j.entries} entries, mean ${formatPoints(j.mean)}, std dev ${formatPoints(j.stdDev)}`);
    lines.push('');
  }
  report.results.ranking.forEach((e, i) => {
    if (i > 0) lines.push('');
    lines.push(...explainEntry(report, e));
  });
  for (const u of report.results.unranked) {
    const recused = u.recused.length > 0 ? `; ${u.recused.map(report.judgeKeyOf).join(', ')} recused` : '';
    lines.push('', `${report.codeOf(u.entryId)}  ${NO_SCORE}: no counted sheet (0 of ${u.expected} judges${recused}), no place, no award`);
  }
  return lines;
}

function renderTable(reports: readonly TrackReport[], contest: ContestDefinition, explain: boolean): string {
  const byCode = new Map(contest.entries.map((e) => [e.code, e]));
  const entryOf = (code: string) => byCode.get(code)!;
  return `${reports.map((r) => renderTrack(r, entryOf, explain).join('\n')).join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON and CSV

function renderJson(reports: readonly TrackReport[], contest: ContestDefinition): string {
  const byCode = new Map(contest.entries.map((e) => [e.code, e]));
  return `${JSON.stringify(
    {
      contest: contest.name,
      tracks: reports.map(({ track, results, codeOf, judgeKeyOf }) => ({
        key: track.key,
        name: track.name,
        aggregation: track.aggregation,
        tieBreaks: track.tieBreaks,
        provisional: results.provisional,
        ranking: results.ranking.map((e) => {
          const code = codeOf(e.entryId);
          const { entryId: _id, judges, recused, tiedWith, ...rest } = e;
          return {
            code,
            unit: byCode.get(code)!.unit,
            model: byCode.get(code)!.model,
            finalText: formatPoints(e.final),
            awardName: e.award === null ? null : tierName(track, e.award),
            ...rest,
            tiedWith: tiedWith.map(codeOf),
            judges: judges.map(({ judgeId, ...j }) => ({ judge: judgeKeyOf(judgeId), ...j })),
            recused: recused.map(judgeKeyOf),
          };
        }),
        minAwardPanel: results.minAwardPanel,
        unranked: results.unranked.map((u) => ({ code: codeOf(u.entryId), result: NO_SCORE, reason: u.reason, expected: u.expected, recused: u.recused.map(judgeKeyOf) })),
        boundaryTies: results.boundaryTies.map((t) => ({
          ...t,
          entryIds: undefined,
          entries: t.entryIds.map(codeOf),
          unresolved: t.unresolved.map((u) => ({ rank: u.rank, entries: u.entryIds.map(codeOf) })),
        })),
        zscore: results.zscore
          ? { ...results.zscore, judges: results.zscore.judges.map(({ judgeId, ...j }) => ({ judge: judgeKeyOf(judgeId), ...j })) }
          : null,
      })),
    },
    null,
    2,
  )}\n`;
}

/** The CSV the server's results export writes, from the files: one renderer for both. */
function renderCsv(reports: readonly TrackReport[], contest: ContestDefinition): string {
  return resultsCsv(
    reports.map(({ track, results, codeOf }) => {
      // Ids as the inputs give them: positions in the file, from 1.
      const entries = contest.entries.map((e, i) => ({ ...e, id: i + 1 })).filter((e) => e.track === track.key);
      const judges = contest.judges.filter((j) => j.tracks.includes(track.key)).map((j) => j.key);
      return {
        key: track.key,
        name: track.name,
        criteria: track.criteria,
        awards: track.awards,
        entries,
        expected: (entryId: number) => judges.filter((j) => !contest.recusals.some((r) => r.judge === j && r.entry === codeOf(entryId))).length,
        results,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Runs the CLI; returns the exit code (0 results printed, 1 problems reported, 2 bad usage). */
export function main(argv: readonly string[], io: CliIO = processIO): number {
  return fileCommand(argv, io, {
    usage: USAGE,
    formats: FORMATS,
    options: { explain: { type: 'boolean', default: false } },
    nothing: 'no results computed',
    run: (values, { contest, tracks }) => {
      const reports = computeContestResults(tracks);
      const format = values.format as Format;
      return format === 'json' ? renderJson(reports, contest) : format === 'csv' ? renderCsv(reports, contest) : renderTable(reports, contest, values.explain);
    },
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
