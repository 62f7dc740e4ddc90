/**
 * The judge pad says exactly what it holds (Chromium at 390×844, touch, a real server): a value
 * out of bounds or off its step keeps its box marked while the sheet holds nothing for it, so the
 * total reads incomplete and no quick pick stays lit; a submission confirmed offline reads
 * "已排队，联网后自动提交" with the time it was queued, unlike a draft kept offline; a recused judge
 * sees "您已回避此作品" and no sheet. Screenshots go to test/artifacts/pad-*.png.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../server/protocol/views';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets, connect, ok, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let browser: Browser;
let host: TestSocket;
let judges: { id: number; key: string; token: string }[] = [];
let entryId = 0;

const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout });

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  browser = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  host = await connect(server.url, { role: 'host', key: server.hostKey });
  judges = await server.judges();
  entryId = (await ok(host, 'stage:next', { track: 'gov' })).entryId!;
  await ok(host, 'stage:advance', { track: 'gov', action: 'start' });
});

afterAll(async () => {
  await browser?.close();
  closeAllSockets();
  await server?.close();
});

async function openPad(key: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/judge/${judges.find((j) => j.key === key)!.token}`);
  await page.getByTestId('judge-name').waitFor();
  return page;
}

/** Types key by key, as a thumb would (each keystroke is an input event). */
async function type(page: Page, key: string, text: string): Promise<void> {
  const box = page.getByTestId(`input-${key}`);
  await box.fill('');
  await box.pressSequentially(text);
}

