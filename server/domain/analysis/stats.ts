/**
 * Agreement statistics on whole-number scores (hundredths of a point, or any integers): average
 * ranks, Spearman's rho, Kendall's W corrected for ties, and the six intraclass correlations of
 * Shrout & Fleiss (1979). Formulas and references: docs/analysis.md.
 *
 * Exactness: every sum, sum of squares and mean square is exact (integers, BigInt, the rationals
 * of ../rational.ts); binary floating point enters only in the last step (one division, one square
 * root). So the digits do not depend on the order of rows or columns nor on the machine, and a band
 * ("strong", "good") is decided on the exact value, never on a rounded one.
 */
import { add, div, mul, rational, sub, type Rational } from '../rational';

/** An exact value as the nearest binary float (one rounding). */
export function toNumber(r: Rational): number {
  return Number(r.n) / Number(r.d);
}

/** Rounds a statistic for output: 4 decimals (half away from zero), as docs/analysis.md states. */
export function round4(x: number): number {
  const r = Math.round(Math.abs(x) * 1e4) / 1e4;
  return x < 0 && r !== 0 ? -r : r;
}

/**
 * Average ranks (ascending: the lowest value gets rank 1; tied values share the mean of their
 * places), returned doubled so they stay whole numbers (rank 2.5 → 5). `ties` holds the size of
 * every group of two or more equal values, for the tie corrections.
 */
export function doubledAverageRanks<T>(values: readonly T[], cmp: (a: T, b: T) => number): { ranks: number[]; ties: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => cmp(values[a]!, values[b]!));
  const ranks = new Array<number>(values.length).fill(0);
  const ties: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && cmp(values[order[start]!]!, values[order[end]!]!) === 0) end++;
    // Places start+1 .. end share their mean (start+1+end)/2; doubled: start+1+end.
    for (let i = start; i < end; i++) ranks[order[i]!] = start + 1 + end;
    if (end - start > 1) ties.push(end - start);
    start = end;
  }
  return { ranks, ties };
}

const byNumber = (a: number, b: number) => a - b;

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (the usual treatment of
 * ties). Null for fewer than two pairs or when either side has a single rank (nothing to correlate).
 */
export function spearman<A, B>(x: readonly A[], y: readonly B[], cmpX: (a: A, b: A) => number, cmpY: (a: B, b: B) => number): number | null {
  if (x.length !== y.length) throw new RangeError('spearman: the two lists differ in length');
  const n = BigInt(x.length);
  if (n < 2n) return null;
  const a = doubledAverageRanks(x, cmpX).ranks.map(BigInt);
  const b = doubledAverageRanks(y, cmpY).ranks.map(BigInt);
  let sa = 0n, sb = 0n, saa = 0n, sbb = 0n, sab = 0n;
  for (let i = 0; i < a.length; i++) {
    sa += a[i]!;
    sb += b[i]!;
    saa += a[i]! * a[i]!;
    sbb += b[i]! * b[i]!;
    sab += a[i]! * b[i]!;
  }
  const cov = n * sab - sa * sb;
  const va = n * saa - sa * sa;
  const vb = n * sbb - sb * sb;
  if (va === 0n || vb === 0n) return null;
  // r² exactly, then one square root: a perfect agreement gives exactly ±1.
  const r = Math.sqrt(toNumber(rational(cov * cov, va * vb)));
  return cov < 0n ? -r : r;
}

export interface KendallW {
  /** The coefficient of concordance, corrected for ties (exact). */
  w: Rational;
  /** Friedman's statistic m(n − 1)W, tie-corrected; approximately χ² with n − 1 degrees of freedom. */
  chiSquare: Rational;
  df: number;
  /** Each target's sum of ranks over the judges (ascending ranks: 1 = lowest score). */
  rankSums: number[];
  /** Σ over judges of Σ(t³ − t) over their groups of ties. */
  tieSum: number;
}

/**
 * Kendall's W for `scores[target][judge]` (a complete matrix): each judge's scores are ranked with
 * average ranks, and W = 12S / (m²(n³ − n) − mΣT), with S the sum of squared deviations of the rank
 * sums from their mean m(n + 1)/2 and T = Σ(t³ − t) over each judge's ties (Kendall & Babington
 * Smith 1939; Siegel & Castellan 1988). Null below 2 targets or 2 judges, or when every judge
 * gave every target the same score (the denominator is 0: there is no order to agree on).
 */
