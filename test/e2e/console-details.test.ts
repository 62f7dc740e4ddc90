/**
 * Small things the hall notices (Chromium, a real server): the login button looks like the
 * console's buttons, and English words with a typographic apostrophe ("Judges’ sheets") are drawn
 * in a Latin face, where ’ is narrow, not in the CJK face that draws it a full em wide.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('console details', () => {
  it('styles the login button as a console button', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/host`);
    const button = page.getByTestId('host-login-submit');
    await button.waitFor();
    const style = await button.evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, color: s.color, height: el.getBoundingClientRect().height, radius: s.borderTopLeftRadius };
    });
    // The console's primary button: accent background, white text, 48 px high, rounded.
    expect(style).toEqual({ background: 'rgb(27, 95, 209)', color: 'rgb(255, 255, 255)', height: 48, radius: '8px' });
    await page.screenshot({ path: artifactPath('console-login.png') });
    await page.close();
  });

  it('draws the apostrophe of "Judges’ sheets" narrow, so the words read with one space', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/host?lang=en#key=${server.hostKey}`);
    const heading = page.getByTestId('judge-status').locator('h2');
    await expect.poll(() => heading.innerText()).toBe('Judges’ sheets');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const widths = await heading.evaluate((el) => {
      const text = el.firstChild!;
      const range = document.createRange();
      const at = (i: number) => {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().width;
      };
      const s = el.textContent!;
      return { apostrophe: at(s.indexOf('’')), space: at(s.indexOf(' ')), fontSize: parseFloat(getComputedStyle(el).fontSize) };
    });
    // In a CJK face ’ is a full em wide and looks like a second space; in a Latin one it is thin.
    expect(widths.apostrophe).toBeLessThan(widths.fontSize * 0.45);
    await page.screenshot({ path: artifactPath('console-english.png') });
    await page.close();
  });
});