const total = (page: Page) => page.getByTestId('total').innerText();
const held = (page: Page, key: string) => page.getByTestId(`criterion-${key}`).getAttribute('data-held');
const lit = (page: Page, key: string) =>
  page.locator(`[data-testid=criterion-${key}] [aria-pressed=true]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid));
const saveText = (page: Page) => page.getByTestId('save-state').innerText();

async function setNetwork(cdp: CDPSession, offline: boolean): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

describe('the judge pad says exactly what it holds', () => {
  it('never holds a value the rubric refuses: the box stays marked, the total incomplete, no pick lit', async () => {
    const pad = await openPad('J1');
    await pad.getByTestId('pick-completeness-800').tap();
    expect(await lit(pad, 'completeness')).toEqual(['pick-completeness-800']);
    await type(pad, 'effectiveness', '18');
    await poll(() => total(pad)).toBe('26.00');
    expect(await pad.getByTestId('total-incomplete').innerText()).toBe('未完成 · 还有 6 项');
    expect(await lit(pad, 'effectiveness')).toEqual(['pick-effectiveness-1800']);

    // 2 is allowed, 25 is not (max 20): what was held from "2" goes, the total does not show it.
    await type(pad, 'effectiveness', '25');
    await poll(() => pad.getByTestId('problem-effectiveness').innerText()).toBe('不能超过满分 20');
    expect(await held(pad, 'effectiveness')).toBe('');
    expect(await pad.getByTestId('input-effectiveness').inputValue()).toBe('25');
    expect(await total(pad)).toBe('8.00');
    expect(await pad.getByTestId('total-box').getAttribute('data-complete')).toBe('false');
    expect(await pad.getByTestId('total-incomplete').innerText()).toBe('未完成 · 还有 7 项');
    expect(await lit(pad, 'effectiveness')).toEqual([]);
    expect(await pad.getByTestId('submit').innerText()).toBe('请先修正标红项');
    expect(await pad.getByTestId('submit').isDisabled()).toBe(true);
    await pad.screenshot({ path: artifactPath('pad-out-of-bounds.png') });

    // Off the step (0.5): the same.
    await type(pad, 'effectiveness', '17.3');
    await poll(() => pad.getByTestId('problem-effectiveness').innerText()).toContain('0.5');
    expect(await held(pad, 'effectiveness')).toBe('');
    expect(await total(pad)).toBe('8.00');

    // The stepper moves from the number in the box: 25 steps down to 20, which is held.
    await type(pad, 'effectiveness', '25');
    await pad.getByTestId('dec-effectiveness').tap();
    await poll(() => held(pad, 'effectiveness')).toBe('2000');
    expect(await pad.getByTestId('input-effectiveness').inputValue()).toBe('20');
    expect(await pad.getByTestId('problem-effectiveness').count()).toBe(0);
    expect(await total(pad)).toBe('28.00');

    // A pick replaces whatever the box says, and is the one lit.
    await type(pad, 'effectiveness', '99');
    await pad.getByTestId('pick-effectiveness-1600').tap();
    await poll(() => held(pad, 'effectiveness')).toBe('1600');
    expect(await lit(pad, 'effectiveness')).toEqual(['pick-effectiveness-1600']);
    expect(await total(pad)).toBe('24.00');

    // "8." is 8 while the decimals are still to come.
    await type(pad, 'innovation', '8.');
    await poll(() => held(pad, 'innovation')).toBe('800');
    expect(await lit(pad, 'innovation')).toEqual(['pick-innovation-800']);

    for (const [key, value] of [['advancement', '7.5'], ['feasibility', '16'], ['generality', '8'], ['socialValue', '9'], ['commercialValue', '7']] as const) {
      await type(pad, key, value);
    }
    await poll(() => pad.getByTestId('total-box').getAttribute('data-complete')).toBe('true');
    expect(await total(pad)).toBe('79.50');
    expect(await pad.getByTestId('total-incomplete').count()).toBe(0);
    expect(await pad.getByTestId('submit').isDisabled()).toBe(false);
    // What the server holds as the draft is what the pad holds.
    await poll(() => pad.getByTestId('save-state').getAttribute('data-state')).toBe('server');
    const view = await sync<HostView>(host);
    const sheet = view.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === judges[0]!.id)!;
    expect(sheet.status).toBe('draft');
    await pad.close();
  });

  it('after 确认提交 offline says it is queued, and when, unlike a draft kept offline', async () => {
    const pad = await openPad('J3');
    for (const [key, value] of [['completeness', '9'], ['effectiveness', '18'], ['innovation', '9'], ['advancement', '8.5'], ['feasibility', '17'], ['generality', '8'], ['socialValue', '9']] as const) {
      await type(pad, key, value);
    }
    await poll(() => pad.getByTestId('save-state').getAttribute('data-state')).toBe('server');
    const cdp = await browser.context.newCDPSession(pad);
    await cdp.send('Network.enable');
    await setNetwork(cdp, true);
    await poll(() => pad.getByTestId('offline-banner').count(), 20_000).toBe(1);

    // A change made offline is a draft on this phone: it will not count by itself.
    await type(pad, 'commercialValue', '7');
    await poll(() => pad.getByTestId('save-state').getAttribute('data-state')).toBe('local');
    expect(await saveText(pad)).toContain('草稿已保存在本机，尚未提交');
    await pad.screenshot({ path: artifactPath('pad-offline-draft.png') });

    const before = await pad.evaluate(() => Date.now());
    await pad.getByTestId('submit').tap();
    await pad.getByTestId('confirm-submit').tap();
    await poll(() => pad.getByTestId('save-state').getAttribute('data-state')).toBe('queued');
    const after = await pad.evaluate(() => Date.now());
    const queuedAt = Number(await pad.getByTestId('save-state').getAttribute('data-queued-at'));
    expect(queuedAt).toBeGreaterThanOrEqual(before);
    expect(queuedAt).toBeLessThanOrEqual(after);
    const time = await pad.evaluate((at) => new Date(at).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }), queuedAt);
    expect(time).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await saveText(pad)).toContain(`已排队，联网后自动提交（${time} 排队）`);
    expect(await saveText(pad)).not.toContain('草稿');
    await pad.screenshot({ path: artifactPath('pad-offline-queued.png') });

    // Back online it goes out by itself, once.
    await setNetwork(cdp, false);
    await poll(() => pad.getByTestId('save-state').getAttribute('data-state'), 30_000).toBe('submitted');
    const view = await sync<HostView>(host);
    const sheets = view.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === entryId)!.sheets;
    expect(sheets.find((s) => s.judgeId === judges[2]!.id)).toMatchObject({ status: 'submitted', total: 8550 });
    await pad.close();
  });

  it('shows a recused judge "您已回避此作品" instead of a sheet', async () => {
    const pad = await openPad('J2');
    await pad.getByTestId('score-sheet').waitFor();
    await ok(host, 'recusal:set', { judgeId: judges[1]!.id, entryId, recused: true, reason: '同单位' });
    await poll(() => pad.getByTestId('recused').innerText()).toContain('您已回避此作品');
    expect(await pad.getByTestId('score-sheet').count()).toBe(0);
    expect(await pad.getByTestId('total').count()).toBe(0);
    expect(await pad.getByTestId('submit').count()).toBe(0);
    expect(await pad.locator('body').innerText()).not.toContain('0.00');
    await pad.screenshot({ path: artifactPath('pad-recused.png') });
    // In English too.
    await pad.getByTestId('language-switch').tap();
    await poll(() => pad.getByTestId('recused').innerText()).toContain('You are recused from this entry');
    await pad.getByTestId('language-switch').tap();

    // Taken back: the sheet returns.
    await ok(host, 'recusal:set', { judgeId: judges[1]!.id, entryId, recused: false });
    await poll(() => pad.getByTestId('score-sheet').count()).toBe(1);
    expect(await pad.getByTestId('recused').count()).toBe(0);
    await pad.close();
  });
});
