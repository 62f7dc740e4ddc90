/**
 * The host's state, in one place: the host view (live), the key, which track the console shows,
 * the commands the host sends and their refusals, and the setup calls (judge links, import,
 * exports). The host key arrives once in the link (`/host#key=...`), is kept on this laptop, and
 * is removed from the address bar so it does not end up on the projector or in a screenshot.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { hostAlerts } from '../../server/domain/alerts';
import type { Ack, CommandFailure, ErrorCode } from '../../server/protocol/errors';
import { applyHostOps, hostTopics, hostVersionOf } from '../../server/protocol/patches';
import type { AnalysisStatus } from '../../server/protocol/analysis';
import type { HostCommandName, ReadAnswerOf, ReadName, ReadPayloadOf } from '../../server/protocol/registry';
import type { HostEntry, HostTrack, HostView, JudgePresence } from '../../server/protocol/views';
import type { AuditExport, SetupLinks } from '../../server/protocol/rest';
import { isTimeout, openSocket, sendCommand, sendRead, type AnswerOf, type PayloadOf, type PodiumSocket } from '../socket';
import { fetchFile, saveBlob, type DownloadProgress } from '../download';
import { postWithProgress } from '../upload';
import { deviceStorage } from '../storage';
import { bindLiveView, connectionRefs, type LiveConnection } from './connection';

const KEY_STORAGE = 'podium.hostKey';
const TRACK_STORAGE = 'podium.host.track';
const NOTICE_MS = 15_000;

function keyFromLocation(): string | null {
  const hash = globalThis.location?.hash ?? '';
  const match = /(?:^#|&)key=([^&]+)/.exec(hash);
  if (!match) return null;
  const key = decodeURIComponent(match[1]!);
  globalThis.history?.replaceState(null, '', `${location.pathname}${location.search}`);
  return key;
}

type HostEvent = HostCommandName;

/** An idempotency key for one host command (retries of it reuse the key). */
function newCommandId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** A refusal (or a note) shown to the host until dismissed. */
export interface Notice {
  id: number;
  tone: 'error' | 'info';
  /** Error code for the i18n text (`common.errors.<code>`), or `timeout`. */
  code: ErrorCode | 'timeout' | null;
  /** The server's explanation (English, detailed), or an i18n key for info notes. */
  message: string;
  /** The command it answers. */
  event: string | null;
}

