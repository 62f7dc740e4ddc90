/**
 * What leaves Podium after the day, from a real server after a real (small) day: the results CSV
 * (the same bytes as the results CLI computes from the exported files), the Excel workbook (read
 * back and compared with the scoring rules' results) and the data of the printed sheets.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as resultsCli } from '../../scripts/results';
import { judgeTotal } from '../../server/domain/sheet';
import { ContestModel } from '../../server/store/model';
import { loadSnapshot } from '../../server/store/snapshot';
import { isSubmitted } from '../../server/views/exports';
import { computeAllResults } from '../../server/views/results';
import { closeAllSockets } from '../support/clients';
import { playScoredDay, type ScoredDay } from '../support/scoredDay';

let day: ScoredDay;
let tmp: string;

beforeAll(async () => {
  day = await playScoredDay();
  tmp = mkdtempSync(join(tmpdir(), 'podium-paperwork-'));
});

afterAll(async () => {
  closeAllSockets();
  await day?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function download(name: string): Promise<Buffer> {
  const res = await fetch(`${day.server.url}/api/export/${name}`, { headers: { authorization: `Bearer ${day.server.hostKey}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('results.csv', () => {
  it('is the same bytes from the server and from the results CLI run on the exported files', async () => {
    const served = await download('results.csv');
    for (const name of ['contest.json', 'sheets.csv', 'manual.json']) writeFileSync(join(tmp, name), await download(name));
    let out = '';
    let err = '';
    const code = resultsCli(
      ['--contest', join(tmp, 'contest.json'), '--sheets', join(tmp, 'sheets.csv'), '--manual', join(tmp, 'manual.json'), '--format', 'csv'],
      { out: (t) => (out += t), err: (t) => (err += t), readFile: (p) => readFileSync(p, 'utf8') },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(Buffer.from(out, 'utf8').equals(served)).toBe(true);

    const rows = parse(served.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const line = (code: string) => rows.find((r) => r.编号 === code)!;
    // Every entry that takes part, ranked or not; the withdrawn one is not there.
    expect(rows.map((r) => r.编号)).toEqual(['G01', 'G04', 'G02', 'G03', 'G05', 'G07', 'O02', 'O01', 'O03']);
    expect(line('G02')).toMatchObject({ 计分评委数: '4', 应评评委数: '4' });
    expect(line('G05')).toMatchObject({ 名次: '', 最终得分: '', 计分评委数: '0', 应评评委数: '5', 备注: expect.stringMatching(/^无成绩：/) });
    expect(line('O02')).toMatchObject({ 名次: '1', 最终得分: '80.00', 奖项: '一等奖', 并列判定: '单项「实现效果」平均分更高' });
  });
});

/** Shanghai wall-clock time of an instant, as the workbook's dates carry it (their UTC fields). */
function shanghai(at: Date): Date {
  return new Date(at.getTime() + 8 * 3600_000);
}

