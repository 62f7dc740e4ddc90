/**
 * `npm run bench:pad`: how heavy and how quick the judge pad is on a phone on hall Wi-Fi.
 *
 * Builds the client into a temporary directory, starts a server (in-memory PGlite, the demo
 * contest, G01 presenting), and opens /judge/<token> in Chromium with a phone viewport, the
 * DevTools "Fast 3G" profile and a 4x CPU slowdown. It prints:
 * - every JS and CSS file the pad route loads, its size raw and gzipped (zlib level 6, computed
 *   here, the budget's measure), and the bytes really transferred (the server compresses, brotli
 *   or gzip as the browser asks);
 * - time to interactive, measured from navigation start until the judge's name is rendered and
 *   the first criterion's + button is visible and enabled (median of several cold loads), and
 *   where that time goes (HTML received, last script or style received, the rest running the app).
 *   The Socket.IO client loads after the first render, so it counts in the size, not in that time.
 * Budget: at most 120 KB gzipped, interactive within 2 s. Printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import { chromium, type Response } from 'playwright-core';
import { io } from 'socket.io-client';
import { build } from 'vite';
import { judges } from '../db/schema/index';
import type { Ack } from '../server/protocol/errors';
import { startPodium } from '../server/start';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browser';

/**
 * Chrome DevTools' "Fast 3G" preset: 1.44 Mbps down, 675 Kbps up, 562.5 ms latency per request
 * (Lighthouse's 150 ms packet RTT times DevTools' 3.75 request-level factor). This is the budget's
 * profile. For context the pad is also timed with the same bandwidth and 150 ms per request.
 */
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1000 * 1000 * 0.9) / 8,
  uploadThroughput: (750 * 1000 * 0.9) / 8,
};
const PROFILES = [
  { name: 'DevTools "Fast 3G" (budget profile)', conditions: FAST_3G },
  { name: 'Fast 3G bandwidth, 150 ms per request (for context)', conditions: { ...FAST_3G, latency: 150 } },
];
const CPU_SLOWDOWN = 4;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUDGET_GZIP_BYTES = 120 * 1024;
const BUDGET_TTI_MS = 2000;
const HOST_KEY = 'bench-host-key-0123456789';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'podium-bench-pad-'));
  console.log(`building the client into ${outDir} ...`);
  await build({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });

  const podium = await startPodium({ db: { kind: 'pglite', dataDir: null }, port: 0, host: '127.0.0.1', hostKey: HOST_KEY, clientDir: outDir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    // The host puts G01 on stage and starts it, so the pad opens on a sheet.
    const host = io(podium.url, { auth: { role: 'host', key: HOST_KEY }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve, reject) => {
      host.once('connect', () => resolve());
      host.once('connect_error', reject);
    });
    for (const [event, payload] of [['stage:next', { track: 'gov' }], ['stage:advance', { track: 'gov', action: 'start' }]] as const) {
      const answer = (await host.timeout(10_000).emitWithAck(event as 'stage:next', payload as never)) as Ack<unknown>;
      if (!answer.ok) throw new Error(`${event} refused: ${answer.message}`);
    }
    host.disconnect();
    const [judge] = await podium.database.db
      .select({ token: judges.token, name: judges.name })
      .from(judges)
      .where(eq(judges.contestId, podium.contestId()))
      .orderBy(asc(judges.id))
      .limit(1);
    if (!judge) throw new Error('the demo contest has no judges');
    const url = `${podium.url}/judge/${judge.token}`;

    let files: { url: string; raw: number; gzip: number; transferred: number; encoding: string }[] = [];
    const timings: { name: string; ttis: number[]; phases: { html: number; assets: number }[] }[] = [];
    for (const profile of PROFILES) {
      const ttis: number[] = [];
      const phases: { html: number; assets: number }[] = [];
      timings.push({ name: profile.name, ttis, phases });
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3, locale: 'zh-CN' });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', profile.conditions);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
        const transferred = new Map<string, number>();
        const urls = new Map<string, string>();
        cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
        cdp.on('Network.loadingFinished', (e) => {
          const u = urls.get(e.requestId);
          if (u) transferred.set(u, e.encodedDataLength);
        });
        const responses: Response[] = [];
        page.on('response', (r) => responses.push(r));

        await page.goto(url, { waitUntil: 'commit' });
        const tti = await page.waitForFunction(
          () => {
            const name = document.querySelector('[data-testid="judge-name"]')?.textContent?.trim();
            const plus = document.querySelector<HTMLButtonElement>('[data-testid^="inc-"]');
            if (!name || !plus || plus.disabled) return false;
            const box = plus.getBoundingClientRect();
            return box.width > 0 && box.height > 0 ? performance.now() : false;
          },
          undefined,
          { polling: 'raf', timeout: 60_000 },
        );
        ttis.push(Math.round((await tti.jsonValue()) as number));
        phases.push(
          await page.evaluate(() => {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
            const assets = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => /\.(js|css)$/.test(new URL(r.name).pathname));
            return { html: Math.round(nav?.responseEnd ?? 0), assets: Math.round(Math.max(0, ...assets.map((r) => r.responseEnd))) };
          }),
        );
        await page.waitForLoadState('networkidle').catch(() => {});

        if (run === 0 && files.length === 0) {
          for (const r of responses) {
            const path = new URL(r.url()).pathname;
            if (!/\.(js|css)$/.test(path)) continue;
            const body = await r.body();
            files.push({
              url: path,
              raw: body.length,
              gzip: gzipSync(body, { level: 6 }).length,
              transferred: transferred.get(r.url()) ?? 0,
              encoding: (await r.allHeaders())['content-encoding'] ?? 'none',
            });
          }
          files = files.sort((a, b) => b.gzip - a.gzip);
        }
        await context.close();
      }
    }

    const totalGzip = files.reduce((s, f) => s + f.gzip, 0);
    const totalRaw = files.reduce((s, f) => s + f.raw, 0);
    const totalTransferred = files.reduce((s, f) => s + f.transferred, 0);
    const compressedByServer = files.some((f) => f.encoding !== 'none');
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

    console.log('\nJudge pad (/judge/<token>), phone 390×844, Chromium', browser.version());
    for (const p of PROFILES) {
      const c = p.conditions;
      console.log(`network ${p.name}: latency ${c.latency} ms per request, down ${((c.downloadThroughput * 8) / 1e6).toFixed(2)} Mbps (${c.downloadThroughput} B/s), up ${((c.uploadThroughput * 8) / 1e3).toFixed(0)} Kbps (${c.uploadThroughput} B/s); cache disabled`);
    }
    console.log(`CPU: ${CPU_SLOWDOWN}x slowdown (Emulation.setCPUThrottlingRate)`);
    console.log('\nJS + CSS the pad route loads (largest first):');
    console.log('  gzip (zlib 6)   raw        transferred  encoding  file');
    for (const f of files) {
      console.log(`  ${kb(f.gzip).padStart(9)}   ${kb(f.raw).padStart(9)}  ${kb(f.transferred).padStart(9)}    ${f.encoding.padEnd(8)}  ${f.url}`);
    }
    console.log(`  ${kb(totalGzip).padStart(9)}   ${kb(totalRaw).padStart(9)}  ${kb(totalTransferred).padStart(9)}              total`);
    console.log(
      compressedByServer
        ? '\nThe server sent compressed responses: "transferred" is the real figure.'
        : '\nThe server does not compress (no content-encoding): the gzip column is computed here (zlib level 6), the transfer under test was uncompressed.',
    );
    console.log(`\nsize (gzip):  ${kb(totalGzip)}   budget ${kb(BUDGET_GZIP_BYTES)}   ${totalGzip <= BUDGET_GZIP_BYTES ? 'within budget' : 'OVER BUDGET'}`);
    for (const { name, ttis, phases } of timings) {
      const m = median(ttis);
      console.log(`interactive, ${name}:  median ${m} ms over ${ttis.length} cold loads (${ttis.join(', ')} ms)   budget ${BUDGET_TTI_MS} ms   ${m <= BUDGET_TTI_MS ? 'within budget' : 'OVER BUDGET'}`);
      console.log(`  where the time goes: HTML received at ${median(phases.map((p) => p.html))} ms, last script or style at ${median(phases.map((p) => p.assets))} ms, the rest is running the app (median)`);
    }
    console.log('  "interactive" = from navigation start until the judge\'s name is rendered and the first criterion\'s + button is visible and enabled.');
  } finally {
    await browser.close();
    await podium.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
