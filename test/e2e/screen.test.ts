/**
 * The big screen in Chromium at 1920×1080, driven through real sockets: waiting, presenting with
 * the countdown in each colour (normal, warning, overtime), the judges' progress, newly published
 * scores re-ranking the board in the scoring rules' order (with award tiers, as the contest file
 * of that track asks, and a provisional tie at an award boundary), the rank-only and hidden
 * policies (no tiers: the default), the host's display setting, English, and the
 * screen at 1280×720 and 3840×2160 without scroll bars. Screenshots go to test/artifacts/.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../../server/domain/format';
import { remainingMs } from '../../server/domain/timer';
import { ok } from '../support/clients';
import { artifactPath, type Browser } from '../support/browser';
import type { Flow } from '../support/flow';
import { openHall, type Hall } from '../support/hall';
import type { TestServer } from '../support/server';

const CONTEST = fileURLToPath(new URL('../fixtures/contests/screen-short.json', import.meta.url));

/** Polls for up to 5 s: pages follow broadcasts and cross-fades, which a busy machine may slow. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 5_000 });

let server: TestServer;
let browser: Browser;
let flow: Flow;
let page: Page;

let hall: Hall;
beforeAll(async () => {
  hall = await openHall({ contestFile: CONTEST });
  ({ server, browser, flow, page } = hall);
});
afterAll(() => hall?.close());

const testId = (id: string) => page.getByTestId(id);
const textOf = (id: string) => testId(id).first().innerText();

/** Entry ids in the order the board shows them (full rows, then compact ones). */
const boardOrder = (p: Page = page) =>
  p.$$eval('[data-testid=board-row], [data-testid=board-compact-row]', (els) => els.map((e) => Number((e as HTMLElement).dataset.entryId)));

const rankingOf = async (track: string) => (await flow.track(track)).results.ranking.map((r) => r.entryId);

/** Screenshot once the chart's bars stand still (CSS animations are finished by Playwright). */
async function shoot(name: string, p: Page = page): Promise<void> {
  if ((await p.getByTestId('board-chart').count()) > 0) {
    await p.waitForSelector('[data-testid=board-chart][data-settled=true]');
  }
  await p.screenshot({ path: artifactPath(name), animations: 'disabled' });
}

async function clockColour(): Promise<string> {
  return testId('countdown-digits').evaluate((el) => getComputedStyle(el).color);
}

/** Remaining ms of the track's phase clock, from the host view (the server runs on this machine's clock). */
async function remainingOf(track: string): Promise<number> {
  return remainingMs((await flow.track(track)).stage.clock!, Date.now());
}

async function noScrollBars(p: Page): Promise<void> {
  const m = await p.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    sh: document.documentElement.scrollHeight,
    bw: document.body.scrollWidth,
    bh: document.body.scrollHeight,
    w: window.innerWidth,
    h: window.innerHeight,
    cw: document.documentElement.clientWidth,
    ch: document.documentElement.clientHeight,
  }));
  expect(m.sw).toBeLessThanOrEqual(m.w);
  expect(m.sh).toBeLessThanOrEqual(m.h);
  expect(m.bw).toBeLessThanOrEqual(m.w);
  expect(m.bh).toBeLessThanOrEqual(m.h);
  // No scroll bar takes room either.
  expect([m.cw, m.ch]).toEqual([m.w, m.h]);
}

