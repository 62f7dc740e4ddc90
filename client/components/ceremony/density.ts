/**
 * How densely the ceremony lays out winners so that any number fits the 1920×1080 stage: one
 * big card for a single winner, down to small cards in five columns for a long list.
 */

export type Density = 'solo' | 'duo' | 'trio' | 'few' | 'some' | 'many' | 'lots';

/** Layout of one tier's winner cards. */
export function tierDensity(count: number): { density: Density; columns: number } {
  if (count <= 1) return { density: 'solo', columns: 1 };
  if (count === 2) return { density: 'duo', columns: 2 };
  if (count === 3) return { density: 'trio', columns: 3 };
  if (count <= 6) return { density: 'few', columns: 3 };
  if (count <= 9) return { density: 'some', columns: 3 };
  if (count <= 16) return { density: 'many', columns: 4 };
  return { density: 'lots', columns: 5 };
}

/** Layout of the all-winners page: columns per tier row and a size class by the lines needed. */
export function allDensity(counts: readonly number[]): { columns: number; size: 'large' | 'medium' | 'small' | 'tiny' } {
  const total = counts.reduce((a, b) => a + b, 0);
  const columns = total > 30 ? 5 : total > 12 ? 4 : 3;
  const lines = counts.reduce((sum, c) => sum + Math.max(1, Math.ceil(c / columns)), 0);
  const size = lines <= 4 ? 'large' : lines <= 6 ? 'medium' : lines <= 9 ? 'small' : 'tiny';
  return { columns, size };
}
