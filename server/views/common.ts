/**
 * Pieces shared by the role views: how an entry, a stage, a rubric and the ceremony look. Each
 * piece is one function of the model, used both for a whole snapshot and for the patch that
 * replaces that piece, so a snapshot and the patches that follow it can never disagree.
 */
import { isFinalStep, planCeremony, revealedAt, stepIndex, stepKey, type CeremonyStepPlan } from '../domain/ceremony';
import type { TrackResults } from '../domain/results';
import { isScoringOpen, isTimed } from '../domain/stage';
import type {
  AwardTierView, CeremonyView, ContestInfo, DisplayView, EntryPublic, HostCeremony, NoScoreRow, RubricView, StageView,
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

/**
 * The track's ceremony has started and not yet reached its final page, and the host has not
 * overridden it: the track's board is frozen (not sent at all, as a hidden board is not).
 */
export function boardFrozen(model: ContestModel, track: TrackRow): boolean {
  const ceremony = model.ceremony(track.id);
  return ceremony !== undefined && !isFinalStep(ceremony.step) && !ceremony.boardShown;
}

/**
 * The judges' totals of the closed entry on stage, lowest first and without names, marked where
 * dropped, and its score: only where the contest file asks for it and the board shows scores.
 */
function closingOf(model: ContestModel, track: TrackRow, entry: EntryRow): StageView['closing'] {
  if (entry.state !== 'closed' || !track.stageShowsTotals || track.reveal !== 'live' || boardFrozen(model, track)) return null;
  const result = model.results(track.id).ranking.find((r) => r.entryId === entry.id);
  if (!result) return null;
  const order = { low: 0, null: 1, high: 2 };
  const totals = result.judges
    .map((j) => ({ total: j.total, dropped: j.dropped }))
    .sort((a, b) => a.total - b.total || order[a.dropped ?? 'null'] - order[b.dropped ?? 'null']);
  return { totals, final: result.final };
}

export function stageView(model: ContestModel, trackId: number): StageView {
  const stage = model.stage(trackId);
  const entry = stage.entryId ? model.entry(stage.entryId) : undefined;
  return {
    entry: entry ? entryPublic(entry) : null,
    clock: entry && isTimed(entry.state) ? stage.clock : null,
    progress: entry ? progressOf(model, entry.id) : null,
    closing: entry ? closingOf(model, model.track(trackId)!, entry) : null,
  };
}

export function displayView(model: ContestModel): DisplayView {
  const track = model.display.screenTrackId === null ? undefined : model.track(model.display.screenTrackId);
  return { track: track?.key ?? null, boardVisible: model.display.boardVisible, language: model.display.language, languages: model.display.languages };
}

/** Closed entries of a track without a counted sheet (无成绩), by code. */
export function noScoreRows(model: ContestModel, results: TrackResults): NoScoreRow[] {
  return results.unranked.map((u) => {
    const e = model.entry(u.entryId)!;
    return { entryId: e.id, code: e.code, unit: e.unit, model: e.model };
  });
}

/** The ceremony plan of a track from its current results. */
export function ceremonyPlanOf(model: ContestModel, track: TrackRow, results: TrackResults): CeremonyStepPlan[] {
  const tiers = model.awardTiers(track.id).map((a) => a.key);
  return planCeremony(tiers, results.ranking.flatMap((r) => (r.award ? [{ entryId: r.entryId, tier: r.award }] : [])));
}

/**
 * Where a track's ceremony stands: held at the title while the results can change under it (a
 * reopen, a pending award) or the plan no longer has the stored step, so that a stale step never
 * reveals a winner the host has not shown; the stored step resumes once the results settle.
 */
function ceremonyPosition(model: ContestModel, track: TrackRow, plan: readonly CeremonyStepPlan[], results: TrackResults): { index: number; held: boolean } {
  const row = model.ceremony(track.id);
  if (!row) return { index: 0, held: false };
  const unsettled = results.provisional || model.trackEntries(track.id).some((e) => isScoringOpen(e.state));
  return unsettled ? { index: 0, held: true } : { index: stepIndex(plan, row.step), held: false };
}

/** A track's ceremony as the console drives it (host only: the plan names every winner). */
export function hostCeremony(model: ContestModel, track: TrackRow): HostCeremony {
  const results = model.results(track.id);
  const plan = ceremonyPlanOf(model, track, results);
  const row = model.ceremony(track.id);
  return {
    started: row !== undefined,
    ...ceremonyPosition(model, track, plan, results),
    boardShown: row?.boardShown ?? false,
    plan: plan.map((s) => ({
      key: stepKey(s),
      kind: s.kind,
      tier: s.kind === 'tier' || s.kind === 'entry' ? s.tier : null,
      entryId: s.kind === 'entry' ? s.entryId : null,
    })),
  };
}

/** The track the ceremony screens show, if the host has started one. */
export function ceremonyTrack(model: ContestModel): TrackRow | undefined {
  return model.display.ceremonyTrackId === null ? undefined : model.track(model.display.ceremonyTrackId);
}

/**
 * The ceremony as far as the host has taken it. Only the tiers announced and the winners revealed
 * up to the current step are included, so no payload carries a winner the hall has not seen.
 */
export function ceremonyView(model: ContestModel): CeremonyView | null {
  const track = ceremonyTrack(model);
  if (!track) return null;
  const trackResults = model.results(track.id);
  const plan = ceremonyPlanOf(model, track, trackResults);
  const { index: step } = ceremonyPosition(model, track, plan, trackResults);
  const tiers = awardsView(model, track.id);
  const current = plan[step]!;
  const revealed = revealedAt(plan, step).map(({ tier: tierKey, entryIds }) => {
    const inTier = trackResults.ranking.filter((r) => r.award === tierKey);
    const shown = new Set(entryIds);
    return {
      tier: tiers.find((t) => t.key === tierKey)!,
      count: inTier.length,
      winners: inTier
        .filter((r) => shown.has(r.entryId))
        .map((r) => {
          const e = model.entry(r.entryId)!;
          return {
            entryId: e.id, code: e.code, unit: e.unit, model: e.model, rank: r.rank,
            score: track.ceremonyShowsScores ? r.final : null,
          };
        }),
    };
  });
  return {
    track: track.key,
    trackName: track.name,
    step,
    steps: plan.length,
    kind: current.kind,
    revealed,
    latest: current.kind === 'entry' ? current.entryId : null,
    showScores: track.ceremonyShowsScores,
    noScore: current.kind === 'all' ? noScoreRows(model, trackResults) : [],
  };
}
