/**
 * The judge pad's state: the judge's view (live), the sheets kept on this phone, the draft
 * autosave and the outbox of submissions. The promise to the judge: a value entered is on the
 * phone at once, on the server as a draft within a second when online, and a submission reaches
 * the server exactly once, however often the network drops, the page reloads or the server restarts.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, effectScope, ref, shallowRef, watch, type EffectScope } from 'vue';
import { judgeTotal, validateSheet, type SheetProblem } from '../../server/domain/sheet';
import { isScoringOpen } from '../../server/domain/stage';
import type { PadReport, SubmitAnswer } from '../../server/protocol/commands';
import type { CommandFailure } from '../../server/protocol/errors';
import { toPlainText, truncateText } from '../../server/protocol/plainText';
import { applyJudgeOps, topics } from '../../server/protocol/patches';
import type { JudgeEntry, JudgeTrack, JudgeView } from '../../server/protocol/views';
import { backoffMs, classifyAnswer, failureOf, type OutboxFailure } from '../composables/outboxCore';
import {
  hasAnyValue, hasUnsavedWork, isSheetInput, nextRev, outboxStorageKey, parseLocalSheet, reconcile, saveState,
  sheetStorageKey, shownInput, STORAGE_PREFIX, type LocalSheet, type SaveState, type SheetInput,
} from '../composables/padSheets';
import { useOutbox, type Outbox, type OutboxItem } from '../composables/useOutbox';
import { takeInitialJudgeData } from '../initialData';
import { deviceStorage } from '../storage';
import { isTimeout, openSocket, sendCommand, type PodiumSocket } from '../socket';
import { bindLiveView, connectionRefs, type LiveConnection } from './connection';

/** What the outbox keeps for one submission (the idempotency key is the item id). */
export interface SubmitPayload extends SheetInput {
  entryId: number;
  /** The local rev these values had, to know later whether the phone moved on since. */
  rev: number;
}

function isSubmitPayload(value: unknown): value is SubmitPayload {
  if (!isSheetInput(value)) return false;
  const v = value as unknown as Record<string, unknown>;
  return typeof v.entryId === 'number' && Number.isSafeInteger(v.entryId) && v.entryId > 0 && typeof v.rev === 'number' && Number.isSafeInteger(v.rev) && v.rev >= 0;
}

/** Something to tell the judge once (a toast), translated by the page. */
export type PadNotice =
  | { kind: 'submitted'; entryId: number; total: number; at: number }
  /** The submission reached the server after the entry closed: kept, not counted, the host decides. */
  | { kind: 'late'; entryId: number; total: number; at: number }
  | { kind: 'refused'; entryId: number | null; action: 'submit' | 'save' | 'signoff'; failure: OutboxFailure; at: number };

interface DraftSync {
  inFlight: Promise<void> | null;
  attempts: number;
  /** The rev the server refused (not retried until the judge changes something). */
  refusedRev: number | null;
  failure: OutboxFailure | null;
}

/** An entry with its track, as the pad looks it up. */
export interface PadEntry {
  track: JudgeTrack;
  entry: JudgeEntry;
}

const SAVE_DEBOUNCE_MS = 700;

/** A comment the server will take: plain text (pasted text can carry control characters), at most 2000 units. */
export function plainComment(comment: string): string {
  return truncateText(toPlainText(comment), 2000);
}

