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
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  describeProblems,
  parseContestFile,
  type AggregationConfig,
  type ContestDefinition,
  type TieBreakConfig,
  type TrackDefinition,
} from '../server/protocol/contestFile';
import { formatPoints } from '../server/domain/format';
import { computeTrackResults, type EntryResult, type TieBreakDecision, type TrackResults } from '../server/domain/results';
import { trackRulesOf } from '../server/domain/rules';
import { describeTableProblem, readSheetTable, type TableRow, type TableSheet } from '../server/domain/sheetTable';
import type { ManualTieDecision } from '../server/domain/types';
import { resultsCsv } from '../server/reports/resultsTable';
import { displayWidth } from '../server/reports/textWidth';

/** Where the CLI reads and writes; tests inject their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
};

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

class Problems extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

function read(io: CliIO, path: string): string {
  try {
    return io.readFile(path);
  } catch (error) {
    throw new Problems([`${path}: cannot read (${(error as Error).message})`]);
  }
}

function readJson(io: CliIO, path: string): unknown {
  const text = read(io, path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Problems([`${path}: not valid JSON (${(error as Error).message})`]);
  }
}

function loadContest(io: CliIO, path: string): ContestDefinition {
  const parsed = parseContestFile(readJson(io, path));
  if (!parsed.ok) throw new Problems(describeProblems(parsed.problems).split('\n').map((line) => `${path}: ${line}`));
  return parsed.contest;
}

function loadSheets(io: CliIO, path: string, contest: ContestDefinition): TableSheet[] {
  const name = basename(path);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(read(io, path), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new Problems([`${name}${line === undefined ? '' : ` line ${line}`}: ${error.message}`]);
    }
    throw error;
  }
  const [first, ...rest] = records.map((r): TableRow => ({ line: r.info.lines, cells: r.record }));
  if (!first) throw new Problems([`${name}: is empty (expected a header judge,entry,<criterion keys>)`]);
  const table = readSheetTable(contest, first, rest);
  if (table.problems.length > 0) throw new Problems(table.problems.map((p) => describeTableProblem(name, p)));
  return table.sheets;
}

const manualSchema = z.union([
  z.object({ decisions: z.array(z.object({ order: z.array(z.string()).min(2, 'must list at least two entries') })) }),
  z.array(z.object({ order: z.array(z.string()).min(2, 'must list at least two entries') })).transform((decisions) => ({ decisions })),
]);

/** Host decisions as entry codes, checked against the contest: known codes, one track, no repeats. */
function loadManual(io: CliIO, path: string, contest: ContestDefinition): string[][] {
  const parsed = manualSchema.safeParse(readJson(io, path));
  if (!parsed.success) {
    throw new Problems([`${path}: expected { "decisions": [{ "order": ["<entry code>", ...] }] } (${parsed.error.issues[0]?.message ?? 'invalid'})`]);
  }
  const trackOf = new Map(contest.entries.map((e) => [e.code, e.track]));
  const problems: string[] = [];
  parsed.data.decisions.forEach((d, i) => {
    for (const code of d.order) if (!trackOf.has(code)) problems.push(`${path}: decisions[${i}]: "${code}" is not an entry of the contest`);
    if (new Set(d.order).size !== d.order.length) problems.push(`${path}: decisions[${i}]: lists an entry twice`);
    if (new Set(d.order.map((c) => trackOf.get(c))).size > 1) problems.push(`${path}: decisions[${i}]: mixes entries of different tracks`);
  });
  if (problems.length > 0) throw new Problems(problems);
  return parsed.data.decisions.map((d) => d.order);
}

/**
 * Results of every track (or one) from validated inputs. Entry and judge ids are their 1-based
 * positions in the contest file; every entry of the track is rankable (the file knows no absences).
 */
