/**
 * `npm run chaos`: the real server in a process of its own, judge bots submitting through the real
 * protocol (resending each submission until it is acknowledged), and faults at random moments:
 *
 *   PGlite (with its journal):   kill -9 of the server (--kills, default 20)
 *   PostgreSQL (a temporary one this script starts with initdb and pg_ctl, never the machine's):
 *                                every connection terminated (--terminations, default 5), the
 *                                database restarted (--restarts, default 5), kill -9 of the server
 *                                (--pg-kills, default 3)
 *
 * Then, in the manner of a Jepsen set test (scripts/chaos/check.ts): every acknowledged sheet is
 * stored exactly once with its acknowledged values, each judge's sheet is their last version, the
 * audit chain verifies, the results replayed from the audit records equal the tables', and the
 * final results equal those of a fresh server fed the same acknowledged commands without faults.
 *
 *   npm run chaos                          both databases
 *   npm run chaos -- --db pglite           one of them (pglite | postgres)
 *   npm run chaos -- --ack-before-commit   TEST ONLY: the server answers before it commits
 *                                          (PODIUM_CHAOS_ACK_BEFORE_COMMIT): the checker must report loss
 *   npm run chaos -- --self-check          the same, succeeding only if the loss is reported
 *
 * Exit code 0 when nothing was lost (or, with --self-check, when the loss was found), 1 otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type DbConfig } from '../../db/open';
import { prng } from '../../server/domain/random';
import type { HostView } from '../../server/protocol/views';
import { startPodium } from '../../server/start';
import { servedContestId } from '../../server/store/contests';
import { freePort } from '../../test/support/ports';
import { spawnPodium, waitForHealth, type PodiumProcess } from '../../test/support/processes';
import { startTempPostgres, type TempPostgres } from '../../test/support/tempPostgres';
import { chaosSocket, closeEveryEntry, JudgeBot, openEveryEntry, sendUntilAnswered } from './bots';
import { checkSubmissions, compareHostResults, freshResults, reportIsClean, type ChaosReport } from './check';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    kills: { type: 'string', default: '20' },
    terminations: { type: 'string', default: '5' },
    restarts: { type: 'string', default: '5' },
    'pg-kills': { type: 'string', default: '3' },
    seed: { type: 'string', default: 'chaos' },
    'ack-before-commit': { type: 'boolean', default: false },
    'self-check': { type: 'boolean', default: false },
  },
});

const HOST_KEY = 'chaos-host-key-0123456789';
const unsafe = args['ack-before-commit'] || args['self-check'];
const random = prng(args.seed!);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`${line}\n`);

type Fault = 'kill' | 'terminate' | 'restart';

interface Run {
  label: string;
  faults: Fault[];
  /** Environment of the server process (its database). */
  env: Record<string, string>;
  /** The database, opened in this process for the check. */
  db: DbConfig;
  terminate?: () => Promise<number>;
  restartDatabase?: () => Promise<void>;
  cleanup: () => void;
}

function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

