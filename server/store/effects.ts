/**
 * Effects: what a command changed, as the rows looked after it. A command returns them with its
 * answer; they go into its audit record (covered by the hash), into every server process's
 * in-memory model (model.ts), and from there into the patches clients receive. JSON only (times in
 * ms since epoch) so they travel through Redis and jsonb unchanged. Secrets never appear here: a
 * relinked judge's new token stays in the database (`judgeLink` only says it changed).
 */
import type { SheetDraft, SheetVersionStatus } from '../../db/schema/scoring';
import type { ScreenLanguage } from '../protocol/display';
import type { EntryState } from '../protocol/stage';
import type { PhaseClock } from '../protocol/stage';
import type { CeremonyRow, DisplayRow, EntryRow, LateSheetRow, RecusalRow, SheetRow, SignOffRow, StageRow, TieDecisionRow } from './state';

export type Effect =
  | {
      kind: 'entry';
      id: number;
      state: EntryState;
      position: number;
      closedAt: number | null;
      /** The host's reason for closing with sheets missing (absent on records before it was kept). */
      closeReason?: string | null;
      /** The host's confirmation of an award on a short panel. */
      panelConfirmed?: { at: number; reason: string } | null;
    }
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
  | {
      kind: 'display';
      screenTrackId: number | null;
      boardVisible: boolean;
      ceremonyTrackId: number | null;
      /** Absent on records written before screens had languages. */
      language?: ScreenLanguage;
      languages?: Record<string, ScreenLanguage>;
    }
  /** A track's ceremony row (null: none). */
  | { kind: 'ceremony'; trackId: number; ceremony: { step: string; boardShown: boolean; startedAt: number } | null }
  /** A judge's sign-off of a track (签字确认), or its withdrawal. */
  | { kind: 'signOff'; judgeId: number; trackId: number; signedAt: number | null }
  /** Records written before sign-offs were per track: the judge's sign-off of all their tracks. */
  | { kind: 'judge'; id: number; signedOffAt: number | null }
  /** A sheet version that arrived after its entry closed, and what became of it. */
  | {
      kind: 'lateSheet';
      id: number;
      entryId: number;
      judgeId: number;
      version: number | null;
      scores: Record<string, number>;
      bonus: Record<string, number>;
      comment: string;
      submittedAt: number;
      status: SheetVersionStatus;
      note: string | null;
      decidedAt: number | null;
    }
  /** The judge's link token changed; each process reads the new one from the database. */
  | { kind: 'judgeLink'; id: number }
  | { kind: 'drawSeed'; trackId: number; drawSeed: string | null }
  /** A configuration command committed: the configuration's version is now `version`. */
  | { kind: 'config'; version: number }
  /** The configuration changed wholesale (a setup command): reload the contest. */
  | { kind: 'reload' };

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

export function entryEffect(row: Pick<EntryRow, 'id' | 'state' | 'position' | 'closedAt' | 'closeReason' | 'panelConfirmedAt' | 'panelConfirmReason'>): Effect {
  return {
    kind: 'entry', id: row.id, state: row.state, position: row.position, closedAt: ms(row.closedAt), closeReason: row.closeReason,
    panelConfirmed: row.panelConfirmedAt ? { at: row.panelConfirmedAt.getTime(), reason: row.panelConfirmReason ?? '' } : null,
  };
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
  return {
    kind: 'display', screenTrackId: row.screenTrackId, boardVisible: row.boardVisible, ceremonyTrackId: row.ceremonyTrackId,
    language: row.language, languages: row.languages,
  };
}

export function ceremonyEffect(trackId: number, row: CeremonyRow | null): Effect {
  return { kind: 'ceremony', trackId, ceremony: row ? { step: row.step, boardShown: row.boardShown, startedAt: row.startedAt.getTime() } : null };
}

export function signOffEffect(row: SignOffRow): Effect {
  return { kind: 'signOff', judgeId: row.judgeId, trackId: row.trackId, signedAt: row.signedAt.getTime() };
}

export function signOffWithdrawn(row: Pick<SignOffRow, 'judgeId' | 'trackId'>): Effect {
  return { kind: 'signOff', judgeId: row.judgeId, trackId: row.trackId, signedAt: null };
}

export function lateSheetEffect(row: LateSheetRow): Effect {
  return {
    kind: 'lateSheet', id: row.id, entryId: row.entryId, judgeId: row.judgeId, version: row.version, scores: row.scores, bonus: row.bonus,
    comment: row.comment, submittedAt: row.submittedAt.getTime(), status: row.status, note: row.note, decidedAt: ms(row.decidedAt),
  };
}

const date = (t: number | null): Date | null => (t === null ? null : new Date(t));

/** The sheet row an effect describes (for the model). */
export function sheetRowOf(e: Extract<Effect, { kind: 'sheet' }>): SheetRow {
  return {
    id: e.id, entryId: e.entryId, judgeId: e.judgeId, scores: e.scores, bonus: e.bonus, comment: e.comment,
    submittedAt: date(e.submittedAt), submitCount: e.submitCount, draft: e.draft, draftSavedAt: date(e.draftSavedAt),
  };
}

/** The late sheet row an effect describes (for the model). */
export function lateSheetRowOf(e: Extract<Effect, { kind: 'lateSheet' }>): LateSheetRow {
  return {
    id: e.id, entryId: e.entryId, judgeId: e.judgeId, version: e.version, scores: e.scores, bonus: e.bonus, comment: e.comment,
    submittedAt: new Date(e.submittedAt), status: e.status, note: e.note, decidedAt: date(e.decidedAt),
  };
}

export { date as dateOf };
