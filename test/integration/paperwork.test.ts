/**
 * What leaves Podium after the day, from a real server after a real (small) day: the results CSV
 * (the same bytes as the results CLI computes from the exported files), the Excel workbook (read
 * back and compared with the scoring rules' results) and the data of the printed sheets.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as resultsCli } from '../../scripts/results';
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
