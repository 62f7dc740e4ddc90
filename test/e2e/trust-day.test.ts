/**
 * Trust on the day (issue 11) in real Chromium against a real server, on the demo contest: the host
 * console on a laptop, 孙丽's pad on a phone whose hall Wi-Fi the test controls (the Socket.IO
 * frames pass, are lost, or the network goes down), the other judges from socket clients, the big
 * screen and the ceremony on projectors.
 *
 * 1. The offline judge: 孙丽 submits while her frames are lost, then her phone goes offline. The
 *    console shows her offline with the queued sheet, closing names her so, the sheet arrives
 *    late, is alerted with its values, counted after a reopen, and the export includes it.
 * 2. The close dialog states the consequence before confirming (只有 3 份评分，少于去最高最低分所需
 *    的 5 份，将按算术平均计算), and the short panel's award waits for the host's confirmation.
 * 4. The pad signs one track while the other is still being scored.
 * 3. No tier on /screen before the ceremony; the board frozen during it; the ceremony entry by
 *    entry, previewed on the console, which mirrors the projector.
 * Screenshots go to test/artifacts/trust-*.png.
 */
import type { Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../server/protocol/rest';
import type { HostView } from '../../server/protocol/views';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets, sync } from '../support/clients';
import { flakyNetwork, type FlakyNetwork } from '../support/flakyNetwork';
import { openFlow, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';
import { drawSignature } from '../support/signature';
import { E2E_CLIENT_DIR } from './buildClient';

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout });

let server: TestServer;
let flow: Flow;
let laptop: Browser;
let phone: Browser;
let projector: Browser;
let network: FlakyNetwork;
let consolePage: Page;
let pad: Page;
let sunLi = 0;
const ids: Record<string, number> = {};

// What 孙丽 types (points): 8 + 17.5 + 8 + 7.5 + 16 + 8 + 9 + 7 = 81, bonus 3: total 84.00.
const SUN_LI = { completeness: '8', effectiveness: '17.5', innovation: '8', advancement: '7.5', feasibility: '16', generality: '8', socialValue: '9', commercialValue: '7', dataModel: '3' };

const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });
const hostView = () => sync<HostView>(flow.host);
const entryState = async (code: string) => (await hostView()).tracks.flatMap((t) => t.entries).find((e) => e.code === code)!.state;

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  flow = await openFlow(server);
  sunLi = flow.judges.find((j) => j.key === 'J7')!.id;
  // 孙丽 judges from her phone only.
  flow.judges.find((j) => j.key === 'J7')!.socket.disconnect();
  for (const t of (await hostView()).tracks) for (const e of t.entries) ids[e.code] = e.id;
  laptop = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  projector = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  network = await flakyNetwork(phone.context);
  consolePage = await laptop.context.newPage();
  await consolePage.goto(`${server.url}/host#key=${server.hostKey}`);
  await consolePage.getByTestId('stage-panel').waitFor();
}, 60_000);

afterAll(async () => {
  for (const b of [phone, laptop, projector]) await b?.close();
  closeAllSockets();
  await server?.close();
});

/** 孙丽's line in the console's judges panel. */
const sunLiPresence = () => consolePage.locator(`[data-testid=signoff-judge][data-judge-id="${sunLi}"] [data-testid=judge-presence]`);

