/** A judge's pad view: their tracks, the stage, and their own sheets. Never another judge's scores. */
import { isTimed } from '../domain/stage';
import type { JudgeEntry, JudgeTrack, JudgeView } from '../protocol/views';
import type { ContestModel } from '../store/model';
import type { EntryRow, TrackRow } from '../store/state';
import { contestInfo, entryPublic, rubricView } from './common';

/** One entry as this judge sees it, with their own submitted sheet and draft. */
export function judgeEntry(model: ContestModel, judgeId: number, e: EntryRow): JudgeEntry {
  const sheet = model.sheet(judgeId, e.id);
  const submitted = sheet !== undefined && sheet.submittedAt !== null && sheet.scores !== null;
  const late = model.lateSheet(judgeId, e.id);
  return {
    ...entryPublic(e),
    recused: model.isRecused(judgeId, e.id),
    late: late ? { receivedAt: late.submittedAt.toISOString(), status: late.status, note: late.note } : null,
    sheet: submitted
      ? {
          scores: sheet.scores!,
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
}

/** The entries a judge sees in a track: running order, without withdrawn ones. */
export function judgeOrder(model: ContestModel, trackId: number): EntryRow[] {
  return model.trackEntries(trackId).filter((e) => e.state !== 'withdrawn');
}

export function judgeStage(model: ContestModel, trackId: number): JudgeTrack['stage'] {
  const stage = model.stage(trackId);
  const onStage = stage.entryId ? model.entry(stage.entryId) : undefined;
  return { entryId: onStage?.id ?? null, clock: onStage && isTimed(onStage.state) ? stage.clock : null };
}

export function judgeInfo(model: ContestModel, judgeId: number): JudgeView['judge'] | null {
  const judge = model.judge(judgeId);
  if (!judge) return null;
  return { id: judge.id, name: judge.name, affiliation: judge.affiliation };
}

/** When the judge signed the track off, or null. */
export function judgeSignOff(model: ContestModel, judgeId: number, trackId: number): string | null {
  return model.signedOff(judgeId, trackId)?.toISOString() ?? null;
}

function judgeTrack(model: ContestModel, judgeId: number, track: TrackRow): JudgeTrack {
  return {
    key: track.key,
    name: track.name,
    rubric: rubricView(model, track.id),
    timings: track.timings,
    stage: judgeStage(model, track.id),
    entries: judgeOrder(model, track.id).map((e) => judgeEntry(model, judgeId, e)),
    signedOffAt: judgeSignOff(model, judgeId, track.id),
  };
}

export function buildJudgeView(model: ContestModel, judgeId: number): JudgeView | null {
  const judge = judgeInfo(model, judgeId);
  if (!judge) return null;
  return {
    seq: model.seq,
    contest: contestInfo(model),
    judge,
    tracks: model.tracksOfJudge(judgeId).map((t) => judgeTrack(model, judgeId, t)),
  };
}
