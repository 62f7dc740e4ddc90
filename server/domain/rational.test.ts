import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  div,
  floor,
  isqrt,
  meanOfIntegers,
  mul,
  rational,
  roundHalfUp,
  sqrtFixed,
  sub,
  toDecimal,
  toFractionString,
} from './rational';

describe('rational', () => {
  it('reduces and keeps the denominator positive', () => {
    expect(rational(6, -4)).toEqual({ n: -3n, d: 2n });
    expect(rational(0, 5)).toEqual({ n: 0n, d: 1n });
    expect(() => rational(1, 0)).toThrow(RangeError);
    expect(() => rational(0.5)).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    const third = rational(1, 3);
    expect(add(third, third)).toEqual(rational(2, 3));
    expect(sub(third, rational(1, 2))).toEqual(rational(-1, 6));
    expect(mul(third, rational(3, 4))).toEqual(rational(1, 4));
    expect(div(third, rational(2, 3))).toEqual(rational(1, 2));
    expect(() => div(third, rational(0))).toThrow(RangeError);
  });

  it('compares exactly where floats cannot', () => {
    // 0.1 + 0.2 vs 0.3 in tenths of a point: exact as rationals.
    expect(compare(add(rational(1, 10), rational(2, 10)), rational(3, 10))).toBe(0);
    expect(compare(rational(8550049, 100000), rational(855005, 10000))).toBe(-1);
    expect(compare(rational(-1, 3), rational(-1, 2))).toBe(1);
  });

  it('takes the mean of integers exactly', () => {
    expect(meanOfIntegers([8500, 8600, 8602])).toEqual(rational(25702, 3));
    expect(() => meanOfIntegers([])).toThrow(RangeError);
  });

  it('rounds half up at exactly .5 (and toward +∞ for negatives)', () => {
    expect(roundHalfUp(rational(171005, 20))).toBe(8550n); // 8550.25
    expect(roundHalfUp(rational(17101, 2))).toBe(8551n); // 8550.5 → up
    expect(roundHalfUp(rational(85505, 10))).toBe(8551n);
    expect(roundHalfUp(rational(8550499999, 1000000))).toBe(8550n);
    expect(roundHalfUp(rational(-5, 2))).toBe(-2n);
    expect(roundHalfUp(rational(-7, 2))).toBe(-3n);
    expect(roundHalfUp(rational(-26, 10))).toBe(-3n);
    expect(floor(rational(-1, 3))).toBe(-1n);
  });

  it('rounding is monotone', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1000 }), (a, b, c, d) => {
        const x = rational(a, b);
        const y = rational(c, d);
        if (compare(x, y) <= 0) expect(roundHalfUp(x) <= roundHalfUp(y)).toBe(true);
      }),
    );
  });

  it('isqrt is the floor of the square root', () => {
    expect(isqrt(0n)).toBe(0n);
    expect(isqrt(1n)).toBe(1n);
    expect(isqrt(15n)).toBe(3n);
    expect(isqrt(16n)).toBe(4n);
    expect(() => isqrt(-1n)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), (n) => {
        const s = isqrt(n);
        expect(s * s <= n).toBe(true);
        expect((s + 1n) * (s + 1n) > n).toBe(true);
      }),
    );
  });

  it('fixed-point square roots round down at the given digits', () => {
    expect(sqrtFixed(rational(2), 6)).toEqual(rational(1414213, 1000000));
    expect(sqrtFixed(rational(9, 4), 3)).toEqual(rational(3, 2));
  });

  it('renders decimals exactly or marks them cut', () => {
    expect(toDecimal(rational(171005, 2), 100n, 2)).toBe('855.025');
    expect(toDecimal(rational(8550), 100n, 2)).toBe('85.50');
    expect(toDecimal(rational(25702, 3), 100n, 2)).toBe('85.673333…');
    expect(toDecimal(rational(25701, 3), 100n, 2)).toBe('85.67');
    expect(toDecimal(rational(-1, 2), 100n, 2)).toBe('-0.005');
    expect(toFractionString(rational(3, 6))).toBe('1/2');
    expect(toFractionString(rational(4, 2))).toBe('2');
  });
});
