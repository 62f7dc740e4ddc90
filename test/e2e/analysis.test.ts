/**
 * The analysis in a real Chromium at laptop size (1366×768), on the demo contest scored through
 * the real protocol with a lenient judge (8 points above the panel everywhere) and one sheet far
 * off on one criterion planted: the console flags the sheet as it arrives, before the host
 * closes the entry (its tile and the alerts); the analysis panel calls the judge lenient and lists
 * the outlier, shows when it is computing and refreshes when the results change; its figures are
 * those `npm run analyze` prints from the exported files; the printed report (A4, Chinese) holds
 * the same. Screenshots and the PDF are kept in test/artifacts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as analyzeCli } from '../../scripts/analyze';
import type { ContestAnalysisReport } from '../../server/domain/analysis/report';
import { formatPoints } from '../../server/domain/format';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets } from '../support/clients';
import { openFlow, type Flow } from '../support/flow';
import { LENIENT_JUDGE, playPlantedTrack, PLANTED_OUTLIER } from '../support/plantedDay';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let flow: Flow;
let browser: Browser;
let page: Page;
const tmp = mkdtempSync(join(tmpdir(), 'podium-e2e-analysis-'));

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  flow = await openFlow(server);
  browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  page = await browser.context.newPage();
  await page.goto(`${server.url}/host#key=${server.hostKey}`);
  await page.getByTestId('stage-panel').waitFor();
});

afterAll(async () => {
  closeAllSockets();
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const judgeName = (key: string) => flow.judges.find((j) => j.key === key)!.name;

/** `npm run analyze -- --format json` on the files the server exports now. */
async function offlineAnalysis(): Promise<ContestAnalysisReport> {
  const paths: string[] = [];
  for (const name of ['contest.json', 'sheets.csv', 'manual.json']) {
    const res = await fetch(`${server.url}/api/export/${name}`, { headers: { authorization: `Bearer ${server.hostKey}` } });
    const path = join(tmp, name);
    writeFileSync(path, await res.text());
    paths.push(path);
  }
  let out = '';
  const code = analyzeCli(['--contest', paths[0]!, '--sheets', paths[1]!, '--manual', paths[2]!, '--format', 'json'], {
    out: (t) => (out += t),
    err: (t) => process.stderr.write(t),
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  expect(code).toBe(0);
  return JSON.parse(out) as ContestAnalysisReport;
}

describe('the analysis on the console', () => {
  it('flags the planted sheet as it arrives, before the entry closes', async () => {
    await playPlantedTrack(flow, 'gov', PLANTED_OUTLIER.entryIndex + 1, {
      beforeClose: async (_entryId, index) => {
        if (index !== PLANTED_OUTLIER.entryIndex) return;
        const tile = page.getByTestId('judge-status-entry').first().getByTestId('judge-sheet').filter({ hasText: judgeName(PLANTED_OUTLIER.judge) });
        await expect.poll(() => tile.getByTestId('sheet-flag').count()).toBe(1);
        expect(await page.getByTestId('sheet-flag').count()).toBe(1);
        const alerts = page.getByTestId('alert');
        await expect.poll(() => alerts.filter({ hasText: '可行性' }).count()).toBe(1);
        expect(await alerts.filter({ hasText: judgeName(PLANTED_OUTLIER.judge) }).count()).toBe(2);
        await page.screenshot({ path: artifactPath('analysis-live-flag.png') });
      },
    });
  });

  it('calls the lenient judge lenient and lists the outlier, refreshing as results change', async () => {
    await playPlantedTrack(flow, 'gov', 5, { from: PLANTED_OUTLIER.entryIndex + 1 });
    await page.getByTestId('open-analysis').click();
    const panel = page.getByTestId('analysis-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('analysis-status').getAttribute('data-tone'), { timeout: 60_000 }).toBe('done');

    // The last entry closes with the panel open: it says it is computing, then shows the new figures.
    const computing = page.waitForSelector('[data-testid=analysis-status][data-tone=busy], [data-testid=analysis-status][data-tone=warn]', { timeout: 30_000 });
    await playPlantedTrack(flow, 'gov', 1, { from: 9 });
    await computing;
    await expect.poll(() => panel.getByTestId('analysis-entry').count(), { timeout: 30_000 }).toBe(10);
    await expect.poll(() => panel.getByTestId('analysis-status').getAttribute('data-tone'), { timeout: 60_000 }).toBe('done');

    const calls = await panel.getByTestId('analysis-judge').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-judge'), r.getAttribute('data-call')]));
    expect(calls.filter(([, call]) => call)).toEqual([[LENIENT_JUDGE, 'lenient']]);
    const lenientRow = panel.locator(`[data-testid=analysis-judge][data-judge=${LENIENT_JUDGE}]`);
    expect(await lenientRow.getByTestId('analysis-call').textContent()).toBe('偏松');
    expect(await lenientRow.textContent()).toContain(judgeName(LENIENT_JUDGE));
    const outliers = await panel.getByTestId('analysis-outlier').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-judge'), r.getAttribute('data-item')]));
    expect(outliers).toEqual([[PLANTED_OUTLIER.judge, 'total'], [PLANTED_OUTLIER.judge, PLANTED_OUTLIER.criterion]]);
    expect(await panel.getByTestId('analysis-outlier').nth(1).textContent()).toContain('可行性');

    // Readable on the laptop: no table runs out of its block, nothing off the side.
    const overflowing = () => panel.evaluate((el) => [el, ...el.querySelectorAll('.block')].filter((b) => b.scrollWidth > b.clientWidth).map((b) => b.className));
    expect(await overflowing()).toEqual([]);
    await page.screenshot({ path: artifactPath('analysis-panel.png') });
    await page.screenshot({ path: artifactPath('analysis-panel-full.png'), fullPage: true });
    await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: artifactPath('analysis-panel-bottom.png') });

    // In English too, as readable.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => panel.locator('h2').textContent()).toContain('Scoring analysis');
    expect(await lenientRow.getByTestId('analysis-call').textContent()).toBe('lenient');
    expect(await overflowing()).toEqual([]);
    await panel.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath('analysis-panel-en.png') });
    await page.getByTestId('language-switch').click();
    await expect.poll(() => panel.locator('h2').textContent()).toContain('评分分析');
  });

  it('shows what npm run analyze prints from the exported files', async () => {
    const offline = (await offlineAnalysis()).tracks.find((t) => t.key === 'gov')!.analysis;
    const panel = page.getByTestId('analysis-panel');
    const agreement = offline.agreement;
    if (agreement.kendallW.w === null || agreement.icc.single === null) throw new Error('the planted panel must agree enough to be measured');
    expect(await panel.getByTestId('analysis-w').textContent()).toContain(agreement.kendallW.w.toFixed(2));
    expect(await panel.getByTestId('analysis-agreement').textContent()).toContain(agreement.icc.average.toFixed(2));
    const lenient = offline.judges.find((j) => j.judgeId === LENIENT_JUDGE)!;
    expect(await panel.locator(`[data-testid=analysis-judge][data-judge=${LENIENT_JUDGE}]`).textContent()).toContain(`+${formatPoints(lenient.severity!.mean)}`);
    const shown = await panel.getByTestId('analysis-entry').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-code'), r.getAttribute('data-fragile')]));
    expect(shown).toEqual(offline.entries.map((e) => [e.entryId, e.bootstrap?.fragile ? 'yes' : 'no']));
    const outlier = offline.outliers[1]!;
    expect(await panel.getByTestId('analysis-outlier').nth(1).textContent()).toContain(formatPoints(outlier.othersMedian));
  });

  it('prints the report on A4 in Chinese, with the same content', async () => {
    const report = await browser.context.newPage();
    await report.goto(`${server.url}/print/analysis?track=gov`);
    await report.getByTestId('analysis-report-ready').waitFor({ timeout: 60_000 });
    await report.emulateMedia({ media: 'print' });
    await report.screenshot({ path: artifactPath('analysis-report.png'), fullPage: true });
    const pdfPath = artifactPath('analysis-report.pdf');
    writeFileSync(pdfPath, await report.pdf({ preferCSSPageSize: true, printBackground: true }));
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
    for (const words of ['评分分析报告', '政府赛道', '评委一致性', '各位评委', '排名稳健性', '换一种计分规则', '离群评分', '偏松', '可行性']) expect(text).toContain(words);
    for (const j of flow.judges) expect(text).toContain(j.name);
    for (const code of ['G01', 'G04', 'G10']) expect(text).toContain(code);
    expect(text).not.toContain('打印 / 存为 PDF');
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(/Page size: +59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
    await report.close();
  });
});
