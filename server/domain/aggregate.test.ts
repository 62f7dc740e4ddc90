import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AggregationConfig } from '../protocol/contestFile';
import { aggregateEntry, median, trimmedMean, type JudgeValue } from './aggregate';
import { compare, rational } from './rational';

const values = (totals: number[]): JudgeValue[] => totals.map((t, i) => ({ judgeId: i + 1, value: rational(t) }));
const trimmed = (trim = 1, minPanel = 5): AggregationConfig => ({ policy: 'trimmed', bonus: 'inTotal', trim, minPanel });

describe('aggregateEntry', () => {
  it('mean: exact mean of all values', () => {
    const a = aggregateEntry({ policy: 'mean', bonus: 'inTotal' }, values([8500, 8600, 8601]));
    expect(a.score).toEqual(rational(25701, 3));
    expect(a).toMatchObject({ policyApplied: 'mean', fallback: null, kept: 3 });
    expect(a.dropped.size).toBe(0);
  });

  it('trimmed: drops one high and one low with a full panel', () => {
    const a = aggregateEntry(trimmed(), values([8500, 8800, 9200, 8600, 7000, 8700, 8450]));
    expect(a.score).toEqual(rational(43050, 5));
    expect(a.policyApplied).toBe('trimmed');
    expect([...a.dropped]).toEqual([
      [5, 'low'],
      [3, 'high'],
    ]);
    expect(a.kept).toBe(5);
  });

  it('trimmed: at exactly minPanel judges it still trims', () => {
    const a = aggregateEntry(trimmed(1, 5), values([1, 2, 3, 4, 100]));
    expect(a.policyApplied).toBe('trimmed');
    expect(a.score).toEqual(rational(3));
  });

  it('trimmed: falls back to the mean below minPanel and says so', () => {
    const a = aggregateEntry(trimmed(1, 5), values([1, 2, 3, 100]));
    expect(a.policyApplied).toBe('mean');
    expect(a.fallback).toEqual({ from: 'trimmed', reason: 'panel_below_min', counted: 4, minPanel: 5 });
    expect(a.score).toEqual(rational(106, 4));
    expect(a.dropped.size).toBe(0);
  });

  it('trimmed: trim 2 drops two from each end', () => {
    const a = aggregateEntry(trimmed(2, 7), values([10, 20, 30, 40, 50, 60, 1000]));
    expect(a.score).toEqual(rational(40));
    expect([...a.dropped.values()].sort()).toEqual(['high', 'high', 'low', 'low']);
  });

  it('marks dropped ties by judge id, whatever the input order', () => {
    const input = values([80, 90, 90, 80, 85]);
    const a = aggregateEntry(trimmed(), input);
    const b = aggregateEntry(trimmed(), [...input].reverse());
    expect([...a.dropped].sort()).toEqual([
      [1, 'low'],
      [3, 'high'],
    ]);
    expect([...b.dropped].sort()).toEqual([...a.dropped].sort());
    expect(b.score).toEqual(a.score);
  });

  it('median: middle value for an odd count, outer values marked dropped', () => {
    const a = aggregateEntry({ policy: 'median', bonus: 'inTotal' }, values([70, 95, 80]));
    expect(a.score).toEqual(rational(80));
    expect([...a.dropped].sort()).toEqual([
      [1, 'low'],
      [2, 'high'],
    ]);
    expect(a.kept).toBe(1);
  });

  it('median: exact mean of the two middle values for an even count', () => {
    const a = aggregateEntry({ policy: 'median', bonus: 'inTotal' }, values([8000, 8501, 9000, 8500]));
    expect(a.score).toEqual(rational(17001, 2)); // 8500.5 hundredths, not a float
    expect(a.kept).toBe(2);
    expect(median(values([5])).score).toEqual(rational(5));
    expect(median(values([5, 6])).score).toEqual(rational(11, 2));
  });

  it('refuses an empty panel and an impossible trim', () => {
    expect(() => aggregateEntry({ policy: 'mean', bonus: 'inTotal' }, [])).toThrow(RangeError);
    expect(() => trimmedMean(values([1, 2]), 1)).toThrow(RangeError);
  });
});

describe('aggregation properties', () => {
  const totals = fc.array(fc.integer({ min: 0, max: 10500 }), { minLength: 1, maxLength: 12 });

  it('the trimmed mean lies within the kept totals (and so within all totals)', () => {
    fc.assert(
      fc.property(totals, fc.integer({ min: 1, max: 3 }), (list, trim) => {
        fc.pre(list.length > 2 * trim);
        const { score, dropped } = trimmedMean(values(list), trim);
        const kept = list.filter((_, i) => !dropped.has(i + 1));
        expect(kept.length).toBe(list.length - 2 * trim);
        expect(compare(rational(Math.min(...kept)), score)).toBeLessThanOrEqual(0);
        expect(compare(score, rational(Math.max(...kept)))).toBeLessThanOrEqual(0);
        // Every dropped low is at most every kept value, every dropped high at least.
        list.forEach((v, i) => {
          const mark = dropped.get(i + 1);
          if (mark === 'low') expect(v).toBeLessThanOrEqual(Math.min(...kept));
          if (mark === 'high') expect(v).toBeGreaterThanOrEqual(Math.max(...kept));
        });
      }),
    );
  });

  it('judge order never changes the score or who is dropped', () => {
    const configs: AggregationConfig[] = [{ policy: 'mean', bonus: 'inTotal' }, trimmed(1, 3), trimmed(2, 5), { policy: 'median', bonus: 'inTotal' }];
    fc.assert(
      fc.property(totals.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(values(list), { minLength: list.length, maxLength: list.length }))), fc.constantFrom(...configs), ([list, shuffled], config) => {
        const a = aggregateEntry(config, values(list));
        const b = aggregateEntry(config, shuffled);
        expect(b.score).toEqual(a.score);
        expect(new Map([...b.dropped].sort())).toEqual(new Map([...a.dropped].sort()));
        expect(b.policyApplied).toBe(a.policyApplied);
      }),
    );
  });
});
