/**
 * What closing an entry's scoring will mean, said before the host confirms it and kept in the
 * record after: how many judges will count out of how many expected, which policy that gives (a
 * trimmed mean falls back to the plain mean below its minimum panel), whether the entry will have
 * no score at all (无成绩), and whether its award will wait for the host's confirmation.
 */
import type { AggregationPolicyName } from '../protocol/contestFile';
import { policyFor, type PolicyFallback } from './aggregate';
import { minAwardPanelOf } from './rules';
import type { TrackRules } from './types';

export interface CloseConsequence {
  /** Sheets that will count (submitted by judges expected to score the entry). */
  counted: number;
  /** Judges expected to score the entry. */
  expected: number;
  /** Nothing will count: the entry is listed 无成绩, without a place or an award. */
  noScore: boolean;
  /** The policy the track configures, and the one that will apply (null without a score). */
  policy: AggregationPolicyName;
  policyApplied: AggregationPolicyName | null;
  fallback: PolicyFallback | null;
  /** Fewer counted than the minimum panel: an award will wait for the host's confirmation. */
  awardHeld: { minAwardPanel: number } | null;
}

/** What closing one entry means, as a refusal's details and the record say it. */
export interface ClosePlan {
  entryId: number;
  missingJudgeIds: number[];
  /** Judges who changed their submitted sheet and have not submitted again (修改中). */
  amendingJudgeIds: number[];
  consequence: CloseConsequence;
}

export function closeConsequence(rules: Pick<TrackRules, 'aggregation' | 'minAwardPanel'>, counted: number, expected: number): CloseConsequence {
  const policy = rules.aggregation.policy;
  if (counted === 0) return { counted, expected, noScore: true, policy, policyApplied: null, fallback: null, awardHeld: null };
  const { policyApplied, fallback } = policyFor(rules.aggregation, counted);
  const minAwardPanel = minAwardPanelOf(rules);
  return { counted, expected, noScore: false, policy, policyApplied, fallback, awardHeld: counted < minAwardPanel ? { minAwardPanel } : null };
}

/** True when closing changes something the host should hear first (sheets missing, a fallback, a held award). */
export function closeNeedsWarning(c: CloseConsequence): boolean {
  return c.counted < c.expected || c.noScore || c.fallback !== null || c.awardHeld !== null;
}
