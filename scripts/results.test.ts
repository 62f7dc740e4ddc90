import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main as generate } from './generate-sheets';
import { displayWidth } from './cli';
import { main } from './results';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = 'test/fixtures/scoring';

/** Runs the CLI with files from the repository plus in-memory ones. */
function run(args: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = main(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (p) => files[p] ?? readFileSync(resolve(ROOT, p), 'utf8'),
  });
  return { code, out, err };
}

const example = (name: string, ...extra: string[]) => ['--contest', `${FIXTURES}/${name}/contest.json`, '--sheets', `${FIXTURES}/${name}/sheets.csv`, ...extra];

function demoSheets(seed: string): string {
  let text = '';
  const code = generate(['--contest', 'scripts/demo-contest.json', '--seed', seed], {
    out: (t) => (text += t),
    err: (t) => {
      throw new Error(t);
    },
    readFile: (p) => readFileSync(resolve(ROOT, p), 'utf8'),
    writeFile: () => {
      throw new Error('no file expected');
    },
  });
  expect(code).toBe(0);
  return text;
}

describe('results CLI: bad input', () => {
  it('reports every bad row by line and column, and prints no result', () => {
    const { code, out, err } = run(['--contest', `${FIXTURES}/trimmed/contest.json`, '--sheets', `${FIXTURES}/bad-rows/sheets.csv`]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      'sheets.csv line 1, column style: is not judge, entry, or a criterion or bonus key of any track',
      'sheets.csv line 3, column design: 41 is above the max 40',
      'sheets.csv line 4, column build: 33.3 is not a multiple of the step 0.5',
      'sheets.csv line 5, column judge: "J9" is not a judge of the contest',
      'sheets.csv line 6, column entry: "E09" is not an entry of the contest',
      'sheets.csv line 7, column build: is empty: every criterion needs a score',
      'sheets.csv line 8, column pitch: "abc" is not a number of points with at most two decimals',
      'sheets.csv line 9: a second sheet from J1 for E01 (the first is on line 2)',
      'sheets.csv line 10, column pitch: is empty: every criterion needs a score',
      'sheets.csv line 11, column build: "34.505" is not a number of points with at most two decimals',
      'sheets.csv line 11, column pitch: -1 is below the min 0',
      'sheets.csv line 12: has 7 fields, the header has 6',
      '12 problems; no results computed.',
      '',
    ]);
  });

  it('names the line and column in the demo contest, in points', () => {
    const lines = demoSheets('7').split('\n');
    // Line 7 of the file is the 6th sheet; make its feasibility 21 (max 20).
    const header = lines[0]!.split(',');
    const cells = lines[6]!.split(',');
    cells[header.indexOf('feasibility')] = '21';
    lines[6] = cells.join(',');
    const { code, out, err } = run(['--contest', 'scripts/demo-contest.json', '--sheets', '/virtual/sheets.csv'], { '/virtual/sheets.csv': lines.join('\n') });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('sheets.csv line 7, column feasibility: 21 is above the max 20\n');
  });

  it('refuses a bonus on a track that has none, and a judge outside the track', () => {
    const contest = JSON.parse(readFileSync(resolve(ROOT, 'scripts/demo-contest.json'), 'utf8'));
    contest.judges[6].tracks = ['gov'];
    const csv = ['judge,entry,completeness,effectiveness,innovation,advancement,feasibility,generality,socialValue,commercialValue,dataModel', 'J1,O01,8,16,8,8,16,8,8,8,3', 'J7,O02,8,16,8,8,16,8,8,8,'].join('\n');
    const { code, err } = run(['--contest', 'c.json', '--sheets', 's.csv'], { 'c.json': JSON.stringify(contest), 's.csv': csv });
    expect(code).toBe(1);
    expect(err).toContain('s.csv line 2, column dataModel: is not a criterion or bonus item of track open (entry O01); leave it empty');
    expect(err).toContain('s.csv line 3, column judge: J7 does not judge track open (entry O02)');
  });

  it('reports a header without a criterion column once', () => {
    const csv = ['judge,entry,design,build', 'J1,E01,34,34', 'J2,E01,34,34'].join('\n');
    const { code, err } = run(['--contest', `${FIXTURES}/trimmed/contest.json`, '--sheets', 's.csv'], { 's.csv': csv });
    expect(code).toBe(1);
    expect(err).toBe('s.csv line 1: the header has no column for criterion "pitch" of track main\n1 problem; no results computed.\n');
  });

  it('reports broken CSV (an unclosed quote) with its line', () => {
    const { code, err } = run(['--contest', `${FIXTURES}/trimmed/contest.json`, '--sheets', 's.csv'], { 's.csv': 'judge,entry,design,build,pitch\nJ1,"E01,34,34,17\n' });
    expect(code).toBe(1);
    expect(err).toMatch(/^s\.csv line 2: Quote Not Closed/);
  });

  it('reports an invalid contest file by path', () => {
    const { code, out, err } = run(['--contest', 'c.json', '--sheets', 's.csv'], { 'c.json': JSON.stringify({ name: 'x', tracks: [] }), 's.csv': '' });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('c.json: tracks: a contest needs at least one track');
    expect(run(['--contest', 'c.json', '--sheets', 's.csv'], { 'c.json': '{', 's.csv': '' }).err).toMatch(/^c\.json: not valid JSON/);
    expect(run(['--contest', 'missing.json', '--sheets', 's.csv']).err).toMatch(/^missing\.json: cannot read/);
  });

  it('checks the manual decisions file', () => {
    const manual = (json: unknown) => run(example('boundary-tie', '--manual', 'm.json'), { 'm.json': JSON.stringify(json) });
    expect(manual({ decisions: [{ order: ['U03', 'X99'] }] }).err).toContain('m.json: decisions[0]: "X99" is not an entry of the contest');
    expect(manual({ decisions: [{ order: ['U03', 'U03'] }] }).err).toContain('lists an entry twice');
    expect(manual({ decisions: [{ order: ['U03'] }] }).code).toBe(1);
    expect(manual([{ order: ['U03', 'U02'] }]).code).toBe(0);
  });

  it('refuses bad usage with exit code 2', () => {
    expect(run(['--contest', 'c.json']).code).toBe(2);
    expect(run(example('trimmed', '--format', 'xml')).code).toBe(2);
    expect(run(example('trimmed', '--nope')).code).toBe(2);
    expect(run(example('trimmed', '--track', 'nope')).err).toContain('the contest has no track "nope"');
    expect(run(['--help']).out).toContain('usage:');
  });
});

