/** The host's view: everything about the contest, including per-judge status and explained results. */
import type { TrackResults } from '../domain/results';
import { isAmending, judgeTotal } from '../domain/sheet';
import type { HostEntryInfo } from '../protocol/patches';
import type { HostEntry, HostJudge, HostLateSheet, HostSheetStatus, HostTrack, HostView } from '../protocol/views';
import type { ContestModel } from '../store/model';
import type { EntryRow, JudgeRow, LateSheetRow, TrackRow } from '../store/state';
import { awardsView, ceremonyView, contestInfo, displayView, hostCeremony, rubricView, stageView } from './common';

function hostLateSheet(model: ContestModel, entry: EntryRow, late: LateSheetRow): HostLateSheet {
  return {
    id: late.id, receivedAt: late.submittedAt.toISOString(), total: judgeTotal(model.trackRules(entry.trackId), late),
    scores: late.scores, bonus: late.bonus, comment: late.comment, status: late.status, note: late.note,
    decidedAt: late.decidedAt?.toISOString() ?? null,
  };
}

/** One judge's state on one entry, with the outlier flags on their counted sheet. */
export function hostSheetStatus(model: ContestModel, entry: EntryRow, judgeId: number): HostSheetStatus {
  const sheet = model.sheet(judgeId, entry.id);
  const submitted = sheet !== undefined && sheet.submittedAt !== null && sheet.scores !== null;
  const status = model.isRecused(judgeId, entry.id) ? 'recused' : submitted ? 'submitted' : sheet?.draft ? 'draft' : 'none';
  const late = model.lateSheet(judgeId, entry.id);
  return {
    judgeId,
    status,
    total: submitted ? judgeTotal(model.trackRules(entry.trackId), { scores: sheet.scores!, bonus: sheet.bonus ?? {} }) : null,
    submittedAt: sheet?.submittedAt?.toISOString() ?? null,
    amended: (sheet?.submitCount ?? 0) > 1,
    amending: status === 'submitted' && isAmending(sheet),
    late: late ? hostLateSheet(model, entry, late) : null,
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
    closeReason: entry.closeReason,
    panelConfirmed: entry.panelConfirmedAt ? { at: entry.panelConfirmedAt.toISOString(), reason: entry.panelConfirmReason ?? '' } : null,
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
      expected: r.expected, shortPanel: r.shortPanel, panelConfirmed: r.panelConfirmed, pending: r.pending,
      untrimmedMean: r.untrimmedMean, criterionMeans: r.criterionMeans, bonusMeans: r.bonusMeans,
      judges: r.judges.map((j) => ({ judgeId: j.judgeId, total: j.total, dropped: j.dropped })),
    })),
    unranked: results.unranked.map((u) => ({ entryId: u.entryId, expected: u.expected, recused: u.recused })),
    boundaryTies: results.boundaryTies.map((t) => ({
      entryIds: t.entryIds, rank: t.rank, above: t.tierAbove, below: t.tierBelow, needsDecision: t.needsManualDecision, unresolved: t.unresolved,
    })),
    provisional: results.provisional,
    minAwardPanel: results.minAwardPanel,
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
    boardShowsAwards: track.boardShowsAwards,
    stageShowsTotals: track.stageShowsTotals,
    minAwardPanel: track.minAwardPanel,
    stage: stageView(model, track.id),
    entries: hostOrder(model, track.id).map((e) => hostEntry(model, e)),
    results: hostResults(model.results(track.id)),
    ceremony: hostCeremony(model, track),
  };
}

export function hostJudge(model: ContestModel, j: JudgeRow): HostJudge {
  return {
    id: j.id,
    key: j.key,
    name: j.name,
    affiliation: j.affiliation,
    tracks: model.tracksOfJudge(j.id).map((t) => t.key),
    signOffs: Object.fromEntries([...model.signOffsOf(j.id)].map(([trackId, at]) => [model.track(trackId)!.key, at.toISOString()])),
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
    // Presence is not in the model: the realtime layer fills it in (server/realtime/presence.ts).
    presence: { seq: 0, judges: [] },
  };
}
