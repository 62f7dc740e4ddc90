/** A judge's pad view: their tracks, the stage, and their own sheets. Never another judge's scores. */
import type { JudgeEntry, JudgeTrack, JudgeView } from '../protocol/views';
import type { ContestState, JudgeRow, TrackRow } from '../store/state';
import { contestInfo, entryPublic, rubricView, trackEntries } from './common';
import { isTimed } from '../domain/stage';
import { isRecused, isSubmitted } from '../store/panel';

function judgeTrack(state: ContestState, judge: JudgeRow, track: TrackRow): JudgeTrack {
  const stage = state.stages.find((s) => s.trackId === track.id);
  const onStage = stage?.entryId ? state.entries.find((e) => e.id === stage.entryId) : undefined;
  const entries: JudgeEntry[] = trackEntries(state, track.id)
    .filter((e) => e.state !== 'withdrawn')
    .map((e) => {
      const sheet = state.sheets.find((s) => s.entryId === e.id && s.judgeId === judge.id);
      return {
        ...entryPublic(e),
        recused: isRecused(state, judge.id, e.id),
        sheet:
          isSubmitted(sheet)
            ? {
                scores: sheet.scores,
                bonus: sheet.bonus ?? {},
                comment: sheet.comment ?? '',
                submittedAt: sheet.submittedAt?.toISOString() ?? null,
                submitCount: sheet.submitCount,
              }
            : null,
        draft: sheet?.draft
          ? {
              scores: sheet.draft.scores,
              bonus: sheet.draft.bonus,
              comment: sheet.draft.comment,
              rev: sheet.draft.rev,
              submittedAt: null,
              submitCount: sheet.submitCount,
            }
          : null,
      };
    });
  return {
    key: track.key,
    name: track.name,
    rubric: rubricView(state, track.id),
    timings: track.timings,
    stage: {
      entryId: onStage?.id ?? null,
      clock: onStage && isTimed(onStage.state) ? (stage?.clock ?? null) : null,
    },
    entries,
  };
}

export function buildJudgeView(state: ContestState, judgeId: number): JudgeView | null {
  const judge = state.judges.find((j) => j.id === judgeId);
  if (!judge) return null;
  const trackIds = new Set(state.judgeTracks.filter((jt) => jt.judgeId === judgeId).map((jt) => jt.trackId));
  return {
    seq: state.seq,
    contest: contestInfo(state),
    judge: { id: judge.id, name: judge.name, affiliation: judge.affiliation, signedOffAt: judge.signedOffAt?.toISOString() ?? null },
    tracks: state.tracks.filter((t) => trackIds.has(t.id)).map((t) => judgeTrack(state, judge, t)),
  };
}