describe('1. the judge who went offline', () => {
  it('her queued sheet shows on the console while she is offline, is named when closing, arrives late, is counted after a reopen, and is exported', async () => {
    await flow.callNext('gov');
    await flow.advance('gov', 'start');
    pad = await phone.context.newPage();
    const token = (await server.judges()).find((j) => j.id === sunLi)!.token;
    await pad.goto(`${server.url}/judge/${token}`);
    await pad.getByTestId('judge-name').waitFor();
    await poll(() => sunLiPresence().getAttribute('data-presence')).toBe('online');
    // The other judges of G01 submit (赵磊, J6, is recused by the contest file).
    await flow.submit(ids.G01!, { J1: 8800, J2: 8700, J3: 8600, J4: 8900, J5: 8500 });

    // The hall's Wi-Fi carries small frames and loses her submission.
    network.set({ kind: 'losing', event: 'sheet:submit' });
    for (const [key, value] of Object.entries(SUN_LI)) await pad.getByTestId(`input-${key}`).fill(value);
    await poll(() => pad.getByTestId('total').textContent()).toBe('84.00');
    await pad.getByTestId('submit').tap();
    await pad.getByTestId('confirm-submit').tap();
    await poll(() => pad.getByTestId('save-state').getAttribute('data-state')).toBe('queued');
    // The pad said what it holds: the console knows, although the server has not the sheet.
    await poll(() => sunLiPresence().textContent()).toContain('在线，手机上有 1 份待发送评分');
    expect(network.lost('sheet:submit')).toBeGreaterThan(0);

    // Then the network goes down altogether.
    network.set({ kind: 'down' });
    await poll(() => sunLiPresence().getAttribute('data-presence'), 30_000).toBe('offline');
    await poll(() => sunLiPresence().textContent()).toMatch(/手机：离线（最后在线 \d\d:\d\d），手机上有 1 份待发送评分/);
    await poll(() => pad.getByTestId('offline-banner').count(), 30_000).toBe(1);
    await consolePage.screenshot({ path: artifactPath('trust-console-offline-queued.png') });
    await pad.screenshot({ path: artifactPath('trust-pad-queued-offline.png') });

    // The host closes: the dialog names her, offline, with the sheet on her phone.
    await consolePage.getByTestId('btn-close').click();
    const dialog = consolePage.getByTestId('close-dialog');
    await dialog.getByTestId('missing-judge').first().waitFor();
    expect(await dialog.getByTestId('missing-judge').allTextContents()).toEqual([expect.stringMatching(/^孙丽：离线（最后在线 \d\d:\d\d），手机上有 1 份待发送评分$/)]);
    await consolePage.screenshot({ path: artifactPath('trust-close-dialog-offline-judge.png') });
    await dialog.getByTestId('confirm-check').check();
    await dialog.getByTestId('confirm-reason').fill('孙丽手机离线，先行结束评分');
    await dialog.getByTestId('confirm-submit').click();
    await poll(() => entryState('G01')).toBe('closed');

    // The network comes back: the sheet goes out by itself, reaches the server late, is kept.
    network.set({ kind: 'up' });
    await poll(() => pad.getByTestId('late-status').getAttribute('data-status'), 45_000).toBe('pending');
    expect(await pad.getByTestId('late-status').textContent()).toContain('已保存，但不计入成绩，正等待主持人处理');
    await pad.screenshot({ path: artifactPath('trust-pad-late-pending.png') });
    const alert = consolePage.locator('[data-testid=alert][data-kind=lateSheet]');
    await poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('孙丽 给 G01 的评分在评分结束后送达');
    expect(await alert.textContent()).toContain('84.00');
    expect(await alert.getByTestId('alert-late-values').textContent()).toMatch(/ 8\.00 .*17\.50/);
    await consolePage.screenshot({ path: artifactPath('trust-console-late-alert.png') });
    // Still not counted: the published score rests on the five.
    expect((await hostView()).tracks[0]!.results.ranking.find((r) => r.entryId === ids.G01)).toMatchObject({ counted: 5, expected: 6 });

    // 重新开放并计入, with the reason on the record.
    await alert.getByTestId('alert-late-count').click();
    const late = consolePage.getByTestId('late-dialog');
    await late.getByTestId('confirm-reason').fill('断网所致，评审组同意计入');
    await late.getByTestId('confirm-submit').click();
    await poll(() => entryState('G01')).toBe('scoring');
    await poll(() => pad.getByTestId('late-status').getAttribute('data-status')).toBe('counted');
    expect(await pad.getByTestId('late-status').textContent()).toContain('主持人已重新开放并计入您逾期送达的评分。原因：断网所致，评审组同意计入');
    // Every sheet is in: closing again needs no confirmation.
    await consolePage.getByTestId('btn-close').click();
    await poll(() => entryState('G01')).toBe('closed');
    await pad.screenshot({ path: artifactPath('trust-pad-late-counted.png') });

    const result = (await hostView()).tracks[0]!.results.ranking.find((r) => r.entryId === ids.G01)!;
    expect(result).toMatchObject({ counted: 6, expected: 6 });
    expect(result.judges.find((j) => j.judgeId === sunLi)).toMatchObject({ total: 8400 });
    const csv = parse(await (await fetch(`${server.url}/api/export/results.csv`, { headers: bearer() })).text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.find((r) => r['编号'] === 'G01')).toMatchObject({ 计分评委数: '6', 应评评委数: '6' });
    const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as AuditExport<{ action: string }>;
    expect(audit.replay).toEqual({ ok: true, differences: [] });
    expect(audit.records.map((r) => r.action)).toEqual(expect.arrayContaining(['sheet:late', 'late:count']));
  }, 180_000);
});

