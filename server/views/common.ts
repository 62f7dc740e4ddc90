/**
 * Pieces shared by the role views: how an entry, a stage, a rubric and the ceremony look. Each
 * piece is one function of the model, used both for a whole snapshot and for the patch that
 * replaces that piece, so a snapshot and the patches that follow it can never disagree.
 */
import { planCeremony, revealedTiers, stepIndex } from '../domain/ceremony';
import type { TrackResults } from '../domain/results';
import { isScoringOpen, isTimed } from '../domain/stage';
import type {
  AwardTierView, CeremonyView, ContestInfo, DisplayView, EntryPublic, RubricView, StageView,
} from '../protocol/views';
import type { ContestModel } from '../store/model';
import type { EntryRow, TrackRow } from '../store/state';

export function contestInfo(model: ContestModel): ContestInfo {
  const c = model.contest;
  return { id: c.id, name: c.name, subtitle: c.subtitle, date: c.date, venue: c.venue };
}

export function entryPublic(e: EntryRow): EntryPublic {
  return { id: e.id, code: e.code, position: e.position, unit: e.unit, model: e.model, state: e.state };
}

export function rubricView(model: ContestModel, trackId: number): RubricView {
  const items = model.rubric(trackId);
  const view = (kind: 'criterion' | 'bonus') =>
    items
      .filter((i) => i.kind === kind)
      .map((i) => ({ key: i.key, label: i.label, description: i.description, max: i.max, step: i.step }));
  return { criteria: view('criterion'), bonus: view('bonus') };
}

export function awardsView(model: ContestModel, trackId: number): AwardTierView[] {
  return model.awardTiers(trackId).map((a) => ({ key: a.key, name: a.name, count: a.count }));
}

/** Submitted / eligible judges for one entry. */
export function progressOf(model: ContestModel, entryId: number): { submitted: number; eligible: number } {
  const eligible = model.eligibleJudgeIds(entryId);
  const submitted = eligible.filter((j) => model.sheet(j, entryId)?.submittedAt);
  return { submitted: submitted.length, eligible: eligible.length };
}

export function stageView(model: ContestModel, trackId: number): StageView {
  const stage = model.stage(trackId);
  const entry = stage.entryId ? model.entry(stage.entryId) : undefined;
  return {
    entry: entry ? entryPublic(entry) : null,
    clock: entry && isTimed(entry.state) ? stage.clock : null,
    progress: entry ? progressOf(model, entry.id) : null,
  };
}

export function displayView(model: ContestModel): DisplayView {
  const track = model.display.screenTrackId === null ? undefined : model.track(model.display.screenTrackId);
  return { track: track?.key ?? null, boardVisible: model.display.boardVisible };
}

/** The ceremony plan of a track from its current results. */
export function ceremonyPlanOf(model: ContestModel, track: TrackRow, results: TrackResults) {
  const tiers = model.awardTiers(track.id).map((a) => a.key);
  const awarded = new Set(results.ranking.flatMap((r) => (r.award ? [r.award] : [])));
  return planCeremony(tiers, awarded);
}

/** The track the ceremony screens show, if the host has started one. */
export function ceremonyTrack(model: ContestModel): TrackRow | undefined {
  return model.display.ceremonyTrackId === null ? undefined : model.track(model.display.ceremonyTrackId);
}

/**
 * The ceremony as far as the host has taken it. Only tiers up to the current step are included,
 * so no payload carries a winner the hall has not seen.
 */
export function ceremonyView(model: ContestModel): CeremonyView | null {
  const track = ceremonyTrack(model);
  if (!track) return null;
  const trackResults = model.results(track.id);
  const plan = ceremonyPlanOf(model, track, trackResults);
  // Hold at the title while the results can change under the ceremony (a reopen, an unresolved
  // boundary tie) or the plan no longer has the stored step: a stale step must never reveal a
  // tier the host has not shown. The stored step resumes once the results settle.
  const unsettled = trackResults.provisional || model.trackEntries(track.id).some((e) => isScoringOpen(e.state));
  const step = unsettled ? 0 : stepIndex(plan, model.display.ceremonyStep);
  const tiers = awardsView(model, track.id);
  const revealed = revealedTiers(plan, step).map((tierKey) => ({
    tier: tiers.find((t) => t.key === tierKey)!,
    winners: trackResults.ranking
      .filter((r) => r.award === tierKey)
      .map((r) => {
        const e = model.entry(r.entryId)!;
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
