/**
 * Issue 12's acceptance, in a real Chromium and no file: a two-track contest set up entirely on
 * /setup (a new contest, its tracks with rubric, bonus, aggregation, awards, timings and reveal,
 * judges, entries, a suggested recusal accepted), one entry run from the console and scored on
 * the judges' phones, a judge signing off with a signature drawn with a finger, the console
 * showing it, and the workbook and the printed pages downloaded with the signature on the judge's
 * 评分表. The rubric is then locked, and says so. Screenshots and the PDF go to test/artifacts.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../server/protocol/views';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets, connect, sync } from '../support/clients';
import { drawSignature } from '../support/signature';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let desk: Browser;
let phone: Browser;
let setup: Page;

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  desk = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
});

afterAll(async () => {
  closeAllSockets();
  await phone?.close();
  await desk?.close();
  await server?.close();
});

async function hostView(): Promise<HostView> {
  return sync<HostView>(await connect(server.url, { role: 'host', key: server.hostKey }));
}

/** Fills one row of criteria (or bonus items) in the track form. */
async function fillItem(row: ReturnType<Page['locator']>, item: { key: string; label: string; max: string; step?: string; description?: string }) {
  await row.locator('[data-field="key"]').fill(item.key);
  await row.locator('[data-field="label"]').fill(item.label);
  await row.locator('[data-field="max"]').fill(item.max);
  if (item.step) await row.locator('[data-field="step"]').fill(item.step);
  if (item.description) await row.locator('[data-field="description"]').fill(item.description);
}