function pgliteRun(): Run {
  const dir = mkdtempSync(join(tmpdir(), 'podium-chaos-'));
  return {
    label: 'PGlite (with its journal)',
    faults: Array.from({ length: Number(args.kills) }, () => 'kill' as const),
    env: { PODIUM_DATA_DIR: dir },
    db: { kind: 'pglite', dataDir: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresRun(): Promise<Run> {
  const server: TempPostgres = await startTempPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE chaos');
  await admin.end();
  const url = server.url.replace(/\/postgres$/, '/chaos');
  return {
    label: `PostgreSQL (temporary, port ${server.port})`,
    faults: shuffle([
      ...Array.from({ length: Number(args.terminations) }, () => 'terminate' as const),
      ...Array.from({ length: Number(args.restarts) }, () => 'restart' as const),
      ...Array.from({ length: Number(args['pg-kills']) }, () => 'kill' as const),
    ]),
    env: { DATABASE_URL: url },
    db: { kind: 'postgres', url },
    async terminate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
        return rows.length;
      } finally {
        await client.end();
      }
    },
    async restartDatabase() {
      server.stop();
      await sleep(200 + random() * 800);
      server.start();
    },
    cleanup: () => server.destroy(),
  };
}

async function chaos(run: Run): Promise<boolean> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: PodiumProcess | null = null;
  const startServer = async () => {
    server = spawnPodium('server/index.ts', {
      ...run.env, PORT: String(port), PODIUM_HOST_KEY: HOST_KEY, PODIUM_LOG_LEVEL: 'error',
      ...(unsafe ? { PODIUM_CHAOS_ACK_BEFORE_COMMIT: '1' } : {}),
    });
    await waitForHealth(port, 120_000);
  };
  const started = performance.now();
  try {
    await startServer();
    const host = chaosSocket(url, { role: 'host', key: HOST_KEY });
    const open = await openEveryEntry(host);
    const links = (await (await fetch(`${url}/api/setup/judges`, { headers: { authorization: `Bearer ${HOST_KEY}` } })).json()) as { data: { judges: { id: number; link: string }[] } };
    const bots = links.data.judges.map(
      (j) => new JudgeBot({ url, token: j.link.slice(j.link.lastIndexOf('/') + 1), judgeId: j.id, random, entries: open.filter((e) => e.judgeIds.includes(j.id)) }),
    );
    for (const bot of bots) bot.start();
    const acked = () => bots.reduce((n, b) => n + b.acked.length, 0);

    const counts: Record<Fault, number> = { kill: 0, terminate: 0, restart: 0 };
    let terminatedConnections = 0;
    for (const fault of run.faults) {
      // Each fault once the server acknowledges again since the last one, at a random moment.
      const before = acked();
      for (let waited = 0; acked() < before + 2 && waited < 60_000; waited += 50) await sleep(50);
      await sleep(random() * 400);
      if (fault === 'kill') {
        server!.child.kill('SIGKILL');
        await server!.exited;
        await startServer();
      } else if (fault === 'terminate') terminatedConnections += await run.terminate!();
      else await run.restartDatabase!();
      counts[fault]++;
      process.stdout.write(`\r  ${counts.kill} kill -9, ${counts.terminate} terminations, ${counts.restart} database restarts; ${acked()} acknowledged`);
    }
    const before = acked();
    for (let waited = 0; acked() < before + bots.length && waited < 60_000; waited += 50) await sleep(50);
    await Promise.all(bots.map((b) => b.stop()));
    await closeEveryEntry(host, open);
    const { answer } = await sendUntilAnswered<HostView>(host, 'view:sync', {});
    if (!answer.ok) throw new Error('the final view:sync was refused');
    const live = answer.data;
    host.disconnect();
    server!.child.kill('SIGTERM');
    await server!.exited;
    server = null;
    const faultSeconds = (performance.now() - started) / 1000;

    // The check, on the database as the server left it (PGlite: opened under its journal again).
    const allAcked = bots.flatMap((b) => b.acked);
    let report: ChaosReport;
    if (run.db.kind === 'pglite') {
      const podium = await startPodium({ db: run.db, port: 0, host: '127.0.0.1', hostKey: HOST_KEY, clientDir: '/nonexistent' });
      try {
        report = await checkSubmissions(podium.database.db, podium.contestId(), allAcked);
      } finally {
        await podium.close();
      }
    } else {
      const database = await openDatabase(run.db);
      try {
        report = await checkSubmissions(database.db, (await servedContestId(database.db))!, allAcked);
      } finally {
        await database.close();
      }
    }
    const fresh = await freshResults(undefined, allAcked);
    const freshDifferences = compareHostResults(live, fresh);

    const retries = new Map<string, number>();
    for (const b of bots) for (const [why, n] of b.retries) retries.set(why, (retries.get(why) ?? 0) + n);
    const latencies = bots.flatMap((b) => b.latencies);
    const refused = bots.flatMap((b) => b.refused);
    log('');
    log(`  faults: ${counts.kill} kill -9 of the server, ${counts.terminate} terminations (${terminatedConnections} connections), ${counts.restart} database restarts, in ${faultSeconds.toFixed(0)} s`);
    log(`  ${report.acked} submissions acknowledged by ${bots.length} judges on ${open.length} entries; resent: ${[...retries].map(([why, n]) => `${n} × ${why}`).join(', ') || 'none'}; refused: ${refused.length}`);
    log(`  stored ${report.stored} versions: ${report.lost.length} lost, ${report.duplicated.length} duplicated, ${report.changed.length} changed, ${report.staleSheets.length} stale sheets`);
    log(`  audit chain: ${report.chain.ok ? `verifies (${report.chain.records} records)` : `BROKEN: ${report.chain.reason}`}; replay from the records: ${report.replay.length === 0 ? 'equals the tables' : report.replay.join('; ')}`);
    log(`  fresh server fed the acknowledged commands: ${freshDifferences.length === 0 ? 'same results' : freshDifferences.join('; ')}`);
    log(`  time to acknowledgement: p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${(percentile(latencies, 1) / 1000).toFixed(1)} s (through the faults)`);
    if (report.lost.length > 0) log(`  LOST: ${report.lost.slice(0, 10).join(', ')}${report.lost.length > 10 ? ' …' : ''}`);
    const clean = reportIsClean(report) && freshDifferences.length === 0 && refused.length === 0;
    log(`  ${clean ? 'PASS: nothing lost, nothing duplicated' : 'FAIL'}`);
    return clean;
  } finally {
    (server as PodiumProcess | null)?.child.kill('SIGKILL');
    run.cleanup();
  }
}

async function main(): Promise<void> {
  const which = args['self-check'] ? ['pglite'] : args.db === 'both' ? ['pglite', 'postgres'] : [args.db!];
  if (unsafe) log('TEST ONLY: the server answers BEFORE it commits (--ack-before-commit); the checker must report loss.\n');
  let allClean = true;
  for (const kind of which) {
    if (kind !== 'pglite' && kind !== 'postgres') throw new Error(`--db must be pglite, postgres or both, not ${kind}`);
    const run = kind === 'pglite' ? pgliteRun() : await postgresRun();
    log(`chaos on ${run.label}`);
    allClean = (await chaos(run)) && allClean;
    log('');
  }
  if (args['self-check']) {
    log(allClean ? 'SELF-CHECK FAILED: answering before the commit lost nothing the checker could see' : 'SELF-CHECK PASSED: the checker reported the loss that answering before the commit causes');
    process.exit(allClean ? 1 : 0);
  }
  process.exit(allClean ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