export const useJudgeStore = defineStore('judge', () => {
  const token = ref<string | null>(null);
  const view = shallowRef<JudgeView | null>(null);
  const refs = connectionRefs();
  const locals = ref<Record<number, LocalSheet>>({});
  const drafts = ref<Record<number, DraftSync>>({});
  const notice = ref<PadNotice | null>(null);
  /** False once a write to this phone's storage failed: the pad warns the judge. */
  const storedOnPhone = ref(true);
  /** The judge's explicit choices; null follows the stage. */
  const chosenTrack = ref<string | null>(null);
  const chosenEntryId = ref<number | null>(null);
  /** The track being signed off, while its sign-off is on its way. */
  const signingOff = ref<string | null>(null);
  const signOffFailure = ref<{ track: string; failure: OutboxFailure } | null>(null);
  /** 签字确认 per track key (the view's, and an ack's until the view has it). */
  const signedOff = ref<Record<string, string>>({});
  const outbox = shallowRef<Outbox<SubmitPayload> | null>(null);

  let socket: PodiumSocket | null = null;
  let connection: LiveConnection | null = null;
  let scope: EffectScope | null = null;
  const saveTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const storage = deviceStorage();

  const online = computed(() => refs.status.value === 'online');

  // ---- lookups -------------------------------------------------------------------------------

  const entryIndex = computed(() => {
    const index = new Map<number, PadEntry>();
    for (const track of view.value?.tracks ?? []) for (const entry of track.entries) index.set(entry.id, { track, entry });
    return index;
  });

  // The view is the truth (a host's reopen withdraws a sign-off); the ack only fills the gap before it.
  function isSignedOff(trackKey: string | null | undefined): boolean {
    return trackKey !== null && trackKey !== undefined && signedOff.value[trackKey] !== undefined;
  }

  /** Whether the judge may change this entry's sheet now (the server decides; this mirrors it). */
  function editable(entry: JudgeEntry): boolean {
    return !isSignedOff(entryIndex.value.get(entry.id)?.track.key) && !entry.recused && isScoringOpen(entry.state);
  }

  function outboxStateOf(entryId: number): 'pending' | 'refused' | null {
    const items = (outbox.value?.items.value ?? []).filter((i) => i.payload.entryId === entryId);
    if (items.some((i) => i.state === 'pending')) return 'pending';
    return items.length > 0 ? 'refused' : null;
  }

  function refusedItem(entryId: number): OutboxItem<SubmitPayload> | undefined {
    return (outbox.value?.items.value ?? []).findLast((i) => i.payload.entryId === entryId && i.state === 'refused');
  }

  /**
   * The values the pad shows. Once the judge can no longer change an entry (closed, signed off),
   * that is the submitted sheet, the one that counts, whatever else the phone still holds.
   */
  function sheetOf(entryId: number): SheetInput {
    const found = entryIndex.value.get(entryId);
    const sheet = found?.entry.sheet;
    if (found && sheet && !editable(found.entry)) return { scores: { ...sheet.scores }, bonus: { ...sheet.bonus }, comment: sheet.comment };
    return shownInput(locals.value[entryId] ?? null, found?.entry, outboxStateOf(entryId) !== null).input;
  }

  function stateOf(entryId: number): SaveState {
    const found = entryIndex.value.get(entryId);
    const queued = outboxStateOf(entryId);
    // A sheet that reached the server after the entry closed, not counted (waiting, or kept out).
    if (found?.entry.late && found.entry.late.status !== 'counted' && found.entry.late.status !== 'superseded' && !editable(found.entry) && queued === null) return 'late';
    if (found?.entry.sheet && !editable(found.entry) && queued === null) return 'submitted';
    return saveState(locals.value[entryId] ?? null, found?.entry, queued);
  }

  function totalOf(entryId: number): number | null {
    const found = entryIndex.value.get(entryId);
    if (!found) return null;
    const input = sheetOf(entryId);
    return hasAnyValue(input) ? judgeTotal(found.track.rubric, input) : null;
  }

  /** True when the phone holds changes to a submitted sheet that are not submitted. */
  function hasUnsubmittedChanges(entryId: number): boolean {
    const found = entryIndex.value.get(entryId);
    return Boolean(found?.entry.sheet) && stateOf(entryId) !== 'submitted';
  }

  // ---- which track and entry the pad shows ---------------------------------------------------

  function stageEntry(track: JudgeTrack): JudgeEntry | null {
    return track.entries.find((e) => e.id === track.stage.entryId) ?? null;
  }

  function needsMe(entry: JudgeEntry): boolean {
    return editable(entry) && stateOf(entry.id) !== 'submitted';
  }

  const tracks = computed(() => view.value?.tracks ?? []);

  const currentTrack = computed<JudgeTrack | null>(() => {
    const list = tracks.value;
    const chosen = list.find((t) => t.key === chosenTrack.value);
    if (chosen) return chosen;
    const waiting = list.find((t) => {
      const e = stageEntry(t);
      return e !== null && needsMe(e);
    });
    return waiting ?? list.find((t) => stageEntry(t) !== null) ?? list[0] ?? null;
  });

  const currentEntry = computed<JudgeEntry | null>(() => {
    const track = currentTrack.value;
    if (!track) return null;
    const chosen = chosenEntryId.value === null ? undefined : track.entries.find((e) => e.id === chosenEntryId.value);
    return chosen ?? stageEntry(track);
  });

  /** Other entries of the current track still open for scoring without this judge's submitted sheet. */
  const otherOpen = computed(() => {
    const track = currentTrack.value;
    if (!track) return [];
    return track.entries.filter((e) => e.id !== currentEntry.value?.id && needsMe(e));
  });

  /** Tracks (other than the current one) where an open entry waits for this judge. */
  const tracksNeedingMe = computed(() => new Set(tracks.value.filter((t) => t.entries.some(needsMe)).map((t) => t.key)));

  function chooseTrack(key: string): void {
    chosenTrack.value = key;
    chosenEntryId.value = null;
  }

  /** Opens an entry's sheet (from the list of open entries or from the review). */
  function chooseEntry(entryId: number): void {
    const found = entryIndex.value.get(entryId);
    if (!found) return;
    chosenTrack.value = found.track.key;
    chosenEntryId.value = entryId;
  }

  /** Back to following the stage. */
  function followStage(): void {
    chosenEntryId.value = null;
  }

  // ---- the phone's copy ----------------------------------------------------------------------

  function persist(sheet: LocalSheet): void {
    if (!storage || !token.value) return;
    try {
      storage.setItem(sheetStorageKey(token.value, sheet.entryId), JSON.stringify(sheet));
      storedOnPhone.value = true;
    } catch {
      storedOnPhone.value = false;
    }
  }

  function putLocal(sheet: LocalSheet): void {
    locals.value = { ...locals.value, [sheet.entryId]: sheet };
    persist(sheet);
  }

  function loadLocals(forToken: string): Record<number, LocalSheet> {
    const found: Record<number, LocalSheet> = {};
    if (!storage) return found;
    const prefix = `${STORAGE_PREFIX}.${forToken}.sheet.`;
    try {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key?.startsWith(prefix)) continue;
        const entryId = Number(key.slice(prefix.length));
        if (!Number.isSafeInteger(entryId) || entryId <= 0) continue;
        const sheet = parseLocalSheet(storage.getItem(key), entryId);
        if (sheet) found[entryId] = sheet;
      }
    } catch {
      storedOnPhone.value = false;
    }
    return found;
  }

  // ---- draft autosave (sheet:save) -----------------------------------------------------------

  function draftSync(entryId: number): DraftSync {
    const existing = drafts.value[entryId];
    if (existing) return existing;
    const created: DraftSync = { inFlight: null, attempts: 0, refusedRev: null, failure: null };
    drafts.value = { ...drafts.value, [entryId]: created };
    return drafts.value[entryId]!;
  }

  function scheduleSave(entryId: number, delay = SAVE_DEBOUNCE_MS): void {
    const pending = saveTimers.get(entryId);
    if (pending !== undefined) clearTimeout(pending);
    saveTimers.set(
      entryId,
      setTimeout(() => {
        saveTimers.delete(entryId);
        void saveNow(entryId);
      }, delay),
    );
  }

  function cancelSave(entryId: number): void {
    const pending = saveTimers.get(entryId);
    if (pending !== undefined) clearTimeout(pending);
    saveTimers.delete(entryId);
  }

  async function saveNow(entryId: number): Promise<void> {
    const local = locals.value[entryId];
    const sync = draftSync(entryId);
    if (!local || !hasUnsavedWork(local) || !socket || !online.value) return;
    // A queued submission carries these values; a refused rev waits for the judge's next change.
    if (outboxStateOf(entryId) === 'pending' || sync.refusedRev === local.rev) return;
    if (sync.inFlight) {
      await sync.inFlight;
      return saveNow(entryId);
    }
    const sent = local;
    let release: () => void = () => {};
    sync.inFlight = new Promise((resolve) => (release = resolve));
    try {
      const answer = await sendCommand(socket, 'sheet:save', {
        entryId, scores: sent.scores, bonus: sent.bonus, comment: sent.comment, rev: sent.rev,
      });
      const current = locals.value[entryId] ?? sent;
      if (answer.ok) {
        sync.attempts = 0;
        sync.failure = null;
        if (answer.data.rev === sent.rev) {
          putLocal({ ...current, savedRev: Math.max(current.savedRev, sent.rev) });
        } else if (answer.data.rev > sent.rev) {
          // The server holds a newer draft from elsewhere: our values must outrank it.
          putLocal({ ...current, rev: Math.max(current.rev, answer.data.rev + 1) });
        }
      } else if (classifyAnswer(answer) === 'retry') {
        sync.attempts += 1;
        scheduleSave(entryId, backoffMs(sync.attempts, Math.random()));
      } else {
        sync.refusedRev = sent.rev;
        sync.failure = failureOf(answer);
        notice.value = { kind: 'refused', entryId, action: 'save', failure: sync.failure, at: Date.now() };
      }
    } finally {
      sync.inFlight = null;
      release();
      drafts.value = { ...drafts.value };
    }
    const after = locals.value[entryId];
    if (after && hasUnsavedWork(after) && after.rev !== sent.rev && !saveTimers.has(entryId)) scheduleSave(entryId, 0);
  }

  function saveAllUnsaved(): void {
    for (const sheet of Object.values(locals.value)) if (hasUnsavedWork(sheet)) scheduleSave(sheet.entryId, 0);
  }

  // ---- edits ---------------------------------------------------------------------------------

  /**
   * Applies a change to an entry's sheet: kept on the phone at once, saved to the server as a
   * draft shortly after. Refused (returns false) when the entry is not open for this judge.
   */
  function change(entryId: number, mutate: (input: SheetInput) => void): boolean {
    const found = entryIndex.value.get(entryId);
    if (!found || !editable(found.entry)) return false;
    const local = locals.value[entryId] ?? null;
    const input = sheetOf(entryId);
    mutate(input);
    putLocal({
      entryId,
      ...input,
      rev: nextRev(local, found.entry),
      savedRev: local?.savedRev ?? 0,
      submittedRev: local?.submittedRev ?? null,
      updatedAt: Date.now(),
    });
    const sync = draftSync(entryId);
    sync.refusedRev = null;
    sync.failure = null;
    scheduleSave(entryId);
    return true;
  }

  function setPoints(entryId: number, section: 'scores' | 'bonus', key: string, value: number | undefined): boolean {
    return change(entryId, (input) => {
      const map = { ...input[section] };
      if (value === undefined) delete map[key];
      else map[key] = value;
      input[section] = map;
    });
  }

  function setComment(entryId: number, comment: string): boolean {
    return change(entryId, (input) => {
      input.comment = plainComment(comment);
    });
  }

  /** Problems that would stop a submission (every criterion is required). */
  function submitProblems(entryId: number): SheetProblem[] {
    const found = entryIndex.value.get(entryId);
    if (!found) return [];
    return validateSheet(found.track.rubric, sheetOf(entryId), 'submit');
  }

  /**
   * Queues the sheet for submission (persisted before anything is sent). Returns the problems
   * instead when the sheet is incomplete or the entry is not open for this judge.
   */
  function submit(entryId: number): { ok: true } | { ok: false; problems: SheetProblem[] } {
    const found = entryIndex.value.get(entryId);
    if (!found || !editable(found.entry) || !outbox.value) return { ok: false, problems: [] };
    const problems = submitProblems(entryId);
    if (problems.length > 0) return { ok: false, problems };
    const local = locals.value[entryId] ?? null;
    const input = sheetOf(entryId);
    const rev = nextRev(local, found.entry);
    putLocal({ entryId, ...input, rev, savedRev: local?.savedRev ?? 0, submittedRev: local?.submittedRev ?? null, updatedAt: Date.now() });
    cancelSave(entryId);
    // Older refused attempts of this entry are superseded by this one.
    for (const item of outbox.value.items.value) if (item.payload.entryId === entryId && item.state === 'refused') outbox.value.discard(item.id);
    outbox.value.enqueue(String(entryId), { entryId, rev, ...input });
    return { ok: true };
  }

  function retrySubmission(entryId: number): void {
    const item = refusedItem(entryId);
    if (item) outbox.value?.retry(item.id);
  }

  function discardSubmission(entryId: number): void {
    const item = refusedItem(entryId);
    if (item) outbox.value?.discard(item.id);
  }

  async function sendSubmission(item: OutboxItem<SubmitPayload>) {
    // Never let a draft save land after the submission (a submit clears the server's draft).
    await drafts.value[item.payload.entryId]?.inFlight;
    if (!socket?.connected) return { ok: false as const, code: 'internal' as const, message: 'offline', timeout: true };
    const { entryId, scores, bonus, comment } = item.payload;
    return sendCommand(socket, 'sheet:submit', { entryId, scores, bonus, comment, submissionId: item.id });
  }

  function delivered(item: OutboxItem<SubmitPayload>, data: SubmitAnswer): void {
    const { entryId, rev } = item.payload;
    const local = locals.value[entryId];
    if (data.outcome === 'late') {
      // Kept by the server, not counted: the values are there (not unsaved work), but not submitted.
      if (local) putLocal({ ...local, savedRev: Math.max(local.savedRev, Math.min(rev, local.rev)) });
      notice.value = { kind: 'late', entryId, total: data.total, at: Date.now() };
      return;
    }
    if (local) {
      putLocal({
        ...local,
        savedRev: Math.max(local.savedRev, Math.min(rev, local.rev)),
        submittedRev: Math.max(local.submittedRev ?? 0, rev),
      });
    }
    // Edits made while the submission was queued are still to be saved as a draft.
    const after = locals.value[entryId];
    if (after && hasUnsavedWork(after)) scheduleSave(entryId, 0);
    notice.value = { kind: 'submitted', entryId, total: data.total, at: Date.now() };
    if (chosenEntryId.value === entryId && (local?.rev ?? rev) === rev) chosenEntryId.value = null;
  }

  function refused(item: OutboxItem<SubmitPayload>, failure: CommandFailure): void {
    notice.value = { kind: 'refused', entryId: item.payload.entryId, action: 'submit', failure: failureOf(failure), at: Date.now() };
  }

  // ---- sign-off --------------------------------------------------------------------------------

  /**
   * 签字确认 of one track, with the signature drawn on the pad (a PNG data URL). Refused locally
   * while submissions of that track wait to be sent (they would be locked out).
   */
  async function signOff(trackKey: string, signature: string): Promise<boolean> {
    if (!socket || signingOff.value) return false;
    signOffFailure.value = null;
    const fail = (failure: OutboxFailure) => {
      signOffFailure.value = { track: trackKey, failure };
      return false;
    };
    const inTrack = (entryId: number) => entryIndex.value.get(entryId)?.track.key === trackKey;
    if ((outbox.value?.items.value ?? []).some((i) => i.state === 'pending' && inTrack(i.payload.entryId))) {
      return fail({ code: 'invalid_state', message: 'outbox', details: { outbox: true } });
    }
    if (!online.value) return fail({ code: 'internal', message: 'timeout', details: { offline: true } });
    signingOff.value = trackKey;
    try {
      const answer = await sendCommand(socket, 'judge:signoff', { track: trackKey, signature });
      if (answer.ok) {
        signedOff.value = { ...signedOff.value, [answer.data.track]: answer.data.signedOffAt };
        return true;
      }
      return fail(isTimeout(answer) ? { code: 'internal', message: 'timeout', details: { offline: true } } : failureOf(answer));
    } finally {
      signingOff.value = null;
    }
  }

  // ---- what the pad tells the console (not a command) -----------------------------------------

  /**
   * Unsent work on this phone: entries with a submission in the outbox (queued, or refused and
   * kept), and entries whose changes the server refused to save. Sent on every (re)connect, before
   * the outbox sends anything, and whenever it changes, so the console can name a judge whose
   * phone holds sheets the server does not have.
   */
  const report = computed<PadReport>(() => {
    const queued = [...new Set((outbox.value?.items.value ?? []).map((i) => i.payload.entryId))].sort((a, b) => a - b);
    const unsaved = Object.values(locals.value)
      .filter((l) => hasUnsavedWork(l) && drafts.value[l.entryId]?.refusedRev === l.rev)
      .map((l) => l.entryId)
      .sort((a, b) => a - b);
    return { queued, unsaved };
  });

  function sendReport(): void {
    if (socket?.connected) socket.emit('pad:report', report.value);
  }

  // ---- connection ------------------------------------------------------------------------------

  function applyView(next: JudgeView): void {
    view.value = next;
    signedOff.value = Object.fromEntries(next.tracks.flatMap((t) => (t.signedOffAt ? [[t.key, t.signedOffAt]] : [])));
    let changed = false;
    const updated: Record<number, LocalSheet> = { ...locals.value };
    for (const track of next.tracks) {
      for (const entry of track.entries) {
        const local = updated[entry.id];
        if (!local) continue;
        const fixed = reconcile(local, entry);
        if (fixed !== local) {
          updated[entry.id] = fixed;
          persist(fixed);
          changed = true;
        }
      }
    }
    if (changed) locals.value = updated;
    saveAllUnsaved();
  }

  function onVisible(): void {
    if (document.visibilityState !== 'visible') return;
    if (socket && !socket.connected && !refs.authError.value) socket.connect();
    outbox.value?.flush();
    saveAllUnsaved();
  }

  /** Opens the pad for a judge link. Calling it again with the same token does nothing. */
  function start(newToken: string): void {
    if (token.value === newToken && scope) return;
    stop();
    token.value = newToken;
    locals.value = loadLocals(newToken);
    drafts.value = {};
    view.value = null;
    signedOff.value = {};
    scope = effectScope(true);
    const own = scope;
    void openSocket({ role: 'judge', token: newToken }).then((opened) => {
      if (scope !== own) return opened.disconnect(); // stopped or restarted meanwhile
      socket = opened;
      // Before the view's own handlers (and so before the outbox sends): the console hears of
      // queued work even if the connection drops again before it is delivered.
      opened.on('connect', sendReport);
      if (opened.connected) sendReport();
      own.run(() => {
        // Only when what it says changes (not on every keystroke that recomputes it).
        watch(() => JSON.stringify(report.value), sendReport);
        connection = bindLiveView(
          opened,
          {
            listen: (take) => opened.on('judge:patch', take),
            topicsOf: (v) => [topics.judge(v.judge.id)],
            applyOps: applyJudgeOps,
            apply: applyView,
          },
          refs,
        );
      });
    });
    scope.run(() => {
      // The page may carry the first view inline: the pad is usable before the socket connects.
      const initial = takeInitialJudgeData(newToken);
      if (initial?.ok) applyView(initial.view);
      else if (initial) refs.authError.value = 'This judge link is not valid.';
      outbox.value = useOutbox<SubmitPayload, SubmitAnswer>({
        storageKey: outboxStorageKey(newToken),
        isPayload: isSubmitPayload,
        send: sendSubmission,
        connected: online,
        onDelivered: delivered,
        onRefused: refused,
        storage,
      });
    });
    globalThis.document?.addEventListener('visibilitychange', onVisible);
    globalThis.addEventListener?.('online', onVisible);
  }

  function stop(): void {
    for (const t of saveTimers.values()) clearTimeout(t);
    saveTimers.clear();
    outbox.value?.stop();
    outbox.value = null;
    connection?.close();
    connection = null;
    socket = null;
    scope?.stop();
    scope = null;
    globalThis.document?.removeEventListener('visibilitychange', onVisible);
    globalThis.removeEventListener?.('online', onVisible);
  }

  function dismissNotice(): void {
    notice.value = null;
  }

  return {
    token,
    view,
    status: refs.status,
    authError: refs.authError,
    online,
    notice,
    storedOnPhone,
    tracks,
    currentTrack,
    currentEntry,
    otherOpen,
    tracksNeedingMe,
    isSignedOff,
    signedOff,
    signingOff,
    signOffFailure,
    outboxItems: computed(() => outbox.value?.items.value ?? []),
    outboxPersisted: computed(() => outbox.value?.persisted.value ?? true),
    pendingCount: computed(() => outbox.value?.pendingCount.value ?? 0),
    sendingId: computed(() => outbox.value?.inFlight.value ?? null),
    entryIndex,
    editable,
    sheetOf,
    stateOf,
    totalOf,
    hasUnsubmittedChanges,
    submitProblems,
    draftFailure: (entryId: number) => drafts.value[entryId]?.failure ?? null,
    refusedSubmission: (entryId: number) => refusedItem(entryId)?.failure ?? null,
    chooseTrack,
    chooseEntry,
    followStage,
    setPoints,
    setComment,
    submit,
    retrySubmission,
    discardSubmission,
    signOff,
    dismissNotice,
    start,
    stop,
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useJudgeStore, import.meta.hot));
