import { describe, expect, it } from 'vitest';
import { parseContestFile, type ContestDefinition } from '../protocol/contestFile';
import demoFile from '../../scripts/demo-contest.json';
import { describeTableProblem, readSheetTable, type TableRow } from './sheetTable';

const parsed = parseContestFile(demoFile);
if (!parsed.ok) throw new Error('the demo contest must parse');
const demo: ContestDefinition = parsed.contest;

const CRITERIA = 'completeness,effectiveness,innovation,advancement,feasibility,generality,socialValue,commercialValue';
function table(lines: string[]): [TableRow, TableRow[]] {
  const rows = lines.map((l, i) => ({ line: i + 1, cells: l.split(',') }));
  return [rows[0]!, rows.slice(1)];
}

describe('readSheetTable', () => {
  it('reads both tracks of one file; a bonus cell may be empty, its column absent, or a short row may drop it', () => {
    const [header, rows] = table([`judge,entry,${CRITERIA},dataModel`, 'J1,G01,8.5,17,8,8,17.5,9,8,9,3', 'J2,G02,8,16,8,8,16,8,8,8,', 'J1,O01,8,16,8,8,16,8,8,8', 'J2,O01,8,16,8,8,16,8,8,8,']);
    const result = readSheetTable(demo, header, rows);
    expect(result.problems).toEqual([]);
    expect(result.sheets.map((s) => [s.line, s.judge, s.entry, s.track])).toEqual([
      [2, 'J1', 'G01', 'gov'],
      [3, 'J2', 'G02', 'gov'],
      [4, 'J1', 'O01', 'open'],
      [5, 'J2', 'O01', 'open'],
    ]);
    expect(result.sheets[0]!.values).toEqual({
      scores: { completeness: 850, effectiveness: 1700, innovation: 800, advancement: 800, feasibility: 1750, generality: 900, socialValue: 800, commercialValue: 900 },
      bonus: { dataModel: 300 },
    });
    expect(result.sheets[1]!.values.bonus).toEqual({});
    const [h2, r2] = table([`judge,entry,${CRITERIA}`, 'J1,G01,8.5,17,8,8,17.5,9,8,9']);
    expect(readSheetTable(demo, h2, r2)).toMatchObject({ problems: [], sheets: [{ values: { bonus: {} } }] });
  });

  it('reports header problems and stops when judge or entry is missing', () => {
    const [header, rows] = table([`judge,${CRITERIA},,effectiveness`, 'J1,8,16,8,8,16,8,8,8,,16']);
    expect(readSheetTable(demo, header, rows).problems).toEqual([
      { line: 1, message: 'column 10 has no name' },
      { line: 1, column: 'effectiveness', message: 'appears twice in the header' },
      { line: 1, message: 'the header has no "entry" column' },
    ]);
  });

  it('reports cell problems in column order, and keeps no sheet from a bad row', () => {
    const [header, rows] = table([`judge,entry,${CRITERIA},dataModel`, 'J1,G01,10.5,17,8,8,21,9,8,9,2.5', ',G01,8,16,8,8,16,8,8,8,']);
    const result = readSheetTable(demo, header, rows);
    expect(result.sheets).toEqual([]);
    expect(result.problems.map((p) => describeTableProblem('s.csv', p))).toEqual([
      's.csv line 2, column completeness: 10.5 is above the max 10',
      's.csv line 2, column feasibility: 21 is above the max 20',
      's.csv line 2, column dataModel: 2.5 is not a multiple of the step 1',
      's.csv line 3, column judge: is empty',
    ]);
  });
});
