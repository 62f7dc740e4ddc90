/**
 * How many board rows fit on the stage. Every entry gets a full row while they fit; with many
 * entries the top places keep full rows and the rest go compactly in columns below them, and
 * whatever still does not fit is counted in one "n more" cell. The board never scrolls.
 */

export interface BoardLayout {
  /** Top places shown as full rows. */
  full: number;
  /** Height of a full row, stage px. */
  rowHeight: number;
  /** Places after them shown compactly. */
  compact: number;
  /** Places not shown at all (the last compact cell counts them). */
  hidden: number;
}

export interface BoardSizes {
  maxRow: number;
  /** A single line of names at their legible size (LeaderBoard.vue) and the row's margins. */
  minRow: number;
  compactRow: number;
  compactColumns: number;
  /** At least this many top places keep a full row. */
  minFull: number;
  gap: number;
}

export const BOARD_SIZES: Readonly<BoardSizes> = {
  maxRow: 104,
  minRow: 50,
  compactRow: 52,
  compactColumns: 2,
  minFull: 5,
  gap: 16,
};

/** The board's frame around its rows (stage px): padding, heading, and the bars' axis under them. */
export const BOARD_FRAME = { padding: 24, header: 60, axis: 36 } as const;

/** @param count ranked entries  @param height px available for the rows */
export function boardLayout(count: number, height: number, sizes: Readonly<BoardSizes> = BOARD_SIZES): BoardLayout {
  if (count <= 0) return { full: 0, rowHeight: sizes.maxRow, compact: 0, hidden: 0 };
  if (count * sizes.minRow <= height) {
    return { full: count, rowHeight: Math.min(sizes.maxRow, Math.floor(height / count)), compact: 0, hidden: 0 };
  }
  const linesFor = (n: number) => Math.ceil(n / sizes.compactColumns);
  for (let full = Math.floor(height / sizes.minRow); full >= sizes.minFull; full--) {
    if (full * sizes.minRow + sizes.gap + linesFor(count - full) * sizes.compactRow <= height) {
      return { full, rowHeight: sizes.minRow, compact: count - full, hidden: 0 };
    }
  }
  const full = Math.min(count, sizes.minFull);
  const lines = Math.max(0, Math.floor((height - full * sizes.minRow - sizes.gap) / sizes.compactRow));
  // One cell is kept for the "n more" line.
  const compact = Math.max(0, Math.min(count - full, lines * sizes.compactColumns - 1));
  return { full, rowHeight: sizes.minRow, compact, hidden: count - full - compact };
}

/**
 * The points axis of the board's bars (hundredths): a baseline under the lowest score (whole 10
 * points) so that differences show, never below 0, up to the next 10 above the highest, with ticks
 * every 5, 10, 20 or 50 points. The baseline is drawn and labelled (BoardChart.vue), so a bar's
 * length reads against the axis, not as the whole score.
 */
export function axisFor(values: readonly number[]): { min: number; max: number; step: number } {
  if (values.length === 0) return { min: 0, max: 10_000, step: 2_000 };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const min = Math.max(0, Math.floor((lo - 1000) / 1000) * 1000);
  const max = Math.max(min + 1000, Math.ceil(hi / 1000) * 1000);
  const span = max - min;
  return { min, max, step: span <= 2_000 ? 500 : span <= 5_000 ? 1_000 : span <= 10_000 ? 2_000 : 5_000 };
}
