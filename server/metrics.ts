/**
 * What the process costs, for the host's operations and the benchmark (GET /api/metrics, host
 * key): memory by kind (the JavaScript heap; `external` holds PGlite's WebAssembly memory), the
 * event loop's delay since the last reset, and how many sockets are connected.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Metrics {
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  /** Event-loop delay since the last reset, milliseconds. */
  eventLoop: { p50: number; p99: number; max: number };
  sockets: number;
  seq: number;
}

export function metricsRecorder(sources: { sockets: () => number; seq: () => number }) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return (options: { gc?: boolean; reset?: boolean } = {}): Metrics => {
    // With --expose-gc (the benchmark starts the server so), a collection first: live memory only.
    if (options.gc) (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const metrics: Metrics = {
      memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers },
      eventLoop: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      sockets: sources.sockets(),
      seq: sources.seq(),
    };
    if (options.reset) delay.reset();
    return metrics;
  };
}
