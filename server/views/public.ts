/**
 * The public view (screens, phones in the hall, the ceremony, anyone without credentials). It
 * carries no judge names, no per-judge data and no token, and only the scores the track's reveal
 * policy allows.
 */
import type { BoardRow, EntryPublic, NoScoreRow, PublicTrack, PublicView } from '../protocol/views';
import type { ContestModel } from '../store/model';
import type { TrackRow } from '../store/state';
import { awardsView, boardFrozen, ceremonyView, contestInfo, displayView, entryPublic, noScoreRows, stageView } from './common';

const UP_NEXT = 5;

/**
 * A track's board as its reveal policy allows: places (and scores under `live`), each with its
 * panel, and the entries without a score (无成绩). Tiers only where the contest file shows them
 * live (`boardShowsAwards`): by default the ceremony keeps its suspense.
 */
export function publicBoard(model: ContestModel, track: TrackRow): { board: BoardRow[]; noScore: NoScoreRow[]; frozen: boolean } {
  const frozen = boardFrozen(model, track);
  // A hidden or frozen board is not sent at all: hiding it on screen only would still hand it to anyone.
  if (track.reveal === 'hidden' || !model.display.boardVisible || frozen) return { board: [], noScore: [], frozen };
  const results = model.results(track.id);
  const board = results.ranking.map((r) => {
    const e = model.entry(r.entryId)!;
    return {
      entryId: e.id, code: e.code, unit: e.unit, model: e.model, rank: r.rank,
      score: track.reveal === 'live' ? r.final : null,
      award: track.boardShowsAwards ? r.award : null,
      provisional: track.boardShowsAwards && r.provisional,
      panel: { counted: r.counted, expected: r.expected },
    };
  });
  return { board, noScore: noScoreRows(model, results), frozen };
}

/** The entries still to come and the track's counts. */
export function publicQueue(model: ContestModel, track: TrackRow): { upNext: EntryPublic[]; counts: PublicTrack['counts'] } {
  const list = model.trackEntries(track.id);
  const onStage = model.stage(track.id).entryId;
  let total = 0;
  let closed = 0;
  let absent = 0;
  for (const e of list) {
    if (e.state !== 'withdrawn') total++;
    if (e.state === 'closed') closed++;
    if (e.state === 'absent') absent++;
  }
  return {
    upNext: list.filter((e) => e.state === 'waiting' && e.id !== onStage).slice(0, UP_NEXT).map(entryPublic),
    counts: { total, closed, absent },
  };
}

function publicTrack(model: ContestModel, track: TrackRow): PublicTrack {
  return {
    key: track.key,
    name: track.name,
    reveal: track.reveal,
    timings: track.timings,
    awards: awardsView(model, track.id),
    stage: stageView(model, track.id),
    ...publicQueue(model, track),
    ...publicBoard(model, track),
  };
}

/** The public view of the given tracks (all when none are named; unknown keys are left out). */
export function buildPublicView(model: ContestModel, trackKeys?: readonly string[]): PublicView {
  const tracks = trackKeys ? model.tracks.filter((t) => trackKeys.includes(t.key)) : model.tracks;
  return {
    seq: model.seq,
    contest: contestInfo(model),
    tracks: tracks.map((t) => publicTrack(model, t)),
    display: displayView(model),
    ceremony: ceremonyView(model),
  };
}
