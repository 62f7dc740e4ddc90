/**
 * Points on screen and in files. Everything inside Podium is integer hundredths; these are the only
 * conversions to and from text, done on digits rather than floats so that 17.5 is always 1750.
 */

function splitSign(hundredths: number): { sign: string; whole: number; cents: number } {
  if (!Number.isSafeInteger(hundredths)) throw new RangeError(`not a whole number of hundredths: ${hundredths}`);
  const abs = Math.abs(hundredths);
  return { sign: hundredths < 0 ? '-' : '', whole: Math.floor(abs / 100), cents: abs % 100 };
}

/** Hundredths as points with exactly two decimals, for every published score: 8550 → '85.50'. */
export function formatPoints(hundredths: number): string {
  const { sign, whole, cents } = splitSign(hundredths);
  return `${sign}${whole}.${String(cents).padStart(2, '0')}`;
}

/** Hundredths as points without trailing zeros, for values people typed: 1750 → '17.5', 2000 → '20'. */
export function formatPointsCompact(hundredths: number): string {
  const { sign, whole, cents } = splitSign(hundredths);
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * Points as typed ('17.5', '20', '0.25', '+3') to hundredths, or null when the text is not a plain
 * decimal with at most two decimals. Negative values parse (validation reports them as out of range).
 */
export function parsePoints(text: string): number | null {
  const match = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '', frac = ''] = match;
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(value)) return null;
  return sign === '-' && value !== 0 ? -value : value;
}

/** What every listing of results (board, exports, the results CLI) says of an entry without a counted sheet. */
export const NO_SCORE = '无成绩';
