/**
 * Podium as the host runs it: `server/index.ts` (one server) or `server/supervise.ts` (what
 * `npm start` runs) in a process of its own, on a PGlite directory and a port of the test's
 * choosing, with its output collected. For tests of what only a separate process shows: a crash,
 * a kill -9, exit codes, the lock of a data directory held by another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface PodiumProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output from `from` on (default: all of it). */
  waitForOutput(pattern: RegExp, options?: { from?: number; ms?: number }): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `script` with the test's environment minus anything that would point it at shared
 * services (DATABASE_URL, Redis, a contest file), plus `env`.
 */
export function spawnPodium(script: 'server/index.ts' | 'server/supervise.ts', env: Record<string, string>): PodiumProcess {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'PODIUM_REDIS_URL', 'PODIUM_CONTEST', 'PODIUM_PUBLIC_URL', 'PODIUM_DATA_DIR', 'PORT']) delete base[key];
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  // 'exit' can come before the last output has been read: wait for the pipes to close too (for
  // at most a second, should a child of the process still hold them).
  const pipesClosed = Promise.all([child.stdout!, child.stderr!].map((pipe) => new Promise((resolve) => pipe.once('close', resolve))));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      void Promise.race([pipesClosed, new Promise((r) => setTimeout(r, 1_000))]).then(() => resolve({ code, signal }));
    }),
  );

  return {
    child,
    output: () => text,
    exited,
    waitForOutput(pattern, { from = 0, ms = 60_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.slice(from).match(pattern);
          if (!match) return false;
          done();
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no output matching ${pattern} within ${ms} ms; output:\n${text}`));
        }, ms);
        const listener = () => void check();
        const done = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        listeners.add(listener);
        check();
      });
    },
  };
}

/** Resolves with /api/health's answer once the server on `port` answers it. */
export async function waitForHealth(port: number, ms = 60_000): Promise<{ ok: true; contestId: number; uptimeSeconds: number }> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return (await res.json()) as { ok: true; contestId: number; uptimeSeconds: number };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answered /api/health on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
