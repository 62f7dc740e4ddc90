/**
 * Exact rational arithmetic on BigInt, so that means, medians and comparisons of scores never
 * touch binary floating point: the same sheets give the same published scores on every machine.
 * Values are kept reduced with a positive denominator, so equal values have equal fields.
 */

/** An exact fraction n/d with d > 0 and gcd(|n|, d) = 1. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function toBig(value: bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return BigInt(value);
}

/** Builds n/d from integers (numbers must be safe integers), reduced. */
export function rational(n: bigint | number, d: bigint | number = 1n): Rational {
  let num = toBig(n);
  let den = toBig(d);
  if (den === 0n) throw new RangeError('denominator is zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { n: num / g, d: den / g } : { n: num, d: den };
}

export const ZERO: Rational = { n: 0n, d: 1n };

export function add(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.n * b.n, a.d * b.d);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by zero');
  return rational(a.n * b.d, a.d * b.n);
}

/** -1, 0 or 1 as a is below, equal to or above b. Exact. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** |a|. */
export function abs(a: Rational): Rational {
  return a.n < 0n ? { n: -a.n, d: a.d } : a;
}

export function sum(values: readonly Rational[]): Rational {
  return values.reduce(add, ZERO);
}

/** The exact mean of integers (e.g. totals in hundredths). Throws on an empty list. */
export function meanOfIntegers(values: readonly number[]): Rational {
  if (values.length === 0) throw new RangeError('mean of no values');
  return rational(
    values.reduce((s, v) => s + toBig(v), 0n),
    values.length,
  );
}

/** The exact mean of rationals. Throws on an empty list. */
export function meanOf(values: readonly Rational[]): Rational {
  if (values.length === 0) throw new RangeError('mean of no values');
  return div(sum(values), rational(values.length));
}

function floorDiv(n: bigint, d: bigint): bigint {
  // BigInt division truncates toward zero; floor needs one step down for negative non-exact quotients.
  const q = n / d;
  return n % d !== 0n && (n < 0n) !== (d < 0n) ? q - 1n : q;
}

/** The largest integer not above r. */
export function floor(r: Rational): bigint {
  return floorDiv(r.n, r.d);
}

/**
 * Rounds half up: floor(r + 1/2), so 8550.5 → 8551 and -2.5 → -2. This is the one rounding rule of
 * the scoring (docs/scoring.md): it is monotone, so rounding never reverses an order.
 */
export function roundHalfUp(r: Rational): bigint {
  return floorDiv(2n * r.n + r.d, 2n * r.d);
}

/** Rounds half up to a JS number (safe integer), e.g. a score in hundredths for display. */
export function roundToInteger(r: Rational): number {
  const rounded = roundHalfUp(r);
  const out = Number(rounded);
  if (!Number.isSafeInteger(out)) throw new RangeError('rounded value is not a safe integer');
  return out;
}

/** The integer square root: the largest s with s*s <= n (Newton's method on BigInt). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('square root of a negative number');
  if (n < 2n) return n;
  // Start above the root (2^ceil(bits/2)), then Newton steps decrease monotonically to it.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * √r in fixed point with `digits` decimal digits, rounded down: floor(√r · 10^digits) / 10^digits.
 * Only integer operations, so the result is identical on every machine.
 */
export function sqrtFixed(r: Rational, digits: number): Rational {
  if (r.n < 0n) throw new RangeError('square root of a negative number');
  const scale = 10n ** BigInt(digits);
  return rational(isqrt((r.n * scale * scale) / r.d), scale);
}

/**
 * Decimal text of r in units of `unit` (100 for hundredths → points): exact when it terminates
 * within `maxDigits` decimals (trailing zeros dropped, at least `minDigits`), otherwise truncated
 * toward zero with a trailing '…'. For explanations ("85.505 rounds to 85.51"), never for ranking.
 */
export function toDecimal(r: Rational, unit = 1n, minDigits = 0, maxDigits = 6): string {
  const value = rational(r.n, r.d * unit);
  const negative = value.n < 0n;
  const absN = negative ? -value.n : value.n;
  const whole = absN / value.d;
  let rest = absN % value.d;
  let digits = '';
  while (rest !== 0n && digits.length < maxDigits) {
    rest *= 10n;
    digits += String(rest / value.d);
    rest %= value.d;
  }
  const inexact = rest !== 0n;
  if (!inexact) digits = digits.replace(/0+$/, '');
  digits = digits.padEnd(minDigits, '0');
  const text = `${whole}${digits === '' ? '' : `.${digits}`}${inexact ? '…' : ''}`;
  return negative && (whole !== 0n || /[1-9]/.test(digits) || inexact) ? `-${text}` : text;
}

/**
 * √r: exact when r is the square of a rational (n and d perfect squares), otherwise
 * {@link sqrtFixed}. Exact roots keep exact symmetries exact (a judge with two entries has z = ±1).
 */
export function sqrtRational(r: Rational, digits: number): Rational {
  if (r.n >= 0n) {
    const rn = isqrt(r.n);
    const rd = isqrt(r.d);
    if (rn * rn === r.n && rd * rd === r.d) return rational(rn, rd);
  }
  return sqrtFixed(r, digits);
}

/** `n/d` text, for JSON exports that want the exact value. */
export function toFractionString(r: Rational): string {
  return r.d === 1n ? String(r.n) : `${r.n}/${r.d}`;
}