/** Every element matching `inner` lies inside the box of `outer` (nothing cut off). */
async function allInside(p: Page, inner: string, outer: string): Promise<void> {
  const box = await p.locator(outer).first().boundingBox();
  expect(box).not.toBeNull();
  for (const el of await p.locator(inner).all()) {
    const b = (await el.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box!.x - 1);
    expect(b.y).toBeGreaterThanOrEqual(box!.y - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
    expect(b.y + b.height).toBeLessThanOrEqual(box!.y + box!.height + 1);
  }
}

describe('the big screen, phase by phase', () => {
  it('waits with the contest, the track and who comes up next', async () => {
    await page.goto(`${server.url}/screen?track=main`);
    await poll(() => textOf('track-name')).toBe('政府赛道');
    expect(await textOf('contest-name')).toBe('第二届深圳市应急管理数据创新大赛');
    const upNext = await testId('up-next-entry').allInnerTexts();
    expect(upNext[0]).toContain('M01 · 宝安区应急管理局');
    expect(upNext[0]).toContain('AR高清巡查指引模型');
    expect(upNext).toHaveLength(5);
    expect(await textOf('board-empty')).toContain('尚无公布的成绩');
    await noScrollBars(page);
    await shoot('screen-1-waiting.png');
  });

  it('shows the entry presenting with a countdown that turns amber at the warning and red in overtime', async () => {
    const entryId = await flow.callNext('main');
    await flow.advance('main', 'start');
    // Time enough to look at the normal clock, then jump to the warning and past the deadline.
    await ok(flow.host, 'timer:extend', { track: 'main', seconds: 60 });
    await poll(() => testId('stage-entry').getAttribute('data-entry-id')).toBe(String(entryId));
    expect(await textOf('stage-entry')).toContain('宝安区应急管理局');
    expect(await textOf('stage-entry')).toContain('AR高清巡查指引模型');
    expect(await textOf('stage-order')).toBe('第 1 位 / 共 6 位 · M01');
    await poll(() => testId('countdown').getAttribute('data-level')).toBe('normal');
    expect(await textOf('stage-label')).toBe('正在答辩');
    await poll(() => textOf('countdown-digits')).toMatch(/^01:0\d$/); // the extension's broadcast may land just after
    const normal = await clockColour();
    expect(await textOf('judge-progress')).toContain('0 / 5 位评委已提交');
    expect(await textOf('stage-next')).toContain('M02');
    await shoot('screen-2-presenting.png');

    // About 4 s left: within the 5 s warning. Paused there, so that a slow machine cannot run out
    // of those seconds while the page is looked at.
    await ok(flow.host, 'timer:pause', { track: 'main' });
    const cut = Math.ceil((await remainingOf('main')) / 1000) - 4;
    await ok(flow.host, 'timer:extend', { track: 'main', seconds: -cut });
    await poll(() => testId('countdown').getAttribute('data-level')).toBe('warning');
    await poll(clockColour).toBe('rgb(255, 178, 36)');
    expect(await clockColour()).not.toBe(normal);
    await poll(() => textOf('countdown-digits')).toMatch(/^00:0[1-5]$/);
    await shoot('screen-3-warning.png');

    // Taking more time than is left ends the phase now: overtime counts up in red.
    await ok(flow.host, 'timer:resume', { track: 'main' });
    await ok(flow.host, 'timer:extend', { track: 'main', seconds: -30 });
    await poll(() => testId('countdown').getAttribute('data-level')).toBe('overtime');
    await poll(clockColour).toBe('rgb(255, 92, 92)');
    await poll(() => textOf('countdown-digits')).toMatch(/^\+00:0[1-9]$/);
    expect(await textOf('countdown')).toContain('超时');
    // The big digits fit their panel (no glyph runs past the box).
    expect(await testId('countdown-digits').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await shoot('screen-4-overtime.png');
  });

  it('shows the same countdown on a screen whose own clock is five minutes off', async () => {
    // The server clock offset (several pings, the fastest wins) makes up for the device's clock.
    const skewed = await browser.context.newPage();
    await skewed.addInitScript(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() - 5 * 60_000;
    });
    await skewed.goto(`${server.url}/screen?track=main`);
    await expect
      .poll(async () => {
        const [a, b] = await Promise.all([page.getByTestId('countdown-digits').innerText(), skewed.getByTestId('countdown-digits').innerText()]);
        return a !== '' && a === b;
      }, { timeout: 10_000 })
      .toBe(true);
    await skewed.close();
  });

  it('deepens the colour at the second warning of the Q&A, and shows a paused clock', async () => {
    await flow.advance('main', 'toQa');
    await poll(() => textOf('stage-label')).toBe('问答');
    // Paused, then just under the second warning (3 s): the clock stands still in orange.
    await ok(flow.host, 'timer:pause', { track: 'main' });
    const cut = Math.ceil((await remainingOf('main')) / 1000) - 3;
    await ok(flow.host, 'timer:extend', { track: 'main', seconds: -cut });
    await poll(() => testId('countdown').getAttribute('data-warnings-passed')).toBe('2');
    expect(await testId('countdown').getAttribute('data-level')).toBe('warning');
    await poll(clockColour).toBe('rgb(255, 138, 31)');
    await poll(() => textOf('countdown')).toContain('已暂停');
    await shoot('screen-4b-qa-second-warning-paused.png');
  });

  it('counts the judges who have submitted, without names or scores', async () => {
    const entryId = (await flow.track('main')).stage.entry!.id;
    await flow.submit(entryId, [8800, 8800, 8800]);
    await poll(() => textOf('judge-progress')).toContain('3 / 5 位评委已提交');
    await flow.advance('main', 'toScoring');
    await poll(() => textOf('stage-label')).toBe('评分中');
    await poll(() => testId('countdown').count()).toBe(0);
    const text = await page.locator('body').innerText();
    for (const j of await server.judges()) expect(text).not.toContain(j.name);
    expect(text).not.toContain('88.00');
    await shoot('screen-5-scoring.png');
  });

  it('publishes a closed score, marks it, and re-ranks the board in the order of the scoring rules', async () => {
    const first = (await flow.track('main')).stage.entry!.id;
    await flow.submit(first, { J4: 8800, J5: 8800 });
    await flow.close(first);
    await poll(() => textOf('stage-result')).toContain('88.00');
    expect(await textOf('stage-result')).toContain('最终得分');
    await poll(boardOrder).toEqual([first]);
    expect(await testId('board-latest').count()).toBe(1);

    // A better score goes to the top: the new row is marked, the first one moves down.
    const second = await flow.scoreNext('main', 9200);
    await poll(boardOrder).toEqual([second, first]);
    const latestRow = page.locator('[data-testid=board-row]', { has: page.getByTestId('board-latest') });
    expect(await latestRow.getAttribute('data-entry-id')).toBe(String(second));
    expect(await page.locator(`[data-testid=board-row][data-entry-id="${second}"]`).innerText()).toContain('92.00');
    expect(await page.locator(`[data-testid=board-row][data-entry-id="${second}"] [data-testid=board-tier]`).innerText()).toBe('一等奖');
    expect(await page.locator(`[data-testid=board-row][data-entry-id="${first}"] [data-testid=board-tier]`).innerText()).toBe('二等奖');
    expect(await boardOrder()).toEqual(await rankingOf('main'));
    await shoot('screen-6-published.png');

    // Two entries with the same sheets share a place across the 三等奖/优胜奖 boundary: provisional.
    const third = await flow.scoreNext('main', 8700);
    const tiedA = await flow.scoreNext('main', 8650);
    const tiedB = await flow.scoreNext('main', 8650);
    const last = await flow.scoreNext('main', 8000);
    const ranking = await rankingOf('main');
    expect(ranking).toEqual([second, first, third, tiedA, tiedB, last]);
    await poll(boardOrder).toEqual(ranking);
    await poll(() => testId('board-provisional').count()).toBe(2);
    for (const id of [tiedA, tiedB]) {
      const row = page.locator(`[data-testid=board-row][data-entry-id="${id}"]`);
      expect(await row.getAttribute('data-rank')).toBe('4');
      expect(await row.innerText()).toContain('待定');
    }
    expect(await textOf('board-count')).toBe('已公布 6 / 6');
    await shoot('screen-7-provisional.png');

    // The host decides: the later entry first. The board follows the rules' new order.
    await ok(flow.host, 'tie:resolve', { track: 'main', entryIds: [tiedB, tiedA], reason: '评审组合议' });
    const decided = await rankingOf('main');
    expect(decided).toEqual([second, first, third, tiedB, tiedA, last]);
    await poll(boardOrder).toEqual(decided);
    await poll(() => testId('board-provisional').count()).toBe(0);
    expect(await page.locator(`[data-testid=board-row][data-entry-id="${tiedB}"] [data-testid=board-tier]`).innerText()).toBe('三等奖');
    expect(await page.locator(`[data-testid=board-row][data-entry-id="${tiedA}"] [data-testid=board-tier]`).innerText()).toBe('优胜奖');
    expect(await testId('stage-next').count()).toBe(0);
    await shoot('screen-8-decided.png');
  });
});

describe('the reveal policies on screen', () => {
  it('shows places without any score under rank-only', async () => {
    await flow.scoreNext('rank', 8600);
    await flow.scoreNext('rank', 9050);
    await page.goto(`${server.url}/screen?track=rank`);
    await poll(boardOrder).toEqual(await rankingOf('rank'));
    expect(await testId('board').getAttribute('data-reveal')).toBe('rank-only');
    expect(await testId('board-score').count()).toBe(0);
    expect(await testId('board-chart').count()).toBe(0);
    const text = await page.locator('body').innerText();
    for (const r of (await flow.track('rank')).results.ranking) expect(text).not.toContain(formatPoints(r.final));
    expect(text).toContain('只公布名次，分数将在颁奖典礼揭晓');
    // No tier either: this track's file does not show them live (the default).
    expect(await testId('board-tier').count()).toBe(0);
    for (const tier of ['一等奖', '二等奖', '三等奖', '优胜奖']) expect(text).not.toContain(tier);
    expect(await textOf('stage-result')).toContain('第 1 名');
    await shoot('screen-9-rank-only.png');
  });

  it('shows a promise of the ceremony and the count of scored entries under hidden', async () => {
    await flow.scoreNext('secret', 9100);
    await page.goto(`${server.url}/screen?track=secret`);
    await poll(() => textOf('board-hidden')).toContain('成绩将在颁奖典礼揭晓');
    expect(await textOf('board-scored')).toBe('已完成评分 1 / 3 个作品');
    expect(await textOf('stage-result')).toBe('成绩将在颁奖典礼揭晓');
    expect(await testId('board-row').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('91.00');
    await shoot('screen-10-hidden.png');
  });
});

describe('what the host decides for the screens', () => {
  it('follows the display track unless pinned, and hides the board on request', async () => {
    await page.goto(`${server.url}/screen`);
    await poll(() => textOf('track-name')).toBe('政府赛道');
    await ok(flow.host, 'display:set', { track: 'rank' });
    await poll(() => textOf('track-name')).toBe('开放赛道（只公布名次）');

    const pinned = await browser.context.newPage();
    await pinned.goto(`${server.url}/screen?track=main`);
    await poll(() => pinned.getByTestId('track-name').innerText()).toBe('政府赛道');

    await ok(flow.host, 'display:set', { boardVisible: false });
    await poll(() => testId('board').count()).toBe(0);
    await poll(() => pinned.getByTestId('board').count()).toBe(0);
    expect(await testId('stage-panel').isVisible()).toBe(true);
    expect(await pinned.getByTestId('stage-panel').isVisible()).toBe(true);
    await shoot('screen-11-board-hidden.png', pinned);
    await noScrollBars(pinned);

    await ok(flow.host, 'display:set', { track: null, boardVisible: true });
    await poll(() => textOf('track-name')).toBe('政府赛道');
    await poll(() => testId('board').count()).toBe(1);
    await pinned.close();
  });

  it('speaks English with ?lang=en', async () => {
    const en = await browser.context.newPage();
    await en.goto(`${server.url}/screen?track=main&lang=en`);
    await poll(() => en.getByTestId('track-name').innerText()).toBe('Government track');
    expect(await en.getByTestId('board').innerText()).toContain('Live leaderboard');
    expect(await en.getByTestId('board-count').innerText()).toBe('6 of 6 published');
    // Longer English tier names still fit their column, clear of the bars.
    expect(await en.getByTestId('board-tier').allInnerTexts()).toContain('Second prize');
    const chart = (await en.getByTestId('board-chart').boundingBox())!;
    for (const chip of await en.getByTestId('board-tier').all()) {
      const box = (await chip.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(chart.x);
    }
    await shoot('screen-12-english.png', en);
    await en.close();
  });
});

describe('a board with many entries at every screen size', () => {
  it('fits 18 entries in the rules order at 1920×1080, 1280×720 and 3840×2160 without scroll bars', async () => {
    const totals = [8100, 9300, 8450, 7800, 8900, 8650, 9050, 7600, 8300, 8750, 9150, 7950, 8550, 8200, 8850, 7700, 9250, 8000];
    for (const total of totals) await flow.scoreNext('big', total);
    const ranking = await rankingOf('big');
    expect(ranking).toHaveLength(18);

    for (const [width, height] of [[1920, 1080], [1280, 720], [3840, 2160]] as const) {
      const sized = await browser.context.newPage();
      await sized.setViewportSize({ width, height });
      await sized.goto(`${server.url}/screen?track=big`);
      await poll(() => boardOrder(sized)).toEqual(ranking);
      expect(await sized.getByTestId('board-row').count()).toBeGreaterThanOrEqual(8);
      expect(await sized.getByTestId('board-compact-row').count()).toBeGreaterThan(0);
      await noScrollBars(sized);
      await allInside(sized, '[data-testid=board-row], [data-testid=board-compact-row]', '[data-testid=board]');
      await allInside(sized, '[data-testid=screen] > *', 'body');
      // The stage fills the window (16:9), scaled, never cropped.
      const box = (await sized.getByTestId('screen').boundingBox())!;
      expect(Math.round(box.width)).toBe(width);
      expect(Math.round(box.height)).toBe(height);
      await shoot(`screen-13-many-${width}x${height}.png`, sized);
      await sized.close();
    }
  });
});
