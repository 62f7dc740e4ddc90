/**
 * The paperwork in a real Chromium, after a real small day: on /setup, people from a spreadsheet
 * (every problem listed in Chinese by row and column, confirm only without problems) and the
 * results workbook; then the printable score sheets (评分表) and summaries (汇总表), printed to
 * PDF as the host's browser would ("save as PDF"), whose text (poppler's pdftotext) must hold
 * every judge's name, every entry code and every total, with the document title on every page of
 * a long sheet. Screenshots and the PDF are kept in test/artifacts.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../../server/domain/format';
import { judgeTotal } from '../../server/domain/sheet';
import { ContestModel } from '../../server/store/model';
import { loadSnapshot } from '../../server/store/snapshot';
import { isSubmitted } from '../../server/views/exports';
import { computeAllResults } from '../../server/views/results';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets } from '../support/clients';
import { playScoredDay, type ScoredDay } from '../support/scoredDay';
import { E2E_CLIENT_DIR } from './buildClient';

let day: ScoredDay;
let browser: Browser;

beforeAll(async () => {
  day = await playScoredDay({ clientDir: E2E_CLIENT_DIR });
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  closeAllSockets();
  await browser?.close();
  await day?.close();
});

/** Text of pages of a PDF file, one string per page. */
function pdfPages(path: string): string[] {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
}

async function workbookFile(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('作品');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the setup page', () => {
  it('previews a people sheet with every problem in Chinese, imports it once fixed, and downloads the workbook', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${day.server.url}/setup#key=${day.server.hostKey}`);
    const panel = page.getByTestId('people-import');
    await panel.waitFor();

    const header = ['赛道', '编号', '单位名称', '模型名称'];
    const bad = [header, ['政府赛道', '', '新单位甲', '新模型甲'], ['市级赛道', '', '新单位乙', '新模型乙'], ['开放赛道', 'O01', '新单位丙', '']];
    await panel.getByTestId('people-file').setInputFiles({ name: '作品名单.xlsx', mimeType: 'application/octet-stream', buffer: await workbookFile(bad) });
    await expect.poll(() => panel.getByTestId('people-problems').locator('li').count()).toBe(3);
    const problems = await panel.getByTestId('people-problems').locator('li').allTextContents();
    expect(problems[0]).toContain('第 3 行，“赛道”列：“市级赛道”不是本赛事的赛道');
    expect(problems.some((p) => p.includes('第 4 行，“编号”列：“O01”在本赛事中已存在'))).toBe(true);
    expect(problems.some((p) => p.includes('第 4 行，“模型名称”列：未填写'))).toBe(true);
    expect(await panel.getByTestId('people-confirm').isDisabled()).toBe(true);
    await page.screenshot({ path: artifactPath('setup-people-problems.png'), fullPage: true });

    const fixed = [header, ['政府赛道', '', '新单位甲', '新模型甲'], ['开放赛道', '', '新单位乙', '新模型乙']];
    await panel.getByTestId('people-file').setInputFiles({ name: '作品名单.xlsx', mimeType: 'application/octet-stream', buffer: await workbookFile(fixed) });
    await expect.poll(() => panel.getByTestId('people-ready').count()).toBe(1);
    expect(await panel.getByTestId('people-preview').locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining('G08'), expect.stringContaining('O04'),
    ]);
    await panel.getByTestId('people-confirm').click();
    await expect.poll(() => panel.getByTestId('people-done').textContent()).toContain('已导入 2 件作品');

    const download = page.waitForEvent('download');
    await page.getByTestId('export-results.xlsx').click();
    expect((await download).suggestedFilename()).toBe('results.xlsx');
    expect(await page.getByTestId('open-print').getAttribute('href')).toBe('/print');
    await page.close();
  });
});

describe('printable pages', () => {
  it('print to PDF with every judge, every entry code and every total, the title on every page', async () => {
    // Forty more entries on the government track (from a spreadsheet, as an organiser adds
    // them), so that each judge's sheet runs over several pages.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('作品');
    sheet.addRow(['赛道', '单位名称', '模型名称']);
    for (let i = 1; i <= 40; i++) sheet.addRow(['政府赛道', `补充单位${i}`, `补充模型${i}`]);
    const added = await fetch(`${day.server.url}/api/setup/people/import?kind=entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${day.server.hostKey}` },
      body: new Uint8Array(await book.xlsx.writeBuffer()),
    });
    expect(added.status).toBe(200);

    const state = await loadSnapshot(day.server.podium.database.db, day.server.podium.contestId());
    const results = computeAllResults(state);
    const page = await browser.context.newPage();
    await page.goto(`${day.server.url}/print#key=${day.server.hostKey}`);
    const judgeSheets = state.judgeTracks.length;
    await expect.poll(() => page.getByTestId('print-sheet').count(), { timeout: 15_000 }).toBe(judgeSheets);
    expect(await page.getByTestId('print-summary').count()).toBe(state.tracks.length);

    await page.emulateMedia({ media: 'print' });
    await page.getByTestId('print-summary').first().screenshot({ path: artifactPath('print-summary.png') });
    const pdfPath = artifactPath('print.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const pages = pdfPages(pdfPath);
    const text = pages.join('\n');

    for (const judge of state.judges) expect(text).toContain(judge.name);
    for (const entry of state.entries.filter((e) => e.state !== 'withdrawn')) expect(text).toContain(entry.code);
    expect(text).not.toContain('G06'); // withdrawn: on no sheet
    for (const s of state.sheets.filter(isSubmitted)) {
      const track = state.tracks.find((t) => t.id === state.entries.find((e) => e.id === s.entryId)!.trackId)!;
      expect(text).toContain(formatPoints(judgeTotal(new ContestModel(state).trackRules(track.id), { scores: s.scores, bonus: s.bonus ?? {} })));
    }
    for (const r of [...results.values()].flatMap((tr) => tr.ranking)) expect(text).toContain(formatPoints(r.final));
    expect(text).toContain('评审组长签字');
    expect(text).toContain('评委签字');
    expect(text).toContain('无成绩');

    // Every page carries its document's title (the table header repeats), and the long sheets
    // did run over several pages.
    for (const p of pages) expect(p).toMatch(/评分材料测试赛[\s\S]*(评分表|汇总表)/);
    expect(pages.length).toBeGreaterThan(judgeSheets + state.tracks.length);
    const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages.length), pdfPath], { encoding: 'utf8' });
    expect(sizes).toMatch(/Page +1 size: +84\d\.\d+ x 59\d\.\d+ pts \(A4\)/); // a score sheet: A4 across
    expect(sizes).toMatch(new RegExp(`Page +${pages.length} size: +59\\d\\.\\d+ x 84\\d\\.\\d+ pts \\(A4\\)`)); // a summary: A4 upright
    await page.close();
  });
});
