/**
 * Simulates a defense day through the real protocol: a host and every judge as Socket.IO clients
 * run each track entry by entry (call, present, Q&A, drafts, submit, close). Two uses:
 *
 *   npm run simulate                      a throw-away server on a temporary PGlite; prints latencies (a benchmark)
 *   npm run simulate -- --url http://127.0.0.1:3000 --key <host key> --pace 1500
 *                                         drives a running server slowly enough to watch the screens (a rehearsal)
 *
 * Options: --track <key> (default: all), --seed <text> (scores), --drafts <n> (drafts per sheet, default 3),
 * --pace <ms> (pause between steps, default 0), --postgres <url> (throw-away server on PostgreSQL instead),
 * --no-journal (PGlite without its journal: only to measure what the journal's fsync costs).
 * Scores come from scripts/generate-sheets.ts, so a seed gives the same results as `npm run results`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { io, type Socket } from 'socket.io-client';
import { formatPoints } from '../server/domain/format';
import { readSheetTable, type TableSheet } from '../server/domain/sheetTable';
import { parseContestFile, type ContestDefinition } from '../server/protocol/contestFile';
import type { Ack } from '../server/protocol/errors';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../server/protocol/events';
import type { HostView } from '../server/protocol/views';
import { startPodium, type Podium } from '../server/start';
import { generateSheets } from './generate-sheets';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    key: { type: 'string' },
    track: { type: 'string' },
    seed: { type: 'string', default: 'simulate' },
    drafts: { type: 'string', default: '3' },
    pace: { type: 'string', default: '0' },
    postgres: { type: 'string' },
    // Measures what the PGlite journal costs: the same run without it (never do this on a real day).
    'no-journal': { type: 'boolean', default: false },
  },
});

const pace = Number(args.pace);
const draftsPerSheet = Number(args.drafts);
const timings = new Map<string, number[]>();

function record(name: string, ms: number): void {
  const list = timings.get(name) ?? [];
  list.push(ms);
  timings.set(name, list);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connect(url: string, auth: HandshakeAuth): Promise<Client> {
  const socket: Client = io(url, { auth, transports: ['websocket'], forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function send(socket: Client, event: string, payload: unknown, label = event): Promise<unknown> {
  const started = performance.now();
  for (;;) {
    const answer = await (socket.timeout(15_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<unknown>> }).emitWithAck(event, payload);
    // A running server limits each connection's rate (a rehearsal at full speed meets it): wait and resend.
    if (!answer.ok && answer.code === 'rate_limited') {
      await sleep((answer.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 500);
      continue;
    }
    record(label, performance.now() - started);
    if (!answer.ok) throw new Error(`${event} refused: ${answer.code}: ${answer.message}`);
    return answer.data;
  }
}

async function hostView(host: Client): Promise<HostView> {
  const answer = (await host.timeout(15_000).emitWithAck('view:sync', {})) as Ack<HostView>;
  if (!answer.ok) throw new Error(`view:sync refused: ${answer.code}`);
  return answer.data;
}

function sheetsFor(contest: ContestDefinition, seed: string): TableSheet[] {
  const rows = parse(generateSheets(contest, seed), { relax_column_count: true }) as string[][];
  const table = readSheetTable(
    contest,
    { line: 1, cells: rows[0]! },
    rows.slice(1).map((cells, i) => ({ line: i + 2, cells })),
  );
  if (table.problems.length > 0) throw new Error('generated sheets are invalid');
  return table.sheets;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function main(): Promise<void> {
  let podium: Podium | null = null;
  let dataDir: string | null = null;
  let url = args.url;
  let hostKey = args.key;
  if (!url) {
    hostKey = 'simulate-host-key';
    dataDir = args.postgres ? null : mkdtempSync(join(tmpdir(), 'podium-simulate-'));
    podium = await startPodium({
      db: args.postgres ? { kind: 'postgres', url: args.postgres } : { kind: 'pglite', dataDir },
      port: 0,
      host: '127.0.0.1',
      hostKey,
      journal: !args['no-journal'],
      // A benchmark sends as fast as it can: no rate limits.
      limits: { socketPerSecond: 1e6, socketBurst: 1e6, addressPerSecond: 1e6, addressBurst: 1e6 },
    });
    url = podium.url;
  }
  if (!hostKey) throw new Error('--key is required with --url');

  const host = await connect(url, { role: 'host', key: hostKey });
  const view = await hostView(host);
  // The contest as a file, for the generated scores (the export carries codes and keys).
  const exported = await fetch(`${url}/api/export/contest.json`, { headers: { authorization: `Bearer ${hostKey}` } });
  const parsed = parseContestFile(await exported.json());
  if (!parsed.ok) throw new Error('the server exported an invalid contest file');
  const contest = parsed.contest;
  const sheets = sheetsFor(contest, args.seed ?? 'simulate');

  const linksRes = await fetch(`${url}/api/setup/judges`, { headers: { authorization: `Bearer ${hostKey}` } });
  const links = (await linksRes.json()) as { data: { judges: { id: number; key: string; link: string }[] } };
  const judges = new Map<string, { id: number; socket: Client }>();
  for (const j of links.data.judges) {
    const token = j.link.slice(j.link.lastIndexOf('/') + 1);
    judges.set(j.key, { id: j.id, socket: await connect(url, { role: 'judge', token }) });
  }

  // How long a change takes to reach the host's screen: submit sent → the host's patch showing it.
  let awaiting: { entryId: number; judgeId: number; since: number; done: () => void } | null = null;
  host.on('host:patch', (patch) => {
    if (!awaiting) return;
    const { entryId, judgeId } = awaiting;
    if (patch.ops.some((op) => op.op === 'sheet' && op.entryId === entryId && op.sheet.judgeId === judgeId && op.sheet.status === 'submitted')) {
      record('broadcast to host', performance.now() - awaiting.since);
      awaiting.done();
      awaiting = null;
    }
  });

  const started = performance.now();
  let entriesRun = 0;
  for (const track of view.tracks.filter((t) => !args.track || t.key === args.track)) {
    const waiting = track.entries.filter((e) => e.state === 'waiting');
    for (const entry of waiting) {
      await send(host, 'stage:call', { track: track.key, entryId: entry.id });
      await send(host, 'stage:advance', { track: track.key, action: 'start' });
      await sleep(pace);
      await send(host, 'stage:advance', { track: track.key, action: 'toQa' });
      await sleep(pace);
      for (const sheet of sheets.filter((s) => s.entry === entry.code)) {
        const judge = judges.get(sheet.judge)!;
        for (let rev = 1; rev <= draftsPerSheet; rev++) {
          await send(judge.socket, 'sheet:save', { entryId: entry.id, scores: sheet.values.scores, bonus: sheet.values.bonus, comment: '', rev }, 'sheet:save');
        }
        const seen = new Promise<void>((resolve) => {
          awaiting = { entryId: entry.id, judgeId: judge.id, since: performance.now(), done: resolve };
        });
        await send(judge.socket, 'sheet:submit', { entryId: entry.id, ...sheet.values, comment: '', submissionId: randomUUID().replaceAll('-', '') });
        await Promise.race([seen, sleep(10_000)]);
      }
      await send(host, 'stage:advance', { track: track.key, action: 'toScoring' });
      await send(host, 'stage:close', { entryId: entry.id, confirmMissing: true, reason: 'simulation' });
      entriesRun++;
      await sleep(pace);
    }
  }
  const elapsed = performance.now() - started;

  const final = await hostView(host);
  const journal = podium?.journaled?.journal;
  const described = podium ? `${podium.database.describe}${podium.database.config.kind === 'pglite' ? (journal ? ', journal on' : ', journal OFF') : ''}` : url;
  process.stdout.write(`\nSimulated ${entriesRun} entries in ${(elapsed / 1000).toFixed(1)} s on ${described}\n`);
  if (journal) process.stdout.write(`journal: ${journal.stats.lines} lines in ${journal.stats.writes} synced writes, ${(statSync(journal.path).size / 1024).toFixed(0)} KiB\n`);
  process.stdout.write('\n');
  process.stdout.write('step                     count     p50     p95     max  (ms)\n');
  for (const [name, list] of [...timings.entries()].sort()) {
    const sorted = [...list].sort((a, b) => a - b);
    const row = [name.padEnd(22), String(sorted.length).padStart(6), ...[0.5, 0.95, 1].map((p) => percentile(sorted, p).toFixed(1).padStart(8))];
    process.stdout.write(`${row.join('')}\n`);
  }
  for (const track of final.tracks) {
    const top = track.results.ranking.slice(0, 3).map((r) => `${track.entries.find((e) => e.id === r.entryId)?.code} ${formatPoints(r.final)}`);
    process.stdout.write(`\n${track.key}: ${track.results.ranking.length} ranked; top: ${top.join(', ')}`);
  }
  process.stdout.write(`\nmemory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (server and clients in this process)\n`);

  host.disconnect();
  for (const j of judges.values()) j.socket.disconnect();
  await podium?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`simulate failed: ${(error as Error).message}\n`);
  process.exit(1);
});
