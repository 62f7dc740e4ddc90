/**
 * The judge pad's sheet rules, pure: how a sheet is kept on the phone, which copy the pad shows
 * (the phone's, the server's draft, or the submitted one), which of "saved on this phone", "saved
 * on server", "submitted" holds, and the stepper and quick-pick values. Totals and validation are
 * the server's own code (server/domain/sheet.ts), so the pad shows exactly what will count.
 */
import { parsePoints } from '../../server/domain/format';
import { judgeTotal, sameSheet, type SheetProblem } from '../../server/domain/sheet';
import type { JudgeEntry, RubricItemView, RubricView } from '../../server/protocol/views';
import { isObject } from '../storage';

/** What a judge enters for one entry. Points are integer hundredths. */
export interface SheetInput {
  scores: Record<string, number>;
  bonus: Record<string, number>;
  comment: string;
}

/** A sheet as kept on the phone (localStorage, one key per judge token and entry). */
export interface LocalSheet extends SheetInput {
  entryId: number;
  /** Edit counter: every change adds one; sent as the draft's `rev`. */
  rev: number;
  /** Highest rev the server holds (acknowledged draft, or carried by an acknowledged submit). */
  savedRev: number;
  /** Rev carried by the last submission the server acknowledged, or null. */
  submittedRev: number | null;
  /** Device time of the last change, for display only. */
  updatedAt: number;
}

/** Which of the pad's promises holds for a sheet. */
export type SaveState =
  /** Nothing entered. */
  | 'empty'
  /** Kept on this phone; not yet on the server. */
  | 'local'
  /** The server holds this draft (it does not count until submitted). */
  | 'server'
  /** A submission is queued: sent as soon as the server can be reached. */
  | 'queued'
  /** The server refused the last submission; see its reason. */
  | 'refused'
  /** The server holds these values as the submitted sheet. */
  | 'submitted'
  /** The submission reached the server after the entry closed: kept, not counted (the host decides). */
  | 'late';

export const STORAGE_PREFIX = 'podium.pad.v1';

/** localStorage key of one sheet: keyed by the judge's token and the entry. */
export function sheetStorageKey(token: string, entryId: number): string {
  return `${STORAGE_PREFIX}.${token}.sheet.${entryId}`;
}

/** localStorage key of the judge's outbox of submissions. */
export function outboxStorageKey(token: string): string {
  return `${STORAGE_PREFIX}.${token}.outbox`;
}

export function emptyInput(): SheetInput {
  return { scores: {}, bonus: {}, comment: '' };
}

