/** The host's view: everything about the contest, including per-judge status and explained results. */
import type { TrackResults } from '../domain/results';
import { judgeTotal } from '../domain/sheet';
import type { HostEntryInfo } from '../protocol/patches';
import type { HostEntry, HostJudge, HostSheetStatus, HostTrack, HostView } from '../protocol/views';
import type { ContestModel } from '../store/model';
import type { EntryRow, JudgeRow, TrackRow } from '../store/state';
import { awardsView, ceremonyView, contestInfo, displayView, rubricView, stageView } from './common';

/** One judge's state on one entry, with the outlier flags on their counted sheet. */
export function hostSheetStatus(model: ContestModel, entry: EntryRow, judgeId: number): HostSheetStatus {
  const sheet = model.sheet(judgeId, entry.id);
  const submitted = sheet !== undefined && sheet.submittedAt !== null && sheet.scores !== null;
  const status = model.isRecused(judgeId, entry.id) ? 'recused' : submitted ? 'submitted' : sheet?.draft ? 'draft' : 'none';
  return {
    judgeId,
    status,
    total: submitted ? judgeTotal(model.trackRules(entry.trackId), { scores: sheet.scores!, bonus: sheet.bonus ?? {} }) : null,
    submittedAt: sheet?.submittedAt?.toISOString() ?? null,
    amended: (sheet?.submitCount ?? 0) > 1,
    flags: model
      .entryOutliers(entry.id)
      .filter((o) => o.judgeId === judgeId)
      .map((o) => ({ key: o.key, value: o.value, othersMedian: o.othersMedian, deviation: o.deviation, limit: o.limit })),
  };
}

/** Every judge's state on one entry (sent whole when the entry's counted sheets change). */
export function hostEntrySheets(model: ContestModel, entry: EntryRow): HostSheetStatus[] {
  return model.trackJudgeIds(entry.trackId).map((j) => hostSheetStatus(model, entry, j));
}

export function hostEntryInfo(entry: EntryRow): HostEntryInfo {
  return {
    id: entry.id, code: entry.code, position: entry.position, unit: entry.unit, model: entry.model, state: entry.state,
    contact: entry.contact,
    closedAt: entry.closedAt?.toISOString() ?? null,
  };
}

function hostEntry(model: ContestModel, entry: EntryRow): HostEntry {
  return { ...hostEntryInfo(entry), sheets: hostEntrySheets(model, entry) };
}

/** The console's order of a track's entries: running order, withdrawn ones last. */
export function hostOrder(model: ContestModel, trackId: number): EntryRow[] {
  const list = model.trackEntries(trackId);
  return [...list.filter((e) => e.state !== 'withdrawn'), ...list.filter((e) => e.state === 'withdrawn')];
}

export function hostResults(results: TrackResults): HostTrack['results'] {
  return {
    ranking: results.ranking.map((r) => ({
      entryId: r.entryId, rank: r.rank, final: r.final, award: r.award, provisional: r.provisional,
      sharedRank: r.sharedRank, decidedBy: r.decidedBy, policyApplied: r.policyApplied, counted: r.counted,
      untrimmedMean: r.untrimmedMean, criterionMeans: r.criterionMeans, bonusMeans: r.bonusMeans,
      judges: r.judges.map((j) => ({ judgeId: j.judgeId, total: j.total, dropped: j.dropped })),
    })),
    boundaryTies: results.boundaryTies.map((t) => ({
      entryIds: t.entryIds, rank: t.rank, above: t.tierAbove, below: t.tierBelow, needsDecision: t.needsManualDecision, unresolved: t.unresolved,
    })),
    provisional: results.provisional,
  };
}

function hostTrack(model: ContestModel, track: TrackRow): HostTrack {
  const a = track.aggregation;
  return {
    key: track.key,
    name: track.name,
    reveal: track.reveal,
    ceremonyShowsScores: track.ceremonyShowsScores,
    timings: track.timings,
    awards: awardsView(model, track.id),
    rubric: rubricView(model, track.id),
    aggregation: a.policy === 'trimmed' ? { policy: a.policy, trim: a.trim, minPanel: a.minPanel, bonus: a.bonus } : { policy: a.policy, bonus: a.bonus },
    tieBreaks: track.tieBreaks,
    minAwardScore: track.minAwardScore,
    drawSeed: track.drawSeed,
    stage: stageView(model, track.id),
    entries: hostOrder(model, track.id).map((e) => hostEntry(model, e)),
    results: hostResults(model.results(track.id)),
  };
}

export function hostJudge(model: ContestModel, j: JudgeRow): HostJudge {
  return {
    id: j.id,
    key: j.key,
    name: j.name,
    affiliation: j.affiliation,
    tracks: model.tracksOfJudge(j.id).map((t) => t.key),
    signedOffAt: j.signedOffAt?.toISOString() ?? null,
    recusals: model.recusalsOfJudge(j.id),
  };
}

export function buildHostView(model: ContestModel): HostView {
  return {
    seq: model.seq,
    contest: contestInfo(model),
    tracks: model.tracks.map((t) => hostTrack(model, t)),
    judges: model.judges.map((j) => hostJudge(model, j)),
    display: displayView(model),
    ceremony: ceremonyView(model),
  };
}