describe('results.xlsx', () => {
  it('holds every number of the scoring rules, 无成绩 entries, every sheet and the sign-offs', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download('results.xlsx')) as unknown as ExcelJS.Buffer);
    const state = await loadSnapshot(day.server.podium.database.db, day.server.podium.contestId());
    const results = computeAllResults(state);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总表-政府赛道', '汇总表-开放赛道', '评分明细-政府赛道', '评分明细-开放赛道', '签字确认', '评委分析-政府赛道', '评委分析-开放赛道']);

    for (const track of state.tracks) {
      const sheet = book.getWorksheet(`汇总表-${track.name.zh}`)!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' });
      const header = (sheet.getRow(3).values as unknown[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      const criteria = state.rubricItems.filter((i) => i.trackId === track.id && i.kind === 'criterion');
      const byCode = new Map<string, ExcelJS.Row>();
      sheet.eachRow((row, n) => {
        if (n > 3 && typeof row.getCell(col('编号')).value === 'string') byCode.set(row.getCell(col('编号')).value as string, row);
      });
      const codeOf = new Map(state.entries.map((e) => [e.id, e.code]));
      const ranking = results.get(track.id)!.ranking;
      expect(ranking.length).toBeGreaterThan(0);
      for (const r of ranking) {
        const row = byCode.get(codeOf.get(r.entryId)!)!;
        expect(row.getCell(col('名次')).value).toBe(r.rank);
        expect(row.getCell(col('最终得分')).value).toBe(r.final / 100);
        expect(row.getCell(col('最终得分')).numFmt).toBe('0.00');
        expect(row.getCell(col('计分评委数')).value).toBe(r.counted);
        for (const c of criteria) {
          const cell = row.getCell(header.findIndex((h) => String(h).startsWith(`${c.label.zh}（`)) + 1);
          expect(cell.value).toBe(r.criterionMeans[c.key]! / 100);
        }
      }
    }
    // 无成绩: G05 closed without a sheet; G06 withdrawn and G07 absent listed apart with their state.
    const gov = book.getWorksheet('汇总表-政府赛道')!;
    const text = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    const rows: string[][] = [];
    gov.eachRow((row) => rows.push(text(row)));
    expect(rows.find((r) => r.includes('G05'))).toEqual(expect.arrayContaining(['无成绩', 'G05', '0', '5', expect.stringMatching(/^无成绩：/)]));
    expect(rows.find((r) => r.includes('G06'))!.slice(0, 2)).toEqual(['已退出', 'G06']);
    expect(rows.find((r) => r.includes('G06'))).toContain('参赛单位主动退出');
    expect(rows.find((r) => r.includes('G07'))!.slice(0, 2)).toEqual(['缺席', 'G07']);
    expect(rows.find((r) => r.includes('G02'))).toContain('回避 1 人（不计分）');

    // 评分明细: every submitted sheet with its total (the rubric's sum), comment and times.
    for (const track of state.tracks) {
      const sheet = book.getWorksheet(`评分明细-${track.name.zh}`)!;
      const header = (sheet.getRow(3).values as unknown[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      const submitted = state.sheets.filter(isSubmitted).filter((s) => state.entries.find((e) => e.id === s.entryId)!.trackId === track.id);
      const lines: ExcelJS.Row[] = [];
      sheet.eachRow((row, n) => {
        if (n > 3) lines.push(row);
      });
      expect(lines).toHaveLength(submitted.length);
      for (const s of submitted) {
        const judge = state.judges.find((j) => j.id === s.judgeId)!;
        const code = state.entries.find((e) => e.id === s.entryId)!.code;
        const row = lines.find((l) => l.getCell(col('编号')).value === code && l.getCell(col('评委')).value === judge.name)!;
        expect(row.getCell(col('总分')).value).toBe(judgeTotal(new ContestModel(state).trackRules(track.id), { scores: s.scores, bonus: s.bonus ?? {} }) / 100);
        expect(row.getCell(col('评语')).value).toBe(s.comment);
        expect(row.getCell(col('提交次数')).value).toBe(s.submitCount);
        const last = row.getCell(col('最后修改时间')).value;
        if (s.submitCount > 1) expect(last).toEqual(shanghai(new Date(Math.floor(s.submittedAt!.getTime() / 1000) * 1000)));
        else expect(last).toBeNull();
        expect(row.getCell(col('首次提交时间')).value).toBeInstanceOf(Date);
      }
    }
    const g01j2 = (() => {
      const sheet = book.getWorksheet('评分明细-政府赛道')!;
      let found: string[] = [];
      sheet.eachRow((row) => {
        const t = text(row);
        if (t[0] === 'G01' && t[2] === '李敏') found = t;
      });
      return found;
    })();
    expect(g01j2).toContain('G01 评语（J2，已更正）');
    expect(g01j2).toContain('2');

    // 签字确认: a row per judge per track; J1 signed both tracks and J6 the open one (a date), the others not.
    const signOff = book.getWorksheet('签字确认')!;
    const signed: Record<string, unknown> = {};
    signOff.eachRow((row, n) => {
      if (n > 3) signed[`${String(row.getCell(1).value)} ${String(row.getCell(4).value)}`] = row.getCell(5).value;
    });
    expect(Object.keys(signed)).toEqual([
      'J1 政府赛道', 'J1 开放赛道', 'J2 政府赛道', 'J3 政府赛道', 'J4 政府赛道', 'J5 政府赛道', 'J5 开放赛道', 'J6 开放赛道', 'J7 开放赛道',
    ]);
    const trackIds = new Map(state.tracks.map((t) => [t.name.zh, t.id]));
    for (const row of ['J1 政府赛道', 'J1 开放赛道', 'J6 开放赛道']) {
      const [key, track] = row.split(' ');
      const judge = state.judges.find((j) => j.key === key)!;
      const at = state.signOffs.find((so) => so.judgeId === judge.id && so.trackId === trackIds.get(track!))!.signedAt;
      expect(signed[row]).toEqual(shanghai(new Date(Math.floor(at.getTime() / 1000) * 1000)));
    }
    for (const row of ['J2 政府赛道', 'J3 政府赛道', 'J4 政府赛道', 'J5 政府赛道', 'J5 开放赛道', 'J7 开放赛道']) expect(signed[row]).toBe('未签字');
  });
});
