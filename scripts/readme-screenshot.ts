/**
 * Makes docs/screenshot-screen.png, the README's picture: the demo contest with six entries of the
 * government track scored and the seventh presenting, on the big screen at 1920×1080.
 *
 *   npx tsx scripts/readme-screenshot.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchBrowser } from '../test/support/browser';
import { openFlow } from '../test/support/flow';
import { startTestServer } from '../test/support/server';

const OUT = fileURLToPath(new URL('../docs/screenshot-screen.png', import.meta.url));
// Totals of the seven judges for the first six entries (hundredths): a plausible spread.
const TOTALS = [
  [8650, 8800, 8400, 9100, 8550, 8700], // G01: J6 is recused
  [9200, 9050, 9400, 8900, 9300, 9150, 9250],
  [7800, 8100, 7650, 8300, 7900, 8000, 7700],
  [8450, 8600, 8350, 8700, 8500, 8650, 8400],
  [9000, 8850, 9150, 8950, 9100, 8800, 9050],
  [8200, 8350, 8050, 8400, 8250, 8100, 8300],
];

async function main(): Promise<void> {
  const clientDir = mkdtempSync(join(tmpdir(), 'podium-readme-'));
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });
  const server = await startTestServer({ clientDir });
  const flow = await openFlow(server);
  for (const totals of TOTALS) await flow.scoreNext('gov', totals);
  await flow.callNext('gov');
  await flow.advance('gov', 'start');
  const entry = (await flow.track('gov')).stage.entry!;
  await flow.submit(entry.id, [8800, 9000, 8700]);
  await flow.settled();

  const browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/screen?track=gov`);
  await page.waitForTimeout(2500); // let the board's entrance animation finish
  await page.screenshot({ path: OUT });
  await browser.close();
  flow.host.disconnect();
  for (const j of flow.judges) j.socket.disconnect();
  await server.close();
  rmSync(clientDir, { recursive: true, force: true });
  process.stdout.write(`wrote ${OUT}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
