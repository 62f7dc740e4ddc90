/**
 * /live, the audience's phone page, in Chromium at a phone's size (390×844, touch): it follows
 * the stage (countdown, judges' progress), shows the board as the track's reveal policy allows
 * (places and scores under `live`, places only under `rank-only`) and switches tracks with one
 * tap; /screen?qr=1 shows the QR code that opens it. Screenshots are kept as artifacts.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../../server/domain/format';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets } from '../support/clients';
import { openFlow, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

const phone = () => launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

describe('/live on a phone', () => {
  let server: TestServer;
  let flow: Flow;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
    flow = await openFlow(server);
    browser = await phone();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await server?.close();
  });

  it('follows the stage: the entry, its countdown and how many judges have scored', async () => {
    await page.goto(`${server.url}/live`);
    await expect.poll(() => page.getByTestId('live-stage').getAttribute('data-state')).toBe('none');
    const entryId = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    await expect.poll(() => page.getByTestId('live-stage-label').textContent()).toBe('正在答辩');
    expect(await page.getByTestId('live-clock').textContent()).toMatch(/^0[78]:[0-5]\d$/);
    await flow.submit(entryId, [8500, 8700]);
    await expect.poll(() => page.getByTestId('live-progress').textContent()).toContain('2 / ');
    await page.screenshot({ path: artifactPath('live-phone-presenting.png'), fullPage: true });

    // Nothing is wider than the phone: no sideways scrolling in one hand.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('shows a closed score on the board, in the order of the scoring rules', async () => {
    const entryId = (await flow.track('gov')).stage.entry!.id;
    await flow.submit(entryId, { J3: 8600, J4: 8800, J5: 8900 });
    await flow.close(entryId);
    const ranking = (await flow.track('gov')).results.ranking;
    await expect.poll(() => page.getByTestId('live-row').count()).toBe(ranking.length);
    const row = page.getByTestId('live-row').first();
    expect(await row.textContent()).toContain(formatPoints(ranking[0]!.final));
    await page.screenshot({ path: artifactPath('live-phone-board.png'), fullPage: true });
  });

  it('switches to the other track with one tap', async () => {
    await flow.callNext('open');
    await page.getByTestId('live-track').nth(1).tap();
    await expect.poll(() => page.getByTestId('live-stage').getAttribute('data-state')).toBe('waiting');
    expect(await page.getByTestId('live-board').textContent()).toContain('尚无公布的成绩');
  });

  it('is opened from the QR code the big screen shows with ?qr=1', async () => {
    const screen = await (await launchBrowser({ viewport: { width: 1920, height: 1080 } })).context.newPage();
    try {
      await screen.goto(`${server.url}/screen?qr=1`);
      const img = screen.getByTestId('live-qr').locator('img');
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
      const svg = await (await fetch(`${server.url}/api/live-qr.svg`)).text();
      expect(svg).toMatch(/^<svg/);
      await screen.screenshot({ path: artifactPath('live-screen-qr.png') });
    } finally {
      await screen.context().close();
    }
  });
});

describe('/live under the rank-only policy', () => {
  let server: TestServer;
  let flow: Flow;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ clientDir: E2E_CLIENT_DIR, contestFile: fileURLToPath(new URL('../fixtures/contests/reveal-rank-only.json', import.meta.url)) });
    flow = await openFlow(server);
    browser = await phone();
  });
  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await server?.close();
  });

  it('shows places without any score, as /screen does', async () => {
    const track = (await flow.hostView()).tracks[0]!.key;
    const entryId = await flow.scoreNext(track, 8650);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/live?track=${track}`);
    await expect.poll(() => page.getByTestId('live-row').count()).toBe(1);
    const text = (await page.getByTestId('live-board').textContent()) ?? '';
    const final = (await flow.track(track)).results.ranking.find((r) => r.entryId === entryId)!.final;
    expect(text).not.toContain(formatPoints(final));
    expect(text).toContain('分数将在颁奖典礼揭晓');
    await page.screenshot({ path: artifactPath('live-phone-rank-only.png'), fullPage: true });
  });
});