describe('2. closing with sheets missing says what it changes', () => {
  it('states the consequence before confirming, and the award on a short panel waits for the host', async () => {
    await flow.callNext('gov');
    await flow.advance('gov', 'start');
    await flow.submit(ids.G02!, { J1: 9300, J2: 9400, J3: 9500 });
    await consolePage.getByTestId('btn-close').click();
    const dialog = consolePage.getByTestId('close-dialog');
    await dialog.getByTestId('close-consequence').first().waitFor();
    expect(await dialog.getByTestId('close-consequence').allTextContents()).toEqual([
      '只有 3 份评分，少于去最高最低分所需的 5 份，将按算术平均计算。',
      '评分少于 5 份：如获奖，奖项须由主持人确认后才能在颁奖典礼揭晓。',
    ]);
    expect(await dialog.getByTestId('missing-judge').count()).toBe(4);
    await consolePage.screenshot({ path: artifactPath('trust-close-dialog-consequence.png') });
    await dialog.getByTestId('confirm-check').check();
    await dialog.getByTestId('confirm-reason').fill('四位评委临时离场');
    await dialog.getByTestId('confirm-submit').click();
    await poll(() => entryState('G02')).toBe('closed');
    const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as AuditExport<{ action: string; payload: { consequence?: unknown } }>;
    expect(audit.records.findLast((r) => r.action === 'stage:close')!.payload.consequence).toMatchObject({ counted: 3, expected: 7, policyApplied: 'mean' });

    // The ranking says on how many judges; the award waits; the host confirms it from the alert.
    await poll(() => consolePage.locator('[data-testid=result-row][data-code=G02] [data-testid=result-panel]').textContent()).toBe('3/7');
    expect(await consolePage.locator('[data-testid=result-row][data-code=G02] [data-testid=result-provisional]').textContent()).toContain('待确认');
    const alert = consolePage.locator('[data-testid=alert][data-kind=shortPanel]');
    await poll(() => alert.textContent()).toContain('G02 只有 3/7 位评委计分，少于 5 位：奖项待确认');
    await alert.getByTestId('alert-panel-confirm').click();
    await consolePage.getByTestId('panel-dialog').getByTestId('confirm-reason').fill('评审组确认按三位评委的评分授奖');
    await consolePage.getByTestId('panel-dialog').getByTestId('confirm-submit').click();
    await poll(() => alert.count()).toBe(0);
  }, 60_000);
});

