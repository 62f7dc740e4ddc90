import { describe, expect, it } from 'vitest';
import { startClock } from '../../server/domain/timer';
import { ENTRY_STATES } from '../../server/protocol/stage';
import { clockStatus, stageStatus } from './stageStatus';

const timings = { presentation: { seconds: 480, warnings: [120, 60] }, qa: { seconds: 300, warnings: [60] } };
const T0 = 1_700_000_000_000;

describe('stageStatus: one label and one clock text for every screen', () => {
  it('labels the stage with exactly its state, and shows a clock only in a timed phase', () => {
    const clock = startClock('presenting', 480_000, T0);
    for (const state of ENTRY_STATES) {
      const status = stageStatus(state, clock, timings, T0 + 1_000);
      expect(status.state).toBe(state);
      expect(status.clock !== null).toBe(state === 'presenting');
    }
    // A Q&A clock while presenting (a stale broadcast) is not shown as the presentation's.
    expect(stageStatus('presenting', startClock('qa', 300_000, T0), timings, T0).clock).toBeNull();
    expect(stageStatus('qa', startClock('qa', 300_000, T0), timings, T0).clock?.text).toBe('05:00');
    expect(stageStatus('presenting', null, timings, T0).clock).toBeNull();
  });

  it('counts down, then up with a plus sign past the deadline', () => {
    const clock = startClock('presenting', 480_000, T0);
    expect(clockStatus(clock, timings, T0).text).toBe('08:00');
    expect(clockStatus(clock, timings, T0 + 479_500).text).toBe('00:01');
    expect(clockStatus(clock, timings, T0 + 482_000)).toMatchObject({ text: '+00:02', level: 'overtime', warningsPassed: 0 });
    expect(clockStatus(clock, timings, T0 + 545_000).text).toBe('+01:05');
  });

  it('deepens at each warning of the phase and reports a pause', () => {
    const clock = startClock('presenting', 480_000, T0);
    expect(clockStatus(clock, timings, T0 + 300_000)).toMatchObject({ level: 'normal', warningsPassed: 0 });
    expect(clockStatus(clock, timings, T0 + 360_000)).toMatchObject({ level: 'warning', warningsPassed: 1 });
    expect(clockStatus(clock, timings, T0 + 420_000)).toMatchObject({ level: 'warning', warningsPassed: 2 });
    const qa = startClock('qa', 300_000, T0);
    expect(clockStatus(qa, timings, T0 + 250_000)).toMatchObject({ warningsPassed: 1, warnings: [60] });
    const paused = { ...clock, pausedAt: T0 + 10_000 };
    expect(clockStatus(paused, timings, T0 + 100_000)).toMatchObject({ paused: true, text: '07:50' });
  });
});
