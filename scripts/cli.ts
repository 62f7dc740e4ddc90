/**
 * What the offline commands (`npm run results`, `npm run analyze`) share: reading and checking the
 * contest file, the sheets CSV and the host's decisions, all problems reported at once; the inputs
 * of the scoring rules per track; aligned text tables.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { describeProblems, parseContestFile, type ContestDefinition, type TrackDefinition } from '../server/protocol/contestFile';
import type { TrackResultsInput } from '../server/domain/results';
import { trackRulesOf } from '../server/domain/rules';
import { describeTableProblem, readSheetTable, type TableRow, type TableSheet } from '../server/domain/sheetTable';
import type { JudgeId, ManualTieDecision } from '../server/domain/types';
import { displayWidth } from '../server/reports/textWidth';

/** Where the CLI reads and writes; tests inject their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
};

/** Problems with the input files, one line each: reported all at once, and nothing else is printed. */
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
  z.object({
    decisions: z.array(z.object({ order: z.array(z.string()).min(2, 'must list at least two entries') })),
    /** Awards the host confirmed on a panel below the minimum (entry codes). */
    panels: z.array(z.object({ entry: z.string() })).default([]),
  }),
  z.array(z.object({ order: z.array(z.string()).min(2, 'must list at least two entries') })).transform((decisions) => ({ decisions, panels: [] })),
]);

/** The host's decisions from manual.json: tie orders and confirmed short panels, as entry codes. */
interface Manual {
  decisions: string[][];
  panels: string[];
}

/** Host decisions as entry codes, checked against the contest: known codes, one track, no repeats. */
function loadManual(io: CliIO, path: string, contest: ContestDefinition): Manual {
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
  parsed.data.panels.forEach((c, i) => {
    if (!trackOf.has(c.entry)) problems.push(`${path}: panels[${i}]: "${c.entry}" is not an entry of the contest`);
  });
  if (problems.length > 0) throw new Problems(problems);
  return { decisions: parsed.data.decisions.map((d) => d.order), panels: parsed.data.panels.map((c) => c.entry) };
}

/** One track's input to the scoring rules, with the contest's names for its ids. */
export interface TrackInput {
  track: TrackDefinition;
  input: TrackResultsInput;
  /** The track's judges in contest-file order. */
  judges: JudgeId[];
  codeOf(entryId: number): string;
  judgeKeyOf(judgeId: number): string;
}

/**
 * The scoring rules' input for every track (or one) from validated files. Entry and judge ids are
 * their 1-based positions in the contest file; every entry of the track is rankable (the file knows
 * no absences); recusals come from the contest file.
 */
function trackInputs(contest: ContestDefinition, sheets: readonly TableSheet[], manual: Manual, onlyTrack?: string): TrackInput[] {
  const entryId = new Map(contest.entries.map((e, i) => [e.code, i + 1]));
  const judgeId = new Map(contest.judges.map((j, i) => [j.key, i + 1]));
  const codeOf = (id: number) => contest.entries[id - 1]!.code;
  const codes = new Map(contest.entries.map((e, i) => [i + 1, e.code]));
  const judgeKeyOf = (id: number) => contest.judges[id - 1]!.key;
  return contest.tracks
    .filter((t) => onlyTrack === undefined || t.key === onlyTrack)
    .map((track) => {
      const entries = contest.entries.filter((e) => e.track === track.key).map((e) => entryId.get(e.code)!);
      const inTrack = new Set(entries);
      const decisions: ManualTieDecision[] = manual.decisions
        .map((order) => ({ order: order.map((code) => entryId.get(code)!) }))
        .filter((d) => d.order.every((id) => inTrack.has(id)));
      const judges = contest.judges.filter((j) => j.tracks.includes(track.key)).map((j) => judgeId.get(j.key)!);
      const input: TrackResultsInput = {
        rules: trackRulesOf(track),
        entries,
        sheets: sheets
          .filter((s) => s.track === track.key)
          .map((s) => ({ judgeId: judgeId.get(s.judge)!, entryId: entryId.get(s.entry)!, values: s.values })),
        recusals: contest.recusals.map((r) => ({ judgeId: judgeId.get(r.judge)!, entryId: entryId.get(r.entry)! })),
        manualDecisions: decisions,
        panel: judges,
        panelConfirmed: manual.panels.map((code) => entryId.get(code)!).filter((id) => inTrack.has(id)),
        codes,
      };
      return { track, input, judges, codeOf, judgeKeyOf };
    });
}