describe('4. sign-off per track on the pad', () => {
  it('signs the government track, all closed, while the open track is still being scored', async () => {
    // 孙丽 takes part through her phone; the rest of the government track is scored from sockets.
    const j7 = flow.judges.find((j) => j.key === 'J7')!;
    j7.socket.connect();
    for (let i = 3; i <= 10; i++) await flow.scoreNext('gov', 8000 + 100 * i);
    await flow.callNext('open');
    await flow.advance('open', 'start');
    j7.socket.disconnect();

    await pad.reload();
    await pad.getByTestId('judge-name').waitFor();
    await pad.getByTestId('track-gov').tap();
    await pad.getByTestId('tab-review').tap();
    const gov = pad.locator('[data-testid=signoff][data-track=gov]');
    await poll(() => gov.getAttribute('data-state')).toBe('ready');
    expect(await gov.getByTestId('signoff-ready').textContent()).toBe('本赛道全部作品评分已结束，可以签字。');
    await pad.screenshot({ path: artifactPath('trust-pad-signoff-gov-ready.png'), fullPage: true });

    await pad.getByTestId('track-open').tap();
    const open = pad.locator('[data-testid=signoff][data-track=open]');
    await poll(() => open.getAttribute('data-state')).toBe('pending');
    expect(await open.getByTestId('signoff-pending').textContent()).toContain('O');
    expect(await open.getByTestId('signoff-button').isDisabled()).toBe(true);
    await pad.screenshot({ path: artifactPath('trust-pad-signoff-open-pending.png'), fullPage: true });

    await pad.getByTestId('track-gov').tap();
    await drawSignature(pad);
    await gov.getByTestId('signoff-check').check();
    await gov.getByTestId('signoff-button').tap();
    await poll(() => gov.getAttribute('data-state')).toBe('signed');
    expect(await gov.getByTestId('signed-off').textContent()).toContain('签字确认本赛道');
    await pad.getByTestId('tab-score').tap();
    await poll(() => pad.getByTestId('locked').count()).toBe(1);
    // The open track is hers to score still.
    await pad.getByTestId('track-open').tap();
    expect(await pad.getByTestId('locked').count()).toBe(0);
    await poll(() => pad.getByTestId('submit').count()).toBe(1);
    await pad.screenshot({ path: artifactPath('trust-pad-open-still-open.png') });
    await poll(() => consolePage.locator(`[data-testid=signoff-judge][data-judge-id="${sunLi}"] [data-testid=signoff-track][data-track=gov]`).getAttribute('data-signed')).toBe('true');
    expect(await consolePage.locator(`[data-testid=signoff-judge][data-judge-id="${sunLi}"] [data-testid=signoff-track][data-track=open]`).getAttribute('data-signed')).toBe('false');
  }, 120_000);
});

