/**
 * The PGlite journal against crashes, on a server in a process of its own: judges submit through
 * the real protocol (resending until acknowledged) while the server is killed with SIGKILL at
 * random moments, its journal's last line is torn after some kills, and once its data directory is
 * copied while it is being written (as a backup tool or a power cut would catch it). Every
 * acknowledged submission must be stored exactly once with its values, in the directory that
 * lived through the kills and, for those acknowledged before the copy began, in the copy.
 */
import { copyFileSync, cpSync, mkdtempSync, openSync, readFileSync, closeSync, ftruncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startPodium } from '../../server/start';
import { JOURNAL_FILE } from '../../server/store/journal';
import { chaosSocket, JudgeBot, openEveryEntry, type AckedSubmission } from '../../scripts/chaos/bots';
import { prng } from '../../server/domain/random';
import { checkSubmissions } from '../../scripts/chaos/check';
import { freePort } from '../support/ports';
import { spawnPodium, waitForHealth, type PodiumProcess } from '../support/processes';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));
const KEY = 'journal-crash-host-key';
const dirs: string[] = [];
let server: PodiumProcess | null = null;

afterAll(() => {
  server?.child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-crash-'));
  dirs.push(dir);
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cuts the journal's last line short by a random number of bytes, as a crash in the middle of its write would. */
function tearLastLine(path: string, random: () => number): number {
  const data = readFileSync(path);
  const lastLineStart = data.lastIndexOf(0x0a, data.length - 2) + 1;
  const lineLength = data.length - lastLineStart;
  const cut = 1 + Math.floor(random() * (lineLength - 1));
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, data.length - cut);
  } finally {
    closeSync(fd);
  }
  return cut;
}

/** Opens a data directory in this process (the journal recovers it) and checks the acknowledged submissions against it. */
async function check(dataDir: string, acked: readonly AckedSubmission[]) {
  const podium = await startPodium({ db: { kind: 'pglite', dataDir }, port: 0, host: '127.0.0.1', hostKey: KEY, clientDir: '/nonexistent' });
  try {
    return { report: await checkSubmissions(podium.database.db, podium.contestId(), acked), opened: podium.journaled!.opened! };
  } finally {
    await podium.close();
  }
}

describe('the journal through SIGKILLs, torn lines and a copy taken while writing', () => {
  it('keeps every acknowledged submission exactly once', async () => {
    const random = prng('journal-crash');
    const dataDir = tempDir();
    const port = await freePort();
    const start = async () => {
      server = spawnPodium('server/index.ts', { PODIUM_DATA_DIR: dataDir, PORT: String(port), PODIUM_HOST_KEY: KEY, PODIUM_CONTEST: FIXTURE, PODIUM_LOG_LEVEL: 'warn' });
      await waitForHealth(port);
    };
    await start();
    const url = `http://127.0.0.1:${port}`;
    const host = chaosSocket(url, { role: 'host', key: KEY });
    const open = await openEveryEntry(host);
    host.disconnect();

    const tokens = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { judges: { key: string }[] };
    const links = (await (await fetch(`${url}/api/setup/judges`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { data: { judges: { id: number; link: string }[] } };
    expect(links.data.judges).toHaveLength(tokens.judges.length);
    const bots = links.data.judges.map(
      (j) =>
        new JudgeBot({
          url, token: j.link.slice(j.link.lastIndexOf('/') + 1), judgeId: j.id, random,
          entries: open.filter((e) => e.judgeIds.includes(j.id)),
        }),
    );
    for (const bot of bots) bot.start();
    const acked = () => bots.flatMap((b) => b.acked);

    let copy: { dir: string; acked: AckedSubmission[] } | null = null;
    let torn = 0;
    for (let round = 0; round < 4; round++) {
      const before = acked().length;
      await sleep(300 + random() * 600);
      if (round === 1) {
        // A copy taken while the server writes: the directory first, then the journal.
        const dir = tempDir();
        const ackedBeforeCopy = acked();
        cpSync(join(dataDir, 'pglite'), join(dir, 'pglite'), { recursive: true });
        copyFileSync(join(dataDir, JOURNAL_FILE), join(dir, JOURNAL_FILE));
        copy = { dir, acked: ackedBeforeCopy };
      }
      server!.child.kill('SIGKILL');
      await server!.exited;
      if (round % 2 === 0) torn += tearLastLine(join(dataDir, JOURNAL_FILE), random);
      await start();
      // The bots come back by themselves; each round must see new acknowledgements.
      for (let waited = 0; acked().length < before + bots.length && waited < 30_000; waited += 100) await sleep(100);
      expect(acked().length).toBeGreaterThanOrEqual(before + bots.length);
    }
    await Promise.all(bots.map((b) => b.stop()));
    server!.child.kill('SIGTERM');
    await server!.exited;
    server = null;

    expect(bots.flatMap((b) => b.refused)).toEqual([]);
    expect(torn).toBeGreaterThan(0);
    const lived = await check(dataDir, acked());
    expect(lived.report).toMatchObject({ lost: [], duplicated: [], changed: [], staleSheets: [], replay: [], chain: { ok: true } });

    const copied = await check(copy!.dir, copy!.acked);
    expect(copied.report).toMatchObject({ lost: [], duplicated: [], changed: [], staleSheets: [], replay: [], chain: { ok: true } });
    expect(copied.report.acked).toBeGreaterThan(0);
    process.stdout.write(
      `journal crash test: ${lived.report.acked} acknowledged submissions through 4 SIGKILLs (${torn} journal bytes torn off), all stored once; ` +
        `the copy taken while writing was ${copied.opened.rebuilt ? `rebuilt (${copied.opened.reason})` : `opened (${copied.opened.rewritten} record(s) written again from the journal)`} and holds all ${copied.report.acked} acknowledged before it\n`,
    );
  });
});
