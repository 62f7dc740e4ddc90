/**
 * The bridge from a parsed contest file to the scoring rules: the server, the judge pad and the
 * results CLI all derive a track's {@link TrackRules} here, so they cannot disagree about a rubric.
 */
import type { AggregationConfig, TrackDefinition } from '../protocol/contestFile';
import type { TrackRules } from './types';

/**
 * The smallest panel on which an award is final without the host's confirmation: the contest's
 * `minAwardPanel`, or by default the aggregation rule's own minimum (the `minPanel` trimming
 * needs; 1, no minimum, for the other policies).
 */
export function minAwardPanelOf(rules: { aggregation: AggregationConfig; minAwardPanel?: number | undefined }): number {
  return rules.minAwardPanel ?? (rules.aggregation.policy === 'trimmed' ? rules.aggregation.minPanel : 1);
}

/** The scoring rules of one track of a normalised contest (points already in hundredths). */
export function trackRulesOf(track: TrackDefinition): TrackRules {
  return {
    criteria: track.criteria.map((c) => ({ key: c.key, max: c.max, step: c.step })),
    bonus: track.bonus.map((b) => ({ key: b.key, max: b.max, step: b.step })),
    aggregation: track.aggregation,
    tieBreaks: track.tieBreaks,
    awards: track.awards.map((a) => ({ key: a.key, count: a.count })),
    minAwardScore: track.minAwardScore,
    minAwardPanel: track.minAwardPanel,
  };
}