describe('3. the board does not give the ceremony away', () => {
  it('shows places and scores but no tier before the ceremony, freezes during it, and the ceremony reveals entry by entry', async () => {
    const screen = await projector.context.newPage();
    await screen.goto(`${server.url}/screen?track=gov`);
    await poll(() => screen.getByTestId('board-row').count()).toBe(10);
    expect(await screen.getByTestId('board-tier').count()).toBe(0);
    expect(await screen.getByTestId('board-provisional').count()).toBe(0);
    const board = await screen.getByTestId('board').innerText();
    for (const tier of ['一等奖', '二等奖', '三等奖', '优胜奖']) expect(board).not.toContain(tier);
    expect(await screen.locator(`[data-testid=board-row][data-entry-id="${ids.G02}"] [data-testid=board-panel]`).innerText()).toBe('3/7 评委');
    await screen.waitForTimeout(1_500); // the bars' animation
    await screen.screenshot({ path: artifactPath('trust-screen-no-tiers.png') });

    const ceremony = await projector.context.newPage();
    await ceremony.goto(`${server.url}/ceremony`);
    const controls = consolePage.getByTestId('sc-root');
    await controls.getByTestId('sc-ceremony-track-gov').click();
    // The judges who have not signed the track off are named (the ceremony may still go on).
    expect(await controls.getByTestId('sc-signoffs').textContent()).toContain('王建国');
    expect(await controls.getByTestId('sc-preview').textContent()).toBe('下一步（仅控制台可见）：标题页');
    await controls.getByTestId('sc-next').click();
    await poll(() => screen.getByTestId('board-frozen').count()).toBe(1);
    expect(await screen.getByTestId('board-row').count()).toBe(0);
    await screen.screenshot({ path: artifactPath('trust-screen-frozen.png') });

    const gov = (await hostView()).tracks[0]!;
    const plan = gov.ceremony.plan;
    const ranking = gov.results.ranking;
    const modelOf = (id: number | null) => gov.entries.find((e) => e.id === id)!.model;
    for (let step = 1; step < plan.length; step++) {
      const s = plan[step]!;
      if (s.kind === 'entry') {
        const code = Object.entries(ids).find(([, id]) => id === s.entryId)![0];
        // Polled: after a tier step only the projector was waited for, and the console may render later.
        await expect.poll(() => controls.getByTestId('sc-preview').textContent(), { timeout: 15_000, message: `step ${step}` }).toContain(code);
        // Previewed on the console, not yet on the projector.
        expect(await ceremony.locator(`[data-testid=winner-card][data-entry-id="${s.entryId}"]`).count()).toBe(0);
      }
      await controls.getByTestId('sc-next').click();
      await poll(() => ceremony.getByTestId('ceremony').getAttribute('data-step')).toBe(String(step));
      if (s.kind === 'entry') {
        await poll(() => ceremony.locator(`[data-testid=winner-card][data-latest=true]`).getAttribute('data-entry-id')).toBe(String(s.entryId));
        // The winners still to come are face down: nothing of them is on the page.
        const revealed = plan.slice(0, step + 1).flatMap((x) => (x.kind === 'entry' ? [x.entryId] : []));
        const shown = revealed.map(modelOf);
        const text = await ceremony.locator('body').innerText();
        for (const r of ranking.filter((x) => x.award !== null && !revealed.includes(x.entryId))) {
          if (!shown.includes(modelOf(r.entryId))) expect(text.includes(modelOf(r.entryId)), `step ${step}: ${modelOf(r.entryId)} not yet revealed`).toBe(false);
        }
        // The console's presenter view shows the same step.
        await poll(() => controls.locator('[data-testid=sc-presenter] [data-testid=ceremony]').getAttribute('data-step')).toBe(String(step));
        if (step === 2) {
          // After the reveal's animation.
          await ceremony.waitForTimeout(2_500);
          await ceremony.screenshot({ path: artifactPath('trust-ceremony-first-winner.png') });
          await consolePage.screenshot({ path: artifactPath('trust-console-ceremony-preview.png') });
        }
      }
      // Frozen until the final page.
      if (step < plan.length - 1) expect(await screen.getByTestId('board-frozen').count(), `step ${step}`).toBe(1);
    }
    await poll(() => screen.getByTestId('board-row').count()).toBe(10);
    expect(await screen.getByTestId('board-frozen').count()).toBe(0);
    await ceremony.screenshot({ path: artifactPath('trust-ceremony-all.png') });
    await screen.screenshot({ path: artifactPath('trust-screen-after-ceremony.png') });
  }, 180_000);
});

describe('5. the screens\' language, set from the console per display', () => {
  it('turns the display named hall-b to English while the other screens stay in Chinese, then every screen', async () => {
    const named = await projector.context.newPage();
    await named.goto(`${server.url}/screen?track=gov&display=hall-b`);
    const other = await projector.context.newPage();
    await other.goto(`${server.url}/screen?track=open`);
    await poll(() => named.getByTestId('track-name').innerText()).toBe('政府赛道');
    const controls = consolePage.getByTestId('sc-root');
    await controls.getByTestId('sc-display-name').fill('hall-b');
    await controls.getByTestId('sc-display-add-en').click();
    await poll(() => named.getByTestId('track-name').innerText()).toBe('Government track');
    await poll(() => controls.locator('[data-testid=sc-lang-display][data-display=hall-b]').count()).toBe(1);
    expect(await other.getByTestId('track-name').innerText()).toBe('开放赛道');
    await named.screenshot({ path: artifactPath('trust-screen-display-english.png') });
    await controls.getByTestId('sc-lang-default-en').click();
    await poll(() => other.getByTestId('track-name').innerText()).toBe('Open track');
    await controls.getByTestId('sc-lang-default-zh-CN').click();
    await poll(() => other.getByTestId('track-name').innerText()).toBe('开放赛道');
    expect(await named.getByTestId('track-name').innerText()).toBe('Government track');
  }, 60_000);
});
