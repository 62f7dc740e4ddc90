/**
 * The award ceremony in Chromium at 1920×1080 on the demo contest, driven from a host socket one
 * step at a time: the title card before the host starts, each tier from 优胜奖 up to 一等奖
 * announced and then its winners revealed one by one from the lowest place up (and nothing of a
 * winner not yet revealed), the all-winners page, a second screen opened mid-ceremony on the same
 * step, refusals while scoring is open or awards are provisional, reduced motion, and other
 * screen sizes. Screenshots of every step go to test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../../server/domain/format';
import type { HostCeremonyStep, HostTrack } from '../../server/protocol/views';
import { ok, send } from '../support/clients';
import { artifactPath, type Browser } from '../support/browser';
import type { Flow } from '../support/flow';
import { openHall, type Hall } from '../support/hall';
import type { TestServer } from '../support/server';

/** Polls for up to 5 s: pages follow broadcasts and cross-fades, which a busy machine may slow. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 5_000 });

let server: TestServer;
let browser: Browser;
let flow: Flow;
let page: Page;
let gov: HostTrack;

/** Every judge's total per gov entry in running order (G01..G10), hundredths. */
const GOV_TOTALS = [8650, 9150, 8000, 8800, 7700, 9300, 8350, 8900, 7900, 8500];
const TIER_LABELS: Record<string, string> = { merit: '优胜奖', third: '三等奖', second: '二等奖', first: '一等奖' };
/** The government track's ceremony, as the server plans it (from the host's view, once scored). */
let STEPS: HostCeremonyStep[] = [];
/** The step of an entry's reveal, and of a tier's announcement. */
const entryStep = (tier: string, nth: number) => STEPS.findIndex((s) => s.kind === 'entry' && s.tier === tier && STEPS.filter((x, i) => x.kind === 'entry' && x.tier === tier && i <= STEPS.indexOf(s)).length === nth);
const tierStep = (tier: string) => STEPS.findIndex((s) => s.kind === 'tier' && s.tier === tier);

let hall: Hall;
beforeAll(async () => {
  hall = await openHall();
  ({ server, browser, flow, page } = hall);
});
afterAll(() => hall?.close());

const winnersOf = (tier: string) => gov.results.ranking.filter((r) => r.award === tier);
const entryOf = (id: number) => gov.entries.find((e) => e.id === id)!;

/** Waits until the page shows the step (after the cross-fade), then checks what it shows. */
async function expectStep(p: Page, step: number): Promise<void> {
  const s = STEPS[step]!;
  await poll(() => p.getByTestId('ceremony').getAttribute('data-step')).toBe(String(step));
  await poll(() => p.getByTestId('ceremony-step').innerText()).toBe(`${step + 1} / ${STEPS.length}`);
  const revealed = STEPS.slice(0, step + 1).flatMap((x) => (x.kind === 'entry' ? [x.entryId!] : []));
  if (s.kind === 'title') {
    await poll(() => p.getByTestId('ceremony-title').count()).toBe(1);
    expect(await p.getByTestId('ceremony-track').innerText()).toBe('政府赛道');
  } else if (s.kind === 'tier' || s.kind === 'entry') {
    await poll(() => p.getByTestId('ceremony-tier').getAttribute('data-tier')).toBe(s.tier);
    expect(await p.getByTestId('ceremony-tier-name').innerText()).toBe(TIER_LABELS[s.tier!]);
    const winners = winnersOf(s.tier!);
    const shown = winners.filter((w) => revealed.includes(w.entryId));
    // Revealed ones face up, best first; the rest face down.
    await poll(() => p.getByTestId('winner-card').count()).toBe(shown.length);
    expect(await p.getByTestId('winner-hidden').count()).toBe(winners.length - shown.length);
    expect(await p.getByTestId('winner-card').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.entryId)))).toEqual(shown.map((w) => w.entryId));
    if (s.kind === 'entry') await poll(() => p.locator('[data-testid=winner-card][data-latest=true]').getAttribute('data-entry-id')).toBe(String(s.entryId));
    for (const w of shown) {
      const card = p.locator(`[data-testid=winner-card][data-entry-id="${w.entryId}"]`);
      const text = await card.innerText();
      expect(text).toContain(entryOf(w.entryId).unit);
      expect(text).toContain(entryOf(w.entryId).model);
      expect(text).toContain(`${formatPoints(w.final)} 分`);
    }
  } else {
    await poll(() => p.getByTestId('ceremony-all').count()).toBe(1);
    expect(await p.getByTestId('all-tier').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tier))).toEqual(['first', 'second', 'third', 'merit']);
    const shown = await p.getByTestId('all-winner').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.entryId)));
    expect(shown).toEqual(['first', 'second', 'third', 'merit'].flatMap((t) => winnersOf(t).map((w) => w.entryId)));
  }
  // Nothing of a winner not yet revealed is on the page.
  if (s.kind !== 'all') {
    const text = await p.locator('body').innerText();
    const shownModels = revealed.map((id) => entryOf(id).model);
    for (const w of gov.results.ranking.filter((r) => r.award !== null && !revealed.includes(r.entryId))) {
      const model = entryOf(w.entryId).model;
      if (!shownModels.includes(model)) expect(text, `${entryOf(w.entryId).code} at step ${step}`).not.toContain(model);
    }
  }
}

