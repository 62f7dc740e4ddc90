import { describe, expect, it } from 'vitest';
import { offsetFromSamples } from './useServerClock';

describe('server clock offset', () => {
  it('trusts the sample with the shortest round trip, at its midpoint', () => {
    // The device is 5 minutes behind the server; round trips of 400, 60 and 900 ms.
    const skew = 300_000;
    const samples = [
      { sentAt: 1_000, serverNow: 1_000 + skew + 350, receivedAt: 1_400 }, // slow on the way out
      { sentAt: 2_000, serverNow: 2_000 + skew + 30, receivedAt: 2_060 }, // fast and even
      { sentAt: 3_000, serverNow: 3_000 + skew + 100, receivedAt: 3_900 }, // slow on the way back
    ];
    const estimate = offsetFromSamples(samples)!;
    expect(estimate.roundTrip).toBe(60);
    expect(estimate.offset).toBe(skew);
  });

  it('is off by at most half the best round trip, whatever the asymmetry', () => {
    const skew = -42_000;
    const estimate = offsetFromSamples([{ sentAt: 0, serverNow: skew + 80, receivedAt: 80 }])!;
    expect(Math.abs(estimate.offset - skew)).toBeLessThanOrEqual(estimate.roundTrip / 2);
  });

  it('has no estimate without samples', () => {
    expect(offsetFromSamples([])).toBeNull();
  });
});
