/**
 * An outbox for commands that must reach the server exactly once, from a phone on bad Wi-Fi.
 *
 * - `enqueue(group, payload)` writes the item to storage before anything is sent, with an id
 *   chosen once (the idempotency key), so a reload, a locked phone or a dead battery loses nothing.
 * - Items are sent one at a time, in queue order, only while `connected` is true. No answer (a
 *   timeout, a dropped connection) or a server error means "try again": with backoff (1 s ... 30 s)
 *   and at once on every reconnect, always with the same id, so the server never applies it twice.
 * - The server's acknowledgement (sent after its commit) removes the item (`onDelivered`). Any
 *   other refusal stops the retries and keeps the item as `refused` (`onRefused`) until the judge
 *   retries or discards it: nothing pretends to have been accepted.
 *
 * The rules live in outboxCore.ts (pure); this file adds storage, timers and Vue state.
 */
import { computed, readonly, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue';
import type { Ack, CommandFailure } from '../../server/protocol/errors';
import { applyOutcome, backoffMs, classifyAnswer, failureOf, newOutboxId, nextPending, parseOutbox, type OutboxItem } from './outboxCore';
import { deviceStorage } from '../storage';

export type { OutboxFailure, OutboxItem } from './outboxCore';

export interface OutboxOptions<P, R> {
  /** localStorage key of this queue (e.g. per judge token). */
  storageKey: string;
  /** Checks a payload read back from storage. */
  isPayload: (value: unknown) => value is P;
  /** Sends one item and resolves with the server's answer; no answer must resolve as a timeout failure. */
  send: (item: OutboxItem<P>) => Promise<Ack<R>>;
  /** True while the socket is connected; going true triggers an immediate retry of everything pending. */
  connected: Ref<boolean>;
  onDelivered?: (item: OutboxItem<P>, data: R) => void;
  onRefused?: (item: OutboxItem<P>, failure: CommandFailure) => void;
  /** Defaults to localStorage; null keeps the queue in memory only. */
  storage?: Storage | null;
}

export interface Outbox<P> {
  /** Every queued item in order: pending ones and refused ones. */
  items: Readonly<Ref<readonly OutboxItem<P>[]>>;
  /** Id of the item on its way to the server, or null. */
  inFlight: Readonly<Ref<string | null>>;
  /** Items not yet acknowledged nor refused. */
  pendingCount: ComputedRef<number>;
  /** False when the last write to storage failed (private mode, full disk): the pad must say so. */
  persisted: Readonly<Ref<boolean>>;
  /** Queues a payload under a fresh idempotency key and tries to send it. */
  enqueue(group: string, payload: P): OutboxItem<P>;
  /** Puts a refused item back in the queue (same id) and sends it. */
  retry(id: string): void;
  /** Forgets an item (only refused ones: a pending one may already be applied). */
  discard(id: string): void;
  /** Tries to send now (e.g. after the page becomes visible again). */
  flush(): void;
  /** Resolves once nothing is in flight (for an orderly sign-off or close). */
  idle(): Promise<void>;
  /** Stops timers and watchers; the stored queue stays for the next start. */
  stop(): void;
}

export function useOutbox<P, R>(options: OutboxOptions<P, R>): Outbox<P> {
  const storage = options.storage === undefined ? deviceStorage() : options.storage;
  const items = shallowRef<readonly OutboxItem<P>[]>(parseOutbox(storage?.getItem(options.storageKey) ?? null, options.isPayload));
  const inFlight = ref<string | null>(null);
  const persisted = ref(true);
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  /** Ids this page delivered or discarded: never to be written back from another tab's copy. */
  const gone = new Set<string>();

  function save(next: readonly OutboxItem<P>[]): void {
    for (const item of items.value) if (!next.some((i) => i.id === item.id)) gone.add(item.id);
    items.value = next;
    if (!storage) return;
    try {
      // Another tab of the same pad may have queued items since we read the queue: keep them.
      const theirs = parseOutbox(storage.getItem(options.storageKey), options.isPayload).filter((i) => !gone.has(i.id) && !next.some((n) => n.id === i.id));
      const merged = [...next, ...theirs];
      if (merged.length === 0) storage.removeItem(options.storageKey);
      else storage.setItem(options.storageKey, JSON.stringify(merged));
      persisted.value = true;
    } catch {
      persisted.value = false;
    }
  }

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function settle(): void {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  async function pump(): Promise<void> {
    if (stopped || inFlight.value !== null || retryTimer !== null || !options.connected.value) return;
    const item = nextPending(items.value);
    if (!item) return;
    inFlight.value = item.id;
    let answer: Ack<R>;
    try {
      answer = await options.send(item);
    } catch {
      answer = { ok: false, code: 'internal', message: 'send failed', timeout: true } as unknown as Ack<R>;
    }
    inFlight.value = null;
    // The item may have been discarded meanwhile (only refused ones can be): then ignore the answer.
    const current = items.value.find((i) => i.id === item.id);
    const outcome = classifyAnswer(answer);
    if (current) {
      if (outcome === 'delivered') {
        save(applyOutcome(items.value, item.id, 'delivered'));
        if (answer.ok) options.onDelivered?.(current, answer.data);
      } else if (outcome === 'refused' && !answer.ok) {
        save(applyOutcome(items.value, item.id, 'refused', failureOf(answer)));
        options.onRefused?.(current, answer);
      } else {
        const next = applyOutcome(items.value, item.id, 'retry');
        save(next);
        const attempts = next.find((i) => i.id === item.id)?.attempts ?? 1;
        if (!stopped) {
          retryTimer = setTimeout(() => {
            retryTimer = null;
            void pump();
          }, backoffMs(attempts, Math.random()));
        }
        settle();
        return;
      }
    }
    settle();
    void pump();
  }

  const stopWatch = watch(options.connected, (now) => {
    if (now) {
      // A fresh connection: whatever failed before deserves an immediate try.
      clearRetry();
      void pump();
    }
  });

  function flush(): void {
    clearRetry();
    void pump();
  }

  if (options.connected.value) void pump();

  return {
    items: readonly(items) as Readonly<Ref<readonly OutboxItem<P>[]>>,
    inFlight: readonly(inFlight),
    pendingCount: computed(() => items.value.filter((i) => i.state === 'pending').length),
    persisted: readonly(persisted),
    enqueue(group, payload) {
      const item: OutboxItem<P> = { id: newOutboxId(), group, payload, createdAt: Date.now(), attempts: 0, state: 'pending', failure: null };
      save([...items.value, item]);
      void pump();
      return item;
    },
    retry(id) {
      save(items.value.map((i) => (i.id === id && i.state === 'refused' ? { ...i, state: 'pending', failure: null, attempts: 0 } : i)));
      flush();
    },
    discard(id) {
      save(items.value.filter((i) => !(i.id === id && i.state === 'refused')));
    },
    flush,
    idle() {
      if (inFlight.value === null) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stop() {
      stopped = true;
      clearRetry();
      stopWatch();
      settle();
    },
  };
}
