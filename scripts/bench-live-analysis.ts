/**
 * What the live analysis costs a running server: a day on a synthetic track (the demo contest's
 * government track with J judges and E entries, seeded sheets from scripts/generate-sheets.ts)
 * through real sockets, with the host's analysis panel open (`analysis:get` once, then every
 * `analysis:status`). Measures the host patches (a draft, a submit), how long after the last
 * close the quick pass and the bootstrap are ready, and the event loop's delay meanwhile (the
 * bootstrap runs in the worker thread: the loop must stay free).
 *
 *   npx tsx scripts/bench-live-analysis.ts [--size 7x20]
 *
 * Figures, not a test: the machine is shared, so read them as orders of magnitude.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { AnalysisStatus } from '../server/protocol/analysis';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/protocol/events';
import type { HostView } from '../server/protocol/views';
import { startPodium } from '../server/start';
import { loadInputs, processIO } from './cli';
import { syntheticContest } from './bench-analysis';
import { generateSheets } from './generate-sheets';
import { parseContestFile } from '../server/protocol/contestFile';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string, auth: Record<string, string>): Promise<Client> {
  const socket: Client = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((done, fail) => {
    socket.once('connect', () => done(socket));
    socket.once('connect_error', fail);
  });
}

async function send(socket: Client, event: string, payload: unknown): Promise<unknown> {
  const answer = (await (socket.timeout(30_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<{ ok: boolean; data?: unknown; message?: string }> }).emitWithAck(event, payload));
  if (!answer.ok) throw new Error(`${event}: ${answer.message}`);
  return answer.data;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '7x20' }, panel: { type: 'string', default: 'open' } } });
  // `--panel closed`: the same day with nobody asking for the analysis, to compare the loop's delay.
  const panelOpen = values.panel !== 'closed';
  const [judges, entries] = values.size!.split('x').map(Number) as [number, number];
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-live-'));
  const file = syntheticContest(judges, entries, []);
  const parsed = parseContestFile(file);
  if (!parsed.ok) throw new Error('the synthetic contest does not parse');
  writeFileSync(join(dir, 'contest.json'), JSON.stringify(file));
  const csv = generateSheets(parsed.contest, 'bench');
  const [track] = loadInputs({ ...processIO, readFile: (p) => (p === 'contest.json' ? JSON.stringify(file) : csv) }, { contest: 'contest.json', sheets: 'sheets.csv' }).tracks;

  const key = 'bench-live-analysis-key';
  const podium = await startPodium({ db: { kind: 'pglite', dataDir: null }, port: 0, host: '127.0.0.1', hostKey: key, contestFile: join(dir, 'contest.json') });
  try {
    const host = await connect(podium.url, { role: 'host', key });
    const links = (await (await fetch(`${podium.url}/api/setup/judges`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { judges: { id: number; key: string; link: string }[] } };
    const pads = new Map<string, { id: number; socket: Client }>();
    for (const j of links.data.judges) pads.set(j.key, { id: j.id, socket: await connect(podium.url, { role: 'judge', token: j.link.slice(j.link.lastIndexOf('/') + 1) }) });
    const view = (await send(host, 'view:sync', {})) as HostView;
    const idOf = new Map(view.tracks[0]!.entries.map((e) => [e.code, e.id]));

    let patchBytes: number[] = [];
    host.on('host:patch', (p) => patchBytes.push(Buffer.byteLength(JSON.stringify(p))));
    const statuses: { at: number; status: AnalysisStatus }[] = [];
    host.on('analysis:status', (status) => statuses.push({ at: performance.now(), status }));
    if (panelOpen) await send(host, 'analysis:get', { track: 'gov' });

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const draft: number[] = [];
    const submit: number[] = [];
    const settle = () => new Promise((r) => setTimeout(r, 30));
    let lastClose = 0;
    // In the running order, which is the file's order: the CLI's entry ids are positions in the file.
    for (const e of track!.input.entries) {
      const entryId = idOf.get(track!.codeOf(e))!;
      await send(host, 'stage:next', { track: 'gov' });
      await send(host, 'stage:advance', { track: 'gov', action: 'start' });
      const sheets = track!.input.sheets.filter((s) => s.entryId === e);
      for (const [i, s] of sheets.entries()) {
        const pad = pads.get(track!.judgeKeyOf(s.judgeId))!;
        if (i === 0) {
          await settle();
          patchBytes = [];
          await send(pad.socket, 'sheet:save', { entryId, ...s.values, comment: '', rev: 1 });
          await settle();
          draft.push(...patchBytes);
        }
        await settle();
        patchBytes = [];
        await send(pad.socket, 'sheet:submit', { entryId, ...s.values, comment: '', submissionId: `bench${e}x${i}x${Date.now()}` });
        await settle();
        submit.push(patchBytes.reduce((a, b) => a + b, 0));
      }
      await send(host, 'stage:close', { entryId });
      lastClose = performance.now();
    }
    const closedAt = performance.now();
    const version = panelOpen ? ((await send(host, 'analysis:get', { track: 'gov' })) as AnalysisStatus).latest : 0;
    const ready = (phase: 'quick' | 'full') =>
      new Promise<number>((done) => {
        const check = () => {
          const hit = statuses.find((s) => s.status.version === version && s.status.phase === phase);
          if (hit) done(hit.at - lastClose);
          else setTimeout(check, 20);
        };
        check();
      });
    const quick = panelOpen ? await ready('quick') : 0;
    const full = panelOpen ? await ready('full') : 0;
    // The same quiet time after the last close without the panel, so both runs cover as long.
    if (!panelOpen) await new Promise((r) => setTimeout(r, 1500 - (performance.now() - closedAt)));
    loop.disable();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const lines = [
      `live analysis, ${judges} judges × ${entries} entries (PGlite in memory, one process), analysis panel ${panelOpen ? 'open' : 'closed'}`,
      `  host patch on a draft:  ${Math.round(mean(draft))} bytes (${draft.length} drafts, max ${Math.max(...draft)})`,
      `  host patch on a submit: ${Math.round(mean(submit))} bytes (every status of the entry; max ${Math.max(...submit)})`,
      ...(panelOpen ? [`  last close → quick pass ready:  ${Math.round(quick)} ms`, `  last close → bootstrap ready:   ${Math.round(full)} ms`] : []),
      `  event loop delay over the day: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    for (const p of pads.values()) p.socket.disconnect();
    host.disconnect();
  } finally {
    await podium.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
