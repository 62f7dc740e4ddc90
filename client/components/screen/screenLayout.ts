/**
 * How /screen divides its stage (stage.ts: 1080 high, 1440..1920 wide). On a 16:9 picture the
 * entry on stage is a column beside the board, which gets the full height for its rows; on a
 * narrower one (16:10, 3:2, 4:3) the entry on stage is a band across the top and the board takes
 * the full width below it, so that names keep their size and their length.
 * All figures are stage px.
 */

export type ScreenMode = 'side' | 'band';

export interface ScreenLayout {
  mode: ScreenMode;
  /** Page padding: [vertical, horizontal]. */
  padding: [number, number];
  header: number;
  gap: number;
  /** Width of the stage column ('side'), or height of the stage band ('band'). */
  panel: number;
  /** Font size of the countdown's digits: `+08:00` must fit the column. */
  clock: number;
  board: { width: number; height: number };
}

/** Narrower than this (16:10 is 1728) the stage panel becomes a band, and names keep their room. */
export const SIDE_MIN_WIDTH = 1800;

export function screenLayout(stageWidth: number, stageHeight = 1080): ScreenLayout {
  if (stageWidth >= SIDE_MIN_WIDTH) {
    const padding: [number, number] = [36, 48];
    const header = 104;
    const gap = 24;
    const panel = Math.round(stageWidth * 0.3);
    const main = stageHeight - 2 * padding[0] - header - gap;
    // `+08:00` is about 3.5 em wide; the column has 36 px of padding either side.
    const clock = Math.min(156, Math.floor((panel - 76) / 3.5));
    return { mode: 'side', padding, header, gap, panel, clock, board: { width: stageWidth - 2 * padding[1] - 40 - panel, height: main } };
  }
  const padding: [number, number] = [28, 36];
  const header = 84;
  const gap = 20;
  const panel = 250;
  const board = stageHeight - 2 * padding[0] - header - gap - panel - gap;
  return { mode: 'band', padding, header, gap, panel, clock: 128, board: { width: stageWidth - 2 * padding[1], height: board } };
}
