/**
 * What `npm start` runs (server/supervise.ts), as separate processes on a PGlite directory of the
 * test's own: a server killed with kill -9 comes back by itself with its data; a configuration
 * error stops everything at once instead of looping; SIGTERM stops the server cleanly, then the
 * supervisor.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CONFIG } from '../../server/exitCodes';
import { freePort } from '../support/ports';
import { spawnPodium, waitForHealth, type PodiumProcess } from '../support/processes';

const dirs: string[] = [];
const processes: PodiumProcess[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-supervisor-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the supervisor', () => {
  it('starts the server again after a kill -9, with its data, and stops it cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const port = await freePort();
    const supervisor = spawnPodium('server/supervise.ts', { PODIUM_DATA_DIR: dir, PORT: String(port), PODIUM_HOST_KEY: 'supervisor-test-key-0123' });
    processes.push(supervisor);

    const first = Number((await supervisor.waitForOutput(/"serverPid":(\d+),"msg":"server started"/))[1]);
    const before = await waitForHealth(port);

    const mark = supervisor.output().length;
    process.kill(first, 'SIGKILL');
    await supervisor.waitForOutput(/Podium stopped unexpectedly: killed by SIGKILL \(out of memory, or kill -9\); starting it again in 1 s/, { from: mark });
    const second = Number((await supervisor.waitForOutput(/"serverPid":(\d+),"msg":"server started"/, { from: mark }))[1]);
    expect(second).not.toBe(first);
    expect(isRunning(first)).toBe(false);
    const after = await waitForHealth(port);
    expect(after.contestId).toBe(before.contestId);
    // The killed server's lock was taken over, and said so.
    expect(supervisor.output().slice(mark)).toMatch(/Took over the stale lock .*podium\.lock: process \d+ is no longer running/);

    supervisor.child.kill('SIGTERM');
    expect(await supervisor.exited).toEqual({ code: 0, signal: null });
    expect(isRunning(second)).toBe(false);
    expect(existsSync(join(dir, 'podium.lock'))).toBe(false);
  });

  it('stops at once, without looping, when the configuration is wrong (a bad contest file)', async () => {
    const dir = tempDir();
    const bad = join(dir, 'contest.json');
    writeFileSync(bad, JSON.stringify({ name: '', tracks: [] }));
    const supervisor = spawnPodium('server/supervise.ts', { PODIUM_DATA_DIR: join(dir, 'data'), PORT: String(await freePort()), PODIUM_CONTEST: bad });
    processes.push(supervisor);

    expect(await supervisor.exited).toEqual({ code: EXIT_CONFIG, signal: null });
    const output = supervisor.output();
    expect(output).toContain(`The contest file ${bad} is invalid`);
    expect(output).toMatch(/Podium stopped: configuration error \(the message above says what to fix\); not starting again/);
    expect(output.match(/"msg":"server started"/g)).toHaveLength(1);
  });
});
