import { describe, expect, it } from 'vitest';
import type { HostEntry, HostSheetStatus, HostTrack } from '../protocol/views';
import { hostAlerts } from './alerts';

const status = (judgeId: number, over: Partial<HostSheetStatus> = {}): HostSheetStatus => ({
  judgeId, status: 'submitted', total: 8000, submittedAt: '2025-01-01T00:00:00.000Z', amended: false, amending: false, late: null, flags: [], ...over,
});

const entry = (id: number, state: HostEntry['state'], sheets: HostSheetStatus[]): HostEntry => ({
  id, code: `E${id}`, position: id, unit: 'u', model: 'm', state, contact: null, closedAt: null, closeReason: null, panelConfirmed: null, sheets,
});

const track = (entries: HostEntry[], boundaryTies: HostTrack['results']['boundaryTies'] = []) =>
  ({ key: 'gov', entries, results: { ranking: [], boundaryTies, provisional: false } }) as unknown as HostTrack;

describe('the console alerts', () => {
  it('turn each flag on a sheet into an alert: the total as an outlier, a criterion as a criterion outlier', () => {
    const flagged = status(3, {
      total: 6500,
      flags: [
        { key: null, value: 6500, othersMedian: 8000, deviation: -1500, limit: 800 },
        { key: 'pitch', value: 500, othersMedian: 1600, deviation: -1100, limit: 500 },
      ],
    });
    expect(hostAlerts({ tracks: [track([entry(1, 'closed', [status(1), status(2), flagged])])] })).toEqual([
      { kind: 'outlier', track: 'gov', entryId: 1, judgeId: 3, total: 6500, othersMedian: 8000 },
      { kind: 'criterionOutlier', track: 'gov', entryId: 1, judgeId: 3, key: 'pitch', value: 500, othersMedian: 1600 },
    ]);
  });

  it('say who is missing while an entry is scored, and which tie waits for the host', () => {
    const tie = { entryIds: [1, 2], rank: 1, above: 'first', below: null, needsDecision: true, unresolved: [] };
    const alerts = hostAlerts({ tracks: [track([entry(1, 'scoring', [status(1), status(2, { status: 'draft', total: null }), status(3, { status: 'none', total: null })])], [tie])] });
    expect(alerts).toEqual([
      { kind: 'boundaryTie', track: 'gov', entryIds: [1, 2], above: 'first', below: null },
      { kind: 'missingSheets', track: 'gov', entryId: 1, judgeIds: [2, 3] },
    ]);
  });

  it('leave withdrawn entries out: their sheets count nowhere', () => {
    const flag = { key: null, value: 6500, othersMedian: 8000, deviation: -1500, limit: 800 };
    expect(hostAlerts({ tracks: [track([entry(1, 'withdrawn', [status(1, { flags: [flag] })])])] })).toEqual([]);
  });
});
