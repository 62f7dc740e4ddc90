/**
 * The big screens on the projectors a hall may have: /screen and /ceremony in Chromium at
 * 1920×1080 (16:9), 1280×800 (16:10) and 1024×768 (4:3), on the demo contest driven through real
 * sockets. The stage fills every picture (no black bars), nothing scrolls or spills, the board's
 * bars stand on a drawn and labelled baseline, and the names, badges and scores are measured as
 * rendered at 1024×768 against the legibility rule of docs/operations.md. The stage label and the
 * overtime clock read the same on the projector, a judge's pad and the host's console.
 * Screenshots of every size go to test/artifacts/ (projector-*.png), the measures to
 * test/artifacts/projector-legibility.json.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support/clients';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import type { Flow } from '../support/flow';
import { openHall, type Hall } from '../support/hall';
import { allInside, baselineDrawn, measureTexts, overlapping, scrollExtents, smallest, stageBox, type TextMeasure } from '../support/screens';
import type { TestServer } from '../support/server';

const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout });

const SIZES = [
  { name: '16x9', width: 1920, height: 1080 },
  { name: '16x10', width: 1280, height: 800 },
  { name: '4x3', width: 1024, height: 768 },
] as const;

/**
 * The rule (docs/operations.md, "Reading the screens from the back"): a character must be at least
 * 1/200 of the distance to the farthest viewer, on a picture at least 1/6 of that distance high,
 * so at least 6/200 = 3 % of the picture's height.
 */
const MIN_SHARE_OF_HEIGHT = 0.03;

/** What must be readable from the back of the hall: names, badges, places, scores, the clock. */
const SCREEN_PRIMARY = {
  contest: '[data-testid=contest-name]',
  track: '[data-testid=track-name]',
  'stage unit': '[data-testid=stage-entry] .unit',
  'stage label': '[data-testid=stage-label]',
  'overtime badge': '[data-testid=countdown] .flag',
  clock: '[data-testid=countdown-digits]',
  'judges submitted': '[data-testid=judge-progress] .text',
  'board unit': '[data-testid=board-row] .unit',
  'board place': '[data-testid=board-row] .rank',
  'board tier badge': '[data-testid=board-tier], [data-testid=board-provisional]',
  'board panel badge': '[data-testid=board-panel]',
  'board new badge': '[data-testid=board-latest]',
  'board score': '[data-testid=board-score]',
  'compact unit': '[data-testid=board-compact-row] .c-unit',
  'compact score': '[data-testid=board-compact-row] .c-score',
};
/** Read from nearer: the model names, the running order, headings and hints. */
const SCREEN_SECONDARY = {
  'stage model': '[data-testid=stage-entry] .model',
  order: '[data-testid=stage-order]',
  'board model': '[data-testid=board-row] .model',
  'board count': '[data-testid=board-count]',
  next: '[data-testid=stage-next] .next-who',
};
const CEREMONY_PRIMARY = {
  'tier name': '[data-testid=ceremony-tier-name]',
  'winner unit': '[data-testid=winner-card] .unit',
  'winner score': '[data-testid=winner-score]',
  'all: tier badge': '[data-testid=all-tier] .tier-chip',
  'all: unit': '[data-testid=all-winner] .unit',
  'all: score': '[data-testid=all-winner] .score',
};
const CEREMONY_SECONDARY = {
  'winner model': '[data-testid=winner-card] .model',
  'all: model': '[data-testid=all-winner] .model',
};

/** Every judge's total for the government track's entries in running order (G01..G10). */
const GOV_TOTALS = [8650, 9150, 8000, 8800, 7700, 9300, 8350, 8900, 7900, 8500];

let hall: Hall;
let server: TestServer;
let flow: Flow;
let browser: Browser;
const report: Record<string, unknown> = { rule: `ink height >= ${MIN_SHARE_OF_HEIGHT * 100}% of the window height` };

beforeAll(async () => {
  hall = await openHall();
  ({ server, flow, browser } = hall);
});
afterAll(async () => {
  writeFileSync(artifactPath('projector-legibility.json'), `${JSON.stringify(report, null, 2)}\n`);
  await hall?.close();
});

async function openSized(path: string, size: (typeof SIZES)[number]): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.goto(`${server.url}${path}`);
  // A page in the background gets no animation frames, and Vue's transitions wait on them.
  await page.bringToFront();
  return page;
}

/** Waits until every animation that ends has ended (cross-fades, cards flipping in). */
async function stillPicture(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

/** The stage fills the window (no bars) and nothing scrolls or spills out of it. */
async function fillsTheWindow(page: Page): Promise<void> {
  const box = await stageBox(page);
  expect(Math.abs(box.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.y)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.width - box.windowWidth)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.height - box.windowHeight)).toBeLessThanOrEqual(1);
  expect(await scrollExtents(page)).toEqual({ overflowX: 0, overflowY: 0, scrollBar: false });
}

