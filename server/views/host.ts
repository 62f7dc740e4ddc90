/** The host's view: everything about the contest, including per-judge status and explained results. */
import { findOutliers } from '../domain/outliers';
import type { TrackResults } from '../domain/results';
import type { HostAlert, HostEntry, HostJudge, HostSheetStatus, HostTrack, HostView } from '../protocol/views';
import type { ContestState, EntryRow, TrackRow } from '../store/state';
import { awardsView, ceremonyView, contestInfo, displayView, entryPublic, rubricView, stageView, trackEntries } from './common';
import { judgeTotal } from '../domain/sheet';
import type { Rubric } from '../domain/types';
import { isRecused, isSubmitted, sheetOf, trackJudgeIds } from '../store/panel';

function sheetStatuses(state: ContestState, track: TrackRow, entry: EntryRow, rubric: Rubric): HostSheetStatus[] {
  return trackJudgeIds(state, track.id).map((judgeId) => {
    const sheet = sheetOf(state, judgeId, entry.id);
    const submitted = isSubmitted(sheet);
    const status = isRecused(state, judgeId, entry.id) ? 'recused' : submitted ? 'submitted' : sheet?.draft ? 'draft' : 'none';
    return {
      judgeId,
      status,
      total: submitted ? judgeTotal(rubric, { scores: sheet.scores, bonus: sheet.bonus ?? {} }) : null,
      submittedAt: sheet?.submittedAt?.toISOString() ?? null,
      amended: (sheet?.submitCount ?? 0) > 1,
    };
  });
}

function hostEntry(state: ContestState, track: TrackRow, entry: EntryRow, rubric: Rubric): HostEntry {
  return {
    ...entryPublic(entry),
    contact: entry.contact,
    closedAt: entry.closedAt?.toISOString() ?? null,
    sheets: sheetStatuses(state, track, entry, rubric),
  };
}

function hostTrack(state: ContestState, track: TrackRow, results: TrackResults): HostTrack {
  const list = trackEntries(state, track.id);
  const ordered = [...list.filter((e) => e.state !== 'withdrawn'), ...list.filter((e) => e.state === 'withdrawn')];
  const a = track.aggregation;
  const rubric = rubricView(state, track.id);
  return {
    key: track.key,
    name: track.name,
    reveal: track.reveal,
    ceremonyShowsScores: track.ceremonyShowsScores,
    timings: track.timings,
    awards: awardsView(state, track.id),
    rubric,
    aggregation: a.policy === 'trimmed' ? { policy: a.policy, trim: a.trim, minPanel: a.minPanel, bonus: a.bonus } : { policy: a.policy, bonus: a.bonus },
    drawSeed: track.drawSeed,
    stage: stageView(state, track.id),
    entries: ordered.map((e) => hostEntry(state, track, e, rubric)),
    results: {
      ranking: results.ranking.map((r) => ({
        entryId: r.entryId, rank: r.rank, final: r.final, award: r.award, provisional: r.provisional,
        sharedRank: r.sharedRank, decidedBy: r.decidedBy, policyApplied: r.policyApplied, counted: r.counted,
        untrimmedMean: r.untrimmedMean, criterionMeans: r.criterionMeans,
        judges: r.judges.map((j) => ({ judgeId: j.judgeId, total: j.total, dropped: j.dropped })),
      })),
      boundaryTies: results.boundaryTies.map((t) => ({
        entryIds: t.entryIds, rank: t.rank, above: t.tierAbove, below: t.tierBelow, needsDecision: t.needsManualDecision, unresolved: t.unresolved,
      })),
      provisional: results.provisional,
    },
  };
}

function alertsOf(tracks: HostTrack[]): HostAlert[] {
  const alerts: HostAlert[] = [];
  for (const t of tracks) {
    for (const tie of t.results.boundaryTies.filter((b) => b.needsDecision)) {
      alerts.push({ kind: 'boundaryTie', track: t.key, entryIds: tie.entryIds, above: tie.above, below: tie.below });
    }
    const fullMarks = [...t.rubric.criteria, ...t.rubric.bonus].reduce((sum, c) => sum + c.max, 0);
    for (const e of t.entries) {
      if (e.state === 'scoring') {
        const missing = e.sheets.filter((s) => s.status === 'none' || s.status === 'draft').map((s) => s.judgeId);
        if (missing.length > 0) alerts.push({ kind: 'missingSheets', track: t.key, entryId: e.id, judgeIds: missing });
      }
      const totals = e.sheets.flatMap((s) => (s.status === 'submitted' && s.total !== null ? [{ judgeId: s.judgeId, total: s.total }] : []));
      for (const o of findOutliers(totals, fullMarks)) {
        alerts.push({ kind: 'outlier', track: t.key, entryId: e.id, judgeId: o.judgeId, total: o.total, othersMedian: o.othersMedian });
      }
    }
  }
  return alerts;
}

function hostJudges(state: ContestState): HostJudge[] {
  return state.judges.map((j) => ({
    id: j.id,
    key: j.key,
    name: j.name,
    affiliation: j.affiliation,
    tracks: state.judgeTracks.filter((jt) => jt.judgeId === j.id).map((jt) => state.tracks.find((t) => t.id === jt.trackId)!.key),
    signedOffAt: j.signedOffAt?.toISOString() ?? null,
    recusals: state.recusals.filter((r) => r.judgeId === j.id).map((r) => r.entryId),
  }));
}

export function buildHostView(state: ContestState, results: Map<number, TrackResults>): HostView {
  const tracks = state.tracks.map((t) => hostTrack(state, t, results.get(t.id)!));
  return {
    seq: state.seq,
    contest: contestInfo(state),
    tracks,
    judges: hostJudges(state),
    display: displayView(state),
    ceremony: ceremonyView(state, results),
    alerts: alertsOf(tracks),
  };
}
