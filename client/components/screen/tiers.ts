/**
 * Award tiers on the big screens: one colour per tier by its place in the track's list (best
 * first): gold, silver, bronze, then blue tones. Shared by the board and the ceremony.
 */
import type { AwardTierView } from '../../../server/protocol/views';

const COLOURS = ['#f2c94c', '#d5dde8', '#e0955a', '#5fb7d4', '#9b8cf2', '#7fc98a'];
const OTHER = '#8c96a8';

/** The tier's index in the track's list, best first; -1 when unknown. */
export function tierIndex(awards: readonly AwardTierView[], key: string | null | undefined): number {
  return key ? awards.findIndex((a) => a.key === key) : -1;
}

export function tierColour(index: number): string {
  return index < 0 ? OTHER : (COLOURS[index] ?? OTHER);
}

/** A CSS class per tier rank: tier-0 is the top award. */
export function tierClass(index: number): string {
  return index < 0 ? 'tier-none' : `tier-${Math.min(index, COLOURS.length - 1)}`;
}