export function computeContestResults(contest: ContestDefinition, sheets: readonly TableSheet[], manual: readonly string[][], onlyTrack?: string): TrackReport[] {
  const entryId = new Map(contest.entries.map((e, i) => [e.code, i + 1]));
  const judgeId = new Map(contest.judges.map((j, i) => [j.key, i + 1]));
  const codeOf = (id: number) => contest.entries[id - 1]!.code;
  const judgeKeyOf = (id: number) => contest.judges[id - 1]!.key;
  return contest.tracks
    .filter((t) => onlyTrack === undefined || t.key === onlyTrack)
    .map((track) => {
      const entries = contest.entries.filter((e) => e.track === track.key).map((e) => entryId.get(e.code)!);
      const inTrack = new Set(entries);
      const decisions: ManualTieDecision[] = manual
        .map((order) => ({ order: order.map((code) => entryId.get(code)!) }))
        .filter((d) => d.order.every((id) => inTrack.has(id)));
      const results = computeTrackResults({
        rules: trackRulesOf(track),
        entries,
        sheets: sheets
          .filter((s) => s.track === track.key)
          .map((s) => ({ judgeId: judgeId.get(s.judge)!, entryId: entryId.get(s.entry)!, values: s.values })),
        recusals: contest.recusals.map((r) => ({ judgeId: judgeId.get(r.judge)!, entryId: entryId.get(r.entry)! })),
        manualDecisions: decisions,
      });
      return { track, results, codeOf, judgeKeyOf };
    });
}

// ---------------------------------------------------------------------------------------------
// Text

export { displayWidth };

function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? (rightAligned.has(c) ? pad(cell, widths[c]!, true) : cell) : pad(cell, widths[c]!, rightAligned.has(c))))
      .join('  ')
      .trimEnd(),
  );
}

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

function tierName(track: TrackDefinition, key: string | null): string {
  if (key === null) return 'no award';
  return track.awards.find((a) => a.key === key)?.name.zh ?? key;
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
  if (results.provisional) lines.push('PROVISIONAL: a tie at an award boundary waits on a host decision (--manual); do not reveal these awards');
  lines.push('');

  const rows = [['rank', 'code', 'unit', 'model', 'final', 'award', 'note']];
  results.ranking.forEach((e, i) => {
    const code = codeOf(e.entryId);
    const notes: string[] = [];
    const neighbour = tieNeighbour(results.ranking, i);
    if (e.decidedBy && neighbour) notes.push(`tie with ${codeOf(neighbour.entryId)} broken by ${decisionText(e.decidedBy)}`);
    if (e.sharedRank) {
      const others = results.ranking.filter((o) => o.rank === e.rank && o.entryId !== e.entryId).map((o) => codeOf(o.entryId));
      notes.push(`tied with ${others.join(', ')}`);
    }
    if (e.provisional) notes.push(`provisional: ${straddle(report, e)}`);
    const { unit, model } = entryOf(code);
    rows.push([
      `${e.rank}${e.sharedRank ? '=' : ''}`,
      code,
      unit,
      model,
      formatPoints(e.final),
      e.provisional ? '*' : e.award === null ? '—' : tierName(track, e.award),
      notes.join('; '),
    ]);
  });
  lines.push(...table(rows, new Set([0, 4])));

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
  for (const u of results.unranked) notes.push(`not ranked: ${codeOf(u.entryId)} (no counted sheets)`);
  if (results.ranking.some((e) => e.sharedRank)) notes.push('= shared rank; * award waits on a host decision');
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

  const award = e.provisional ? 'award provisional' : e.award === null ? 'no award' : tierName(track, e.award);
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
  const why: string[] = [`${e.counted} counted`];
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
        unranked: results.unranked.map((u) => ({ code: codeOf(u.entryId), reason: u.reason, recused: u.recused.map(judgeKeyOf) })),
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
      // Ids as computeContestResults gives them: positions in the file, from 1.
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
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        contest: { type: 'string' },
        sheets: { type: 'string' },
        format: { type: 'string', default: 'table' },
        manual: { type: 'string' },
        track: { type: 'string' },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (values.contest === undefined || values.sheets === undefined) {
    io.err(`--contest and --sheets are required\n${USAGE}\n`);
    return 2;
  }
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    io.err(`--format must be one of ${FORMATS.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const format = values.format as Format;

  try {
    const contest = loadContest(io, values.contest);
    if (values.track !== undefined && !contest.tracks.some((t) => t.key === values.track)) {
      throw new Problems([`--track: the contest has no track "${values.track}" (it has ${contest.tracks.map((t) => t.key).join(', ')})`]);
    }
    const sheets = loadSheets(io, values.sheets, contest);
    const manual = values.manual === undefined ? [] : loadManual(io, values.manual, contest);
    const reports = computeContestResults(contest, sheets, manual, values.track);
    const text =
      format === 'json' ? renderJson(reports, contest) : format === 'csv' ? renderCsv(reports, contest) : renderTable(reports, contest, values.explain);
    io.out(text);
    return 0;
  } catch (error) {
    if (!(error instanceof Problems)) throw error;
    io.err(`${error.lines.join('\n')}\n${error.lines.length} problem${error.lines.length === 1 ? '' : 's'}; no results computed.\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
