/**
 * Benchmark of a full backup and its restore on a large scored day: a contest of T tracks × E
 * entries × J judges per track (scripts/bench/largeContest.ts; default 2 × 100 × 15: 3,000
 * sheets) played through the real protocol (call, start, every sheet, close;
 * every judge signs off with a drawn signature), then the backup downloaded, checked, restored
 * into an empty database and through /setup into a running instance. Real servers on embedded
 * PGlite in memory, loopback only. Prints wall times and sizes; asserts nothing.
 *
 *   npm run bench:backup -- [--tracks 2] [--entries 100] [--judges 15]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { io, type Socket } from 'socket.io-client';
import { openDatabase } from '../db/open';
import type { Ack } from '../server/protocol/errors';
import type { HostView } from '../server/protocol/views';
import { checkBackup, restoreBackup, type Backup } from '../server/store/backup';
import { startPodium } from '../server/start';
import { signaturePng } from '../test/support/png';
import { largeContest } from './bench/largeContest';

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '2' }, entries: { type: 'string', default: '100' }, judges: { type: 'string', default: '15' } } });
const size = { tracks: Number(values.tracks), entries: Number(values.entries), judges: Number(values.judges) };
const key = 'bench-host-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'podium-bench-backup-'));
const contestFile = join(dir, 'contest.json');
writeFileSync(contestFile, JSON.stringify(largeContest(size, 'backup')));

const line = (label: string, ms: number, extra = '') => process.stdout.write(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${extra}\n`);
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await work();
  return [out, performance.now() - t0];
};

function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function send<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const answer = (await socket.timeout(30_000).emitWithAck(event, payload)) as Ack<T>;
  if (!answer.ok) throw new Error(`${event}: ${answer.code} ${answer.message}`);
  return answer.data;
}

const podium = await startPodium({ db: { kind: 'pglite', dataDir: null }, port: 0, host: '127.0.0.1', hostKey: key, contestFile });
const other = await startPodium({ db: { kind: 'pglite', dataDir: null }, port: 0, host: '127.0.0.1', hostKey: key });
const sockets: Socket[] = [];
try {
  const host = await connect(podium.url, { role: 'host', key });
  sockets.push(host);
  const view = await send<HostView>(host, 'view:sync', {});
  const tracksOf = new Map(view.judges.map((j) => [j.id, j.tracks]));
  const tokens = (await podium.database.db.query.judges.findMany()).map((j) => ({ id: j.id, token: j.token, tracks: tracksOf.get(j.id) ?? [] }));
  const judges = await Promise.all(tokens.map(async (j) => ({ ...j, socket: await connect(podium.url, { role: 'judge', token: j.token }) })));
  sockets.push(...judges.map((j) => j.socket));

  // The day: tracks side by side, entries one after another, the panel's sheets at once.
  const [, dayMs] = await timed(() =>
    Promise.all(
      view.tracks.map(async (track) => {
        const scores = Object.fromEntries(track.rubric.criteria.map((c) => [c.key, Math.floor(c.max / c.step / 2) * c.step]));
        for (const entry of track.entries) {
          await send(host, 'stage:call', { track: track.key, entryId: entry.id });
          await send(host, 'stage:advance', { track: track.key, action: 'start' });
          const panel = judges.filter((j) => j.tracks.includes(track.key));
          await Promise.all(panel.map((j) => send(j.socket, 'sheet:submit', { entryId: entry.id, scores, bonus: {}, comment: '评语', submissionId: randomUUID() })));
          await send(host, 'stage:close', { entryId: entry.id });
        }
      }),
    ),
  );
  const signature = signaturePng(640, 300);
  await Promise.all(judges.map((j) => send(j.socket, 'judge:signoff', { signature })));
  await podium.settled();
  const sheets = view.tracks.reduce((n, t) => n + t.entries.length * judges.filter((j) => j.tracks.includes(t.key)).length, 0);
  line(`day: ${sheets} sheets through the protocol`, dayMs);

  const auth = { authorization: `Bearer ${key}` };
  const [text, backupMs] = await timed(async () => (await fetch(`${podium.url}/api/export/backup.json`, { headers: auth })).text());
  const bytes = Buffer.byteLength(text);
  line('GET /api/export/backup.json', backupMs, `${(bytes / 2 ** 20).toFixed(1)} MB (${(gzipSync(text).byteLength / 2 ** 20).toFixed(1)} MB gzipped)`);
  const [backup, checkMs] = await timed(async () => checkBackup(JSON.parse(text) as Backup));
  line('parse and check (chain verified)', checkMs, `${backup.chain.records} records`);

  const empty = await openDatabase({ kind: 'pglite', dataDir: null });
  const [, restoreMs] = await timed(() => restoreBackup(empty.db, backup));
  line('restore into an empty database', restoreMs);
  await empty.close();

  const [res, routeMs] = await timed(() =>
    fetch(`${other.url}/api/setup/restore?confirm=replace`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: text }),
  );
  const answer = (await res.json()) as { ok: boolean; data?: { chain: { ok: boolean }; replay: { ok: boolean } } };
  line('POST /api/setup/restore (replace)', routeMs, `chain ${answer.data?.chain.ok ? 'ok' : 'BROKEN'}, replay ${answer.data?.replay.ok ? 'ok' : 'DIFFERS'}`);
  process.stdout.write(`resident memory after: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
} finally {
  for (const s of sockets) s.disconnect();
  await podium.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
}
