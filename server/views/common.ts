/** Pieces shared by the role views: how an entry, a stage, a rubric and the ceremony look. */
import { planCeremony, revealedTiers, stepIndex } from '../domain/ceremony';
import { isScoringOpen } from '../domain/stage';
import type { TrackResults } from '../domain/results';
import { isTimed } from '../domain/stage';
import type {
  AwardTierView, CeremonyView, ContestInfo, DisplayView, EntryPublic, RubricView, StageView,
} from '../protocol/views';
import type { ContestState, EntryRow, TrackRow } from '../store/state';
import { eligibleJudgeIds, hasSubmitted } from '../store/panel';

export function contestInfo(state: ContestState): ContestInfo {
  const c = state.contest;
  return { id: c.id, name: c.name, subtitle: c.subtitle, date: c.date, venue: c.venue };
}

export function entryPublic(e: EntryRow): EntryPublic {
  return { id: e.id, code: e.code, position: e.position, unit: e.unit, model: e.model, state: e.state };
}

export function rubricView(state: ContestState, trackId: number): RubricView {
  const items = state.rubricItems.filter((i) => i.trackId === trackId);
  const view = (kind: 'criterion' | 'bonus') =>
    items
      .filter((i) => i.kind === kind)
      .map((i) => ({ key: i.key, label: i.label, description: i.description, max: i.max, step: i.step }));
  return { criteria: view('criterion'), bonus: view('bonus') };
}

export function awardsView(state: ContestState, trackId: number): AwardTierView[] {
  return state.awardTiers.filter((a) => a.trackId === trackId).map((a) => ({ key: a.key, name: a.name, count: a.count }));
}

/** Submitted / eligible judges for one entry. */
export function progressOf(state: ContestState, entryId: number): { submitted: number; eligible: number } {
  const eligible = eligibleJudgeIds(state, entryId);
  const submitted = eligible.filter((j) => hasSubmitted(state, j, entryId));
  return { submitted: submitted.length, eligible: eligible.length };
}

export function stageView(state: ContestState, trackId: number): StageView {
  const stage = state.stages.find((s) => s.trackId === trackId);
  const entry = stage?.entryId ? state.entries.find((e) => e.id === stage.entryId) : undefined;
  return {
    entry: entry ? entryPublic(entry) : null,
    clock: entry && isTimed(entry.state) ? (stage?.clock ?? null) : null,
    progress: entry ? progressOf(state, entry.id) : null,
  };
}

export function trackEntries(state: ContestState, trackId: number): EntryRow[] {
  return state.entries.filter((e) => e.trackId === trackId);
}

export function displayView(state: ContestState): DisplayView {
  const track = state.tracks.find((t) => t.id === state.display.screenTrackId);
  return { track: track?.key ?? null, boardVisible: state.display.boardVisible };
}

/** The ceremony plan of a track from its current results. */
export function ceremonyPlanOf(state: ContestState, track: TrackRow, results: TrackResults) {
  const tiers = state.awardTiers.filter((a) => a.trackId === track.id).map((a) => a.key);
  const awarded = new Set(results.ranking.flatMap((r) => (r.award ? [r.award] : [])));
  return planCeremony(tiers, awarded);
}

/**
 * The ceremony as far as the host has taken it. Only tiers up to the current step are included,
 * so no payload carries a winner the hall has not seen.
 */
export function ceremonyView(state: ContestState, results: Map<number, TrackResults>): CeremonyView | null {
  const track = state.tracks.find((t) => t.id === state.display.ceremonyTrackId);
  if (!track) return null;
  const trackResults = results.get(track.id)!;
  const plan = ceremonyPlanOf(state, track, trackResults);
  // Hold at the title while the results can change under the ceremony (a reopen, an unresolved
  // boundary tie) or the plan no longer has the stored step: a stale step must never reveal a
  // tier the host has not shown. The stored step resumes once the results settle.
  const unsettled = trackResults.provisional || state.entries.some((e) => e.trackId === track.id && isScoringOpen(e.state));
  const step = unsettled ? 0 : stepIndex(plan, state.display.ceremonyStep);
  const tiers = awardsView(state, track.id);
  const entriesById = new Map(state.entries.map((e) => [e.id, e]));
  const revealed = revealedTiers(plan, step).map((tierKey) => ({
    tier: tiers.find((t) => t.key === tierKey)!,
    winners: trackResults.ranking
      .filter((r) => r.award === tierKey)
      .map((r) => {
        const e = entriesById.get(r.entryId)!;
        return {
          entryId: e.id, code: e.code, unit: e.unit, model: e.model, rank: r.rank,
          score: track.ceremonyShowsScores ? r.final : null,
        };
      }),
  }));
  return {
    track: track.key,
    trackName: track.name,
    step,
    steps: plan.length,
    kind: plan[step]!.kind,
    revealed,
    showScores: track.ceremonyShowsScores,
  };
}
