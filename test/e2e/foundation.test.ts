/**
 * The foundation, observed in a real Chromium: the demo contest is served, /screen and /host show
 * both tracks and their entries. Keeps a screenshot of each as a test artifact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the demo contest in a browser', () => {
  it('shows each track and its entries on /screen', async () => {
    const page = await browser.context.newPage();
    for (const [track, name, firstUnit] of [
      ['gov', '政府赛道', '宝安区应急管理局'],
      ['open', '开放赛道', '深圳市鹏安数联科技有限公司'],
    ] as const) {
      await page.goto(`${server.url}/screen?track=${track}`);
      await expect.poll(() => page.getByText(name, { exact: false }).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText(firstUnit, { exact: false }).count()).toBeGreaterThan(0);
      await page.screenshot({ path: artifactPath(`foundation-screen-${track}.png`) });
    }
    await page.close();
  });

  it('shows both tracks with all their entries on /host', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/host#key=${server.hostKey}`);
    await expect.poll(() => page.getByText('政府赛道').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('开放赛道').count()).toBeGreaterThan(0);
    for (const unit of ['宝安区应急管理局', '市燃气安全监管中心', '深圳市鹏安数联科技有限公司', '粤港澳大湾区应急科技创新中心']) {
      await expect.poll(() => page.getByText(unit, { exact: false }).count()).toBeGreaterThan(0);
    }
    // The key left the address bar (it must not end up on a projector).
    expect(page.url()).not.toContain(server.hostKey);
    await page.screenshot({ path: artifactPath('foundation-host.png'), fullPage: true });
    await page.close();
  });
});
