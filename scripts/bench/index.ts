/**
 * `npm run bench`: the hot path measured from outside, beside a bare Socket.IO relay in the same
 * run (the same Socket.IO, no database, no views: what fanning a message out costs by itself).
 *
 * It builds and starts the production server (dist/server, plain Node) as a child process, and the
 * relay (scripts/bench/relay.mjs); audience sockets live in worker processes
 * (scripts/bench/audience.mjs), judges and the host in this one. It measures:
 * - the last audience frame after a close, at 1k, 5k and 10k sockets (Podium: from the host's
 *   close command to each screen's board patch; relay: from the trigger to each socket's frame);
 * - server heap and RSS per audience socket; idle RSS and what holds it; event-loop delay;
 * - judge acks with 7 judges autosaving (demo contest; also with 10k audience connected) and with
 *   75 judges autosaving on the large contest (5 tracks × 200 entries × 15 judges per track);
 *   commands per second sustained; 75 submissions sent at the same instant; host bytes per draft save;
 * - a reconnect storm: the server restarted with 10k audience connected: time until every
 *   socket holds a fresh view, and the host's command acks meanwhile.
 * A table on stdout and JSON in scripts/bench/results/. Targets are reported, never asserted.
 *
 *   npm run bench                      everything (about 6–8 minutes on 2 cores)
 *   npm run bench -- --quick           smaller sizes and shorter phases (about 2 minutes)
 *   npm run bench -- --postgres <url>  Podium on PostgreSQL (a database it may empty) instead of PGlite
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/protocol/errors';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../server/protocol/events';
import type { HostOp, Patch, PublicOp } from '../../server/protocol/patches';
import type { HostView, RubricView } from '../../server/protocol/views';
import type { Metrics } from '../../server/metrics';
import { largeContest } from './largeContest';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    postgres: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    workers: { type: 'string', default: '4' },
    /** Only the large contest's phases (judges, sustained rate): quicker when tuning commands. */
    'large-only': { type: 'boolean', default: false },
    /** Only this: judges autosaving on the large contest at 1, 10, 30 and 75 judges (ack figures per step). */
    'judge-scaling': { type: 'boolean', default: false },
    /** Writes CPU profiles of the servers (each process its own file) into this directory. */
    'cpu-prof': { type: 'string' },
  },
});

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const HOST_KEY = 'bench-host-key-0123456789';
const QUICK = args.quick;
const SIZES = QUICK ? [200, 1000] : [1000, 5000, 10_000];
const TRIALS = QUICK ? 3 : 5;
const JUDGE_SECONDS = QUICK ? 8 : 20;
const LARGE_SECONDS = QUICK ? 10 : 30;
const BURST_SECONDS = QUICK ? 5 : 10;
const WARMUP_SECONDS = QUICK ? 3 : 10;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

// ---- statistics ---------------------------------------------------------------------------------

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summary(values: readonly number[]) {
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : Number.NaN };
}

// ---- processes ----------------------------------------------------------------------------------

interface Target {
  name: 'podium' | 'relay';
  url: string;
  port: number;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function waitHealth(url: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await sleep(100);
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

async function startPodium(options: { dataDir: string; port: number; contestFile?: string; profile?: string }): Promise<Target> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    PODIUM_HOST_KEY: HOST_KEY,
    PODIUM_LOG_LEVEL: process.env.BENCH_SERVER_LOG ? 'info' : 'warn',
    PODIUM_DATA_DIR: options.dataDir,
    ...(options.contestFile ? { PODIUM_CONTEST: options.contestFile } : {}),
    ...(args.postgres ? { DATABASE_URL: args.postgres } : {}),
  };
  if (!args.postgres) delete env.DATABASE_URL;
  delete env.PODIUM_REDIS_URL;
  const profile = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profile}`] : [];
  // BENCH_SERVER_LOG=<file>: the server's log lines (one per command, with its time) go there.
  const out = process.env.BENCH_SERVER_LOG ? (await import('node:fs')).openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore';
  const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', ...profile, join(REPO, 'dist/server/index.js')], { env, stdio: ['ignore', out, 'inherit'] });
  const url = `http://127.0.0.1:${options.port}`;
  await waitHealth(url);
  return {
    name: 'podium', url, port: options.port, child,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      await exitOf(child);
    },
  };
}

