import { describe, expect, it } from 'vitest';
import { perTrackBackup, type Backup } from './backup';

/** A backup as a Podium before per-track sign-offs (0002_setup) made it: only the tables that change. */
const old = {
  format: 'podium.backup/1',
  createdAt: '2025-06-18T10:00:00.000Z',
  migration: '0002_setup',
  contest: { id: 1, name: { zh: '旧赛事' } },
  chain: { records: 0, head: '' },
  tables: {
    judges: [
      { id: 100, contest_id: 1, key: 'J1', signed_off_at: '2025-06-18T09:00:00+00:00' },
      { id: 101, contest_id: 1, key: 'J2', signed_off_at: null },
    ],
    judge_tracks: [{ judge_id: 100, track_id: 10 }, { judge_id: 100, track_id: 11 }, { judge_id: 101, track_id: 10 }],
    signatures: [{ id: 7, judge_id: 100, track_id: null, image: 'data:image/png;base64,AAAA', signed_at: '2025-06-18T09:00:00+00:00' }],
    displays: [{ contest_id: 1, screen_track_id: 10, ceremony_track_id: 11, ceremony_step: 'tier:third', board_visible: true }],
  },
} as unknown as Backup;

describe('a backup made before sign-offs were per track', () => {
  it('is moved as the migration moves a database: a sign-off and its signature per track, the ceremony on its track', () => {
    const t = perTrackBackup(old).tables;
    expect(t.judges).toEqual([{ id: 100, contest_id: 1, key: 'J1' }, { id: 101, contest_id: 1, key: 'J2' }]);
    expect(t.judge_signoffs).toEqual([
      { judge_id: 100, track_id: 10, signed_at: '2025-06-18T09:00:00+00:00' },
      { judge_id: 100, track_id: 11, signed_at: '2025-06-18T09:00:00+00:00' },
    ]);
    expect(t.signatures!.map((s) => [s.id, s.judge_id, s.track_id])).toEqual([[8, 100, 10], [9, 100, 11]]);
    expect(t.displays).toEqual([{ contest_id: 1, screen_track_id: 10, ceremony_track_id: 11, board_visible: true }]);
    expect(t.ceremonies).toEqual([{ track_id: 11, step: 'tier:third' }]);
    // The file itself is left alone.
    expect(old.tables.judges![0]).toHaveProperty('signed_off_at');
  });
});
