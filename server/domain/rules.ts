/**
 * The bridge from a parsed contest file to the scoring rules: the server, the judge pad and the
 * results CLI all derive a track's {@link TrackRules} here, so they cannot disagree about a rubric.
 */
import type { TrackDefinition } from '../protocol/contestFile';
import type { TrackRules } from './types';

/** The scoring rules of one track of a normalised contest (points already in hundredths). */
export function trackRulesOf(track: TrackDefinition): TrackRules {
  return {
    criteria: track.criteria.map((c) => ({ key: c.key, max: c.max, step: c.step })),
    bonus: track.bonus.map((b) => ({ key: b.key, max: b.max, step: b.step })),
    aggregation: track.aggregation,
    tieBreaks: track.tieBreaks,
    awards: track.awards.map((a) => ({ key: a.key, count: a.count })),
    minAwardScore: track.minAwardScore,
  };
}
