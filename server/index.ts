/**
 * `npm start`: the composition root. Reads the configuration from the environment, starts
 * Podium and prints the links the host needs.
 */
import { networkInterfaces } from 'node:os';
import { asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { judges } from '../db/schema/index';
import { isDatabaseUnavailable } from '../db/faults';
import { dbConfigFromEnv, DatabaseLockedError } from '../db/open';
import { EXIT_CONFIG, EXIT_UNAVAILABLE } from './exitCodes';
import { ContestFileError, startPodium, type Podium } from './start';

function lanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

async function judgeLinks(podium: Podium, base: string): Promise<string[]> {
  const rows = await podium.database.db
    .select({ name: judges.name, token: judges.token })
    .from(judges)
    .where(eq(judges.contestId, podium.contestId()))
    .orderBy(asc(judges.id));
  return rows.map((j) => `    ${j.name.padEnd(4, '\u3000')} ${base}/judge/${j.token}`);
}

async function main(): Promise<void> {
  const env = process.env;
  const logger = pino({ level: env.PODIUM_LOG_LEVEL ?? 'info' });
  const port = Number(env.PORT ?? 3000);
  const lan = lanAddress();
  const publicUrl = env.PODIUM_PUBLIC_URL ?? (lan ? `http://${lan}:${port}` : undefined);
  const podium = await startPodium({
    db: dbConfigFromEnv(env),
    port,
    hostKey: env.PODIUM_HOST_KEY,
    contestFile: env.PODIUM_CONTEST,
    publicUrl,
    logger,
    ...(env.PODIUM_ALLOWED_ORIGINS ? { allowedOrigins: env.PODIUM_ALLOWED_ORIGINS } : {}),
    ...(env.PODIUM_TRUST_PROXY ? { limits: { trustProxy: env.PODIUM_TRUST_PROXY } } : {}),
    // TEST ONLY: `npm run chaos -- --ack-before-commit` proves its checker can see a loss.
    ...(env.PODIUM_CHAOS_ACK_BEFORE_COMMIT === '1' ? { unsafeAckBeforeCommit: true } : {}),
    ...(env.PODIUM_REDIS_URL ? { redisUrl: env.PODIUM_REDIS_URL } : {}),
    ...(env.PODIUM_TIME_ZONE ? { timeZone: env.PODIUM_TIME_ZONE } : {}),
  });
  const base = publicUrl ?? podium.url;
  const key = podium.newHostKey;
  const lines = [
    '',
    `  Podium is running (${podium.database.describe}).`,
    '',
    `  Host console   ${base}/host${key ? `#key=${key}` : ''}`,
    key ? `  Host key       ${key}   (keep it: it opens the console; only its hash is stored)` : '  Host key       set on an earlier start (set PODIUM_HOST_KEY to choose a new one)',
    `  Setup & links  ${base}/setup   (judge links and QR codes)`,
    `  Big screen     ${base}/screen`,
    `  Ceremony       ${base}/ceremony`,
    '',
    '  Judge pads (also as QR codes on the setup page):',
    ...(await judgeLinks(podium, base)),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (env.PODIUM_CHAOS_ACK_BEFORE_COMMIT === '1') {
    logger.warn('PODIUM_CHAOS_ACK_BEFORE_COMMIT is set: commands are answered BEFORE they commit and can be lost. For the chaos test only.');
  }

  // Ctrl+C reaches both this process and the supervisor, which passes it on: stop once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await podium.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseLockedError || error instanceof ContestFileError) {
    process.stderr.write(`\n${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`\nPort ${process.env.PORT ?? 3000} is in use by another program: stop it, or start Podium with another PORT.\n`);
    process.exit(EXIT_CONFIG);
  }
  if (isDatabaseUnavailable(error)) {
    process.stderr.write(`\nPodium could not reach its database (${(error as Error).message}). Under npm start it tries again by itself.\n`);
    process.exit(EXIT_UNAVAILABLE);
  }
  process.stderr.write(`\nPodium could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
