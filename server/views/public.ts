/**
 * The public view (screens, the ceremony, anyone without credentials). It carries no judge names,
 * no per-judge data and no token, and only the scores the track's reveal policy allows.
 */
import type { TrackResults } from '../domain/results';
import type { BoardRow, PublicTrack, PublicView } from '../protocol/views';
import type { ContestState, TrackRow } from '../store/state';
import { awardsView, ceremonyView, contestInfo, displayView, entryPublic, stageView, trackEntries } from './common';

const UP_NEXT = 5;

function board(state: ContestState, track: TrackRow, results: TrackResults): BoardRow[] {
  // A hidden board is not sent at all: hiding it on screen only would still hand it to anyone.
  if (track.reveal === 'hidden' || !state.display.boardVisible) return [];
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  return results.ranking.map((r) => {
    const e = byId.get(r.entryId)!;
    return {
      entryId: e.id, code: e.code, unit: e.unit, model: e.model, rank: r.rank,
      score: track.reveal === 'live' ? r.final : null,
      award: r.award,
      provisional: r.provisional,
    };
  });
}

function publicTrack(state: ContestState, track: TrackRow, results: TrackResults): PublicTrack {
  const list = trackEntries(state, track.id);
  const stage = stageView(state, track.id);
  return {
    key: track.key,
    name: track.name,
    reveal: track.reveal,
    timings: track.timings,
    awards: awardsView(state, track.id),
    stage,
    upNext: list.filter((e) => e.state === 'waiting' && e.id !== stage.entry?.id).slice(0, UP_NEXT).map(entryPublic),
    counts: {
      total: list.filter((e) => e.state !== 'withdrawn').length,
      closed: list.filter((e) => e.state === 'closed').length,
      absent: list.filter((e) => e.state === 'absent').length,
    },
    board: board(state, track, results),
  };
}

export function buildPublicView(state: ContestState, results: Map<number, TrackResults>): PublicView {
  return {
    seq: state.seq,
    contest: contestInfo(state),
    tracks: state.tracks.map((t) => publicTrack(state, t, results.get(t.id)!)),
    display: displayView(state),
    ceremony: ceremonyView(state, results),
  };
}
