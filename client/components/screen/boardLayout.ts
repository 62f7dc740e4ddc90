/**
 * How many board rows fit on the stage. Every entry gets a full row while they fit; with many
 * entries the top places keep full rows and the rest go compactly in columns below them, and
 * whatever still does not fit is counted in one "n more" cell. The board never scrolls.
 */

export interface BoardLayout {
  /** Top places shown as full rows. */
  full: number;
  /** Height of a full row, px on the 1920×1080 stage. */
  rowHeight: number;
  /** Places after them shown compactly. */
  compact: number;
  /** Places not shown at all (the last compact cell counts them). */
  hidden: number;
}

export const BOARD_SIZES = {
  maxRow: 84,
  minRow: 60,
  compactRow: 46,
  compactColumns: 3,
  /** At least this many top places keep a full row. */
  minFull: 5,
  gap: 16,
} as const;

/** @param count ranked entries  @param height px available for the rows */
export function boardLayout(count: number, height: number, sizes = BOARD_SIZES): BoardLayout {
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