describe('results CLI: output', () => {
  it('json carries the explanation with codes and judge keys', () => {
    const { code, out } = run(example('recusal', '--format', 'json'));
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const r01 = json.tracks[0].ranking[0];
    expect(r01).toMatchObject({ code: 'R01', final: 8563, finalText: '85.63', rank: 1, award: 'first', awardName: '一等奖', counted: 6, kept: 4, recused: ['J6'], policyApplied: 'trimmed' });
    expect(r01.judges.map((j: { judge: string; dropped: string | null }) => [j.judge, j.dropped])).toEqual([
      ['J1', null],
      ['J2', null],
      ['J3', 'high'],
      ['J4', null],
      ['J5', 'low'],
      ['J7', null],
    ]);
    expect(json.tracks[0].ranking[1]).toMatchObject({ code: 'R02', policyApplied: 'mean', fallback: { from: 'trimmed', reason: 'panel_below_min' } });
  });

  it('json reports boundary ties with codes', () => {
    const json = JSON.parse(run(example('boundary-tie', '--format', 'json')).out);
    expect(json.tracks[0].provisional).toBe(true);
    expect(json.tracks[0].boundaryTies[0]).toMatchObject({ entries: ['U02', 'U03'], tierAbove: 'second', tierBelow: 'third', needsManualDecision: true, unresolved: [{ rank: 2, entries: ['U02', 'U03'] }] });
  });

  it('csv has one row per entry, with Chinese headers, panel sizes and the tie rule in words', () => {
    const { code, out } = run(example('criterion-tie', '--format', 'csv'));
    expect(code).toBe(0);
    expect(out.startsWith('\uFEFF')).toBe(true);
    expect(parse(out, { columns: true, bom: true })).toEqual([
      { 赛道代号: 'main', 赛道: '按单项分决胜', 名次: '1', 编号: 'T02', 单位名称: '西区应急局', 模型名称: '燃气泄漏研判', 最终得分: '85.00', 奖项: '一等奖', 计分评委数: '5', 应评评委数: '5', 并列判定: '单项「实现效果」平均分更高', 备注: '' },
      { 赛道代号: 'main', 赛道: '按单项分决胜', 名次: '2', 编号: 'T01', 单位名称: '东区应急局', 模型名称: '危化品画像', 最终得分: '85.00', 奖项: '二等奖', 计分评委数: '5', 应评评委数: '5', 并列判定: '单项「实现效果」平均分更高', 备注: '' },
      { 赛道代号: 'main', 赛道: '按单项分决胜', 名次: '3', 编号: 'T03', 单位名称: '北区应急局', 模型名称: '电梯困人预测', 最终得分: '75.33', 奖项: '三等奖', 计分评委数: '5', 应评评委数: '5', 并列判定: '', 备注: '' },
    ]);
  });

  it('csv lists an entry without counted sheets as 无成绩, with its reason', () => {
    const csv = readFileSync(resolve(ROOT, `${FIXTURES}/trimmed/sheets.csv`), 'utf8').split('\n').filter((l) => !l.includes('E03')).join('\n');
    const { code, out } = run(['--contest', `${FIXTURES}/trimmed/contest.json`, '--sheets', 's.csv', '--format', 'csv'], { 's.csv': csv });
    expect(code).toBe(0);
    const rows = parse(out, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.at(-1)).toMatchObject({ 名次: '', 编号: 'E03', 最终得分: '', 奖项: '', 计分评委数: '0', 备注: expect.stringMatching(/^无成绩：/) });
  });

  it('lists entries without counted sheets as 无成绩 with their panel, in the table and the JSON', () => {
    const csv = readFileSync(resolve(ROOT, `${FIXTURES}/trimmed/sheets.csv`), 'utf8').split('\n').filter((l) => !l.includes('E03')).join('\n');
    const args = ['--contest', `${FIXTURES}/trimmed/contest.json`, '--sheets', 's.csv'];
    const { code, out } = run(args, { 's.csv': csv });
    expect(code).toBe(0);
    expect(out).toMatch(/^ +— +E03 +北区应急局 +人群预警 +无成绩 +0\/7 +— +no counted sheet$/m);
    expect(out).not.toMatch(/^ +\d+ +E03/m);
    const rows = parse(run([...args, '--format', 'csv'], { 's.csv': csv }).out, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r.编号 === 'E03')).toMatchObject({ 名次: '', 最终得分: '', 计分评委数: '0', 应评评委数: '7' });
    const json = JSON.parse(run([...args, '--format', 'json'], { 's.csv': csv }).out);
    expect(json.tracks[0].unranked).toEqual([{ code: 'E03', result: '无成绩', reason: 'no_counted_sheets', expected: 7, recused: [] }]);
  });

  it('aligns Chinese text by display width', () => {
    expect(displayWidth('一等奖')).toBe(6);
    expect(displayWidth('G01')).toBe(3);
    expect(displayWidth('（地震处）')).toBe(10);
  });
});