describe('a contest set up in the browser, from nothing', () => {
  it('is created, its two tracks, judges, entries and a suggested recusal set on /setup', async () => {
    setup = await desk.context.newPage();
    await setup.goto(`${server.url}/setup#key=${server.hostKey}`);
    const create = setup.getByTestId('contest-new');
    await create.waitFor();
    await create.locator('[data-field="name"]').fill('浏览器搭建测试赛');
    await create.locator('[data-field="date"]').fill('2025-06-18');
    await create.locator('[data-field="venue"]').fill('深圳会展中心');
    await create.locator('[data-field="trackKey"]').fill('gov');
    await create.locator('[data-field="trackName"]').fill('政府赛道');
    await setup.getByTestId('contest-create').click();
    await expect.poll(() => setup.getByTestId('contests-note').textContent()).toContain('已创建“浏览器搭建测试赛”');
    await expect.poll(() => setup.locator('.topbar h1').textContent(), { timeout: 15_000 }).toBe('浏览器搭建测试赛');
    expect(await setup.getByTestId('contest-current').count()).toBe(1);

    // The government track: two criteria and a bonus item, mean, two awards, a minimum, timings, rank only.
    const gov = setup.getByTestId('track-form-gov');
    const criteria = gov.getByTestId('criteria-row');
    await fillItem(criteria.nth(0), { key: 'complete', label: '完整性', max: '40', description: '数据、模型与文档是否完整' });
    await gov.getByTestId('add-criteria').click();
    await fillItem(criteria.nth(1), { key: 'effective', label: '有效性', max: '60', step: '0.5' });
    await gov.getByTestId('add-bonus').click();
    await fillItem(gov.getByTestId('bonus-row').nth(0), { key: 'model', label: '产出数据模型', max: '5' });
    await gov.getByTestId('track-policy').selectOption('mean');
    const awards = gov.getByTestId('award-row');
    await awards.nth(0).locator('[data-field="count"]').fill('1');
    await gov.getByTestId('add-award').click();
    await awards.nth(1).locator('[data-field="key"]').fill('second');
    await awards.nth(1).locator('[data-field="name"]').fill('二等奖');
    await awards.nth(1).locator('[data-field="count"]').fill('1');
    await gov.getByTestId('track-min-award').fill('60');
    await gov.getByTestId('track-presentation').fill('300');
    await gov.getByTestId('track-reveal').selectOption('rank-only');
    await gov.getByTestId('track-save').click();
    await expect.poll(() => gov.getByTestId('track-saved').count()).toBe(1);

    // A mistake first: the problems come back by field, in Chinese; then the open track is created.
    await setup.getByTestId('track-add').click();
    const open = setup.getByTestId('track-form-new');
    await open.getByTestId('track-key').fill('open');
    await open.getByTestId('track-name').fill('开放赛道');
    await fillItem(open.getByTestId('criteria-row').nth(0), { key: 'quality', label: '质量', max: '100', step: '3' });
    await open.getByTestId('award-row').nth(0).locator('[data-field="key"]').fill('first');
    await open.getByTestId('award-row').nth(0).locator('[data-field="name"]').fill('一等奖');
    await open.getByTestId('track-save').click();
    await expect.poll(() => open.getByTestId('track-problems').textContent()).toContain('评分项 1 · 步长：满分须是步长的整数倍');
    await fillItem(open.getByTestId('criteria-row').nth(0), { key: 'quality', label: '质量', max: '100', step: '1' });
    await open.getByTestId('track-save').click();
    await setup.getByTestId('track-tab-open').waitFor();

    // Judges: 陈晓燕 scores only the open track (she will sign off after its one entry).
    const judges = setup.getByTestId('editor-judges');
    for (const j of [
      { name: '王建国', affiliation: '深圳大学', tracks: ['gov', 'open'] },
      { name: '李敏', affiliation: '南方科技大学', tracks: ['gov', 'open'] },
      { name: '陈晓燕', affiliation: '专家库', tracks: ['open'] },
    ]) {
      const row = judges.getByTestId('judge-new');
      await row.locator('[data-field="name"]').fill(j.name);
      await row.locator('[data-field="affiliation"]').fill(j.affiliation);
      for (const key of j.tracks) await row.locator(`[data-track="${key}"]`).check();
      await judges.getByTestId('judge-add').click();
      await expect.poll(() => judges.locator('tbody tr').count()).toBeGreaterThan(0);
      await expect.poll(async () => (await hostView()).judges.some((h) => h.name === j.name)).toBe(true);
    }

    const entries = setup.getByTestId('editor-entries');
    for (const e of [
      { track: 'gov', unit: '深圳大学', model: '城市内涝预警模型', contact: '张三 13800000001' },
      { track: 'gov', unit: '市应急管理局', model: '企业风险画像' },
      { track: 'open', unit: '开放数据联盟', model: '应急物资调度模型' },
    ]) {
      const row = entries.getByTestId('entry-new');
      await row.locator('[data-field="track"]').selectOption(e.track);
      await row.locator('[data-field="unit"]').fill(e.unit);
      await row.locator('[data-field="model"]').fill(e.model);
      if (e.contact) await row.locator('[data-field="contact"]').fill(e.contact);
      await entries.getByTestId('entry-add').click();
      await expect.poll(async () => (await hostView()).tracks.flatMap((t) => t.entries).some((x) => x.model === e.model)).toBe(true);
    }

    // 王建国 (深圳大学) and the entry of 深圳大学: suggested, accepted.
    const recusals = setup.getByTestId('editor-recusals');
    await expect.poll(() => recusals.getByTestId('recusal-suggestion').count()).toBe(1);
    expect(await recusals.getByTestId('recusal-suggestion').textContent()).toContain('王建国');
    await recusals.getByTestId('recusal-accept').click();
    await expect.poll(() => recusals.getByTestId('recusal-set').count()).toBe(1);
    await setup.screenshot({ path: artifactPath('setup-editor.png'), fullPage: true });

    const view = await hostView();
    expect(view.contest).toMatchObject({ name: { zh: '浏览器搭建测试赛' }, date: '2025-06-18', venue: { zh: '深圳会展中心' } });
    const govTrack = view.tracks.find((t) => t.key === 'gov')!;
    expect(govTrack.rubric.criteria.map((c) => [c.key, c.max, c.step])).toEqual([['complete', 4000, 100], ['effective', 6000, 50]]);
    expect(govTrack.rubric.criteria[0]!.description).toEqual({ zh: '数据、模型与文档是否完整' });
    expect(govTrack.rubric.bonus.map((b) => b.key)).toEqual(['model']);
    expect(govTrack).toMatchObject({ reveal: 'rank-only', minAwardScore: 6000, aggregation: { policy: 'mean' }, timings: { presentation: { seconds: 300 } } });
    expect(govTrack.awards.map((a) => [a.key, a.name.zh, a.count])).toEqual([['first', '一等奖', 1], ['second', '二等奖', 1]]);
    expect(govTrack.entries.map((e) => [e.code, e.unit, e.contact])).toEqual([['gov-01', '深圳大学', '张三 13800000001'], ['gov-02', '市应急管理局', null]]);
    expect(view.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
    expect(view.judges.map((j) => [j.key, j.name, j.tracks])).toEqual([['J1', '王建国', ['gov', 'open']], ['J2', '李敏', ['gov', 'open']], ['J3', '陈晓燕', ['open']]]);
    expect(view.judges[0]!.recusals).toEqual([govTrack.entries[0]!.id]);
  });

  it('runs the open track\'s entry from the console, scored on the phones; a judge signs off with a drawn signature', async () => {
    const consolePage = await desk.context.newPage();
    await consolePage.goto(`${server.url}/host#key=${server.hostKey}`);
    await consolePage.getByTestId('stage-panel').waitFor();
    await consolePage.locator('[data-testid="track-tab"][data-track="open"]').click();
    await consolePage.getByTestId('btn-next').click();
    await expect.poll(() => consolePage.getByTestId('on-stage').textContent()).toContain('开放数据联盟');
    await consolePage.keyboard.press('Space');

    const tokens = await server.judges();
    const totals: Record<string, string> = { J1: '86', J2: '90', J3: '88' };
    for (const j of tokens) {
      const pad = await phone.context.newPage();
      await pad.goto(`${server.url}/judge/${j.token}`);
      await pad.getByTestId('judge-name').waitFor();
      if (j.key !== 'J3') await pad.getByTestId('track-open').tap();
      await expect.poll(() => pad.getByTestId('stage-model').textContent()).toContain('应急物资调度模型');
      await pad.getByTestId('input-quality').fill(totals[j.key]!);
      await pad.getByTestId('submit').tap();
      await pad.getByTestId('confirm-dialog').waitFor();
      await pad.getByTestId('confirm-submit').tap();
      await expect.poll(() => pad.getByTestId('save-state').getAttribute('data-state')).toBe('submitted');
      if (j.key !== 'J3') await pad.close();
    }
    await consolePage.getByTestId('btn-close').click();
    await expect.poll(async () => (await hostView()).tracks.find((t) => t.key === 'open')!.entries[0]!.state).toBe('closed');

    // 陈晓燕 signs off: the confirm waits for a drawn signature.
    const pad = phone.context.pages().at(-1)!;
    await pad.getByTestId('tab-review').tap();
    await pad.getByTestId('signoff').waitFor();
    await pad.getByTestId('signoff-check').check();
    expect(await pad.getByTestId('signoff-button').isDisabled()).toBe(true);
    await drawSignature(pad);
    await expect.poll(() => pad.getByTestId('signoff-button').isDisabled()).toBe(false);
    await pad.getByTestId('signature-canvas').scrollIntoViewIfNeeded();
    await pad.screenshot({ path: artifactPath('judge-signature.png') });
    await pad.getByTestId('signoff-button').tap();
    await expect.poll(() => pad.getByTestId('signed-off').count()).toBe(1);

    // The console shows it.
    const signature = consolePage.getByTestId('signoff').getByTestId('signoff-signature');
    await expect.poll(() => signature.count()).toBe(1);
    await expect.poll(() => signature.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).toBe(true);
    expect(await signature.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await consolePage.getByTestId('signoff').screenshot({ path: artifactPath('console-signature.png') });
    await consolePage.close();
  });

  it('downloads the workbook and prints the pages, the signature on the judge\'s 评分表; the scored rubric is locked', async () => {
    const download = setup.waitForEvent('download');
    await setup.getByTestId('export-results.xlsx').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('results.xlsx');
    const path = artifactPath('setup-editor-results.xlsx');
    await file.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const cells = book.worksheets.flatMap((w) => w.getSheetValues().flat().map(String));
    expect(cells.some((c) => c.includes('应急物资调度模型'))).toBe(true);
    expect(cells.some((c) => c.includes('88'))).toBe(true);

    const print = await desk.context.newPage();
    await print.goto(`${server.url}/print#key=${server.hostKey}`);
    await expect.poll(() => print.getByTestId('print-sheet').count(), { timeout: 15_000 }).toBe(5);
    const signed = print.locator('[data-testid="print-sheet"]', { hasText: '陈晓燕' });
    await expect.poll(() => signed.getByTestId('print-signature').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).toBe(true);
    expect(await print.getByTestId('print-signature').count()).toBe(1);
    await print.emulateMedia({ media: 'print' });
    await signed.screenshot({ path: artifactPath('print-signed-sheet.png') });
    writeFileSync(artifactPath('setup-editor-print.pdf'), await print.pdf({ preferCSSPageSize: true, printBackground: true }));
    await print.close();

    // The open track has sheets now: its rubric is locked, and the editor says why a change is refused.
    await setup.bringToFront();
    await setup.getByTestId('track-tab-open').click();
    const open = setup.getByTestId('track-form-open');
    await open.getByTestId('rubric-locked').waitFor();
    await open.getByTestId('criteria-row').nth(0).locator('[data-field="max"]').fill('50');
    await open.getByTestId('track-save').click();
    await expect.poll(() => open.getByTestId('track-problems').textContent()).toContain('该赛道已有 3 份评分');
    await setup.screenshot({ path: artifactPath('setup-rubric-locked.png') });
  });
});
