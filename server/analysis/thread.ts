/**
 * One worker thread that runs track analyses (analysisWorker.ts), started on first use and again
 * after a crash. Jobs go to it one at a time in the order given; the caller (service.ts) decides
 * the order.
 *
 * Where the worker's code is: next to this module as `analysisWorker.js` when the server is
 * bundled (`vite build --mode server` has server/analysis/analysisWorker.ts as an entry of its own,
 * emitted beside index.js, which holds this module), else the TypeScript source, run through tsx
 * (tsWorker.mjs) as the server itself is in development and in the tests.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisInput, AnalysisOptionsInput, TrackAnalysis } from '../domain/analysis/analyze';
import type { AnalysisJob, AnalysisJobAnswer } from './analysisWorker';

/** Runs one analysis off the event loop. */
export type AnalysisRunner = (input: AnalysisInput, options: AnalysisOptionsInput) => Promise<{ analysis: TrackAnalysis; ms: number }>;

/** The worker's entry: the bundled script if there is one beside this module, else the source. */
export function analysisWorkerEntry(base: string | URL = import.meta.url): { kind: 'js' | 'ts'; url: URL } {
  const bundled = new URL('./analysisWorker.js', base);
  if (existsSync(fileURLToPath(bundled))) return { kind: 'js', url: bundled };
  return { kind: 'ts', url: new URL('./analysisWorker.ts', base) };
}

/** The analysis failed in the worker (bad input) or the worker stopped. */
export class AnalysisFailed extends Error {
  override name = 'AnalysisFailed';
}

export class AnalysisThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: { analysis: TrackAnalysis; ms: number }) => void; reject: (error: Error) => void }>();

  constructor(private readonly entry = analysisWorkerEntry()) {}

  readonly run: AnalysisRunner = (input, options) => {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const job: AnalysisJob = { id, input, options };
      worker.postMessage(job);
    });
  };

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker =
      this.entry.kind === 'js'
        ? new Worker(this.entry.url)
        : new Worker(new URL('./tsWorker.mjs', import.meta.url), { workerData: { entry: this.entry.url.href } });
    // An idle worker must not keep a stopping process alive.
    worker.unref();
    worker.on('message', (answer: AnalysisJobAnswer) => {
      const job = this.pending.get(answer.id);
      if (!job) return;
      this.pending.delete(answer.id);
      if (answer.ok) job.resolve({ analysis: answer.analysis, ms: answer.ms });
      else job.reject(new AnalysisFailed(`${answer.name}: ${answer.message}`));
    });
    const stopped = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(reason);
    };
    worker.on('error', (error) => stopped(`the analysis worker failed: ${error.message}`));
    worker.on('exit', (code) => stopped(`the analysis worker stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private failAll(reason: string): void {
    for (const job of this.pending.values()) job.reject(new AnalysisFailed(reason));
    this.pending.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll('the server is stopping');
    await worker?.terminate();
  }
}
