/**
 * Aggregation of one entry's counted judge values into its exact score, per the track's policy.
 * Trimmed mean and median are the same operation (drop k from each end, average the rest), so both
 * go through {@link trimmedMean}; which judges were dropped is part of the explanation.
 */
import type { AggregationConfig, AggregationPolicyName } from '../protocol/contestFile';
import { compare, meanOf, type Rational } from './rational';
import type { JudgeId } from './types';

/** One counted judge's value for an entry (their total, or their z-score-adjusted total). */
export interface JudgeValue {
  judgeId: JudgeId;
  value: Rational;
}

export type Dropped = 'high' | 'low';

/** Why the policy applied differs from the configured one. */
export type PolicyFallback =
  | { from: 'trimmed'; reason: 'panel_below_min'; counted: number; minPanel: number }
  | { from: 'zscore'; reason: 'single_entry' | 'zero_spread' };

export interface Aggregate {
  /** The exact aggregated value (hundredths). */
  score: Rational;
  policyApplied: AggregationPolicyName;
  fallback: PolicyFallback | null;
  /** Judges whose value was left out, and from which end. */
  dropped: Map<JudgeId, Dropped>;
  /** How many values the score averages. */
  kept: number;
}

/** Ascending by value; equal values by judge id, so who is marked dropped never depends on input order. */
function ascending(values: readonly JudgeValue[]): JudgeValue[] {
  return [...values].sort((a, b) => compare(a.value, b.value) || a.judgeId - b.judgeId);
}

/**
 * Drops the k lowest and k highest values and averages the rest, exactly. Among equal values the
 * lower judge id is marked `low` and the higher `high`; the score is the same either way.
 */
export function trimmedMean(values: readonly JudgeValue[], k: number): { score: Rational; dropped: Map<JudgeId, Dropped> } {
  if (values.length <= 2 * k) throw new RangeError(`cannot drop ${k} from each end of ${values.length} values`);
  const sorted = ascending(values);
  const dropped = new Map<JudgeId, Dropped>();
  sorted.slice(0, k).forEach((v) => dropped.set(v.judgeId, 'low'));
  sorted.slice(sorted.length - k).forEach((v) => dropped.set(v.judgeId, 'high'));
  const kept = sorted.slice(k, sorted.length - k).map((v) => v.value);
  return { score: meanOf(kept), dropped };
}

/** The plain mean of all values. */
export function mean(values: readonly JudgeValue[]): Rational {
  return meanOf(values.map((v) => v.value));
}

/**
 * The median: the middle value, or the exact mean of the two middle values for an even count.
 * It equals the trimmed mean with k = ⌊(n−1)/2⌋, and the outer judges are marked dropped.
 */
export function median(values: readonly JudgeValue[]): { score: Rational; dropped: Map<JudgeId, Dropped> } {
  return trimmedMean(values, Math.floor((values.length - 1) / 2));
}

/**
 * The policy that applies to an entry with `counted` judges: the configured one, or the mean when
 * `trimmed` has fewer than `minPanel` judges (and why). Both the aggregation and the close dialog's
 * warning ("only 3 sheets, fewer than the 5 trimming needs: plain mean") ask here.
 */
export function policyFor(config: AggregationConfig, counted: number): { policyApplied: AggregationPolicyName; fallback: PolicyFallback | null } {
  if (config.policy === 'trimmed' && counted < config.minPanel) {
    return { policyApplied: 'mean', fallback: { from: 'trimmed', reason: 'panel_below_min', counted, minPanel: config.minPanel } };
  }
  return { policyApplied: config.policy, fallback: null };
}

/**
 * Aggregates one entry's counted values under the track's policy. `values` must not be empty.
 * For `zscore` the caller passes the judges' adjusted totals (see zscore.ts) and this takes their
 * mean. `trimmed` falls back to the mean when fewer than `minPanel` judges counted.
 */
export function aggregateEntry(config: AggregationConfig, values: readonly JudgeValue[]): Aggregate {
  if (values.length === 0) throw new RangeError('no counted values to aggregate');
  switch (config.policy) {
    case 'mean':
    case 'zscore':
      return { score: mean(values), policyApplied: config.policy, fallback: null, dropped: new Map(), kept: values.length };
    case 'median': {
      const { score, dropped } = median(values);
      return { score, policyApplied: 'median', fallback: null, dropped, kept: values.length - dropped.size };
    }
    case 'trimmed': {
      const applied = policyFor(config, values.length);
      if (applied.fallback) return { score: mean(values), ...applied, dropped: new Map(), kept: values.length };
      const { score, dropped } = trimmedMean(values, config.trim);
      return { score, policyApplied: 'trimmed', fallback: null, dropped, kept: values.length - dropped.size };
    }
  }
}
