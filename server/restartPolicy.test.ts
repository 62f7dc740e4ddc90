import { describe, expect, it } from 'vitest';
import { EXIT_CONFIG, EXIT_UNAVAILABLE } from './exitCodes';
import { QUICK_CRASH_LIMIT, restartPolicy } from './restartPolicy';

describe('restart policy', () => {
  it('starts a crashed server again with a growing pause, and gives up after repeated crashes right after starting', () => {
    const policy = restartPolicy();
    const quick = { code: 1, signal: null, ranMs: 2_000 };
    const delays = [];
    for (let i = 1; i < QUICK_CRASH_LIMIT; i++) {
      const decision = policy.afterExit(quick);
      expect(decision.restart).toBe(true);
      if (decision.restart) delays.push(decision.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(policy.afterExit(quick)).toEqual({ restart: false, exitCode: 1, why: expect.stringContaining(`crashed ${QUICK_CRASH_LIMIT} times in a row`) });
  });

  it('forgets earlier crashes once the server has run for a while, and says how it died', () => {
    const policy = restartPolicy();
    for (let i = 0; i < 3; i++) policy.afterExit({ code: 1, signal: null, ranMs: 100 });
    expect(policy.afterExit({ code: null, signal: 'SIGKILL', ranMs: 3_600_000 })).toEqual({ restart: true, delayMs: 1_000, why: 'killed by SIGKILL (out of memory, or kill -9)' });
    for (let i = 0; i < QUICK_CRASH_LIMIT - 2; i++) expect(policy.afterExit({ code: 1, signal: null, ranMs: 100 }).restart).toBe(true);
    expect(policy.afterExit({ code: 1, signal: null, ranMs: 100 }).restart).toBe(false);
  });

  it('stops on a configuration error and on a requested stop; keeps waiting, up to 30 s apart, for an unreachable database', () => {
    const policy = restartPolicy();
    expect(policy.afterExit({ code: EXIT_CONFIG, signal: null, ranMs: 500 })).toMatchObject({ restart: false, exitCode: EXIT_CONFIG });
    expect(policy.afterExit({ code: 0, signal: null, ranMs: 500 })).toMatchObject({ restart: false, exitCode: 0 });
    const delays = Array.from({ length: 12 }, () => policy.afterExit({ code: EXIT_UNAVAILABLE, signal: null, ranMs: 500 }));
    expect(delays.every((d) => d.restart)).toBe(true);
    expect(delays.map((d) => (d.restart ? d.delayMs : 0))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
  });
});
