import { describe, expect, it } from 'vitest';
import { clockLevel, elapsedMs, extendClock, formatClock, pauseClock, remainingMs, resumeClock, startClock } from './timer';

const T0 = 1_700_000_000_000;

describe('phase clock', () => {
  it('counts down from the deadline and into overtime', () => {
    const clock = startClock('presenting', 480_000, T0);
    expect(remainingMs(clock, T0)).toBe(480_000);
    expect(remainingMs(clock, T0 + 30_000)).toBe(450_000);
    expect(remainingMs(clock, T0 + 500_000)).toBe(-20_000);
  });

  it('does not count paused time, across several pauses', () => {
    let clock = startClock('qa', 300_000, T0);
    clock = pauseClock(clock, T0 + 10_000);
    expect(remainingMs(clock, T0 + 70_000)).toBe(290_000);
    clock = resumeClock(clock, T0 + 70_000);
    clock = pauseClock(clock, T0 + 80_000);
    clock = resumeClock(clock, T0 + 100_000);
    expect(elapsedMs(clock, T0 + 100_000)).toBe(20_000);
    expect(clock.pausedMs).toBe(80_000);
  });

  it('pausing twice or resuming a running clock changes nothing', () => {
    const clock = pauseClock(startClock('qa', 60_000, T0), T0 + 1_000);
    expect(pauseClock(clock, T0 + 5_000)).toBe(clock);
    const running = startClock('qa', 60_000, T0);
    expect(resumeClock(running, T0 + 5_000)).toBe(running);
  });

  it('extends and shortens, never below the time already run', () => {
    const clock = startClock('presenting', 60_000, T0);
    expect(remainingMs(extendClock(clock, 60_000, T0 + 10_000), T0 + 10_000)).toBe(110_000);
    expect(remainingMs(extendClock(clock, -600_000, T0 + 10_000), T0 + 10_000)).toBe(0);
  });

  it('turns amber at the largest warning and red in overtime', () => {
    expect(clockLevel(121_000, [120, 60])).toBe('normal');
    expect(clockLevel(120_000, [120, 60])).toBe('warning');
    expect(clockLevel(0, [120, 60])).toBe('warning');
    expect(clockLevel(-1, [120, 60])).toBe('overtime');
    expect(clockLevel(5_000, [])).toBe('normal');
  });

  it('formats like a wall clock: whole seconds towards the deadline', () => {
    expect(formatClock(480_000)).toBe('08:00');
    expect(formatClock(59_001)).toBe('01:00');
    expect(formatClock(59_000)).toBe('00:59');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(-1_500)).toBe('+00:01');
    expect(formatClock(-65_000)).toBe('+01:05');
  });
});
