/**
 * The pad draws its sheet from the view inline in its page, before (and without) its socket: a judge
 * on a hall network that blocks WebSockets and polling for a while can still start scoring, and
 * nothing they enter is lost (it waits on the phone, then goes out once the socket is let through).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../server/protocol/views';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { closeAllSockets, connect, ok, sync } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  browser = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
});

afterAll(async () => {
  closeAllSockets();
  await browser?.close();
  await server?.close();
});

describe('the pad before its socket', () => {
  it('shows the judge and the open sheet with no socket at all, and sends the work once it may', async () => {
    const host = await connect(server.url, { role: 'host', key: server.hostKey });
    await ok(host, 'order:draw', { track: 'open', seed: 'first-paint' });
    await ok(host, 'stage:next', { track: 'open' });
    await ok(host, 'stage:advance', { track: 'open', action: 'start' });
    const [judge] = await server.judges();

    const page = await browser.context.newPage();
    let blocked = 0;
    let release = false;
    // Both transports blocked until released: WebSocket and long-polling.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (release) return void ws.connectToServer();
      blocked++;
      void ws.close();
    });
    await page.route('**/socket.io/**', (route) => {
      if (release) return route.continue();
      blocked++;
      return route.abort();
    });
    // The judge scores both tracks; open the track on stage.
    await page.goto(`${server.url}/judge/${judge!.token}`);
    await expect.poll(() => page.getByTestId('judge-name').textContent()).toBe(judge!.name);
    await page.getByTestId('track-open').click();
    await page.getByTestId('inc-completeness').click();
    await page.getByTestId('inc-completeness').click();
    await expect.poll(() => page.getByTestId('input-completeness').inputValue()).not.toBe('');
    expect(blocked).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('pad-first-paint-no-socket.png') });

    release = true;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect
      .poll(async () => {
        const view = await sync<HostView>(host);
        const onStage = view.tracks[1]!.stage.entry!;
        return view.tracks[1]!.entries.find((e) => e.id === onStage.id)!.sheets.find((s) => s.judgeId === judge!.id)!.status;
      }, { timeout: 30_000 })
      .toBe('draft');
    await page.close();
  });
});
