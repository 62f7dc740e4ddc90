// Starts a TypeScript worker thread under tsx: development and tests, where the server itself runs
// from its sources. A bundled server starts its compiled analysisWorker.js directly (thread.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