async function startRelay(port: number, snapshotBytes: number): Promise<Target> {
  const child = fork(join(REPO, 'scripts/bench/relay.mjs'), [], {
    execArgv: ['--expose-gc'], env: { ...process.env, PORT: String(port), SNAPSHOT_BYTES: String(snapshotBytes) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const listening = await new Promise<number>((resolve) => child.on('message', (m: { type: string; port: number }) => m.type === 'listening' && resolve(m.port)));
  return {
    name: 'relay', url: `http://127.0.0.1:${listening}`, port: listening, child,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      await exitOf(child);
    },
  };
}

async function metrics(target: Target, options: { gc?: boolean; reset?: boolean } = {}): Promise<Metrics> {
  const query = new URLSearchParams({ ...(options.gc ? { gc: '1' } : {}), ...(options.reset ? { reset: '1' } : {}) });
  const res = await fetch(`${target.url}/api/metrics?${query}`, { headers: { authorization: `Bearer ${HOST_KEY}` } });
  return ((await res.json()) as { data: Metrics }).data;
}

/** Settled memory: collect twice with a pause (sockets and timers finish their work in between). */
async function settledMetrics(target: Target): Promise<Metrics> {
  await metrics(target, { gc: true });
  await sleep(1_000);
  return metrics(target, { gc: true });
}

// ---- the audience (worker processes) ------------------------------------------------------------

class Audience {
  private readonly workers: ChildProcess[] = [];

  static async start(count: number): Promise<Audience> {
    const audience = new Audience();
    for (let i = 0; i < count; i++) {
      const worker = fork(join(REPO, 'scripts/bench/audience.mjs'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      await new Promise<void>((resolve) => worker.once('message', () => resolve()));
      audience.workers.push(worker);
    }
    return audience;
  }

  private ask<R>(worker: ChildProcess, message: object, reply: string): Promise<R> {
    return new Promise((resolve) => {
      const listener = (m: { type: string }) => {
        if (m.type !== reply) return;
        worker.off('message', listener);
        resolve(m as R);
      };
      worker.on('message', listener);
      worker.send(message);
    });
  }

  private all<R>(message: object, reply: string): Promise<R[]> {
    return Promise.all(this.workers.map((w) => this.ask<R>(w, message, reply)));
  }

  /** Opens `total` sockets to `url`, spread over the workers; resolves when all hold a snapshot. */
  async connect(url: string, total: number): Promise<number> {
    const started = now();
    const per = Math.ceil(total / this.workers.length);
    await Promise.all(this.workers.map((w, i) => this.ask(w, { type: 'connect', url, count: Math.min(per, total - i * per) }, 'connected')));
    return now() - started;
  }

  arm(): Promise<unknown> {
    return this.all({ type: 'arm' }, 'armed');
  }

  /** Arrival times of the armed frame, one per socket (null: not yet). */
  async collect(): Promise<(number | null)[]> {
    return (await this.all<{ times: (number | null)[] }>({ type: 'collect' }, 'collected')).flatMap((r) => r.times);
  }

  async storm(): Promise<void> {
    await this.all({ type: 'storm' }, 'storming');
  }

  async stormStatus(): Promise<{ back: number; total: number; last: number }> {
    const replies = await this.all<{ back: number; total: number; last: number }>({ type: 'storm-status' }, 'storm-status');
    return { back: replies.reduce((s, r) => s + r.back, 0), total: replies.reduce((s, r) => s + r.total, 0), last: Math.max(...replies.map((r) => r.last)) };
  }

  async close(): Promise<void> {
    await this.all({ type: 'close' }, 'closed');
  }

  stop(): void {
    for (const w of this.workers) w.kill();
  }
}

// ---- Podium clients ------------------------------------------------------------------------------

function connect(url: string, auth: HandshakeAuth, reconnect = false, localAddress?: string): Promise<Client> {
  const socket: Client = io(url, {
    auth, transports: ['websocket'], forceNew: true, reconnection: reconnect, reconnectionDelay: 200, reconnectionDelayMax: 1_000,
    ...(localAddress ? { localAddress } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Sends and times a command; throws on a refusal. */
async function timed(socket: Client, event: string, payload: unknown): Promise<{ ms: number; data: unknown }> {
  const started = performance.now();
  const answer = (await (socket.timeout(30_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<unknown>> }).emitWithAck(event, payload));
  const ms = performance.now() - started;
  if (!answer.ok) throw new Error(`${event} refused: ${answer.code}: ${answer.message}`);
  return { ms, data: answer.data };
}

async function hostView(host: Client): Promise<HostView> {
  const answer = (await host.timeout(30_000).emitWithAck('view:sync', {})) as Ack<HostView>;
  if (!answer.ok) throw new Error('view:sync refused');
  return answer.data;
}

async function judgeTokens(url: string): Promise<{ id: number; key: string; token: string }[]> {
  const res = await fetch(`${url}/api/setup/judges`, { headers: { authorization: `Bearer ${HOST_KEY}` } });
  const body = (await res.json()) as { data: { judges: { id: number; key: string; link: string }[] } };
  return body.data.judges.map((j) => ({ id: j.id, key: j.key, token: j.link.slice(j.link.lastIndexOf('/') + 1) }));
}

/** A valid sheet at about `share` of each criterion's maximum. */
function sheet(rubric: RubricView, share: number) {
  const value = (max: number, step: number) => Math.min(max, Math.round((max * share) / step) * step);
  return {
    scores: Object.fromEntries(rubric.criteria.map((c) => [c.key, value(c.max, c.step)])),
    bonus: Object.fromEntries(rubric.bonus.map((b) => [b.key, value(b.max, b.step)])),
  };
}

/**
 * When in each second judge `i` autosaves: spread over the whole second, in no order (the golden
 * ratio's multiples). `(i * 997) % 1000` had put 75 judges within 220 ms of each other, a burst of
 * 340 commands a second, which the figures then measured instead of the judges' load.
 */
function phase(i: number): number {
  return Math.floor(((i * 0.6180339887) % 1) * 1000);
}

interface Judge {
  id: number;
  socket: Client;
  /** The first track the judge scores: where the judge autosaves. */
  track: string;
  tracks: string[];
  /**
   * The judge's last draft number, kept across phases: a draft numbered below one already stored
   * is answered without a write (a stale autosave), and would measure nothing.
   */
  rev: number;
}

/**
 * Judges connected, with the tracks each scores (from the host view). Each phone from an address
 * of its own (127.0.1.x), as phones on their own connections: the back-to-back phase sends more
 * than the per-address limit lets one address send (200 a second), which is there for one
 * source flooding the server, not for measuring it. (75 judges autosaving, about 85 a second,
 * fit within it behind one venue NAT.)
 */
async function connectJudges(url: string, view: HostView): Promise<Judge[]> {
  const list: Judge[] = [];
  for (const [i, j] of (await judgeTokens(url)).entries()) {
    const tracks = view.judges.find((x) => x.id === j.id)!.tracks;
    const address = `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
    list.push({ id: j.id, track: tracks[0]!, tracks, rev: 0, socket: await connect(url, { role: 'judge', token: j.token }, false, address) });
  }
  return list;
}

/** The judges who score an entry (its track's, not recused), from a host view. */
function eligible(view: HostView, entryId: number): Set<number> {
  for (const t of view.tracks) {
    const entry = t.entries.find((e) => e.id === entryId);
    if (entry) return new Set(entry.sheets.filter((s) => s.status !== 'recused').map((s) => s.judgeId));
  }
  return new Set();
}

/** Puts the next waiting entry of a track on stage, presenting; returns its id. */
async function nextPresenting(host: Client, track: string): Promise<number> {
  const { data } = await timed(host, 'stage:next', { track });
  await timed(host, 'stage:advance', { track, action: 'start' });
  return (data as { entryId: number }).entryId;
}

/**
 * Judges autosave every second (each at its own phase) and submit every `submitEvery` saves, each at
 * its own turn (judges do not all submit in the same second), for `seconds`; returns the ack
 * times of each kind.
 */
async function autosave(all: Judge[], entryOf: (track: string) => number, rubricOf: (track: string) => RubricView, seconds: number, view: HostView, submitEvery = 8) {
  const judges = all.filter((j) => eligible(view, entryOf(j.track)).has(j.id));
  const saves: number[] = [];
  const submits: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    judges.map(async (judge, i) => {
      await sleep(phase(i));
      let step = i;
      while (performance.now() < until) {
        const started = performance.now();
        const entryId = entryOf(judge.track);
        const rev = ++judge.rev;
        const values = sheet(rubricOf(judge.track), 0.5 + ((rev * 7 + i) % 10) / 40);
        if (++step % submitEvery === 0) {
          submits.push((await timed(judge.socket, 'sheet:submit', { entryId, ...values, comment: '', submissionId: `bench-${randomUUID()}` })).ms);
        } else {
          saves.push((await timed(judge.socket, 'sheet:save', { entryId, ...values, comment: '草稿', rev })).ms);
        }
        await sleep(Math.max(0, 1000 - (performance.now() - started)));
      }
    }),
  );
  return { saves: summary(saves), submits: summary(submits), commandsPerSecond: (saves.length + submits.length) / seconds };
}

/** Judges send saves back to back (each waits for its answer) for `seconds`: the sustained rate. */
async function burst(all: Judge[], entryOf: (track: string) => number, rubricOf: (track: string) => RubricView, seconds: number, view: HostView) {
  const judges = all.filter((j) => eligible(view, entryOf(j.track)).has(j.id));
  const acks: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    judges.map(async (judge) => {
      while (performance.now() < until) {
        const rev = ++judge.rev;
        acks.push((await timed(judge.socket, 'sheet:save', { entryId: entryOf(judge.track), ...sheet(rubricOf(judge.track), 0.6), comment: '', rev })).ms);
      }
    }),
  );
  return { ...summary(acks), commandsPerSecond: acks.length / seconds };
}

// ---- the phases --------------------------------------------------------------------------------

interface Results {
  machine: { cpus: number; node: string; database: string; quick: boolean };
  idle: { podium: Metrics['memory']; relay: Metrics['memory'] } | null;
  audience: {
    sockets: number;
    podium: { lastFrame: ReturnType<typeof summary>; perSocket: ReturnType<typeof summary>; heapPerSocket: number; rssPerSocket: number; connectMs: number; patchBytes: number; eventLoopP99: number };
    relay: { lastFrame: ReturnType<typeof summary>; perSocket: ReturnType<typeof summary>; heapPerSocket: number; rssPerSocket: number; connectMs: number; eventLoopP99: number };
  }[];
  judges7: (Awaited<ReturnType<typeof autosave>> & { eventLoopP99: number }) | null;
  judges7WithAudience: (Awaited<ReturnType<typeof autosave>> & { audience: number; eventLoopP99: number }) | null;
  large: {
    hostSnapshotBytes: number;
    draftPatchBytes: ReturnType<typeof summary>;
    judges75: Awaited<ReturnType<typeof autosave>> & { eventLoopP99: number };
    sustained: Awaited<ReturnType<typeof burst>> & { eventLoopP99: number };
    /** 75 submissions sent at the same instant, three times: their acks. */
    submitsAtOnce: ReturnType<typeof summary>;
    /** The bare relay answering the same drafts at once. */
    relayAcks: ReturnType<typeof summary>;
  };
  storm: { sockets: number; podium: { allBackMs: number; serverUpMs: number; hostAcks: ReturnType<typeof summary> }; relay: { allBackMs: number; serverUpMs: number } } | null;
}

/** One close, timed to every screen: prepare an entry (not timed), arm the audience, close. */
async function closeTrial(host: Client, judges: Judge[], audience: Audience, track: string, rubric: RubricView, expected: number) {
  const entryId = await nextPresenting(host, track);
  const panel = eligible(await hostView(host), entryId);
  for (const [i, j] of judges.filter((x) => panel.has(x.id)).entries()) {
    await timed(j.socket, 'sheet:submit', { entryId, ...sheet(rubric, 0.6 + i / 50), comment: '', submissionId: `bench-${randomUUID()}` });
  }
  await timed(host, 'stage:advance', { track, action: 'toScoring' });
  await audience.arm();
  const t0 = now();
  await timed(host, 'stage:close', { entryId });
  return arrivals(audience, t0, expected);
}

/** Waits until every socket got the armed frame (or 60 s) and returns each one's delay. */
async function arrivals(audience: Audience, t0: number, expected: number): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const times = await audience.collect();
    const got = times.filter((t): t is number => t !== null);
    if (got.length >= expected || Date.now() > deadline) return got.map((t) => t - t0);
    await sleep(200);
  }
}

async function run(): Promise<Results> {
  if (!args['no-build']) {
    log('building the server (vite build --mode server)');
    await new Promise<void>((resolve, reject) => {
      const build = spawn('npx', ['vite', 'build', '--mode', 'server'], { cwd: REPO, stdio: 'inherit' });
      build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('build failed'))));
    });
  }
  const work = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  const audience = await Audience.start(Number(args.workers));
  try {
    const demo = args['large-only'] ? null : await demoPhases();
    const large = await largePhases();
    return {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version, database: args.postgres ? 'postgres' : 'pglite', quick: QUICK },
      ...(demo ?? { idle: null, audience: [], judges7: null, judges7WithAudience: null, storm: null }),
      large,
    };
  } finally {
    audience.stop();
    rmSync(work, { recursive: true, force: true });
  }

  async function demoPhases() {
    // ---- idle, and the demo contest for the audience phases
    log('starting Podium (demo contest) and the relay');
    let podium = await startPodium({ dataDir: join(work, 'demo'), port: await freePort(), ...(args['cpu-prof'] ? { profile: args['cpu-prof'] } : {}) });
    const host = await connect(podium.url, { role: 'host', key: HOST_KEY }, true);
    let view = await hostView(host);
    const publicSnapshot = (await (await connect(podium.url, { role: 'public' })).timeout(30_000).emitWithAck('view:sync', {})) as Ack<unknown>;
    const relay = await startRelay(await freePort(), Buffer.byteLength(JSON.stringify(publicSnapshot)));
    await sleep(2_000);
    const idle = { podium: (await settledMetrics(podium)).memory, relay: (await settledMetrics(relay)).memory };
    log(`idle RSS: Podium ${mb(idle.podium.rss)}, relay ${mb(idle.relay.rss)}`);

    const judges = await connectJudges(podium.url, view);
    const rubric = (track: string) => view.tracks.find((t) => t.key === track)!.rubric;

    // ---- 7 judges autosaving, no audience
    log(`7 judges autosaving for ${JUDGE_SECONDS} s`);
    const onStage = new Map([['gov', await nextPresenting(host, 'gov')], ['open', await nextPresenting(host, 'open')]]);
    await metrics(podium, { reset: true });
    const judges7Run = await autosave(judges, (t) => onStage.get(t)!, rubric, JUDGE_SECONDS, await hostView(host));
    const judges7 = { ...judges7Run, eventLoopP99: (await metrics(podium)).eventLoop.p99 };
    for (const [track, entryId] of onStage) {
      await timed(host, 'stage:advance', { track, action: 'toScoring' });
      await timed(host, 'stage:close', { entryId, confirmMissing: true, reason: 'bench' });
    }

    // The size of a close's board patch, as a screen receives it.
    const probe = await connect(podium.url, { role: 'public' });
    await probe.timeout(30_000).emitWithAck('view:sync', {}); // joins the tracks' rooms
    const boardBytes: number[] = [];
    probe.on('public:patch', (p: Patch<PublicOp>) => {
      if (p.ops.some((o) => o.op === 'board')) boardBytes.push(Buffer.byteLength(JSON.stringify(p)));
    });

    const audienceResults: Results['audience'] = [];
    let judges7WithAudience: Results['judges7WithAudience'] = null;
    let storm: Results['storm'] = null;
    let trackTurn = 0;
    const tracksLeft = () => {
      const t = view.tracks[trackTurn % view.tracks.length]!;
      trackTurn++;
      return t.key;
    };
    for (const size of SIZES) {
      // ---- Podium
      log(`Podium: ${size} audience sockets`);
      const before = await settledMetrics(podium);
      const connectMs = await audience.connect(podium.url, size);
      const after = await settledMetrics(podium);
      await metrics(podium, { reset: true });
      const trials: number[][] = [];
      for (let k = 0; k < TRIALS; k++) {
        view = await hostView(host);
        const track = tracksLeft();
        trials.push(await closeTrial(host, judges, audience, track, rubric(track), size));
      }
      const podiumLoop = (await metrics(podium)).eventLoop.p99;
      const podiumResult = {
        lastFrame: summary(trials.map((t) => Math.max(...t))),
        perSocket: summary(trials.flat()),
        heapPerSocket: (after.memory.heapUsed - before.memory.heapUsed) / size,
        rssPerSocket: (after.memory.rss - before.memory.rss) / size,
        connectMs,
        patchBytes: Math.round(boardBytes.reduce((s, b) => s + b, 0) / Math.max(1, boardBytes.length)),
        eventLoopP99: podiumLoop,
      };
      log(`  last frame after a close p50 ${podiumResult.lastFrame.p50.toFixed(1)} ms; heap/socket ${kb(podiumResult.heapPerSocket)}`);

      const last = size === SIZES.at(-1);
      if (last) {
        log(`7 judges autosaving with ${size} audience sockets connected`);
        view = await hostView(host);
        const stage = new Map([['gov', await nextPresenting(host, 'gov')], ['open', await nextPresenting(host, 'open')]]);
        await metrics(podium, { reset: true });
        const run7 = await autosave(judges, (t) => stage.get(t)!, rubric, JUDGE_SECONDS, await hostView(host));
        judges7WithAudience = { ...run7, audience: size, eventLoopP99: (await metrics(podium)).eventLoop.p99 };
        storm = { sockets: size, podium: await stormPodium(), relay: { allBackMs: 0, serverUpMs: 0 } };
      }
      await audience.close();

      // ---- the relay
      log(`relay: ${size} audience sockets`);
      const rBefore = await settledMetrics(relay);
      const rConnectMs = await audience.connect(relay.url, size);
      const rAfter = await settledMetrics(relay);
      await metrics(relay, { reset: true });
      const rTrials: number[][] = [];
      for (let k = 0; k < TRIALS; k++) {
        await audience.arm();
        const t0 = now();
        await fetch(`${relay.url}/trigger?bytes=${podiumResult.patchBytes}&seq=${k + 2}`);
        rTrials.push(await arrivals(audience, t0, size));
      }
      const relayResult = {
        lastFrame: summary(rTrials.map((t) => Math.max(...t))),
        perSocket: summary(rTrials.flat()),
        heapPerSocket: (rAfter.memory.heapUsed - rBefore.memory.heapUsed) / size,
        rssPerSocket: (rAfter.memory.rss - rBefore.memory.rss) / size,
        connectMs: rConnectMs,
        eventLoopP99: (await metrics(relay)).eventLoop.p99,
      };
      if (last && storm) storm.relay = await stormRelay();
      await audience.close();
      audienceResults.push({ sockets: size, podium: podiumResult, relay: relayResult });
    }

    async function stormPodium() {
      log(`reconnect storm: restarting Podium with ${SIZES.at(-1)} sockets connected`);
      // The host's command during the storm: extending the clock of an entry presenting.
      view = await hostView(host);
      const track = view.tracks.find((t) => t.stage.entry?.state === 'presenting')!.key;
      await audience.storm();
      const t0 = now();
      const port = podium.port;
      await podium.stop('SIGTERM');
      podium = await startPodium({ dataDir: join(work, 'demo'), port, ...(args['cpu-prof'] ? { profile: args['cpu-prof'] } : {}) });
      const serverUpMs = now() - t0;
      // The host keeps working: a command every half second while the screens come back.
      const hostAcks: number[] = [];
      let stormOver = false;
      const hostLoop = (async () => {
        let sign = 1;
        while (!stormOver) {
          if (host.connected) {
            try {
              hostAcks.push((await timed(host, 'timer:extend', { track, seconds: 10 * (sign = -sign) })).ms);
            } catch {
              // refused while reconnecting: counted by its absence
            }
          }
          await sleep(500);
        }
      })();
      let status = await audience.stormStatus();
      const deadline = Date.now() + 120_000;
      while (status.back < status.total && Date.now() < deadline) {
        await sleep(250);
        status = await audience.stormStatus();
      }
      stormOver = true;
      await hostLoop;
      log(`  all ${status.back}/${status.total} back with a fresh view after ${((status.last - t0) / 1000).toFixed(1)} s`);
      return { allBackMs: status.back === status.total ? status.last - t0 : Number.NaN, serverUpMs, hostAcks: summary(hostAcks) };
    }

    async function stormRelay() {
      await audience.storm();
      const t0 = now();
      const port = relay.port;
      await relay.stop('SIGTERM');
      const restarted = await startRelay(port, Buffer.byteLength(JSON.stringify(publicSnapshot)));
      Object.assign(relay, restarted);
      const serverUpMs = now() - t0;
      let status = await audience.stormStatus();
      const deadline = Date.now() + 120_000;
      while (status.back < status.total && Date.now() < deadline) {
        await sleep(250);
        status = await audience.stormStatus();
      }
      return { allBackMs: status.back === status.total ? status.last - t0 : Number.NaN, serverUpMs };
    }

    host.disconnect();
    probe.disconnect();
    for (const j of judges) j.socket.disconnect();
    await podium.stop();
    await relay.stop();
    return { idle, audience: audienceResults, judges7, judges7WithAudience, storm };
  }

  async function largePhases() {
    // ---- the large contest: 75 judges
    log('the large contest: 5 tracks × 200 entries × 15 judges per track');
    const file = join(work, 'large.json');
    writeFileSync(file, JSON.stringify(largeContest()));
    const big = await startPodium({ dataDir: join(work, 'large'), port: await freePort(), contestFile: file, ...(args['cpu-prof'] ? { profile: args['cpu-prof'] } : {}) });
    const bigHost = await connect(big.url, { role: 'host', key: HOST_KEY });
    const bigView = await hostView(bigHost);
    const hostSnapshotBytes = Buffer.byteLength(JSON.stringify(bigView));
    const draftBytes: number[] = [];
    bigHost.on('host:patch', (p: Patch<HostOp>) => {
      if (p.ops.every((o) => o.op === 'sheet' && o.sheet.status === 'draft')) draftBytes.push(Buffer.byteLength(JSON.stringify(p)));
    });
    const bigJudges = await connectJudges(big.url, bigView);
    const bigStage = new Map<string, number>();
    for (const t of bigView.tracks) bigStage.set(t.key, await nextPresenting(bigHost, t.key));
    const bigRubric = (track: string) => bigView.tracks.find((t) => t.key === track)!.rubric;
    if (args['judge-scaling']) {
      for (const k of [1, 10, 30, 75]) {
        const run = await autosave(bigJudges.slice(0, k), (t) => bigStage.get(t)!, bigRubric, 10, await hostView(bigHost));
        log(`  ${k} judges: draft p50 ${run.saves.p50.toFixed(1)} p99 ${run.saves.p99.toFixed(1)}; submit p50 ${run.submits.p50.toFixed(1)} p99 ${run.submits.p99.toFixed(1)}`);
      }
    }
    // The server on the day runs for hours: measure it warm (its JIT and caches), after a few
    // seconds of the same load, not in the first seconds after a start.
    log(`warming up: 75 judges autosaving for ${WARMUP_SECONDS} s (not measured)`);
    await autosave(bigJudges, (t) => bigStage.get(t)!, bigRubric, WARMUP_SECONDS, await hostView(bigHost));
    log(`75 judges autosaving for ${LARGE_SECONDS} s`);
    await metrics(big, { reset: true });
    const judges75Run = await autosave(bigJudges, (t) => bigStage.get(t)!, bigRubric, LARGE_SECONDS, await hostView(bigHost));
    const judges75 = { ...judges75Run, eventLoopP99: (await metrics(big)).eventLoop.p99 };
    log(`75 judges saving back to back for ${BURST_SECONDS} s`);
    await metrics(big, { reset: true });
    const sustainedRun = await burst(bigJudges, (t) => bigStage.get(t)!, bigRubric, BURST_SECONDS, await hostView(bigHost));
    const sustained = { ...sustainedRun, eventLoopP99: (await metrics(big)).eventLoop.p99 };
    // The end of a Q&A: every judge presses 确认提交 within the same moment.
    log('75 judges submitting at once (three rounds)');
    const atOnce: number[] = [];
    for (let round = 0; round < 3; round++) {
      const view = await hostView(bigHost);
      const judges = bigJudges.filter((j) => eligible(view, bigStage.get(j.track)!).has(j.id));
      const acks = await Promise.all(
        judges.map((judge) => timed(judge.socket, 'sheet:submit', { entryId: bigStage.get(judge.track)!, ...sheet(bigRubric(judge.track), 0.7), comment: '', submissionId: `bench-${randomUUID()}` })),
      );
      atOnce.push(...acks.map((a) => a.ms));
      await sleep(1_000);
    }
    const submitsAtOnce = summary(atOnce);
    bigHost.disconnect();
    for (const j of bigJudges) j.socket.disconnect();
    await big.stop();

    // The same 75 clients and payloads against the bare relay, which answers at once: the floor
    // that transport and Socket.IO alone put under a judge's ack.
    log(`bare relay: 75 clients sending drafts for ${LARGE_SECONDS} s`);
    const relay = await startRelay(await freePort(), 1000);
    const echoes: number[] = [];
    const clients = await Promise.all(bigJudges.map(() => connect(relay.url, { role: 'public' })));
    const until = performance.now() + LARGE_SECONDS * 1000;
    await Promise.all(
      clients.map(async (client, i) => {
        await sleep(phase(i));
        let rev = 0;
        while (performance.now() < until) {
          const started = performance.now();
          echoes.push((await timed(client, 'sheet:save', { entryId: 1, ...sheet(bigRubric(bigJudges[i]!.track), 0.6), comment: '草稿', rev: ++rev })).ms);
          await sleep(Math.max(0, 1000 - (performance.now() - started)));
        }
      }),
    );
    for (const c of clients) c.disconnect();
    await relay.stop();
    return { hostSnapshotBytes, draftPatchBytes: summary(draftBytes), judges75, sustained, submitsAtOnce, relayAcks: summary(echoes) };
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---- the report ---------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const msText = (v: number) => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ms`);
const ratio = (a: number, b: number) => (b > 0 && !Number.isNaN(a) ? `${(a / b).toFixed(2)}×` : '—');

function report(r: Results): string {
  const rows: string[][] = [['measure', 'Podium', 'bare relay', 'ratio', 'target']];
  for (const a of r.audience) {
    rows.push([`last audience frame after a close, ${a.sockets} sockets, p50 / p99`, `${msText(a.podium.lastFrame.p50)} / ${msText(a.podium.lastFrame.p99)}`, `${msText(a.relay.lastFrame.p50)} / ${msText(a.relay.lastFrame.p99)}`, ratio(a.podium.lastFrame.p99, a.relay.lastFrame.p99), a.sockets === 10_000 ? 'p99 ≤ 1.2× relay' : '']);
    rows.push([`  each socket's frame, ${a.sockets} sockets, p50 / p99`, `${msText(a.podium.perSocket.p50)} / ${msText(a.podium.perSocket.p99)}`, `${msText(a.relay.perSocket.p50)} / ${msText(a.relay.perSocket.p99)}`, ratio(a.podium.perSocket.p99, a.relay.perSocket.p99), '']);
    rows.push([`  heap per audience socket, ${a.sockets}`, kb(a.podium.heapPerSocket), kb(a.relay.heapPerSocket), ratio(a.podium.heapPerSocket, a.relay.heapPerSocket), '≤ 12 KB']);
    rows.push([`  RSS per audience socket, ${a.sockets}`, kb(a.podium.rssPerSocket), kb(a.relay.rssPerSocket), ratio(a.podium.rssPerSocket, a.relay.rssPerSocket), '']);
    rows.push([`  event-loop delay p99 during the closes, ${a.sockets}`, msText(a.podium.eventLoopP99), msText(a.relay.eventLoopP99), ratio(a.podium.eventLoopP99, a.relay.eventLoopP99), '']);
    rows.push([`  connecting ${a.sockets} sockets (each with its snapshot)`, msText(a.podium.connectMs), msText(a.relay.connectMs), ratio(a.podium.connectMs, a.relay.connectMs), '']);
  }
  rows.push(['board patch of a close (bytes, what each screen receives)', String(r.audience[0]?.podium.patchBytes ?? '—'), 'same size', '', '']);
  if (r.idle) {
    rows.push(['idle RSS', mb(r.idle.podium.rss), mb(r.idle.relay.rss), ratio(r.idle.podium.rss, r.idle.relay.rss), '']);
    rows.push(['  of which JS heap / external (PGlite is in external)', `${mb(r.idle.podium.heapUsed)} / ${mb(r.idle.podium.external)}`, `${mb(r.idle.relay.heapUsed)} / ${mb(r.idle.relay.external)}`, '', '']);
  }
  const j = (label: string, x: Awaited<ReturnType<typeof autosave>> & { eventLoopP99: number }, target: [string, string], relay?: ReturnType<typeof summary>) => {
    rows.push([
      `${label}: draft ack p50 / p99 / max`,
      `${msText(x.saves.p50)} / ${msText(x.saves.p99)} / ${msText(x.saves.max)}`,
      relay ? `${msText(relay.p50)} / ${msText(relay.p99)} / ${msText(relay.max)}` : '',
      relay ? ratio(x.saves.p99, relay.p99) : '',
      target[0],
    ]);
    rows.push([`${label}: submit ack p50 / p99 / max`, `${msText(x.submits.p50)} / ${msText(x.submits.p99)} / ${msText(x.submits.max)}`, '', '', target[1]]);
    rows.push([`${label}: commands/s, event-loop p99`, `${x.commandsPerSecond.toFixed(0)}/s, ${msText(x.eventLoopP99)}`, '', '', '']);
  };
  if (r.judges7) j('7 judges autosaving (demo)', r.judges7, ['', '']);
  if (r.judges7WithAudience) j(`7 judges autosaving, ${r.judges7WithAudience.audience} audience`, r.judges7WithAudience, ['', '']);
  j('75 judges autosaving (large contest)', r.large.judges75, ['p99 ≤ 15 ms', 'p99 ≤ 25 ms'], r.large.relayAcks);
  rows.push(['75 judges back to back: commands/s sustained', `${r.large.sustained.commandsPerSecond.toFixed(0)}/s (ack p50 ${msText(r.large.sustained.p50)}, p99 ${msText(r.large.sustained.p99)})`, '', '', '≥ 300/s']);
  rows.push(['75 judges submitting at once: ack p50 / p99 / max', `${msText(r.large.submitsAtOnce.p50)} / ${msText(r.large.submitsAtOnce.p99)} / ${msText(r.large.submitsAtOnce.max)}`, '', '', '']);
  rows.push(['host bytes per draft save (large contest) mean / max', `${r.large.draftPatchBytes.p50.toFixed(0)} / ${r.large.draftPatchBytes.max.toFixed(0)} B`, '', '', '≤ 2 KB']);
  rows.push(['  (the whole host view of the large contest, sent only on connect)', kb(r.large.hostSnapshotBytes), '', '', '']);
  if (r.storm) {
    rows.push([`reconnect storm, ${r.storm.sockets} sockets: all back with a fresh view`, msText(r.storm.podium.allBackMs), msText(r.storm.relay.allBackMs), ratio(r.storm.podium.allBackMs, r.storm.relay.allBackMs), '< 30 s']);
    rows.push(['  of which the server restarting (to listening)', msText(r.storm.podium.serverUpMs), msText(r.storm.relay.serverUpMs), '', '']);
    rows.push(['  host command acks meanwhile p50 / p99 (n)', `${msText(r.storm.podium.hostAcks.p50)} / ${msText(r.storm.podium.hostAcks.p99)} (${r.storm.podium.hostAcks.n})`, '', '', 'p99 ≤ 100 ms']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)));
  return rows.map((row, i) => {
    const line = row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

const results = await run();
const out = join(REPO, 'scripts/bench/results');
mkdirSync(out, { recursive: true });
const file = join(out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\n${report(results)}\n\nmachine: ${results.machine.cpus} cores, Node ${results.machine.node}, ${results.machine.database}${results.machine.quick ? ', --quick' : ''}\nJSON: ${file}\n`);
process.exit(0);
