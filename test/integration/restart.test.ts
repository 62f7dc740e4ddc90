/**
 * The server goes down mid-presentation and comes back on the same database: no second of the
 * clock is lost or gained (timers are deadlines, not ticks), a paused clock stays paused, and the
 * console, the screens and the pads get exactly the state they had.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { remainingMs } from '../../server/domain/timer';
import type { PhaseClock } from '../../server/protocol/stage';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';
import { closeAllSockets, connect, ok, sync } from '../support/clients';
import { hostContest } from '../support/state';
import { startTestServer, type TestServer } from '../support/server';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ persistent: true, contestFile: FIXTURE });
});
afterEach(() => closeAllSockets());
afterAll(async () => {
  await server?.close();
});

const hostSocket = () => connect(server.url, { role: 'host', key: server.hostKey });
const clockOf = (view: Pick<HostView, 'tracks'>, track: string): PhaseClock => view.tracks.find((t) => t.key === track)!.stage.clock!;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every role's view, to compare before and after. The pads' presence is left out: it is what one
 * server process sees of its connections, not stored, and starts afresh with the process.
 */
async function views(judgeToken: string) {
  const host = await hostContest(await hostSocket());
  const screen = await sync<PublicView>(await connect(server.url, { role: 'public' }));
  const pad = await sync<JudgeView>(await connect(server.url, { role: 'judge', token: judgeToken }));
  return { host, screen, pad };
}

describe('a restart mid-presentation', () => {
  it('keeps the running clock to the second and the same state on every screen', async () => {
    const [judge] = await server.judges();
    const host = await hostSocket();
    await ok(host, 'order:draw', { track: 'hallA', seed: 'restart' });
    await ok(host, 'stage:next', { track: 'hallA' });
    // Both halls run at once.
    await ok(host, 'stage:next', { track: 'hallB' });
    const sentAt = Date.now();
    await ok(host, 'stage:advance', { track: 'hallA', action: 'start' });
    const answeredAt = Date.now();
    await ok(host, 'stage:advance', { track: 'hallB', action: 'start' });
    await ok(host, 'stage:advance', { track: 'hallB', action: 'toQa' });
    await wait(1_200);
    await server.podium.settled();
    const before = await views(judge!.token);
    const clock = clockOf(before.host, 'hallA');
    expect(clock.startedAt).toBeGreaterThanOrEqual(sentAt);
    expect(clock.startedAt).toBeLessThanOrEqual(answeredAt);
    closeAllSockets();

    await server.restart();
    await wait(300);

    const after = await views(judge!.token);
    expect(after).toEqual(before);
    // What the console shows: the time left, from the stored deadline and the clock.
    const now = Date.now();
    // The clock started between the command's sending and its answer, however slow the machine.
    const remains = remainingMs(clockOf(after.host, 'hallA'), now);
    expect(remains).toBeGreaterThanOrEqual(clock.durationMs - (now - sentAt));
    expect(remains).toBeLessThanOrEqual(clock.durationMs - (now - answeredAt));
    expect(remains).toBeLessThan(clock.durationMs - 1_200);
    expect(after.host.tracks.map((t) => [t.key, t.stage.entry?.state, t.stage.clock?.phase])).toEqual([
      ['hallA', 'presenting', 'presenting'],
      ['hallB', 'qa', 'qa'],
    ]);

    // The restarted server goes on from there.
    const again = await hostSocket();
    await ok(again, 'stage:advance', { track: 'hallA', action: 'toQa' });
    expect(clockOf(await sync<HostView>(again), 'hallA').phase).toBe('qa');
  });

  it('keeps a paused clock paused, with the same time left, and resumes from there', async () => {
    const [judge] = await server.judges();
    const host = await hostSocket();
    await ok(host, 'timer:pause', { track: 'hallB' });
    const paused = clockOf(await sync<HostView>(host), 'hallB');
    expect(paused.pausedAt).not.toBeNull();
    const left = remainingMs(paused, Date.now());
    await server.podium.settled();
    const before = await views(judge!.token);
    closeAllSockets();

    await server.restart();
    await wait(1_100);

    const after = await views(judge!.token);
    expect(after).toEqual(before);
    const clock = clockOf(after.host, 'hallB');
    expect(clock.pausedAt).toBe(paused.pausedAt);
    // Time does not run while paused, restart or not.
    expect(remainingMs(clock, Date.now())).toBe(left);

    const again = await hostSocket();
    const resumedAt = Date.now();
    await ok(again, 'timer:resume', { track: 'hallB' });
    const resumed = clockOf(await sync<HostView>(again), 'hallB');
    expect(resumed.pausedAt).toBeNull();
    // It resumed between the command's sending and now, from the time that was left.
    const now = Date.now();
    expect(remainingMs(resumed, now)).toBeGreaterThanOrEqual(left - (now - resumedAt));
    expect(remainingMs(resumed, now)).toBeLessThanOrEqual(left);
  });
});
