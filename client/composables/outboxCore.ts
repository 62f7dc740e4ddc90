/**
 * The pure part of the judge pad's outbox: what a queued command looks like on the phone, how it
 * is read back from storage (which may hold anything), how an answer is classified, and how long
 * to wait before the next attempt. No Vue, no timers, no storage access: useOutbox.ts wires these.
 */
import type { Ack, CommandFailure } from '../../server/protocol/errors';
import { isObject } from '../storage';

/** What the server said when it refused an item (kept to show it and to retry by hand). */
export interface OutboxFailure {
  code: CommandFailure['code'];
  message: string;
  field?: string;
  details?: unknown;
}

/**
 * One command waiting for the server's acknowledgement. `id` doubles as the idempotency key
 * (e.g. `submissionId`): it is chosen once, when the item is queued, and every retry reuses it.
 */
export interface OutboxItem<P> {
  id: string;
  /** What the item is about (e.g. the entry id), so the pad can show it beside that entry. */
  group: string;
  payload: P;
  createdAt: number;
  /** Attempts that got no usable answer (timeouts, server errors). */
  attempts: number;
  /** `pending` is sent and retried; `refused` waits for the judge (retry or discard). */
  state: 'pending' | 'refused';
  failure: OutboxFailure | null;
}

/** Refusals that say "not now" rather than "no". */
const RETRIED_CODES: ReadonlySet<CommandFailure['code']> = new Set(['internal', 'unavailable', 'rate_limited']);

/** Where an answer leaves an item. */
export type Outcome = 'delivered' | 'refused' | 'retry';

/**
 * `delivered` once the server acknowledged (after its commit); `retry` when there was no answer
 * (a timeout or a dropped connection: the command may or may not have been applied, and the
 * idempotency key makes a retry safe) or the server failed (`internal`, or `unavailable` while its
 * database is away) or asked to slow down (`rate_limited`): nothing was changed and a later attempt
 * may succeed; `refused` for every other refusal, which no retry would change.
 */
export function classifyAnswer(answer: Ack<unknown>): Outcome {
  if (answer.ok) return 'delivered';
  if ((answer as { timeout?: boolean }).timeout === true || RETRIED_CODES.has(answer.code)) return 'retry';
  return 'refused';
}

/**
 * Delay before attempt `attempts + 1`: 1 s, 2 s, 4 s ... capped at 30 s, spread ±20 % so that a
 * hall of phones coming back together does not retry in lockstep. `random` is in [0, 1).
 */
export function backoffMs(attempts: number, random: number): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/**
 * A fresh idempotency key: 32 hex digits from the platform's random source. Not
 * `crypto.randomUUID`, which browsers only offer on https pages, while a hall server is often
 * reached over plain http on the local network.
 */
export function newOutboxId(fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => globalThis.crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(16);
  fill(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

function parseFailure(value: unknown): OutboxFailure | null {
  if (!isObject(value) || typeof value.code !== 'string' || typeof value.message !== 'string') return null;
  return {
    code: value.code as OutboxFailure['code'],
    message: value.message,
    ...(typeof value.field === 'string' ? { field: value.field } : {}),
    ...(value.details !== undefined ? { details: value.details } : {}),
  };
}

/**
 * Items read back from storage. Anything malformed is dropped item by item (storage is outside
 * input: another version of the pad, a full disk, a hand edit); `isPayload` checks the payloads.
 */
export function parseOutbox<P>(raw: string | null, isPayload: (value: unknown) => value is P): OutboxItem<P>[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const items: OutboxItem<P>[] = [];
  const seen = new Set<string>();
  for (const value of data) {
    if (!isObject(value)) continue;
    const { id, group, payload, createdAt, attempts, state } = value;
    if (typeof id !== 'string' || !ID_PATTERN.test(id) || seen.has(id)) continue;
    if (typeof group !== 'string' || !isPayload(payload)) continue;
    if (state !== 'pending' && state !== 'refused') continue;
    seen.add(id);
    items.push({
      id,
      group,
      payload,
      createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0,
      attempts: typeof attempts === 'number' && Number.isSafeInteger(attempts) && attempts >= 0 ? attempts : 0,
      state,
      failure: state === 'refused' ? parseFailure(value.failure) : null,
    });
  }
  return items;
}

/** The first item to send, in queue order (earlier submissions go first). */
export function nextPending<P>(items: readonly OutboxItem<P>[]): OutboxItem<P> | undefined {
  return items.find((item) => item.state === 'pending');
}

/** The queue after `id` got `outcome` (a new array; items are replaced, never mutated). */
export function applyOutcome<P>(items: readonly OutboxItem<P>[], id: string, outcome: Outcome, failure: OutboxFailure | null = null): OutboxItem<P>[] {
  if (outcome === 'delivered') return items.filter((item) => item.id !== id);
  return items.map((item) => {
    if (item.id !== id) return item;
    return outcome === 'refused' ? { ...item, state: 'refused', failure } : { ...item, attempts: item.attempts + 1 };
  });
}

/** The failure part of a refused answer, as the outbox keeps it. */
export function failureOf(answer: CommandFailure): OutboxFailure {
  return {
    code: answer.code,
    message: answer.message,
    ...(answer.field !== undefined ? { field: answer.field } : {}),
    ...(answer.details !== undefined ? { details: answer.details } : {}),
  };
}
