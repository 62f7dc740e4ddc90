/**
 * Effects: what a command changed, as the rows looked after it. A command returns them with its
 * answer; they go into its audit record (covered by the hash), into every server process's
 * in-memory model (model.ts), and from there into the patches clients receive. JSON only (times in
 * ms since epoch) so they travel through Redis and jsonb unchanged. Secrets never appear here: a
 * relinked judge's new token stays in the database (`judgeLink` only says it changed).
 */
import type { SheetDraft } from '../../db/schema/scoring';
import type { EntryState } from '../protocol/stage';
import type { PhaseClock } from '../protocol/stage';
import type { DisplayRow, EntryRow, JudgeRow, RecusalRow, SheetRow, StageRow, TieDecisionRow } from './state';

export type Effect =
  | { kind: 'entry'; id: number; state: EntryState; position: number; closedAt: number | null }
  | { kind: 'stage'; trackId: number; entryId: number | null; clock: PhaseClock | null }
  | {
      kind: 'sheet';
      id: number;
      entryId: number;
      judgeId: number;
      scores: Record<string, number> | null;
      bonus: Record<string, number> | null;
      comment: string | null;
      submittedAt: number | null;
      submitCount: number;
      draft: SheetDraft | null;
      draftSavedAt: number | null;
    }
  | { kind: 'recusal'; judgeId: number; entryId: number; recusal: { reason: string | null; createdAt: number } | null }
  | { kind: 'tieDecision'; id: number; trackId: number; decision: { entryOrder: number[]; reason: string; decidedAt: number } | null }
  | { kind: 'display'; screenTrackId: number | null; boardVisible: boolean; ceremonyTrackId: number | null; ceremonyStep: string }
  | { kind: 'judge'; id: number; signedOffAt: number | null }
  /** The judge's link token changed; each process reads the new one from the database. */
  | { kind: 'judgeLink'; id: number }
  | { kind: 'drawSeed'; trackId: number; drawSeed: string | null }
  /** A configuration command committed: the configuration's version is now `version`. */
  | { kind: 'config'; version: number }
  /** The configuration changed wholesale (a setup command): reload the contest. */
  | { kind: 'reload' };

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

export function entryEffect(row: Pick<EntryRow, 'id' | 'state' | 'position' | 'closedAt'>): Effect {
  return { kind: 'entry', id: row.id, state: row.state, position: row.position, closedAt: ms(row.closedAt) };
}

export function stageEffect(row: StageRow): Effect {
  return { kind: 'stage', trackId: row.trackId, entryId: row.entryId, clock: row.clock };
}

export function sheetEffect(row: SheetRow): Effect {
  return {
    kind: 'sheet', id: row.id, entryId: row.entryId, judgeId: row.judgeId, scores: row.scores, bonus: row.bonus, comment: row.comment,
    submittedAt: ms(row.submittedAt), submitCount: row.submitCount, draft: row.draft, draftSavedAt: ms(row.draftSavedAt),
  };
}

export function recusalEffect(judgeId: number, entryId: number, row: RecusalRow | null): Effect {
  return { kind: 'recusal', judgeId, entryId, recusal: row ? { reason: row.reason, createdAt: row.createdAt.getTime() } : null };
}

export function tieDecisionEffect(row: TieDecisionRow): Effect {
  return { kind: 'tieDecision', id: row.id, trackId: row.trackId, decision: { entryOrder: row.entryOrder, reason: row.reason, decidedAt: row.decidedAt.getTime() } };
}

export function tieDecisionRemoved(row: Pick<TieDecisionRow, 'id' | 'trackId'>): Effect {
  return { kind: 'tieDecision', id: row.id, trackId: row.trackId, decision: null };
}

export function displayEffect(row: DisplayRow): Effect {
  return { kind: 'display', screenTrackId: row.screenTrackId, boardVisible: row.boardVisible, ceremonyTrackId: row.ceremonyTrackId, ceremonyStep: row.ceremonyStep };
}

export function judgeEffect(row: Pick<JudgeRow, 'id' | 'signedOffAt'>): Effect {
  return { kind: 'judge', id: row.id, signedOffAt: ms(row.signedOffAt) };
}

const date = (t: number | null): Date | null => (t === null ? null : new Date(t));

/** The sheet row an effect describes (for the model). */
export function sheetRowOf(e: Extract<Effect, { kind: 'sheet' }>): SheetRow {
  return {
    id: e.id, entryId: e.entryId, judgeId: e.judgeId, scores: e.scores, bonus: e.bonus, comment: e.comment,
    submittedAt: date(e.submittedAt), submitCount: e.submitCount, draft: e.draft, draftSavedAt: date(e.draftSavedAt),
  };
}

export { date as dateOf };