function summary(measures: readonly TextMeasure[]) {
  const min = smallest(measures);
  return { smallestInkPx: Number(min.inkPx.toFixed(1)), smallestFontPx: Number(min.fontPx.toFixed(1)), what: min.what, text: min.text, count: measures.length };
}

/** Checks the primary text against the rule on this window, that no text covers another, and records both kinds. */
async function legibility(page: Page, size: (typeof SIZES)[number], primary: Record<string, string>, secondary: Record<string, string>, key: string): Promise<void> {
  const main = await measureTexts(page, primary);
  const other = await measureTexts(page, secondary);
  const floor = MIN_SHARE_OF_HEIGHT * size.height;
  report[`${key} ${size.width}x${size.height}`] = {
    floorPx: Number(floor.toFixed(1)),
    primary: summary(main),
    secondary: other.length > 0 ? summary(other) : null,
    byKind: Object.fromEntries(Object.keys(primary).map((k) => [k, Number(Math.min(...main.filter((m) => m.what === k).map((m) => m.inkPx)).toFixed(1))])),
  };
  const tooSmall = main.filter((m) => m.inkPx < floor).map((m) => `${m.what} "${m.text}" ${m.inkPx.toFixed(1)}px`);
  expect(tooSmall, `text below ${floor.toFixed(1)} px of ink at ${size.width}×${size.height}`).toEqual([]);
  expect(overlapping([...main, ...other]), `text over text at ${size.width}×${size.height}`).toEqual([]);
}

describe('the big screen on any projector', () => {
  it('fills every picture before the first entry, with who comes up next', async () => {
    for (const size of SIZES) {
      const page = await openSized('/screen?track=gov', size);
      const band = size.name !== '16x9';
      await poll(() => page.getByTestId('up-next-entry').count()).toBe(band ? 3 : 5);
      expect(await page.getByTestId('up-next-entry').first().innerText()).toContain('G01 · 宝安区应急管理局');
      await fillsTheWindow(page);
      await allInside(page, '[data-testid=up-next-entry]', '[data-testid=stage-panel]');
      await page.screenshot({ path: artifactPath(`projector-screen-waiting-${size.width}x${size.height}.png`), animations: 'disabled' });
      await page.close();
    }
  });

  it('fills 16:9, 16:10 and 4:3 pictures with the board beside or under the stage, legible at 1024×768', async () => {
    for (const total of GOV_TOTALS.slice(0, -1)) await flow.scoreNext('gov', total);
    const last = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    await flow.submit(last, [8500, 8500, 8500]);
    // Taking more time than is left ends the phase now: the clock counts up in overtime.
    await ok(flow.host, 'timer:extend', { track: 'gov', seconds: -600 });

    for (const size of SIZES) {
      const page = await openSized('/screen?track=gov', size);
      await poll(() => page.getByTestId('board-row').count()).toBe(9);
      await poll(() => page.getByTestId('countdown').getAttribute('data-level')).toBe('overtime');
      await page.waitForSelector('[data-testid=board-chart][data-settled=true]');
      await fillsTheWindow(page);
      expect(await page.getByTestId('screen').getAttribute('data-mode')).toBe(size.name === '16x9' ? 'side' : 'band');
      await allInside(page, '[data-testid=board-row]', '[data-testid=board]');
      await allInside(page, '[data-testid=stage-panel] > *', '[data-testid=stage-panel]');
      await allInside(page, '[data-testid=board-chart]', '[data-testid=board]');

      // The bars stand on a baseline drawn through the whole plot, its value written under it,
      // and the baseline is below the lowest score.
      const drawn = await baselineDrawn(page);
      expect(drawn.lineAt).toBe(drawn.rows);
      expect(drawn.labelled).toBe(true);
      expect(Number(await page.getByTestId('board-chart').getAttribute('data-min'))).toBeLessThan(Math.min(...GOV_TOTALS.slice(0, -1)));

      await page.screenshot({ path: artifactPath(`projector-screen-${size.width}x${size.height}.png`), animations: 'disabled' });
      await legibility(page, size, SCREEN_PRIMARY, SCREEN_SECONDARY, 'screen');
      await page.close();
    }
  });

  it('says the same stage label and the same overtime on the projector, a judge\'s pad and the console', async () => {
    const screen = await openSized('/screen?track=gov', SIZES[0]);
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const judge = flow.judges[0]!;
      const pad = await phone.context.newPage();
      await pad.goto(`${server.url}/judge/${judge.token}`);
      const hostPage = await browser.context.newPage();
      await hostPage.goto(`${server.url}/host#key=${server.hostKey}`);
      const consoleClock = hostPage.getByTestId('stage-panel').getByTestId('clock-time');

      await poll(() => pad.getByTestId('countdown').innerText()).toMatch(/^\+\d\d:\d\d$/);
      // Three pages drawing the same deadline: sampled together they agree (retried across a second's edge).
      await poll(async () => {
        const [a, b, c] = await Promise.all([screen.getByTestId('countdown-digits').innerText(), pad.getByTestId('countdown').innerText(), consoleClock.innerText()]);
        return a === b && b === c ? a : `${a} | ${b} | ${c}`;
      }).toMatch(/^\+\d\d:\d\d$/);

      // One label, the same words everywhere, and only one of the stage labels on each.
      const labels = ['候场', '正在答辩', '问答', '评分中', '评分结束'];
      const count = (text: string) => labels.reduce((n, l) => n + text.split(l).length - 1, 0);
      expect(await screen.getByTestId('stage-label').innerText()).toBe('正在答辩');
      expect(await pad.getByTestId('stage-label').innerText()).toBe('正在答辩');
      expect(await hostPage.getByTestId('stage-state').innerText()).toBe('正在答辩');
      expect(count(await screen.getByTestId('stage-panel').innerText())).toBe(1);
      expect(count(await pad.getByTestId('stage-card').innerText())).toBe(1);
      await pad.screenshot({ path: artifactPath('projector-pad-overtime.png') });

      // Into scoring: the clock goes, the label changes, still one.
      await flow.advance('gov', 'toScoring');
      await poll(() => screen.getByTestId('stage-label').innerText()).toBe('评分中');
      await poll(() => pad.getByTestId('stage-label').innerText()).toBe('评分中');
      expect(await screen.getByTestId('countdown').count()).toBe(0);
      expect(await pad.getByTestId('countdown').count()).toBe(0);
      expect(count(await screen.getByTestId('stage-panel').innerText())).toBe(1);
      expect(count(await pad.getByTestId('stage-card').innerText())).toBe(1);
      await hostPage.close();
    } finally {
      await phone.close();
      await screen.close();
    }
  });
});

