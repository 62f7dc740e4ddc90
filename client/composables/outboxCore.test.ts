import { describe, expect, it } from 'vitest';
import { applyOutcome, backoffMs, classifyAnswer, newOutboxId, nextPending, parseOutbox, type OutboxItem } from './outboxCore';

const isNumber = (v: unknown): v is number => typeof v === 'number';

function item(id: string, state: 'pending' | 'refused' = 'pending'): OutboxItem<number> {
  return { id, group: '1', payload: 1, createdAt: 0, attempts: 0, state, failure: null };
}

describe('outbox core', () => {
  it('classifies answers: delivered, retry on no answer or server error, refused otherwise', () => {
    expect(classifyAnswer({ ok: true, data: null })).toBe('delivered');
    expect(classifyAnswer({ ok: false, code: 'internal', message: 'timeout', timeout: true } as never)).toBe('retry');
    expect(classifyAnswer({ ok: false, code: 'internal', message: 'boom' })).toBe('retry');
    expect(classifyAnswer({ ok: false, code: 'unavailable', message: 'database away' })).toBe('retry');
    expect(classifyAnswer({ ok: false, code: 'rate_limited', message: 'slow down', details: { retryAfterMs: 500 } })).toBe('retry');
    for (const code of ['scoring_not_open', 'sheet_invalid', 'recused', 'wrong_track', 'signed_off', 'invalid_payload', 'forbidden'] as const) {
      expect(classifyAnswer({ ok: false, code, message: '' })).toBe('refused');
    }
  });

  it('backs off 1 s, 2 s, 4 s ... up to 30 s, spread ±20 %', () => {
    expect(backoffMs(1, 0.5)).toBe(1000);
    expect(backoffMs(2, 0.5)).toBe(2000);
    expect(backoffMs(3, 0.5)).toBe(4000);
    expect(backoffMs(20, 0.5)).toBe(30_000);
    expect(backoffMs(1, 0)).toBe(800);
    expect(backoffMs(1, 0.999)).toBeLessThanOrEqual(1200);
  });

  it('makes ids the server accepts as a submissionId, different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newOutboxId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads back only well-formed items from storage', () => {
    expect(parseOutbox(null, isNumber)).toEqual([]);
    expect(parseOutbox('{not json', isNumber)).toEqual([]);
    expect(parseOutbox('{"a":1}', isNumber)).toEqual([]);
    const stored = JSON.stringify([
      item('aaaaaaaa01'),
      { ...item('aaaaaaaa01') }, // duplicate id
      { ...item('bad id!'), id: 'bad id!' },
      { ...item('aaaaaaaa02'), payload: 'not a number' },
      { ...item('aaaaaaaa03'), state: 'sent' },
      { ...item('aaaaaaaa04', 'refused'), failure: { code: 'recused', message: 'no' }, attempts: -3 },
      42,
    ]);
    expect(parseOutbox(stored, isNumber)).toEqual([
      item('aaaaaaaa01'),
      { ...item('aaaaaaaa04', 'refused'), failure: { code: 'recused', message: 'no' }, attempts: 0 },
    ]);
  });

  it('moves items through their outcomes without mutating the queue', () => {
    const queue = [item('aaaaaaaa01', 'refused'), item('aaaaaaaa02'), item('aaaaaaaa03')];
    expect(nextPending(queue)?.id).toBe('aaaaaaaa02');
    const retried = applyOutcome(queue, 'aaaaaaaa02', 'retry');
    expect(retried[1]!.attempts).toBe(1);
    expect(queue[1]!.attempts).toBe(0);
    const refused = applyOutcome(retried, 'aaaaaaaa02', 'refused', { code: 'recused', message: 'no' });
    expect(refused[1]).toMatchObject({ state: 'refused', failure: { code: 'recused' } });
    expect(applyOutcome(refused, 'aaaaaaaa03', 'delivered').map((i) => i.id)).toEqual(['aaaaaaaa01', 'aaaaaaaa02']);
  });
});
