/**
 * The analysis thread runs the domain's `analyzeTrack` in a worker, from the TypeScript source (as
 * in development and the tests) and from a bundled script beside the server (as in production):
 * the same answer as running it inline, and a failure in the worker comes back as a rejection.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeTrack, type AnalysisInput } from '../domain/analysis/analyze';
import { rules, sheet } from '../domain/test-support';
import { AnalysisFailed, AnalysisThread, analysisWorkerEntry } from './thread';

const input: AnalysisInput = {
  rules: rules(),
  entries: [1, 2, 3, 4],
  judges: [1, 2, 3, 4, 5],
  sheets: [1, 2, 3, 4].flatMap((e) => [1, 2, 3, 4, 5].map((j) => sheet(j, e, [30 + e + (j === 5 ? 3 : 0), 30 + ((e * j) % 4), 15]))),
  recusals: [],
  manualDecisions: [],
};

const threads: AnalysisThread[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(threads.map((t) => t.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the analysis worker thread', () => {
  it('runs the TypeScript worker in development and answers what analyzeTrack answers', async () => {
    const entry = analysisWorkerEntry();
    expect(entry.kind).toBe('ts');
    const thread = new AnalysisThread(entry);
    threads.push(thread);
    const { analysis } = await thread.run(input, { resamples: 50 });
    expect(analysis).toEqual(analyzeTrack(input, { resamples: 50 }));
    expect(analysis.judges.find((j) => j.judgeId === 5)!.severity!.mean).toBeGreaterThan(0);
  });

  it('answers a bad input with a rejection, and goes on with the next job', async () => {
    const thread = new AnalysisThread();
    threads.push(thread);
    const stranger = { ...input, sheets: [...input.sheets, sheet(9, 1, [30, 30, 15])] };
    await expect(thread.run(stranger, { resamples: 0 })).rejects.toThrow(AnalysisFailed);
    await expect(thread.run(stranger, { resamples: 0 })).rejects.toThrow(/not on the panel/);
    expect((await thread.run(input, { resamples: 0 })).analysis.entries).toHaveLength(4);
  });

  it('runs the bundled worker when the server is bundled (npm run build): analysisWorker.js beside index.js', async () => {
    const out = mkdtempSync(join(tmpdir(), 'podium-server-bundle-'));
    dirs.push(out);
    // The project's own server build (`vite build --mode server`), into a directory of the test's own.
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      mode: 'server',
      logLevel: 'silent',
      build: { outDir: out, emptyOutDir: true, sourcemap: false },
    });
    // The service's code is in index.js and finds the worker next to itself.
    expect(readFileSync(join(out, 'index.js'), 'utf8')).toContain('./analysisWorker.js');
    const entry = analysisWorkerEntry(pathToFileURL(join(out, 'index.js')));
    expect(entry).toEqual({ kind: 'js', url: pathToFileURL(join(out, 'analysisWorker.js')) });
    const thread = new AnalysisThread(entry);
    threads.push(thread);
    expect((await thread.run(input, { resamples: 50 })).analysis).toEqual(analyzeTrack(input, { resamples: 50 }));
  });

  it('rejects the jobs in flight when it is closed', async () => {
    const thread = new AnalysisThread();
    const job = expect(thread.run(input, { resamples: 5000 })).rejects.toThrow(/stopping/);
    await thread.close();
    await job;
  });
});