/** Reads and checks the three files; throws {@link Problems} with every problem found. */
export function loadInputs(io: CliIO, paths: { contest: string; sheets: string; manual?: string | undefined; track?: string | undefined }): { contest: ContestDefinition; tracks: TrackInput[] } {
  const contest = loadContest(io, paths.contest);
  if (paths.track !== undefined && !contest.tracks.some((t) => t.key === paths.track)) {
    throw new Problems([`--track: the contest has no track "${paths.track}" (it has ${contest.tracks.map((t) => t.key).join(', ')})`]);
  }
  const sheets = loadSheets(io, paths.sheets, contest);
  const manual = paths.manual === undefined ? { decisions: [], panels: [] } : loadManual(io, paths.manual, contest);
  return { contest, tracks: trackInputs(contest, sheets, manual, paths.track) };
}

/** What `parseArgs` accepts as option definitions. */
type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options of every command over the exported files. */
const FILE_OPTIONS = {
  contest: { type: 'string' },
  sheets: { type: 'string' },
  manual: { type: 'string' },
  track: { type: 'string' },
  format: { type: 'string', default: 'table' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

type Values<T extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: typeof FILE_OPTIONS & T; strict: true; allowPositionals: false }>>['values'];

export interface FileCommand<T extends ParseArgsOptionsConfig> {
  usage: string;
  formats: readonly string[];
  /** Options beyond the files, --format and --help. */
  options: T;
  /** What is not done when the files have problems: "no results computed". */
  nothing: string;
  /** Checks the extra options before any file is read: a message means bad usage. */
  check?(values: Values<T>): string | null;
  /** The text to print from the loaded files. */
  run(values: Values<T> & { format: string }, loaded: { contest: ContestDefinition; tracks: TrackInput[] }): string;
}

/**
 * The frame of a command over the exported files: arguments (bad usage: the reason and the usage,
 * exit 2), --help, the files and the format, then `run`; problems in the files are all reported
 * (exit 1) and nothing is printed. Returns the exit code (0 printed).
 */
export function fileCommand<T extends ParseArgsOptionsConfig>(argv: readonly string[], io: CliIO, command: FileCommand<T>): number {
  const usage = (message: string) => {
    io.err(`${message}\n${command.usage}\n`);
    return 2;
  };
  let values: Values<T>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...FILE_OPTIONS, ...command.options }, strict: true, allowPositionals: false }) as { values: Values<T> });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { contest, sheets, manual, track, format, help } = values as { contest?: string; sheets?: string; manual?: string; track?: string; format: string; help: boolean };
  if (help) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  if (contest === undefined || sheets === undefined) return usage('--contest and --sheets are required');
  if (!command.formats.includes(format)) return usage(`--format must be one of ${command.formats.join(', ')}`);
  const bad = command.check?.(values) ?? null;
  if (bad !== null) return usage(bad);
  try {
    io.out(command.run(values as Values<T> & { format: string }, loadInputs(io, { contest, sheets, manual, track })));
    return 0;
  } catch (error) {
    if (!(error instanceof Problems)) throw error;
    io.err(`${error.lines.join('\n')}\n${error.lines.length} problem${error.lines.length === 1 ? '' : 's'}; ${command.nothing}.\n`);
    return 1;
  }
}

/** The award tier's Chinese name, or "no award". */
export function tierName(track: TrackDefinition, key: string | null): string {
  if (key === null) return 'no award';
  return track.awards.find((a) => a.key === key)?.name.zh ?? key;
}

export { displayWidth };

function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** Rows of cells as aligned columns (the first row is the header); `rightAligned` lists column indexes. */
export function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? (rightAligned.has(c) ? pad(cell, widths[c]!, true) : cell) : pad(cell, widths[c]!, rightAligned.has(c))))
      .join('  ')
      .trimEnd(),
  );
}