function isPointsMap(value: unknown): value is Record<string, number> {
  if (!isObject(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 64 && entries.every(([k, v]) => k.length <= 32 && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
}

function isRev(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** True for a well-formed sheet input (scores, bonus, comment). */
export function isSheetInput(value: unknown): value is SheetInput {
  return isObject(value) && isPointsMap(value.scores) && isPointsMap(value.bonus) && typeof value.comment === 'string' && value.comment.length <= 2000;
}

/** A sheet read back from storage, or null when missing or malformed (storage is outside input). */
export function parseLocalSheet(raw: string | null, entryId: number): LocalSheet | null {
  if (!raw) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isSheetInput(data) || !isObject(data)) return null;
  const d = data as unknown as Record<string, unknown>;
  if (d.entryId !== entryId || !isRev(d.rev) || !isRev(d.savedRev)) return null;
  const submittedRev = d.submittedRev === null || d.submittedRev === undefined ? null : isRev(d.submittedRev) ? d.submittedRev : null;
  return {
    entryId,
    scores: { ...data.scores },
    bonus: { ...data.bonus },
    comment: data.comment,
    rev: d.rev,
    savedRev: Math.min(d.savedRev, d.rev),
    submittedRev,
    updatedAt: typeof d.updatedAt === 'number' ? d.updatedAt : 0,
  };
}

/** Same scores, bonus and comment (the server's own comparison). */
export const sameInput: (a: SheetInput, b: SheetInput) => boolean = sameSheet;

export function hasAnyValue(input: SheetInput): boolean {
  return Object.keys(input.scores).length > 0 || Object.keys(input.bonus).length > 0 || input.comment.trim() !== '';
}

function inputOf(sheet: SheetInput): SheetInput {
  return { scores: { ...sheet.scores }, bonus: { ...sheet.bonus }, comment: sheet.comment };
}

/** True when this phone holds work the server does not have yet. */
export function hasUnsavedWork(local: LocalSheet | null): boolean {
  return local !== null && local.rev > local.savedRev;
}

/**
 * Brings a sheet kept on the phone in line with what the server says, after a (re)connect or a
 * broadcast: a server draft with the same rev and values means our save arrived even if its
 * answer did not; a server draft of the same or a higher rev with other values came from another
 * device (or tab), and unsaved work here must outrank it, so its rev moves past the server's.
 */
export function reconcile(local: LocalSheet, entry: JudgeEntry): LocalSheet {
  const draft = entry.draft;
  if (!draft || !hasUnsavedWork(local)) return local;
  if (draft.rev === local.rev && sameInput(draft, local)) return { ...local, savedRev: local.rev };
  if (draft.rev >= local.rev) return { ...local, rev: draft.rev + 1 };
  return local;
}

/**
 * The values the pad shows for an entry. Work on this phone that the server does not have yet
 * (or that waits in the outbox) comes first; otherwise the server's draft unless ours is newer
 * (a submit clears the draft, so a draft is newer than the submitted sheet), then the submitted
 * sheet, then whatever the phone kept.
 */
export function shownInput(local: LocalSheet | null, entry: JudgeEntry | undefined, queued: boolean): { input: SheetInput; source: 'local' | 'draft' | 'sheet' | 'empty' } {
  if (local && (hasUnsavedWork(local) || queued)) return { input: inputOf(local), source: 'local' };
  if (entry?.draft) {
    if (!local || entry.draft.rev >= local.rev) return { input: inputOf(entry.draft), source: 'draft' };
    return { input: inputOf(local), source: 'local' };
  }
  if (entry?.sheet) return { input: inputOf(entry.sheet), source: 'sheet' };
  if (local) return { input: inputOf(local), source: 'local' };
  return { input: emptyInput(), source: 'empty' };
}

/** The rev of the next change: past both this phone's and the server's. */
export function nextRev(local: LocalSheet | null, entry: JudgeEntry | undefined): number {
  return Math.max(local?.rev ?? 0, entry?.draft?.rev ?? 0) + 1;
}

/**
 * Which promise holds for the values shown. `queued`/`refused` reflect the outbox; a sheet equal
 * to the server's submitted one is `submitted` (also when that came from another device).
 */
export function saveState(local: LocalSheet | null, entry: JudgeEntry | undefined, outbox: 'pending' | 'refused' | null): SaveState {
  if (outbox === 'pending') return 'queued';
  if (outbox === 'refused') return 'refused';
  const { input, source } = shownInput(local, entry, false);
  if (local && local.submittedRev === local.rev && sameInput(input, local)) return 'submitted';
  if (entry?.sheet && sameInput(input, entry.sheet)) return 'submitted';
  if (source === 'empty' || (!hasAnyValue(input) && !entry?.sheet)) return 'empty';
  if (source === 'local' && hasUnsavedWork(local)) return 'local';
  return 'server';
}

/** Highest total the rubric allows (criteria, and bonus separately), hundredths. */
export function rubricMax(rubric: RubricView): { criteria: number; bonus: number } {
  return {
    criteria: rubric.criteria.reduce((s, c) => s + c.max, 0),
    bonus: rubric.bonus.reduce((s, c) => s + c.max, 0),
  };
}

/**
 * Common values to pick with one tap: 60 %, 70 %, 80 %, 90 % and 100 % of the max, snapped down to
 * the step; for items with few possible values (a 0–5 bonus in whole points) every value.
 */
export function quickPicks(item: Pick<RubricItemView, 'max' | 'step'>): number[] {
  const steps = Math.floor(item.max / item.step);
  if (steps <= 5) return Array.from({ length: steps + 1 }, (_, i) => i * item.step);
  const picks = [60, 70, 80, 90, 100].map((pct) => Math.floor((item.max * pct) / 100 / item.step) * item.step);
  return [...new Set(picks)];
}

/**
 * The stepper: one step up or down from `value`, kept within 0..max and on the step (a value off
 * the step moves to the neighbouring step). From nothing, + starts at one step and − does nothing.
 */
export function stepValue(value: number | undefined, item: Pick<RubricItemView, 'max' | 'step'>, direction: 1 | -1): number | undefined {
  if (value === undefined) return direction === 1 ? Math.min(item.step, item.max) : undefined;
  const onStep = direction === 1 ? Math.floor(value / item.step) * item.step : Math.ceil(value / item.step) * item.step;
  return Math.max(0, Math.min(item.max, onStep + direction * item.step));
}

/**
 * What a score box holds, read from what the judge typed: nothing, a value the rubric allows, or
 * something it does not (not a number, out of bounds, off the step), which the sheet must not
 * hold at all, so that neither the total nor a quick pick goes on showing an older value. `8.`
 * (still typing the decimals) reads as 8. `typed` is the number typed, when it is one.
 */
export type BoxReading =
  | { kind: 'empty' }
  | { kind: 'value'; value: number }
  | { kind: 'invalid'; problem: 'not_a_number' | SheetProblem; typed: number | null };

export function readBox(text: string, check: (value: number) => SheetProblem | null): BoxReading {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const typed = parsePoints(/^\d+\.$/.test(trimmed) ? trimmed.slice(0, -1) : trimmed);
  if (typed === null) return { kind: 'invalid', problem: 'not_a_number', typed: null };
  const problem = check(typed);
  return problem ? { kind: 'invalid', problem, typed } : { kind: 'value', value: typed };
}

/** The running total as the pad shows it: of the values held, and whether the sheet is complete. */
export interface TotalView {
  /** Criteria plus bonus of the values held, hundredths. */
  total: number;
  /** Every criterion holds a value and no box holds something the rubric refuses. */
  complete: boolean;
  /** Items still to fill or to correct (criteria without a value, and boxes marked invalid). */
  open: number;
}

/** @param invalid boxes whose text the rubric refuses, as `c:<key>` (criterion) or `b:<key>` (bonus) */
export function totalView(rubric: RubricView, input: SheetInput, invalid: ReadonlySet<string>): TotalView {
  const open = new Set(invalid);
  for (const c of rubric.criteria) if (input.scores[c.key] === undefined) open.add(`c:${c.key}`);
  return { total: judgeTotal(rubric, input), complete: open.size === 0, open: open.size };
}
