/**
 * A hall for the browser tests of the public screens: a real server with the built client, a
 * Chromium at projector size, the host and every judge connected (flow.ts), and one page.
 */
import type { Page } from 'playwright-core';
import { E2E_CLIENT_DIR } from '../e2e/buildClient';
import { launchBrowser, type Browser } from './browser';
import { closeAllSockets } from './clients';
import { openFlow, type Flow } from './flow';
import { startTestServer, type TestServer } from './server';

export interface Hall {
  server: TestServer;
  browser: Browser;
  flow: Flow;
  page: Page;
  close(): Promise<void>;
}

export async function openHall(options: { contestFile?: string } = {}): Promise<Hall> {
  const server = await startTestServer({ clientDir: E2E_CLIENT_DIR, ...options });
  const browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  const flow = await openFlow(server);
  const page = await browser.context.newPage();
  return {
    server,
    browser,
    flow,
    page,
    async close() {
      closeAllSockets();
      await browser.close();
      await server.close();
    },
  };
}
