/**
 * The "评委分析" sheet from the worked example of docs/analysis.md (six judges, J6 lenient, J3's
 * pitch for A04 far off, J2 recused from A05): every block in Chinese, numbers in points and
 * fractions, rows as wide as their headers; and written into an .xlsx that reads back the same.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main as analyzeCli } from '../../scripts/analyze';
import type { ContestAnalysisReport } from '../domain/analysis/report';
import { parseContestFile } from '../protocol/contestFile';
import { analysisSheetOf } from './analysisSheet';
import { addAnalysisSheet } from './analysisWorksheet';

const PANEL = fileURLToPath(new URL('../../test/fixtures/analysis/panel/', import.meta.url));

function cli(args: string[]): ContestAnalysisReport {
  let out = '';
  const code = analyzeCli(['--contest', `${PANEL}contest.json`, '--sheets', `${PANEL}sheets.csv`, '--format', 'json', ...args], {
    out: (t) => (out += t),
    err: (t) => {
      throw new Error(t);
    },
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  expect(code).toBe(0);
  return JSON.parse(out) as ContestAnalysisReport;
}

const parsed = parseContestFile(JSON.parse(readFileSync(`${PANEL}contest.json`, 'utf8')));
if (!parsed.ok) throw new Error('fixture must parse');
const contest = parsed.contest;
const sheet = analysisSheetOf(contest, cli([]).tracks[0]!);
const block = (heading: string) => sheet.blocks.find((b) => b.heading === heading)!;

describe('the 评委分析 sheet', () => {
  it('has a title, a name Excel accepts, and the five blocks of the console in order', () => {
    expect(sheet.name).toBe('评委分析-分析示例');
    expect(analysisSheetOf({ ...contest, tracks: [{ ...contest.tracks[0]!, name: { zh: '一个名字很长很长的赛道:带冒号/斜杠以及更多更多更多的文字' } }] }, cli(['--resamples', '0']).tracks[0]!).name).toBe(
      '评委分析-一个名字很长很长的赛道_带冒号_斜杠以及更多更多更多',
    );
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.title).toBe(`${contest.name.zh} · ${contest.tracks[0]!.name.zh} · 评分分析`);
    expect(sheet.subtitle).toContain('重抽样评委 1000 次，随机种子「podium」');
    expect(sheet.blocks.map((b) => b.heading)).toEqual(['评委一致性', '各位评委', '离群评分', '排名稳健性', '换一种计分规则']);
    for (const b of sheet.blocks) for (const row of b.rows) expect(row).toHaveLength(b.columns.length);
  });

  it('reads the agreement in words, with the block it was computed on', () => {
    const agreement = block('评委一致性');
    expect(agreement.rows[0]).toEqual(['排序一致性（Kendall W）', 0.9314, '评委排序几乎完全一致（χ² 22.35，df 4）']);
    expect(agreement.rows[1]![0]).toBe('单个评委分数的可靠性（ICC(2,1)）：良好');
    expect(agreement.rows[2]![0]).toBe('6 位评委平均分的可靠性（ICC(2,6)）：优秀');
    expect(agreement.columns.map((c) => c.format)).toEqual(['text', 'ratio', 'text']);
    expect(agreement.notes).toEqual(['基于 5 个作品 × 6 位评委', '因缺评或回避未计入：A05']);
  });

  it('lists each judge with names, points and the lenient call', () => {
    const judges = block('各位评委');
    const names = new Map(contest.judges.map((j) => [j.key, j.name]));
    expect(judges.rows.map((r) => r[1])).toEqual(['J1', 'J2', 'J3', 'J4', 'J5', 'J6']);
    expect(judges.rows.map((r) => r[0])).toEqual(['J1', 'J2', 'J3', 'J4', 'J5', 'J6'].map((k) => names.get(k)));
    const j6 = judges.rows[5]!;
    expect(j6.slice(2)).toEqual([6, 0, 0, 88.08, 6.3, 7.34, '偏松', 0.9276, 0]);
    expect(judges.rows.filter((r) => r[8] !== '').map((r) => r[1])).toEqual(['J6']);
    expect(judges.rows[1]!.slice(2, 5)).toEqual([5, 1, 0]);
  });

  it('lists the outliers with the criterion by its label', () => {
    expect(block('离群评分').rows).toEqual([
      ['A04', contest.judges[2]!.name, '总分', 69, 80.5, -11.5, 8],
      ['A04', contest.judges[2]!.name, contest.tracks[0]!.criteria.find((c) => c.key === 'pitch')!.label.zh, 5, 16, -11, 5],
    ]);
  });

  it('shows places and awards without one judge and over the resamples, fragile ones marked, and what another policy changes', () => {
    const robustness = block('排名稳健性');
    const a03 = robustness.rows.find((r) => r[1] === 'A03')!;
    expect(a03).toEqual([2, 'A03', 85.13, '二等奖', '第 2–3 名，二等奖 / 三等奖', '二等奖 77%，三等奖 23%', 0.766, '不稳']);
    expect(robustness.rows.find((r) => r[1] === 'A01')!.slice(4)).toEqual(['始终第 1 名', '一等奖 100%', 1, '']);
    const j5 = contest.judges.find((j) => j.key === 'J5')!.name;
    expect(robustness.notes).toContain(`A03：去掉 ${j5} 后：第 3 名，三等奖`);
    expect(robustness.notes.at(-1)).toBe('「不稳」：该奖项在不足 80% 的重抽样中保持不变。');
    const policies = block('换一种计分规则');
    expect(policies.columns[3]!.header).toBe('去掉最高最低分 1/5（本赛道规则） 得分');
    expect(policies.rows.find((r) => r[0] === 'A05')).toEqual(['A05', 80.6, '三等奖', 79.5, '无奖项', 79.5, '无奖项', 80.24, '三等奖']);
    expect(policies.notes).toEqual(['换规则后奖项会变的作品：A04、A05']);
  });

  it('says when the bootstrap was skipped, which outlier rule was used, and when nothing is outlying', () => {
    const report = cli(['--resamples', '0', '--outliers', 'share']).tracks[0]!;
    const quick = analysisSheetOf(contest, report);
    const robustness = quick.blocks[3]!;
    expect(robustness.rows.every((r) => r[5] === null && r[6] === null && r[7] === '')).toBe(true);
    expect(robustness.notes).not.toContain('没有不稳的奖项。');
    expect(quick.subtitle).toContain('超过满分的 15%');
    expect(quick.blocks[2]!.rows.map((r) => r[2])).toEqual(['答辩表现']);
    const none = analysisSheetOf(contest, { ...report, analysis: { ...report.analysis, outliers: [] } });
    expect(none.blocks[2]).toMatchObject({ rows: [], notes: ['没有离群评分。'] });
    expect(() => analysisSheetOf({ ...contest, tracks: [] }, cli([]).tracks[0]!)).toThrow(/no track/);
  });
});

describe('the 评委分析 sheet in a workbook', () => {
  it('reads back from the .xlsx with its blocks, numbers and formats', async () => {
    const book = new ExcelJS.Workbook();
    addAnalysisSheet(book, sheet);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await book.xlsx.writeBuffer()) as ArrayBuffer);
    const ws = read.getWorksheet(sheet.name)!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([sheet.title]);
    const at = (heading: string) => rows.findIndex((r) => r[0] === heading);
    for (const b of sheet.blocks) expect(rows[at(b.heading) + 1]).toEqual(b.columns.map((c) => c.header));
    const j6 = rows[at('各位评委') + 2 + 5]!;
    expect(j6.slice(1, 11)).toEqual(['J6', 6, 0, 0, 88.08, 6.3, 7.34, '偏松', 0.9276, 0]);
    const j6Row = ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(2).value === 'J6')!;
    expect(j6Row.getCell(8).numFmt).toBe('0.00');
    expect(j6Row.getCell(10).numFmt).toBe('0.00');
    expect(rows).toContainEqual(['换规则后奖项会变的作品：A04、A05']);
    expect(ws.pageSetup.paperSize).toBe(9);
  });
});
