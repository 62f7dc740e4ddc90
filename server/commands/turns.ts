/**
 * Commands on PGlite take turns, and the event loop polls at least every few milliseconds of them.
 *
 * PGlite runs in this thread and one transaction at a time; it hands the database from one
 * waiting transaction to the next in microtasks. Forty commands that arrived together therefore ran
 * back to back for up to half a second without the event loop ever reaching its I/O: the journal's
 * write, which every answer waits for, and the sockets. With 75 judges autosaving, the answers took
 * 150–400 ms on a process that was 70 % idle. A turn that starts more than SLICE_MS after the loop
 * last polled now waits for a `setImmediate` (which runs after the poll phase) first. PGlite
 * serialises the transactions anyway, so nothing runs less at once than before. PostgreSQL needs
 * none of this: its transactions wait on the network, which lets the loop turn.
 */
import { performance } from 'node:perf_hooks';

/** How long commands may run back to back before the event loop polls. */
export const SLICE_MS = 3;

export class CommandTurns {
  private last: Promise<void> = Promise.resolve();
  private polledAt = 0;

  /** Runs `work` after every earlier turn has ended (and the event loop has polled, when due). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.last;
    let end!: () => void;
    this.last = new Promise<void>((resolve) => (end = resolve));
    try {
      await previous;
      if (performance.now() - this.polledAt >= SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.polledAt = performance.now();
      }
      return await work();
    } finally {
      end();
    }
  }
}