async function noScrollBars(p: Page): Promise<void> {
  const m = await p.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    sh: document.documentElement.scrollHeight,
    w: window.innerWidth,
    h: window.innerHeight,
    cw: document.documentElement.clientWidth,
    ch: document.documentElement.clientHeight,
  }));
  expect(m.sw).toBeLessThanOrEqual(m.w);
  expect(m.sh).toBeLessThanOrEqual(m.h);
  expect([m.cw, m.ch]).toEqual([m.w, m.h]);
}

describe('the award ceremony', () => {
  it('shows a title card with the contest name before the host starts', async () => {
    await page.goto(`${server.url}/ceremony`);
    await poll(() => page.getByTestId('ceremony-contest').innerText()).toBe('第二届深圳市应急管理数据创新大赛');
    expect(await page.getByTestId('ceremony').getAttribute('data-kind')).toBe('none');
    expect(await page.getByTestId('ceremony-title').innerText()).toContain('颁奖典礼');
    await noScrollBars(page);
    await page.screenshot({ path: artifactPath('ceremony-0-before.png'), animations: 'disabled' });
  });

  it('refuses to reveal awards while a scoring is open', async () => {
    for (const total of GOV_TOTALS.slice(0, -1)) await flow.scoreNext('gov', total);
    const last = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    await flow.submit(last, GOV_TOTALS.at(-1)!);
    await expect(send(flow.host, 'ceremony:show', { track: 'gov', step: 1 })).resolves.toMatchObject({ ok: false, code: 'invalid_state' });
    await flow.close(last);
    gov = await flow.track('gov');
    expect(gov.results.provisional).toBe(false);
    expect(['first', 'second', 'third', 'merit'].map((t) => winnersOf(t).length)).toEqual([1, 2, 3, 3]);
    STEPS = gov.ceremony.plan;
    // Title, each tier announced then its winners from the lowest place up, all winners.
    expect(STEPS.map((x) => x.kind)).toEqual(['title', 'tier', 'entry', 'entry', 'entry', 'tier', 'entry', 'entry', 'entry', 'tier', 'entry', 'entry', 'tier', 'entry', 'all']);
    for (const tier of ['merit', 'third', 'second', 'first']) {
      const order = STEPS.filter((x) => x.kind === 'entry' && x.tier === tier).map((x) => x.entryId);
      expect(order, tier).toEqual(winnersOf(tier).map((w) => w.entryId).reverse());
    }
  });

  it('announces each tier, lowest first, reveals its winners one by one from the lowest place up, then all winners', async () => {
    for (let step = 0; step < STEPS.length; step++) {
      await ok(flow.host, 'ceremony:show', { track: 'gov', key: STEPS[step]!.key });
      await expectStep(page, step);
      await page.screenshot({ path: artifactPath(`ceremony-${String(step + 1).padStart(2, '0')}-${STEPS[step]!.key.replace(/:/g, '-')}.png`), animations: 'disabled' });
    }
    await expect(send(flow.host, 'ceremony:show', { track: 'gov', step: STEPS.length })).resolves.toMatchObject({ ok: false, code: 'invalid_payload' });
    await expect(send(flow.host, 'ceremony:show', { track: 'gov', key: 'entry:first:999999' })).resolves.toMatchObject({ ok: false, code: 'invalid_payload', field: 'key' });
  });

  it('keeps every ceremony screen on the same step, and a screen opened mid-ceremony resumes it', async () => {
    const third2 = entryStep('third', 2);
    await ok(flow.host, 'ceremony:show', { track: 'gov', step: third2 });
    await expectStep(page, third2);
    const late = await browser.context.newPage();
    await late.goto(`${server.url}/ceremony`);
    await expectStep(late, third2);
    await late.screenshot({ path: artifactPath('ceremony-late-screen-third-2.png'), animations: 'disabled' });

    await ok(flow.host, 'ceremony:show', { track: 'gov', step: third2 + 1 });
    await expectStep(page, third2 + 1);
    await expectStep(late, third2 + 1);
    // Back one step: both follow.
    await ok(flow.host, 'ceremony:show', { track: 'gov', step: third2 });
    await expectStep(page, third2);
    await expectStep(late, third2);
    await late.close();
  });

  it('animates the top tier, and not at all with reduced motion', async () => {
    const first = entryStep('first', 1);
    await ok(flow.host, 'ceremony:show', { track: 'gov', step: first });
    await expectStep(page, first);
    expect(await page.evaluate(() => document.getAnimations().length)).toBeGreaterThan(0);
    const calm = await browser.context.newPage();
    await calm.emulateMedia({ reducedMotion: 'reduce' });
    await calm.goto(`${server.url}/ceremony`);
    await expectStep(calm, first);
    await poll(() => calm.evaluate(() => document.getAnimations().length)).toBe(0);
    await calm.close();
  });

  it('fits every step at 1280×720 and 3840×2160 without scroll bars', async () => {
    for (const [width, height] of [[1280, 720], [3840, 2160]] as const) {
      const sized = await browser.context.newPage();
      await sized.setViewportSize({ width, height });
      await sized.goto(`${server.url}/ceremony`);
      for (const step of [tierStep('merit') + 3, STEPS.length - 1]) {
        await ok(flow.host, 'ceremony:show', { track: 'gov', step });
        await expectStep(sized, step);
        await noScrollBars(sized);
        const box = (await sized.getByTestId('ceremony').boundingBox())!;
        expect([Math.round(box.width), Math.round(box.height)]).toEqual([width, height]);
        // The winners lie inside the stage.
        for (const el of await sized.locator('[data-testid=winner-card], [data-testid=all-winner]').all()) {
          const b = (await el.boundingBox())!;
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(width + 1);
          expect(b.y + b.height).toBeLessThanOrEqual(height + 1);
        }
        await sized.screenshot({ path: artifactPath(`ceremony-${width}x${height}-step-${step + 1}.png`), animations: 'disabled' });
      }
      await sized.close();
    }
  });

  it('never reveals provisional awards: the host must decide the tie first', async () => {
    // Two open-track entries with the same sheets tie for 一等奖.
    const a = await flow.scoreNext('open', 9000);
    const b = await flow.scoreNext('open', 9000);
    const open = await flow.track('open');
    expect(open.results.provisional).toBe(true);

    await ok(flow.host, 'ceremony:show', { track: 'open', step: 0 });
    await poll(() => page.getByTestId('ceremony').getAttribute('data-track')).toBe('open');
    expect(await page.getByTestId('ceremony-track').innerText()).toBe('开放赛道');
    const refused = await send(flow.host, 'ceremony:show', { track: 'open', step: 1 });
    expect(refused).toMatchObject({ ok: false, code: 'awards_provisional' });
    expect(await page.getByTestId('ceremony').getAttribute('data-kind')).toBe('title');
    expect(await page.getByTestId('winner-card').count()).toBe(0);

    await ok(flow.host, 'tie:resolve', { track: 'open', entryIds: [b, a], reason: '评审组合议' });
    // Title, 二等奖 announced, then its winner a.
    await ok(flow.host, 'ceremony:show', { track: 'open', step: 1 });
    await poll(() => page.getByTestId('ceremony-tier').getAttribute('data-tier')).toBe('second');
    expect(await page.getByTestId('winner-card').count()).toBe(0);
    await ok(flow.host, 'ceremony:show', { track: 'open', step: 2 });
    await poll(() => page.getByTestId('winner-card').getAttribute('data-entry-id')).toBe(String(a));
    await page.screenshot({ path: artifactPath('ceremony-open-after-tie-decision.png'), animations: 'disabled' });
  });

  it('is driven from the host console: screen track, board, ceremony steps and a clear refusal', async () => {
    const hostPage = await browser.context.newPage();
    await hostPage.goto(`${server.url}/host#key=${server.hostKey}`);
    const controls = hostPage.getByTestId('sc-root');
    await poll(() => controls.count()).toBe(1);
    const screen = await browser.context.newPage();
    await screen.goto(`${server.url}/screen`);

    // Which track the screens show, and the board.
    await controls.getByTestId('sc-track-open').click();
    await poll(() => screen.getByTestId('track-name').innerText()).toBe('开放赛道');
    // The console learns the change from its own broadcast, which may land after the screen's.
    await poll(() => controls.getByTestId('sc-track-open').getAttribute('aria-pressed')).toBe('true');
    await controls.getByTestId('sc-board-toggle').click();
    await poll(() => screen.getByTestId('board').count()).toBe(0);
    // The toggle sends the opposite of what the console shows: wait until it shows the board hidden.
    await poll(() => controls.getByTestId('sc-board-state').innerText()).toBe('已隐藏');
    await controls.getByTestId('sc-board-toggle').click();
    await poll(() => screen.getByTestId('board').count()).toBe(1);
    await screen.close();

    // The ceremony of another track: start, next, back, with the step label. The ceremony page is
    // brought to the front: a hidden tab gets no animation frames, so its cross-fade would wait.
    await page.bringToFront();
    await controls.getByTestId('sc-ceremony-track-gov').click();
    // Each track's ceremony stands where it was left: the government's on its final page.
    expect(await controls.getByTestId('sc-step-label').innerText()).toBe('15/15 全部获奖名单');
    expect(await controls.getByTestId('sc-next').isDisabled()).toBe(true);
    // Another console takes it back to the title; this one follows.
    await ok(flow.host, 'ceremony:show', { track: 'gov', step: 0 });
    await poll(() => controls.getByTestId('sc-step-label').innerText()).toBe('1/15 标题');
    await expectStep(page, 0);
    await controls.getByTestId('sc-next').click();
    await poll(() => controls.getByTestId('sc-step-label').innerText()).toBe('2/15 宣布「优胜奖」');
    await expectStep(page, 1);
    // The console says what the next click shows (the hall does not see it yet).
    const next = winnersOf('merit').at(-1)!;
    expect(await controls.getByTestId('sc-preview').innerText()).toContain(`揭晓「优胜奖」：${entryOf(next.entryId).code}`);
    await controls.getByTestId('sc-back').click();
    await poll(() => controls.getByTestId('sc-step-label').innerText()).toBe('1/15 标题');
    await expectStep(page, 0);
    await hostPage.screenshot({ path: artifactPath('ceremony-host-controls.png') });

    // A new tie at the 二等奖/三等奖 boundary of the open track: warned, then refused with the reason.
    const c = await flow.scoreNext('open', 8000);
    const d = await flow.scoreNext('open', 8000);
    const codes = (await flow.track('open')).entries.filter((e) => e.id === c || e.id === d).map((e) => e.code);
    await controls.getByTestId('sc-ceremony-track-open').click();
    await poll(() => controls.getByTestId('sc-warning').innerText()).toContain('须先裁决');
    // Its ceremony had reached 二等奖; held at the title while the awards are provisional.
    await poll(() => controls.getByTestId('sc-step-label').innerText()).toBe('1/6 标题');
    await controls.getByTestId('sc-next').click();
    await poll(() => controls.getByTestId('sc-message').innerText()).toContain('奖项边界存在并列名次');
    for (const code of codes) expect(await controls.getByTestId('sc-message').innerText()).toContain(code);
    expect(await controls.getByTestId('sc-step-label').innerText()).toBe('1/6 标题');
    expect(await page.getByTestId('ceremony').getAttribute('data-kind')).toBe('title');
    await hostPage.screenshot({ path: artifactPath('ceremony-host-controls-refused.png') });
    await hostPage.close();
  });
});
