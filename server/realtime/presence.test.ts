import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_MS, HEARTBEAT_MS, PEER_TIMEOUT_MS, Presence, type PresenceMessage } from './presence';

/** Two processes whose cluster link is a function call; their clocks are vitest's fake one. */
function cluster() {
  const flushed = { a: [] as number[][], b: [] as number[][] };
  const wire = { a: null as Presence | null, b: null as Presence | null, bAlive: true };
  const a = new Presence(1, { now: Date.now, publish: (m: PresenceMessage) => wire.b?.received(m), onFlush: (ids) => flushed.a.push(ids) });
  const b = new Presence(1, { now: Date.now, publish: (m: PresenceMessage) => (wire.bAlive ? wire.a?.received(m) : undefined), onFlush: (ids) => flushed.b.push(ids) });
  wire.a = a;
  wire.b = b;
  return { a, b, flushed, kill: () => (wire.bAlive = false) };
}

describe('presence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-05-18T06:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('a pad on one process is seen by the other: connected, its report, then last seen when it leaves', () => {
    const { a, b } = cluster();
    b.connected(7, 's1');
    b.reported(7, { queued: [12, 11, 12], unsaved: [] });
    expect(a.view(7)).toMatchObject({ judgeId: 7, connected: true, lastSeen: null, queued: [11, 12], unsaved: [] });
    vi.advanceTimersByTime(5_000);
    b.disconnected(7, 's1');
    expect(a.view(7)).toMatchObject({ connected: false, lastSeen: '2025-05-18T06:00:05.000Z', queued: [11, 12] });
    // Two pads of one judge: connected while either is.
    a.connected(7, 's2');
    expect(b.view(7).connected).toBe(true);
  });

  it('tells the console at most once per second, gathering the changes', () => {
    const { a, flushed } = cluster();
    for (let i = 0; i < 50; i++) a.reported(3, { queued: [i], unsaved: [] });
    a.connected(4, 'x');
    vi.advanceTimersByTime(0);
    expect(flushed.a).toEqual([[3, 4]]);
    for (let i = 0; i < 50; i++) a.reported(3, { queued: [], unsaved: [i] });
    vi.advanceTimersByTime(FLUSH_MS - 1);
    expect(flushed.a).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(flushed.a).toEqual([[3, 4], [3]]);
  });

  it('a process not heard from is given up on once, by each process for its own consoles: its pads are gone, last seen when last heard', () => {
    const { a, b, flushed, kill } = cluster();
    b.connected(9, 's');
    vi.advanceTimersByTime(HEARTBEAT_MS); // b's heartbeat keeps it alive for a
    const lastHeard = Date.now();
    expect(a.view(9).connected).toBe(true);
    kill();
    vi.advanceTimersByTime(FLUSH_MS);
    flushed.a.length = 0;
    // a's own heartbeats, past the timeout: it gives b up once, and marks b's judge changed once.
    vi.advanceTimersByTime(PEER_TIMEOUT_MS + 3 * HEARTBEAT_MS);
    expect(a.view(9)).toMatchObject({ connected: false, lastSeen: new Date(lastHeard).toISOString() });
    expect(flushed.a.flat().filter((id) => id === 9)).toHaveLength(1);
  });

  it('starts afresh for another contest and ignores messages of another one', () => {
    const { a, b } = cluster();
    b.connected(5, 's');
    a.reset(2);
    expect(a.view(5)).toMatchObject({ connected: false, lastSeen: null });
    b.reported(5, { queued: [1], unsaved: [] }); // b still serves contest 1
    expect(a.judgeIds()).toEqual([]);
  });
});
