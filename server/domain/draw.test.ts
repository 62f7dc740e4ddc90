import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawKey, drawOrder } from './draw';

describe('running-order draw', () => {
  it('uses SHA-256 of seed:code, as `printf %s SEED:CODE | sha256sum` computes it', () => {
    expect(drawKey('20231220', 'G01')).toBe(createHash('sha256').update('20231220:G01').digest('hex'));
    expect(drawKey('抽签', 'G01')).toBe(createHash('sha256').update('抽签:G01', 'utf8').digest('hex'));
  });

  it('orders by ascending hash, whatever order the entries come in', () => {
    const entries = ['G01', 'G02', 'G03', 'G04', 'G05'].map((code) => ({ code }));
    const drawn = drawOrder('seed-1', entries).map((e) => e.code);
    expect(drawn).toEqual([...entries].sort((a, b) => drawKey('seed-1', a.code).localeCompare(drawKey('seed-1', b.code))).map((e) => e.code));
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: 5, maxLength: 5 }), (shuffled) => {
        expect(drawOrder('seed-1', shuffled).map((e) => e.code)).toEqual(drawn);
      }),
    );
  });

  it('gives a different order for a different seed', () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ code: `O${String(i + 1).padStart(2, '0')}` }));
    expect(drawOrder('a', entries)).not.toEqual(drawOrder('b', entries));
  });
});
