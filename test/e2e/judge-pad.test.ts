/**
 * The judge pad on a phone (Chromium, 390×844, touch): three judges score the entry on stage
 * while the host is driven from a socket client. One judge loses the network mid-sheet, keeps
 * editing, submits while offline and comes back; another reloads mid-sheet. The server must count
 * each sheet exactly once with the totals entered. Screenshots are kept as artifacts.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView, JudgeView } from '../../server/protocol/views';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets, connect, ok, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

type Sheet = Record<string, string>;

// What each judge enters (points as typed). Totals: J1 84.00, J2 76.50 (+2 bonus), J3 90.50 (+5 bonus).
const SHEETS: Record<'J1' | 'J2' | 'J3', { scores: Sheet; bonus: string; total: number }> = {
  J1: {
    scores: { completeness: '8', effectiveness: '17.5', innovation: '8', advancement: '7.5', feasibility: '16', generality: '8', socialValue: '9', commercialValue: '7' },
    bonus: '3',
    total: 8400,
  },
  J2: {
    scores: { completeness: '7', effectiveness: '16', innovation: '7.5', advancement: '7', feasibility: '15', generality: '7', socialValue: '8', commercialValue: '7' },
    bonus: '2',
    total: 7650,
  },
  J3: {
    scores: { completeness: '9', effectiveness: '18', innovation: '9', advancement: '8.5', feasibility: '17', generality: '8', socialValue: '9', commercialValue: '7' },
    bonus: '5',
    total: 9050,
  },
};

let server: TestServer;
let browser: Browser;
let host: TestSocket;
let tokens: Record<string, { id: number; token: string }> = {};
let g01 = 0;

const phone = () => launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

async function openPad(key: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/judge/${tokens[key]!.token}`);
  await page.getByTestId('judge-name').waitFor();
  return page;
}

async function saveState(page: Page): Promise<string | null> {
  return page.getByTestId('save-state').getAttribute('data-state');
}

async function enter(page: Page, key: string, text: string): Promise<void> {
  await page.getByTestId(`input-${key}`).fill(text);
}

async function setNetwork(cdp: CDPSession, offline: boolean): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

async function submit(page: Page): Promise<void> {
  await page.getByTestId('submit').tap();
  await page.getByTestId('confirm-dialog').waitFor();
  await page.getByTestId('confirm-submit').tap();
}

async function hostSheets() {
  const view = await sync<HostView>(host);
  const entry = view.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === g01)!;
  return entry.sheets;
}

describe('the judge pad on a phone', () => {
  beforeAll(async () => {
    server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
    browser = await phone();
    host = await connect(server.url, { role: 'host', key: server.hostKey });
    tokens = Object.fromEntries((await server.judges()).map((j) => [j.key, { id: j.id, token: j.token }]));
  });

  afterAll(async () => {
    // The browser goes first: a connection it keeps alive would hold the server's close.
    await browser?.close();
    closeAllSockets();
    await server?.close();
  });

  it('shows a clear page for a wrong link', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/judge/this-is-not-a-valid-token`);
    await expect.poll(() => page.getByTestId('invalid-link').innerText()).toContain('请向主持人索取您当前的评分链接');
    // Said once, not twice.
    expect((await page.getByTestId('invalid-link').innerText()).split('此链接无效')).toHaveLength(2);
    await page.screenshot({ path: artifactPath('judge-pad-invalid-link.png') });
    await page.getByTestId('language-switch').tap();
    await expect.poll(() => page.getByTestId('invalid-link').innerText()).toContain('Ask the host for your current link.');
    expect((await page.getByTestId('invalid-link').innerText()).split('not valid')).toHaveLength(2);
    await page.getByTestId('language-switch').tap();
    await page.close();
  });

  it('three judges score G01; one goes offline mid-sheet, submits offline, reconnects; each sheet counts once', async () => {
    const next = await ok(host, 'stage:next', { track: 'gov' });
    g01 = next.entryId!;
    await ok(host, 'stage:advance', { track: 'gov', action: 'start' });

    const [p1, p2, p3] = [await openPad('J1'), await openPad('J2'), await openPad('J3')];
    for (const page of [p1, p2, p3]) {
      // The pad opens on the entry on stage, with the server's countdown.
      await expect.poll(() => page.getByTestId('stage-model').textContent()).toContain('AR高清巡查指引模型');
      await expect.poll(() => page.getByTestId('countdown').textContent()).toMatch(/0[78]:\d\d/);
    }
    await p1.screenshot({ path: artifactPath('judge-pad-start.png') });

    // No horizontal scroll, and every control a thumb can hit.
    expect(await p1.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const small = await p1.evaluate(() =>
      [...document.querySelectorAll('button, input')]
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ el, box }) => box.width > 0 && (el as HTMLInputElement).type !== 'checkbox' && Math.min(box.height, box.width) < 44)
        .map(({ el }) => el.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);

    // J1 uses quick picks, the stepper and typing.
    await p1.getByTestId('pick-completeness-800').tap();
    await enter(p1, 'effectiveness', '17');
    await p1.getByTestId('inc-effectiveness').tap(); // 17 → 17.5
    for (const key of ['innovation', 'advancement', 'feasibility', 'generality', 'socialValue', 'commercialValue']) await enter(p1, key, SHEETS.J1.scores[key]!);
    await enter(p1, 'dataModel', SHEETS.J1.bonus);
    // A value the rubric does not allow is refused on the spot, with the reason beside it.
    await enter(p1, 'innovation', '7.3');
    await expect.poll(() => p1.getByTestId('problem-innovation').textContent()).toContain('0.5');
    expect(await p1.getByTestId('submit').isDisabled()).toBe(true);
    await enter(p1, 'innovation', '8');
    await expect.poll(() => p1.getByTestId('total').textContent()).toBe('84.00');
    await expect.poll(() => saveState(p1)).toBe('server');
    await submit(p1);
    await expect.poll(() => saveState(p1)).toBe('submitted');
    await p1.screenshot({ path: artifactPath('judge-pad-submitted.png') });

    // J2 fills half the sheet and reloads at once (before any autosave): nothing is lost.
    for (const key of ['completeness', 'effectiveness', 'innovation', 'advancement']) await enter(p2, key, SHEETS.J2.scores[key]!);
    await p2.reload();
    await p2.getByTestId('judge-name').waitFor();
    for (const key of ['completeness', 'effectiveness', 'innovation', 'advancement']) {
      await expect.poll(() => p2.getByTestId(`input-${key}`).inputValue()).toBe(SHEETS.J2.scores[key]);
    }
    for (const key of ['feasibility', 'generality', 'socialValue', 'commercialValue']) await enter(p2, key, SHEETS.J2.scores[key]!);
    await enter(p2, 'dataModel', SHEETS.J2.bonus);
    await p2.getByTestId('comment').fill('数据来源清晰，建议补充测试结果');
    await expect.poll(() => p2.getByTestId('total').textContent()).toBe('76.50');

    // J3 starts, the server has the draft, then the phone loses the network.
    for (const key of ['completeness', 'effectiveness', 'innovation']) await enter(p3, key, SHEETS.J3.scores[key]!);
    await expect.poll(() => saveState(p3)).toBe('server');
    const cdp = await browser.context.newCDPSession(p3);
    await cdp.send('Network.enable');
    await setNetwork(cdp, true);
    await expect.poll(() => p3.getByTestId('offline-banner').count(), { timeout: 20_000 }).toBe(1);
    // Keeps editing offline: kept on the phone, waiting to send.
    for (const key of ['advancement', 'feasibility', 'generality', 'socialValue', 'commercialValue']) await enter(p3, key, SHEETS.J3.scores[key]!);
    await p3.getByTestId('pick-dataModel-500').tap();
    await expect.poll(() => saveState(p3)).toBe('local');
    await expect.poll(() => p3.getByTestId('save-state').textContent()).toContain('已保存在本机');
    await submit(p3);
    await expect.poll(() => saveState(p3)).toBe('queued');
    await expect.poll(() => p3.getByTestId('save-state').textContent()).toContain('已排队，联网后自动提交');
    await p3.screenshot({ path: artifactPath('judge-pad-offline-queued.png') });
    // The server has not counted it yet.
    expect((await hostSheets()).find((s) => s.judgeId === tokens.J3!.id)!.status).not.toBe('submitted');

    // J2 submits meanwhile.
    await submit(p2);
    await expect.poll(() => saveState(p2)).toBe('submitted');

    // Back online: the queued submission goes out by itself, once.
    await setNetwork(cdp, false);
    await expect.poll(() => saveState(p3), { timeout: 30_000 }).toBe('submitted');
    await p3.screenshot({ path: artifactPath('judge-pad-back-online.png') });

    const sheets = await hostSheets();
    for (const key of ['J1', 'J2', 'J3'] as const) {
      const mine = sheets.filter((s) => s.judgeId === tokens[key]!.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ status: 'submitted', total: SHEETS[key].total, amended: false });
      const pad = await connect(server.url, { role: 'judge', token: tokens[key]!.token });
      const view = await sync<JudgeView>(pad);
      const sheet = view.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === g01)!.sheet!;
      expect(sheet.submitCount).toBe(1);
      expect(Object.fromEntries(Object.entries(sheet.scores).map(([k, v]) => [k, String(v / 100)]))).toEqual(SHEETS[key].scores);
      pad.disconnect();
    }
    expect(sheets.filter((s) => s.status === 'submitted')).toHaveLength(3);

    // A reload after the submission shows the submitted sheet, and the review lists it.
    await p3.reload();
    await p3.getByTestId('judge-name').waitFor();
    await expect.poll(() => saveState(p3)).toBe('submitted');
    await p3.getByTestId('tab-review').tap();
    await expect.poll(() => p3.getByTestId('review-G01').getAttribute('data-status')).toBe('submitted');
    await expect.poll(() => p3.getByTestId('review-G01').textContent()).toContain('90.50');
    await p3.screenshot({ path: artifactPath('judge-pad-review.png'), fullPage: true });
    for (const page of [p1, p2, p3]) await page.close();
  });

  it('keeps a sheet that arrives after the host closed: the pad says it is late, then what the host decided', async () => {
    // J4 scores G01 but the host closes scoring before the submission arrives.
    const page = await openPad('J4');
    for (const [key, value] of Object.entries(SHEETS.J1.scores)) await enter(page, key, value);
    // Wait for the autosave: whether the draft reached the server before the network went must not be left to timing.
    await expect.poll(() => saveState(page)).toBe('server');
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await setNetwork(cdp, true);
    await expect.poll(() => page.getByTestId('offline-banner').count(), { timeout: 20_000 }).toBe(1);
    await submit(page);
    await expect.poll(() => saveState(page)).toBe('queued');
    await ok(host, 'stage:close', { entryId: g01, confirmMissing: true, reason: '测试：评分结束' });
    await setNetwork(cdp, false);
    // Not refused: kept by the server as late, and not counted.
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('在评分结束后才送达：已保存，未计入，等待主持人处理');
    await expect.poll(() => page.getByTestId('late-status').getAttribute('data-status')).toBe('pending');
    expect(await saveState(page)).toBe('late');
    await page.screenshot({ path: artifactPath('judge-pad-late.png') });
    const mine = (await hostSheets()).find((s) => s.judgeId === tokens.J4!.id)!;
    expect(mine).toMatchObject({ status: 'draft', late: { status: 'pending', total: 8100 } });
    // The host counts it: the entry reopens with the sheet counted, once.
    await ok(host, 'late:count', { lateId: mine.late!.id, reason: '测试：断网所致，计入' });
    await expect.poll(() => page.getByTestId('late-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('counted');
    expect(await page.getByTestId('late-status').textContent()).toContain('测试：断网所致，计入');
    const counted = (await hostSheets()).filter((s) => s.judgeId === tokens.J4!.id);
    expect(counted).toEqual([expect.objectContaining({ status: 'submitted', total: 8100, amended: false })]);
    await page.close();
  });
});

// A server of its own, on disk, so that it can be restarted under the pad.
describe('the judge pad across a server restart', () => {
  beforeAll(async () => {
    server = await startTestServer({ clientDir: E2E_CLIENT_DIR, persistent: true });
    browser = await phone();
    host = await connect(server.url, { role: 'host', key: server.hostKey });
    tokens = Object.fromEntries((await server.judges()).map((j) => [j.key, { id: j.id, token: j.token }]));
    g01 = (await ok(host, 'stage:next', { track: 'gov' })).entryId!;
    await ok(host, 'stage:advance', { track: 'gov', action: 'start' });
    await ok(host, 'stage:advance', { track: 'gov', action: 'toScoring' });
    // J2 submitted before the restart (through a socket: the pad path is covered above).
    const j2 = await connect(server.url, { role: 'judge', token: tokens.J2!.token });
    const scores = Object.fromEntries(Object.entries(SHEETS.J2.scores).map(([k, v]) => [k, Math.round(Number(v) * 100)]));
    await ok(j2, 'sheet:submit', { entryId: g01, scores, bonus: { dataModel: 200 }, comment: '', submissionId: 'j2-before-restart' });
  });

  afterAll(async () => {
    await browser?.close();
    closeAllSockets();
    await server?.close();
  });

  it('loses nothing across a server restart: a submission queued while the server is down counts once', async () => {
    const page = await openPad('J1');
    for (const [key, value] of Object.entries(SHEETS.J3.scores)) await enter(page, key, value);
    await expect.poll(() => saveState(page)).toBe('server');
    closeAllSockets(); // the test's own clients; the host reconnects after the restart
    await server.stop();
    await expect.poll(() => page.getByTestId('offline-banner').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('pick-dataModel-500').tap();
    await submit(page);
    await expect.poll(() => saveState(page)).toBe('queued');
    await server.restart();
    // Same port (restart() keeps it when it can): the pad reconnects by itself and sends its queue.
    host = await connect(server.url, { role: 'host', key: server.hostKey });
    await expect.poll(() => saveState(page), { timeout: 30_000 }).toBe('submitted');
    const mine = (await hostSheets()).filter((s) => s.judgeId === tokens.J1!.id);
    expect(mine).toEqual([expect.objectContaining({ status: 'submitted', total: SHEETS.J3.total, amended: false })]);
    // What was counted before the restart is still there, once.
    expect((await hostSheets()).filter((s) => s.status === 'submitted').map((s) => s.judgeId).sort()).toEqual([tokens.J1!.id, tokens.J2!.id].sort());
    await page.close();
  });
});
