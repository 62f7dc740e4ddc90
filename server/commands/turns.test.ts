import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CommandTurns, SLICE_MS } from './turns';

/** Keeps the thread busy, as a PGlite transaction does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('CommandTurns', () => {
  it('runs turns one at a time, in the order they were asked for', async () => {
    const turns = new CommandTurns();
    const log: string[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        turns.run(async () => {
          log.push(`start ${n}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          log.push(`end ${n}`);
        }),
      ),
    );
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets the event loop reach its I/O between long turns (data waiting on a socket is read before the queue ends)', async () => {
    // A loopback connection with data already in the kernel's buffer: reading it needs only a poll
    // of the event loop (no thread-pool work whose timing would depend on a busy machine).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const peer = await accepted;
    const turns = new CommandTurns();
    const started: number[] = [];
    let readDoneBefore = -1;
    const read = new Promise<void>((resolve) => peer.once('data', () => ((readDoneBefore = started.length), resolve())));
    await new Promise<void>((resolve) => client.write('ping', () => resolve()));
    try {
      // Twenty turns of twice the slice each, all queued at once: without polling in between, the
      // data would wait for all of them.
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          turns.run(async () => {
            started.push(n);
            busy(SLICE_MS * 2);
          }),
        ),
      );
      await read;
      expect(readDoneBefore).toBeGreaterThan(0);
      expect(readDoneBefore).toBeLessThan(20);
    } finally {
      client.destroy();
      peer.destroy();
      server.close();
    }
  });

  it('hands on to the next turn when one fails', async () => {
    const turns = new CommandTurns();
    const failed = turns.run(async () => {
      throw new Error('refused');
    });
    const next = turns.run(async () => 'ran');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
  });
});