describe('the ceremony on any projector', () => {
  it('fills every picture at each step, legible at 1024×768', async () => {
    const last = (await flow.track('gov')).stage.entry!.id;
    await flow.close(last);
    // Three judges scored it, fewer than the minimum panel: its award waits for the host's confirmation.
    await ok(flow.host, 'panel:confirm', { entryId: last, reason: '测试：评审组确认' });
    const plan = (await flow.track('gov')).ceremony.plan;
    // The closed entry's result in the stage band or column, clear of everything else.
    for (const size of SIZES) {
      const page = await openSized('/screen?track=gov', size);
      await poll(() => page.getByTestId('stage-result').innerText()).toContain('最终得分');
      await page.waitForSelector('[data-testid=board-chart][data-settled=true]');
      await allInside(page, '[data-testid=stage-status] > *', '[data-testid=stage-panel]');
      const texts = await measureTexts(page, { ...SCREEN_PRIMARY, ...SCREEN_SECONDARY, result: '[data-testid=stage-result] > *' });
      expect(overlapping(texts.filter((t) => t.what === 'result' || t.what.startsWith('stage')))).toEqual([]);
      await page.screenshot({ path: artifactPath(`projector-screen-closed-${size.width}x${size.height}.png`), animations: 'disabled' });
      await page.close();
    }
    for (const size of SIZES) {
      const page = await openSized('/ceremony', size);
      // The title, the top tier's winner, and all winners.
      for (const step of [0, plan.length - 2, plan.length - 1]) {
        await ok(flow.host, 'ceremony:show', { track: 'gov', step });
        await poll(() => page.getByTestId('ceremony').getAttribute('data-step')).toBe(String(step));
        // The step's own page, and only it: the page it replaces is gone once its cross-fade has ended.
        const kind = plan[step]!.kind;
        const own = kind === 'title' ? 'ceremony-title' : kind === 'all' ? 'ceremony-all' : 'ceremony-tier';
        await poll(async () => [await page.getByTestId(own).count(), await page.locator('[data-testid=ceremony-title], [data-testid=ceremony-tier], [data-testid=ceremony-all]').count()]).toEqual([1, 1]);
        await stillPicture(page);
        await fillsTheWindow(page);
        await allInside(page, '[data-testid=winner-card], [data-testid=all-winner], [data-testid=ceremony-title] > *', '[data-testid=ceremony]');
        await page.screenshot({ path: artifactPath(`projector-ceremony-${size.width}x${size.height}-step-${step + 1}.png`), animations: 'disabled' });
        if (step > 0) await legibility(page, size, CEREMONY_PRIMARY, CEREMONY_SECONDARY, `ceremony step ${step + 1}`);
      }
      await page.close();
    }
  });
});