export function kendallW(scores: readonly (readonly number[])[]): KendallW | null {
  const n = scores.length;
  const m = scores[0]?.length ?? 0;
  if (n < 2 || m < 2) return null;
  if (scores.some((row) => row.length !== m)) throw new RangeError('kendallW: the matrix is not rectangular');
  const doubledSums = new Array<number>(n).fill(0);
  let tieSum = 0;
  for (let j = 0; j < m; j++) {
    const { ranks, ties } = doubledAverageRanks(scores.map((row) => row[j]!), byNumber);
    ranks.forEach((r, i) => (doubledSums[i]! += r));
    for (const t of ties) tieSum += t * t * t - t;
  }
  // With doubled ranks: 4S = Σ(2R_i − m(n + 1))², so W = 3·(4S) / (m²(n³ − n) − mΣT).
  const M = BigInt(m);
  const N = BigInt(n);
  let fourS = 0n;
  for (const d of doubledSums) {
    const dev = BigInt(d) - M * (N + 1n);
    fourS += dev * dev;
  }
  const denominator = M * M * (N * N * N - N) - M * BigInt(tieSum);
  if (denominator === 0n) return null;
  const w = rational(3n * fourS, denominator);
  return { w, chiSquare: mul(w, rational(m * (n - 1))), df: n - 1, rankSums: doubledSums.map((d) => d / 2), tieSum };
}

export interface MeanSquares {
  /** Between targets (BMS), df n − 1. */
  between: Rational;
  /** Within targets (WMS), df n(k − 1): the one-way model's error. */
  within: Rational;
  /** Between judges (JMS), df k − 1. */
  judges: Rational;
  /** Residual (EMS), df (n − 1)(k − 1). */
  error: Rational;
}

/** The intraclass correlations of Shrout & Fleiss (1979), Table 1, by their names. */
export interface IccTable {
  targets: number;
  judges: number;
  meanSquares: MeanSquares;
  /** One-way random: each target rated by a different set of judges. */
  icc11: Rational | null;
  icc1k: Rational | null;
  /** Two-way random, absolute agreement: judges are a sample of all possible judges. */
  icc21: Rational | null;
  icc2k: Rational | null;
  /** Two-way mixed, consistency: these judges only; a judge's level does not count against them. */
  icc31: Rational | null;
  icc3k: Rational | null;
}

/** n/d, or null when d is not positive (the coefficient is undefined: no variance to share). */
function ratio(n: Rational, d: Rational): Rational | null {
  return d.n > 0n ? div(n, d) : null;
}

/**
 * The two-way ANOVA of `scores[target][judge]` (complete, at least 2 × 2) and the six ICCs of
 * Shrout & Fleiss (1979). Null below 2 targets or 2 judges; a coefficient is null where its
 * denominator is not positive (e.g. every score equal).
 */
export function iccTable(scores: readonly (readonly number[])[]): IccTable | null {
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  if (n < 2 || k < 2) return null;
  if (scores.some((row) => row.length !== k)) throw new RangeError('iccTable: the matrix is not rectangular');
  const N = BigInt(n);
  const K = BigInt(k);
  let total = 0n;
  let squares = 0n;
  let rowSquares = 0n;
  const columnSums = new Array<bigint>(k).fill(0n);
  for (const row of scores) {
    let rowSum = 0n;
    row.forEach((value, j) => {
      if (!Number.isSafeInteger(value)) throw new RangeError(`iccTable: not a whole number: ${value}`);
      const v = BigInt(value);
      rowSum += v;
      squares += v * v;
      columnSums[j]! += v;
    });
    total += rowSum;
    rowSquares += rowSum * rowSum;
  }
  const columnSquares = columnSums.reduce((s, c) => s + c * c, 0n);
  // Sums of squares times nk, all whole numbers.
  const nk = N * K;
  const t2 = total * total;
  const ssTotal = nk * squares - t2;
  const ssRows = N * rowSquares - t2;
  const ssColumns = K * columnSquares - t2;
  const ssError = ssTotal - ssRows - ssColumns;
  const ssWithin = ssTotal - ssRows;
  const ms = (ss: bigint, df: bigint) => rational(ss, nk * df);
  const meanSquares: MeanSquares = {
    between: ms(ssRows, N - 1n),
    within: ms(ssWithin, N * (K - 1n)),
    judges: ms(ssColumns, K - 1n),
    error: ms(ssError, (N - 1n) * (K - 1n)),
  };
  const { between: B, within: W, judges: J, error: E } = meanSquares;
  const kr = rational(k);
  const nr = rational(n);
  const km1 = rational(k - 1);
  const judgeTerm = div(sub(J, E), nr); // (JMS − EMS) / n
  return {
    targets: n,
    judges: k,
    meanSquares,
    icc11: ratio(sub(B, W), add(B, mul(km1, W))),
    icc1k: ratio(sub(B, W), B),
    icc21: ratio(sub(B, E), add(add(B, mul(km1, E)), mul(kr, judgeTerm))),
    icc2k: ratio(sub(B, E), add(B, judgeTerm)),
    icc31: ratio(sub(B, E), add(B, mul(km1, E))),
    icc3k: ratio(sub(B, E), B),
  };
}
