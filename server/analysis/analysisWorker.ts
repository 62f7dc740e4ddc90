/**
 * The analysis worker thread: runs `analyzeTrack` off the server's event loop (a bootstrap takes
 * seconds). It imports only pure domain code, so it runs the same in development (this file,
 * through tsWorker.mjs) and bundled (dist/server/analysisWorker.js beside the server; see
 * thread.ts). One job at a time; each answer carries the job's id.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeTrack, type AnalysisInput, type AnalysisOptionsInput, type TrackAnalysis } from '../domain/analysis/analyze';

export interface AnalysisJob {
  id: number;
  input: AnalysisInput;
  options: AnalysisOptionsInput;
}

export type AnalysisJobAnswer =
  | { id: number; ok: true; analysis: TrackAnalysis; ms: number }
  | { id: number; ok: false; name: string; message: string };

const port = parentPort;
if (!port) throw new Error('analysisWorker.ts runs as a worker thread (server/analysis/thread.ts starts it)');

port.on('message', (job: AnalysisJob) => {
  const started = performance.now();
  let answer: AnalysisJobAnswer;
  try {
    answer = { id: job.id, ok: true, analysis: analyzeTrack(job.input, job.options), ms: Math.round(performance.now() - started) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    answer = { id: job.id, ok: false, name: e.name, message: e.message };
  }
  port.postMessage(answer);
});