/** Outcome of a REST call: the JSON body and the HTTP status. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: { ok: true; data: T } | (CommandFailure & { details?: unknown });
}

export const EXPORT_FILES = ['contest.json', 'sheets.csv', 'manual.json', 'results.csv', 'audit.json'] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

let noticeSeq = 0;

export const useHostStore = defineStore('host', () => {
  const view = shallowRef<HostView | null>(null);
  const refs = connectionRefs();
  const key = ref<string | null>(null);
  const selectedTrack = ref<string | null>(globalThis.sessionStorage?.getItem(TRACK_STORAGE) ?? null);
  /** Commands sent and not yet answered: the console disables its controls meanwhile. */
  const pending = ref(0);
  const notices = ref<Notice[]>([]);
  const setup = shallowRef<SetupLinks | null>(null);
  let socket: PodiumSocket | null = null;
  let connection: LiveConnection | null = null;
  /** Counts connection attempts, so that a slow one never replaces a newer one. */
  let attempts = 0;
  /** Actions under way that serve another contest themselves (see `replacing`). */
  let replacingActions = 0;
  /** Who listens to the analysis status (the analysis store), on this and every later socket. */
  const analysisListeners: ((status: AnalysisStatus) => void)[] = [];

  const tracks = computed(() => view.value?.tracks ?? []);
  /** What the console warns about, derived from the view (server/domain/alerts.ts). */
  const alerts = computed(() => (view.value ? hostAlerts(view.value) : []));
  const judges = computed(() => view.value?.judges ?? []);
  /** The track the console shows: the one picked, else the first. */
  const track = computed<HostTrack | null>(() => tracks.value.find((t) => t.key === selectedTrack.value) ?? tracks.value[0] ?? null);
  const online = computed(() => refs.status.value === 'online');
  const canAct = computed(() => online.value && pending.value === 0 && view.value !== null);
  /** A key to try and no refusal of it: the console and the setup page show themselves, not the login. */
  const loggedIn = computed(() => key.value !== null && refs.authError.value === null);

  /** Reads the key from the link or this laptop; true when there is one to try. */
  function loadKey(): boolean {
    const fromLink = keyFromLocation();
    if (fromLink) deviceStorage()?.setItem(KEY_STORAGE, fromLink);
    key.value = fromLink ?? deviceStorage()?.getItem(KEY_STORAGE) ?? null;
    return key.value !== null;
  }

  function connect(newKey?: string): void {
    const trimmed = newKey?.trim();
    if (trimmed) {
      key.value = trimmed;
      deviceStorage()?.setItem(KEY_STORAGE, trimmed);
    }
    if (!key.value) return;
    connection?.close();
    refs.authError.value = null;
    refs.status.value = 'connecting';
    connection = null;
    socket = null;
    const attempt = ++attempts;
    void openSocket({ role: 'host', key: key.value }).then((opened) => {
      if (attempt !== attempts) return opened.disconnect(); // a newer key or a logout came first
      socket = opened;
      opened.on('analysis:status', (status) => {
        for (const listener of analysisListeners) listener(status);
      });
      connection = bindLiveView(
        opened,
        {
          listen: (take) => opened.on('host:patch', take),
          topicsOf: hostTopics,
          versionOf: hostVersionOf,
          applyOps: applyHostOps,
          apply: (v) => (view.value = v),
          onReplaced: () => {
            if (replacingActions === 0) globalThis.location?.reload();
          },
        },
        refs,
      );
    });
  }

  /**
   * Runs a setup action that serves another contest (a new one, a switch, a restore): the page
   * keeps its state to show the outcome instead of loading again; the console reconnects to the
   * served contest by itself and takes its snapshot.
   */
  async function replacing<T>(action: () => Promise<T>): Promise<T> {
    replacingActions++;
    try {
      return await action();
    } finally {
      // The notice may arrive just after the answer.
      setTimeout(() => replacingActions--, 2_000);
    }
  }

  function forgetKey(): void {
    attempts++;
    connection?.close();
    connection = null;
    socket = null;
    key.value = null;
    view.value = null;
    setup.value = null;
    deviceStorage()?.removeItem(KEY_STORAGE);
  }

  function selectTrack(trackKey: string): void {
    selectedTrack.value = trackKey;
    globalThis.sessionStorage?.setItem(TRACK_STORAGE, trackKey);
  }

  /**
   * Sends a host command; resolves with its ack. Each command carries its own id: when its answer
   * is lost (a dropped connection), it is sent again once the console is back, and the server
   * answers the retry without applying it twice.
   */
  async function run<E extends HostEvent>(event: E, payload: PayloadOf<E>): Promise<AnswerOf<E>> {
    const withId = { ...payload, commandId: newCommandId() } as PayloadOf<E>;
    for (let attempt = 1; ; attempt++) {
      if (!socket) return { ok: false, code: 'unauthorized', message: 'Not connected.' } as AnswerOf<E>;
      const answer = await sendCommand(socket, event, withId);
      if (!isTimeout(answer) || attempt === 3) return answer;
      await whenOnline(10_000);
    }
  }

  /** Sends a read (`analysis:get`): nothing changes, nothing is retried. */
  async function read<E extends ReadName>(event: E, payload: ReadPayloadOf<E>): Promise<Ack<ReadAnswerOf<E>>> {
    if (!socket) return { ok: false, code: 'unauthorized', message: 'Not connected.' };
    return sendRead(socket, event, payload);
  }

  /** Hears every `analysis:status` the server sends this console. */
  function onAnalysisStatus(listener: (status: AnalysisStatus) => void): void {
    analysisListeners.push(listener);
  }

  /** Resolves once the connection is up (or after `ms`). */
  function whenOnline(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (socket?.connected) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        socket?.off('connect', done);
        resolve();
      }
      socket?.once('connect', done);
    });
  }

  /** Shows a notice for a while (long enough to read it twice); the host may dismiss it sooner. */
  function notify(notice: Omit<Notice, 'id'>): void {
    const id = ++noticeSeq;
    notices.value = [...notices.value.slice(-3), { ...notice, id }];
    setTimeout(() => dismiss(id), NOTICE_MS);
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  /**
   * Sends a command from the console: controls are disabled until the answer, and a refusal is
   * shown as a notice unless its code is one the caller handles itself (e.g. a confirmation), or
   * the caller shows every refusal itself (`'all'`, in a dialog).
   */
  /** Waiters for the moment no command is in flight (see whenIdle). */
  const idleWaiters: (() => void)[] = [];

  /**
   * Resolves once no command is in flight, or after `ms`. A change shows on the console a moment
   * before its command's answer arrives (the server sends the patch first): a shortcut pressed in
   * that moment waits for the answer instead of being lost.
   */
  function whenIdle(ms = 1_500): Promise<void> {
    if (pending.value === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      idleWaiters.push(done);
    });
  }

  async function act<E extends HostEvent>(event: E, payload: PayloadOf<E>, handles: readonly ErrorCode[] | 'all' = []): Promise<AnswerOf<E>> {
    pending.value++;
    try {
      const answer = await run(event, payload);
      if (!answer.ok && handles !== 'all' && !handles.includes(answer.code)) {
        notify({ tone: 'error', code: isTimeout(answer) ? 'timeout' : answer.code, message: answer.message, event });
      }
      return answer;
    } finally {
      pending.value--;
      if (pending.value === 0) for (const done of idleWaiters.splice(0)) done();
    }
  }

  function judgeName(judgeId: number): string {
    return judges.value.find((j) => j.id === judgeId)?.name ?? `#${judgeId}`;
  }

  /** Whether the judge's pad is with us (null: not seen since the server started). */
  function presenceOf(judgeId: number): JudgePresence | null {
    return view.value?.presence.judges.find((p) => p.judgeId === judgeId) ?? null;
  }

  /** An entry of any track, with its track. */
  function findEntry(entryId: number): { entry: HostEntry; track: HostTrack } | null {
    for (const t of tracks.value) {
      const entry = t.entries.find((e) => e.id === entryId);
      if (entry) return { entry, track: t };
    }
    return null;
  }

  // ---- REST (setup and exports): the same key, as a bearer token.

  function authHeaders(): Record<string, string> {
    return key.value ? { authorization: `Bearer ${key.value}` } : {};
  }

  async function api<T>(path: string, init: RequestInit = {}): Promise<ApiAnswer<T>> {
    try {
      const res = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) } });
      const body = (await res.json().catch(() => ({ ok: false, code: 'internal', message: `HTTP ${res.status}` }))) as ApiAnswer<T>['body'];
      if (res.status === 401) refs.authError.value = body.ok ? 'unauthorized' : body.message;
      return { status: res.status, body };
    } catch {
      return { status: 0, body: { ok: false, code: 'internal', message: 'timeout' } };
    }
  }

  async function loadSetup(): Promise<ApiAnswer<SetupLinks>> {
    const answer = await api<SetupLinks>('/api/setup/judges');
    if (answer.body.ok) setup.value = answer.body.data;
    return answer;
  }

  /**
   * Uploads a contest file (JSON text) with progress. `replace` confirms replacing a contest that
   * already has sheets.
   */
  async function importContest(json: string, replace: boolean, onProgress: (fraction: number) => void): Promise<ApiAnswer<{ contestId: number }>> {
    const path = `/api/setup/contest${replace ? '?confirm=replace' : ''}`;
    const answer = await postWithProgress<{ contestId: number }>(path, json, { 'content-type': 'application/json', ...authHeaders() }, onProgress);
    if (answer.status === 401) refs.authError.value = answer.body.ok ? 'unauthorized' : answer.body.message;
    return answer;
  }

  /**
   * Downloads an export with the bearer header (a plain link cannot carry it) and saves it as a
   * file, telling `onProgress` how far it has come. `contest`: another contest than the served
   * one (an archived contest's files). For audit.json, also answers the server's check of the
   * hash chain.
   */
  async function downloadExport(
    file: ExportFile,
    options: { contest?: number; onProgress?: (progress: DownloadProgress) => void } = {},
  ): Promise<{ ok: true; audit: Omit<AuditExport, 'records'> | null } | { ok: false; status: number; message: string }> {
    const query = options.contest === undefined ? '' : `?contest=${options.contest}`;
    const result = await fetchFile(`/api/export/${file}${query}`, authHeaders(), options.onProgress);
    if (!result.ok) {
      if (result.status === 401) refs.authError.value = result.message;
      return result;
    }
    let audit: Omit<AuditExport, 'records'> | null = null;
    if (file === 'audit.json') {
      const { chain, replay } = JSON.parse(await result.blob.text()) as AuditExport;
      audit = { chain, replay };
    }
    saveBlob(result.blob, file);
    return { ok: true, audit };
  }

  return {
    view,
    key,
    status: refs.status,
    authError: refs.authError,
    pending,
    notices,
    setup,
    tracks,
    alerts,
    judges,
    track,
    online,
    canAct,
    loggedIn,
    loadKey,
    connect,
    forgetKey,
    selectTrack,
    run,
    act,
    whenIdle,
    read,
    onAnalysisStatus,
    notify,
    dismiss,
    judgeName,
    presenceOf,
    findEntry,
    api,
    loadSetup,
    replacing,
    importContest,
    downloadExport,
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useHostStore, import.meta.hot));
