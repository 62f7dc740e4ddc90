/**
 * Sheets as a table (a CSV export of paper sheets, or the results CLI's input) to validated
 * {@link SheetValues}. The CSV itself is parsed by the caller (csv-parse); this works on the cells,
 * so every problem can name its line and column, and all problems are reported at once.
 *
 * Layout: a header row `judge,entry,<criterion keys>,<bonus keys>`; then one row per judge and entry,
 * judge = judge key (J1), entry = entry code (G01), values in points (17.5). A bonus cell may be
 * empty (0), and its column may be absent; a row shorter than the header has its last cells empty. One file may hold several tracks: a column that is not
 * on a row's track must be empty on that row.
 */
import type { ContestDefinition } from '../protocol/contestFile';
import { parsePoints } from './format';
import { trackRulesOf } from './rules';
import { describeSheetProblem, validateSheet } from './sheet';
import type { SheetValues } from './types';

/** One parsed row: `line` is its line in the file (the header is line 1). */
export interface TableRow {
  line: number;
  cells: string[];
}

export interface TableProblem {
  line: number;
  /** The column's header name, when the problem is in one cell or column. */
  column?: string;
  message: string;
}

export interface TableSheet {
  line: number;
  judge: string;
  entry: string;
  track: string;
  values: SheetValues;
}

export interface SheetTable {
  sheets: TableSheet[];
  problems: TableProblem[];
}

/**
 * Reads the rows of a sheets table against a contest. Returns every sheet that is valid and every
 * problem found, in file order; callers that must be all-or-nothing check `problems` first.
 */
export function readSheetTable(contest: ContestDefinition, header: TableRow, rows: readonly TableRow[]): SheetTable {
  const problems: TableProblem[] = [];
  const sheets: TableSheet[] = [];
  const names = header.cells.map((c) => c.trim());

  const known = new Set(['judge', 'entry', ...contest.tracks.flatMap((t) => [...t.criteria, ...t.bonus].map((c) => c.key))]);
  const columnIndex = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') problems.push({ line: header.line, message: `column ${i + 1} has no name` });
    else if (columnIndex.has(name)) problems.push({ line: header.line, column: name, message: 'appears twice in the header' });
    else if (!known.has(name)) problems.push({ line: header.line, column: name, message: 'is not judge, entry, or a criterion or bonus key of any track' });
    else columnIndex.set(name, i);
  });
  for (const required of ['judge', 'entry']) {
    if (!columnIndex.has(required)) problems.push({ line: header.line, message: `the header has no "${required}" column` });
  }
  if (!columnIndex.has('judge') || !columnIndex.has('entry')) return { sheets, problems };

  const judges = new Map(contest.judges.map((j) => [j.key, j]));
  const entries = new Map(contest.entries.map((e) => [e.code, e]));
  const tracks = new Map(contest.tracks.map((t) => [t.key, t]));
  const firstLine = new Map<string, number>();
  const reportedMissingColumn = new Set<string>();

  for (const row of rows) {
    if (row.cells.length > names.length) {
      problems.push({ line: row.line, message: `has ${row.cells.length} fields, the header has ${names.length}` });
      continue;
    }
    // A short row leaves its last cells empty (spreadsheets drop trailing empty bonus cells).
    const cell = (name: string) => (row.cells[columnIndex.get(name)!] ?? '').trim();
    const judgeKey = cell('judge');
    const entryCode = cell('entry');
    const judge = judges.get(judgeKey);
    const entry = entries.get(entryCode);
    if (!judge) problems.push({ line: row.line, column: 'judge', message: judgeKey === '' ? 'is empty' : `"${judgeKey}" is not a judge of the contest` });
    if (!entry) problems.push({ line: row.line, column: 'entry', message: entryCode === '' ? 'is empty' : `"${entryCode}" is not an entry of the contest` });
    if (!judge || !entry) continue;
    const track = tracks.get(entry.track)!;
    if (!judge.tracks.includes(track.key)) {
      problems.push({ line: row.line, column: 'judge', message: `${judgeKey} does not judge track ${track.key} (entry ${entryCode})` });
      continue;
    }
    const pair = `${judgeKey}\u0000${entryCode}`;
    const earlier = firstLine.get(pair);
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `a second sheet from ${judgeKey} for ${entryCode} (the first is on line ${earlier})` });
      continue;
    }
    firstLine.set(pair, row.line);

    const rowProblems: TableProblem[] = [];
    const values: SheetValues = { scores: {}, bonus: {} };
    const onTrack = new Set<string>();
    let incomplete = false;
    const read = (key: string, into: Record<string, number>, required: boolean) => {
      onTrack.add(key);
      if (!columnIndex.has(key)) {
        const id = `${track.key}\u0000${key}`;
        if (required) incomplete = true;
        if (required && !reportedMissingColumn.has(id)) {
          reportedMissingColumn.add(id);
          problems.push({ line: header.line, message: `the header has no column for criterion "${key}" of track ${track.key}` });
        }
        return;
      }
      const text = cell(key);
      if (text === '') {
        if (required) rowProblems.push({ line: row.line, column: key, message: 'is empty: every criterion needs a score' });
        return;
      }
      const value = parsePoints(text);
      if (value === null) rowProblems.push({ line: row.line, column: key, message: `"${text}" is not a number of points with at most two decimals` });
      else into[key] = value;
    };
    for (const c of track.criteria) read(c.key, values.scores, true);
    for (const b of track.bonus) read(b.key, values.bonus, false);
    for (const [name] of columnIndex) {
      if (name === 'judge' || name === 'entry' || onTrack.has(name)) continue;
      if (cell(name) !== '') rowProblems.push({ line: row.line, column: name, message: `is not a criterion or bonus item of track ${track.key} (entry ${entryCode}); leave it empty` });
    }
    // Range and step problems only for values that parsed; missing ones were reported above.
    for (const p of validateSheet(trackRulesOf(track), values, 'draft')) {
      rowProblems.push({ line: row.line, column: p.key, message: describeSheetProblem(p) });
    }
    rowProblems.sort((a, b) => (columnIndex.get(a.column ?? '') ?? 0) - (columnIndex.get(b.column ?? '') ?? 0));
    problems.push(...rowProblems);
    if (rowProblems.length === 0 && !incomplete) sheets.push({ line: row.line, judge: judgeKey, entry: entryCode, track: track.key, values });
  }
  return { sheets, problems };
}

/** `sheets.csv line 7, column feasibility: 21 is above the max 20`. */
export function describeTableProblem(file: string, problem: TableProblem): string {
  return `${file} line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`}: ${problem.message}`;
}
