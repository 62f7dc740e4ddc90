/**
 * The lock of a PGlite data directory between real Podium processes: a second server on a
 * directory in use is refused (with the holder's pid and what to do) and changes nothing; after
 * the holder is killed with kill -9, the next start takes the stale lock over and serves the same
 * contest. (db/open.test.ts covers a lock whose pid now belongs to an unrelated process.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDatabase } from '../../db/open';
import { EXIT_CONFIG } from '../../server/exitCodes';
import { freePort } from '../support/ports';
import { spawnPodium, waitForHealth, type PodiumProcess } from '../support/processes';

const dir = mkdtempSync(join(tmpdir(), 'podium-lock-'));
const processes: PodiumProcess[] = [];
afterAll(() => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<{ server: PodiumProcess; port: number }> {
  const port = await freePort();
  const server = spawnPodium('server/index.ts', { PODIUM_DATA_DIR: dir, PORT: String(port), PODIUM_HOST_KEY: 'lock-test-key-0123456789' });
  processes.push(server);
  return { server, port };
}

describe('a data directory used by another Podium process', () => {
  it('refuses a second server while the first runs, and takes the lock over once the first was killed', async () => {
    const first = await start();
    const { contestId } = await waitForHealth(first.port);
    const holder = first.server.child.pid!;

    const second = await start();
    expect(await second.server.exited).toEqual({ code: EXIT_CONFIG, signal: null });
    expect(second.server.output()).toContain(`is in use by another Podium process (pid ${holder}). Stop that one first (Ctrl+C in its terminal, or kill ${holder})`);
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DatabaseLockedError);
    expect((await waitForHealth(first.port)).contestId).toBe(contestId);

    first.server.child.kill('SIGKILL');
    await first.server.exited;
    const third = await start();
    expect((await waitForHealth(third.port)).contestId).toBe(contestId);
    expect(third.server.output()).toMatch(new RegExp(`Took over the stale lock .*podium\\.lock: process ${holder} is no longer running`));
    third.server.child.kill('SIGTERM');
    expect(await third.server.exited).toEqual({ code: 0, signal: null });
  });
});
