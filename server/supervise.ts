/**
 * `npm start` runs this: it runs the Podium server (server/index.ts) as a child process and,
 * if that process dies (a crash, an out-of-memory kill), starts it again after a short pause and
 * logs why. It stops, with the reason, on a configuration error (a bad contest file must not loop
 * forever) and after repeated crashes right after starting (server/restartPolicy.ts). Ctrl+C or
 * SIGTERM stop the server cleanly, then the supervisor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { restartPolicy } from './restartPolicy';

/**
 * Built (`npm start` runs dist/server/supervise.js), the server is its sibling index.js, plain
 * JavaScript. From source (tests, development), it is index.ts under tsx's loader, in one process
 * (no tsx wrapper to relay signals).
 */
const BUILT = import.meta.url.endsWith('.js');
const SERVER = fileURLToPath(new URL(BUILT ? './index.js' : './index.ts', import.meta.url));
const NODE_ARGS = BUILT ? ['--enable-source-maps', SERVER] : ['--import', import.meta.resolve('tsx'), SERVER];
/** How long a stopping server may take before it is killed. */
const STOP_GRACE_MS = 10_000;

const logger = pino({ name: 'supervisor', level: process.env.PODIUM_LOG_LEVEL ?? 'info' });
const policy = restartPolicy();
let child: ChildProcess | null = null;
let stopping = false;
let restartTimer: NodeJS.Timeout | null = null;

function startServer(): void {
  const startedAt = performance.now();
  const server = spawn(process.execPath, NODE_ARGS, { stdio: 'inherit' });
  child = server;
  logger.info({ serverPid: server.pid }, 'server started');
  server.once('error', (err) => logger.error({ err }, 'could not start the server process'));
  server.once('exit', (code, signal) => {
    child = null;
    if (stopping) {
      logger.info({ code, signal }, 'server stopped; supervisor stopping');
      process.exit(code ?? 0);
    }
    const decision = policy.afterExit({ code, signal, ranMs: performance.now() - startedAt });
    if (!decision.restart) {
      const log = decision.exitCode === 0 ? logger.info.bind(logger) : logger.error.bind(logger);
      log({ code, signal }, `Podium stopped: ${decision.why}`);
      process.exit(decision.exitCode);
    }
    logger.warn({ code, signal, delayMs: decision.delayMs }, `Podium stopped unexpectedly: ${decision.why}; starting it again in ${Math.round(decision.delayMs / 100) / 10} s`);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      startServer();
    }, decision.delayMs);
  });
}

function stop(signal: NodeJS.Signals): void {
  if (restartTimer) clearTimeout(restartTimer);
  if (!child) process.exit(0);
  // Ctrl+C arrives more than once (from the terminal and again through npm): act on the first.
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping the server');
  child.kill(signal);
  const running = child;
  setTimeout(() => {
    logger.warn({ serverPid: running.pid }, `the server did not stop within ${STOP_GRACE_MS / 1000} s: killing it`);
    running.kill('SIGKILL');
  }, STOP_GRACE_MS).unref();
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGTERM'));
startServer();
