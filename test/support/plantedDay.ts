/**
 * A track of the demo contest scored through the real protocol with two things planted for the
 * analysis to find: a lenient judge (8 points above the panel on every entry) and one sheet far
 * off on one criterion (a judge who typed 5 for a criterion the others gave about 16). Everything
 * else is a panel that agrees: entries 2.5 points apart, judges within a point of each other
 * (the six others' deviations on each entry are symmetric around 0, so the lenient judge lies
 * exactly 8 points above their median, under the 8.4-point floor of a 105-point rubric: lenient,
 * not an outlier). Deterministic, so tests can name what must be flagged.
 */
import { randomUUID } from 'node:crypto';
import type { HostTrack } from '../../server/protocol/views';
import { ok } from './clients';
import { sheetForTotal, type Flow, type Sheet } from './flow';

/** The judge who gives every entry 8 points more than the panel. */
export const LENIENT_JUDGE = 'J7';
/** The sheet far off on one criterion: judge, entry (4th of the running order), criterion, value given. */
export const PLANTED_OUTLIER = { judge: 'J3', entryIndex: 3, criterion: 'feasibility', value: 500 } as const;
export const LENIENT_POINTS = 800;

/** The six other judges' deviations from an entry's level, hundredths: symmetric around 0, rotated per entry. */
const SPREAD = [-100, -50, 0, 0, 50, 100];

/** The sheet judge `judgeKey` (of `judgeKeys`, in file order) gives the `index`-th entry of the running order. */
export function plantedSheet(track: Pick<HostTrack, 'rubric'>, judgeKeys: readonly string[], judgeKey: string, index: number): Sheet {
  const level = 8800 - 250 * index;
  const others = judgeKeys.filter((k) => k !== LENIENT_JUDGE);
  const total = judgeKey === LENIENT_JUDGE ? level + LENIENT_POINTS : level + SPREAD[(others.indexOf(judgeKey) + index) % SPREAD.length]!;
  const sheet = sheetForTotal(track.rubric, total);
  if (judgeKey === PLANTED_OUTLIER.judge && index === PLANTED_OUTLIER.entryIndex) {
    return { ...sheet, scores: { ...sheet.scores, [PLANTED_OUTLIER.criterion]: PLANTED_OUTLIER.value } };
  }
  return sheet;
}

export interface PlantedOptions {
  /** Position in the running order of the first entry to score (the next one waiting): 0 by default. */
  from?: number;
  /** After the entry starts, before any sheet (drafts, say). */
  onStage?: (entryId: number, index: number) => Promise<void>;
  /** After every sheet, before the host closes the entry. */
  beforeClose?: (entryId: number, index: number) => Promise<void>;
}

/**
 * Scores `count` entries of a track from its running order: call, start, every eligible judge's
 * planted sheet, close. Resolves with the entry ids in order.
 */
export async function playPlantedTrack(flow: Flow, trackKey: string, count: number, hooks: PlantedOptions = {}): Promise<number[]> {
  const judgeKeys = flow.judges.map((j) => j.key);
  const ids: number[] = [];
  const from = hooks.from ?? 0;
  for (let index = from; index < from + count; index++) {
    const entryId = await flow.callNext(trackKey);
    await flow.advance(trackKey, 'start');
    await hooks.onStage?.(entryId, index);
    const track = await flow.track(trackKey);
    const entry = track.entries.find((e) => e.id === entryId)!;
    for (const status of entry.sheets.filter((s) => s.status !== 'recused')) {
      const judge = flow.judges.find((j) => j.id === status.judgeId)!;
      const sheet = plantedSheet(track, judgeKeys, judge.key, index);
      await ok(judge.socket, 'sheet:submit', { entryId, ...sheet, comment: '', submissionId: `planted-${randomUUID()}` });
    }
    await hooks.beforeClose?.(entryId, index);
    await flow.close(entryId);
    ids.push(entryId);
  }
  return ids;
}
