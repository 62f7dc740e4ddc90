import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoints, formatPointsCompact, parsePoints } from './format';

describe('formatPoints', () => {
  it('always shows two decimals', () => {
    expect(formatPoints(8550)).toBe('85.50');
    expect(formatPoints(8505)).toBe('85.05');
    expect(formatPoints(0)).toBe('0.00');
    expect(formatPoints(7)).toBe('0.07');
    expect(formatPoints(-250)).toBe('-2.50');
    expect(formatPoints(10000)).toBe('100.00');
  });

  it('refuses values that are not whole hundredths', () => {
    expect(() => formatPoints(85.5)).toThrow(RangeError);
    expect(() => formatPoints(Number.NaN)).toThrow(RangeError);
  });

  it('compact form drops trailing zeros', () => {
    expect(formatPointsCompact(1750)).toBe('17.5');
    expect(formatPointsCompact(2000)).toBe('20');
    expect(formatPointsCompact(1725)).toBe('17.25');
    expect(formatPointsCompact(-50)).toBe('-0.5');
  });
});

describe('parsePoints', () => {
  it('reads plain decimals with up to two decimals, exactly', () => {
    expect(parsePoints('17.5')).toBe(1750);
    expect(parsePoints(' 20 ')).toBe(2000);
    expect(parsePoints('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 as a float
    expect(parsePoints('+3')).toBe(300);
    expect(parsePoints('-1.5')).toBe(-150);
    expect(parsePoints('-0')).toBe(0);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '17.505', '1e2', 'abc', '17,5', '.5', '17.', '0x10', '1 000']) expect(parsePoints(bad)).toBeNull();
  });

  it('round-trips with both formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (h) => {
        expect(parsePoints(formatPoints(h))).toBe(h);
        expect(parsePoints(formatPointsCompact(h))).toBe(h);
      }),
    );
  });
});
