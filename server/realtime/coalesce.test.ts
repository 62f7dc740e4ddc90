import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce';

type Work = Set<string>;

function recorder(options: { failFirst?: number } = {}) {
  const runs: string[][] = [];
  let failures = options.failFirst ?? 0;
  const coalescer = new Coalescer<Work>({
    run: async (work) => {
      await Promise.resolve();
      if (failures > 0) {
        failures--;
        throw new Error('hiccup');
      }
      runs.push([...work].sort());
    },
    merge: (a, b) => new Set([...a, ...b]),
    isEmpty: (w) => w.size === 0,
    empty: () => new Set(),
    onError: () => {},
    retryDelayMs: 1,
  });
  return { coalescer, runs };
}

describe('coalescer', () => {
  it('merges requests made while a run is under way into one more run', async () => {
    const { coalescer, runs } = recorder();
    coalescer.request(new Set(['public']));
    coalescer.request(new Set(['host']));
    coalescer.request(new Set(['judge:1']));
    await coalescer.idle();
    expect(runs).toEqual([['public'], ['host', 'judge:1']]);
  });

  it('never loses a request made just as a run finishes, whatever the timing', async () => {
    for (let delay = 0; delay < 8; delay++) {
      const { coalescer, runs } = recorder();
      coalescer.request(new Set(['public']));
      let later = Promise.resolve();
      for (let i = 0; i < delay; i++) later = later.then(() => {});
      await later;
      coalescer.request(new Set(['host']));
      await coalescer.idle();
      expect(runs.flat().sort()).toEqual(['host', 'public']);
    }
  });

  it('tries failed work again, and gives up after three failures in a row', async () => {
    const once = recorder({ failFirst: 1 });
    once.coalescer.request(new Set(['public']));
    await once.coalescer.idle();
    expect(once.runs).toEqual([['public']]);

    const always = recorder({ failFirst: 3 });
    always.coalescer.request(new Set(['public']));
    await always.coalescer.idle();
    expect(always.runs).toEqual([]);
    always.coalescer.request(new Set(['host']));
    await always.coalescer.idle();
    expect(always.runs).toEqual([['host']]);
  });
});
