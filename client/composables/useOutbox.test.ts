/**
 * The outbox over real (happy-dom) storage and timers: the transport is a function the test
 * answers by hand, standing for the socket (the real socket path is covered by the e2e test).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import type { Ack } from '../../server/protocol/errors';
import { useOutbox, type OutboxItem } from './useOutbox';

const KEY = 'test.outbox';
const isString = (v: unknown): v is string => typeof v === 'string';

function transport() {
  const calls: { item: OutboxItem<string>; answer: (a: Ack<number>) => void }[] = [];
  const send = (item: OutboxItem<string>) => new Promise<Ack<number>>((resolve) => calls.push({ item, answer: resolve }));
  return { calls, send };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await nextTick();
};

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('useOutbox', () => {
  it('stores an item before sending, and forgets it once acknowledged', async () => {
    const t = transport();
    const delivered: number[] = [];
    const box = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: t.send, connected: ref(true), onDelivered: (_, d) => delivered.push(d) });
    const item = box.enqueue('e1', 'sheet');
    expect(JSON.parse(localStorage.getItem(KEY)!)).toEqual([expect.objectContaining({ id: item.id, payload: 'sheet', state: 'pending' })]);
    await flush();
    expect(t.calls).toHaveLength(1);
    t.calls[0]!.answer({ ok: true, data: 42 });
    await flush();
    expect(delivered).toEqual([42]);
    expect(box.items.value).toEqual([]);
    expect(localStorage.getItem(KEY)).toBeNull();
    box.stop();
  });

  it('waits while offline, retries a lost answer with the same id, at once on reconnect', async () => {
    const t = transport();
    const connected = ref(false);
    const box = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: t.send, connected });
    const item = box.enqueue('e1', 'sheet');
    await flush();
    expect(t.calls).toHaveLength(0);
    connected.value = true;
    await flush();
    expect(t.calls).toHaveLength(1);
    t.calls[0]!.answer({ ok: false, code: 'internal', message: 'timeout', timeout: true } as never);
    await flush();
    expect(box.items.value[0]).toMatchObject({ id: item.id, attempts: 1, state: 'pending' });
    // The backoff timer sends it again.
    await vi.advanceTimersByTimeAsync(1300);
    expect(t.calls).toHaveLength(2);
    t.calls[1]!.answer({ ok: false, code: 'internal', message: 'timeout', timeout: true } as never);
    await flush();
    // A reconnect does not wait for the (now 2 s) backoff.
    connected.value = false;
    await flush();
    connected.value = true;
    await flush();
    expect(t.calls).toHaveLength(3);
    expect(t.calls.map((c) => c.item.id)).toEqual([item.id, item.id, item.id]);
    t.calls[2]!.answer({ ok: true, data: 1 });
    await flush();
    expect(box.items.value).toEqual([]);
    box.stop();
  });

  it('stops on a refusal, keeps the item, and sends it again only when asked', async () => {
    const t = transport();
    const refusals: string[] = [];
    const box = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: t.send, connected: ref(true), onRefused: (_, f) => refusals.push(f.code) });
    const first = box.enqueue('e1', 'one');
    box.enqueue('e2', 'two');
    await flush();
    t.calls[0]!.answer({ ok: false, code: 'scoring_not_open', message: 'closed', details: { state: 'closed' } });
    await flush();
    expect(refusals).toEqual(['scoring_not_open']);
    expect(box.items.value[0]).toMatchObject({ id: first.id, state: 'refused', failure: { code: 'scoring_not_open', details: { state: 'closed' } } });
    // The next item goes on; the refused one is not retried by itself.
    expect(t.calls).toHaveLength(2);
    t.calls[1]!.answer({ ok: true, data: 2 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.calls).toHaveLength(2);
    box.retry(first.id);
    await flush();
    expect(t.calls[2]!.item.id).toBe(first.id);
    t.calls[2]!.answer({ ok: true, data: 1 });
    await flush();
    expect(box.items.value).toEqual([]);
    box.stop();
  });

  it('survives a reload: a new outbox on the same key sends what the old one left', async () => {
    const t1 = transport();
    const old = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: t1.send, connected: ref(false) });
    const item = old.enqueue('e1', 'sheet');
    old.stop();
    const t2 = transport();
    const fresh = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: t2.send, connected: ref(true) });
    await flush();
    expect(t2.calls.map((c) => c.item.id)).toEqual([item.id]);
    fresh.stop();
  });

  it('keeps what another tab of the same pad queued when it writes the queue', async () => {
    const a = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: transport().send, connected: ref(false) });
    const b = useOutbox<string, number>({ storageKey: KEY, isPayload: isString, send: transport().send, connected: ref(false) });
    const fromA = a.enqueue('e1', 'a');
    const fromB = b.enqueue('e2', 'b');
    const stored = (JSON.parse(localStorage.getItem(KEY)!) as { id: string }[]).map((i) => i.id);
    expect(stored.sort()).toEqual([fromA.id, fromB.id].sort());
    a.stop();
    b.stop();
  });
});