describe('results CLI: the demo contest with generated sheets', () => {
  it('prints a ranking with awards per track', () => {
    const sheets = demoSheets('7');
    const { code, out, err } = run(['--contest', 'scripts/demo-contest.json', '--sheets', 'sheets.csv'], { 'sheets.csv': sheets });
    expect(err).toBe('');
    expect(code).toBe(0);
    for (const [name, prefix] of [
      ['政府赛道 (gov)', 'G'],
      ['开放赛道 (open)', 'O'],
    ] as const) {
      const section = out.split('\n\n').findIndex((block) => block.startsWith(name));
      expect(section).toBeGreaterThanOrEqual(0);
      const table = out.split('\n\n')[section + 1]!.split('\n').filter((l) => l !== '');
      expect(table[0]).toMatch(/^rank +code +unit +model +final +panel +award +note$/);
      const codes = table.slice(1).map((l) => l.match(new RegExp(`^ +\\d+=? +(${prefix}\\d\\d) `))?.[1]);
      expect(codes.every((c) => c !== undefined)).toBe(true);
      expect(new Set(codes).size).toBe(10);
    }
    const json = JSON.parse(run(['--contest', 'scripts/demo-contest.json', '--sheets', 'sheets.csv', '--format', 'json'], { 'sheets.csv': sheets }).out);
    for (const track of json.tracks) {
      expect(track.ranking).toHaveLength(10);
      const counts = Object.fromEntries(['first', 'second', 'third', 'merit'].map((k) => [k, track.ranking.filter((e: { award: string }) => e.award === k).length]));
      if (!track.provisional) expect(counts).toEqual({ first: 1, second: 2, third: 3, merit: 3 });
      expect(out).toContain('一等奖');
    }
    // J6 is recused from G01 in the demo contest: the generator writes no sheet for it.
    expect(sheets).not.toMatch(/^J6,G01,/m);
  });

  it('runs as `npm run results` in a real process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-results-'));
    try {
      const file = join(dir, 'sheets.csv');
      const gen = spawnSync('npx', ['tsx', 'scripts/generate-sheets.ts', '--contest', 'scripts/demo-contest.json', '--seed', '3', '--out', file], { cwd: ROOT, encoding: 'utf8' });
      expect(gen.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(demoSheets('3'));
      const res = spawnSync('npm', ['run', '--silent', 'results', '--', '--contest', 'scripts/demo-contest.json', '--sheets', file], { cwd: ROOT, encoding: 'utf8' });
      expect(res.status).toBe(0);
      expect(res.stdout).toBe(run(['--contest', 'scripts/demo-contest.json', '--sheets', 'x.csv'], { 'x.csv': demoSheets('3') }).out);
      expect(res.stdout).toContain('政府赛道 (gov)');
      expect(res.stdout).toContain('开放赛道 (open)');
      const bad = spawnSync('npm', ['run', '--silent', 'results', '--', '--contest', 'scripts/demo-contest.json', '--sheets', `${FIXTURES}/bad-rows/sheets.csv`], { cwd: ROOT, encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
