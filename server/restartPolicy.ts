/**
 * When the supervisor (server/supervise.ts) starts the server again after it exits, and when it
 * gives up. Pure: the supervisor feeds it each exit and follows the answer.
 */
import { EXIT_CONFIG, EXIT_UNAVAILABLE } from './exitCodes';

export interface ServerExit {
  code: number | null;
  signal: string | null;
  /** How long the server process ran. */
  ranMs: number;
}

export type Decision =
  | { restart: true; delayMs: number; why: string }
  | { restart: false; exitCode: number; why: string };

/** A crash this soon after starting is one the next start will probably repeat. */
export const QUICK_CRASH_MS = 10_000;
/** Quick crashes in a row after which the supervisor stops trying. */
export const QUICK_CRASH_LIMIT = 5;
const MAX_DELAY_MS = 30_000;

export interface RestartPolicy {
  afterExit(exit: ServerExit): Decision;
}

function describeExit(exit: ServerExit): string {
  if (exit.signal === 'SIGKILL') return 'killed by SIGKILL (out of memory, or kill -9)';
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code}`;
}

export function restartPolicy(): RestartPolicy {
  let quickCrashes = 0;
  let unavailable = 0;
  return {
    afterExit(exit) {
      if (exit.code === EXIT_CONFIG) {
        return { restart: false, exitCode: EXIT_CONFIG, why: 'configuration error (the message above says what to fix); not starting again' };
      }
      if (exit.code === 0 && exit.signal === null) {
        return { restart: false, exitCode: 0, why: 'the server stopped on request' };
      }
      if (exit.code === EXIT_UNAVAILABLE) {
        // The database may take minutes to come back (a reboot of its host): keep trying, slowly.
        unavailable++;
        const delayMs = Math.min(1000 * 2 ** (unavailable - 1), MAX_DELAY_MS);
        return { restart: true, delayMs, why: 'the database could not be reached' };
      }
      unavailable = 0;
      quickCrashes = exit.ranMs < QUICK_CRASH_MS ? quickCrashes + 1 : 1;
      const why = describeExit(exit);
      if (quickCrashes >= QUICK_CRASH_LIMIT) {
        return {
          restart: false,
          exitCode: 1,
          why: `${why}; it crashed ${quickCrashes} times in a row within ${QUICK_CRASH_MS / 1000} s of starting, so it is not started again (see the errors above)`,
        };
      }
      return { restart: true, delayMs: Math.min(1000 * 2 ** (quickCrashes - 1), MAX_DELAY_MS), why };
    },
  };
}
