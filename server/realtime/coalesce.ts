/**
 * Runs a job for requests that may come faster than the job finishes, merging every request that
 * arrives meanwhile into one more run. Right for jobs that send a snapshot of the latest state:
 * the last run always covers everything asked, and nothing asked is ever left unrun.
 */
export interface CoalescerOptions<S> {
  run: (work: S) => Promise<void>;
  merge: (a: S, b: S) => S;
  isEmpty: (work: S) => boolean;
  empty: () => S;
  onError: (error: unknown) => void;
  /** Pause before a retry, per failure in a row (ms); three failures in a row drop the work. */
  retryDelayMs?: number;
}

export class Coalescer<S> {
  private pending: S;
  private running: Promise<void> | null = null;

  constructor(private readonly options: CoalescerOptions<S>) {
    this.pending = options.empty();
  }

  request(work: S): void {
    if (this.options.isEmpty(work)) return;
    this.pending = this.options.merge(this.pending, work);
    this.running ??= this.drain();
  }

  /** Resolves once everything requested so far has run. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const { run, merge, isEmpty, empty, onError, retryDelayMs = 500 } = this.options;
    let failures = 0;
    try {
      while (!isEmpty(this.pending)) {
        const work = this.pending;
        this.pending = empty();
        try {
          await run(work);
          failures = 0;
        } catch (error) {
          onError(error);
          // A passing hiccup is tried again; after three failures in a row the work is dropped
          // until the next request (clients also re-sync on every reconnect).
          if (++failures < 3) {
            this.pending = merge(work, this.pending);
            await new Promise((resolve) => setTimeout(resolve, retryDelayMs * failures));
          }
        }
      }
    } finally {
      // Cleared in the same step as the last emptiness check, so no request can fall in between.
      this.running = null;
    }
  }
}
