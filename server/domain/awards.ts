/**
 * Award allocation: tiers fill places in rank order (一等奖 1, 二等奖 2, ...). Places are counted
 * over entries that reach `minAwardScore`. Entries that share a rank across a tier boundary (or
 * across the cut-off to no award) are never split silently: their award stays open (`award: null`,
 * `provisional: true`) and the tie is reported until the host records a manual decision.
 */
import type { RankedEntry } from './ranking';
import type { EntryId } from './types';

export interface AwardTier {
  key: string;
  count: number;
}

/**
 * Entries with equal published scores whose places span an award boundary. When the tie-break chain
 * separated them the boundary is settled (`needsManualDecision: false`) and this only records it;
 * otherwise the entries in `pending` share a rank across the boundary and their awards wait.
 */
export interface BoundaryTie {
  /** Every entry with this published score, in rank order. */
  entryIds: EntryId[];
  /** The published score they share, hundredths. */
  final: number;
  /** The rank of the group's first place. */
  rank: number;
  /** The tier of each place the group occupies, best first (null: no award). */
  places: (string | null)[];
  /** Tier of the group's first place: the tier above the boundary. */
  tierAbove: string | null;
  /** Tier of the group's last place: the tier below the boundary (null: no award). */
  tierBelow: string | null;
  /** True while some entries of the group still share a rank across the boundary. */
  needsManualDecision: boolean;
  /** Entries that still share a rank across a boundary (by shared rank); their award waits on the host. */
  unresolved: { rank: number; entryIds: EntryId[] }[];
}

export interface AwardOutcome {
  /** Tier key per entry; null for no award and for awards still pending. */
  award: Map<EntryId, string | null>;
  /** Entries whose award waits on a host decision. */
  provisional: Set<EntryId>;
  boundaryTies: BoundaryTie[];
}

/** The tier of each award place, best first: [first, second, second, third, ...]. */
export function awardPlaces(tiers: readonly AwardTier[]): string[] {
  return tiers.flatMap((t) => Array.from({ length: t.count }, () => t.key));
}

/**
 * Allocates awards to a ranking (from {@link rankEntries}, in rank order). Entries below
 * `minAwardScore` take no place; because they score lower than every eligible entry they all come
 * last, so the cut-off by score never splits a tie.
 */
export function allocateAwards(
  ranking: readonly RankedEntry[],
  tiers: readonly AwardTier[],
  minAwardScore?: number,
): AwardOutcome {
  const places = awardPlaces(tiers);
  const placeOf = new Map<EntryId, string | null>();
  let next = 0;
  for (const entry of ranking) {
    const eligible = minAwardScore === undefined || entry.final >= minAwardScore;
    placeOf.set(entry.entryId, eligible ? (places[next++] ?? null) : null);
  }

  const award = new Map<EntryId, string | null>();
  const provisional = new Set<EntryId>();
  const boundaryTies: BoundaryTie[] = [];

  // One pass per group of equal published score; inside it, classes of equal rank.
  let start = 0;
  while (start < ranking.length) {
    let end = start + 1;
    while (end < ranking.length && ranking[end]!.final === ranking[start]!.final) end++;
    const group = ranking.slice(start, end);
    const unresolved: BoundaryTie['unresolved'] = [];
    for (const rank of new Set(group.map((e) => e.rank))) {
      const cls = group.filter((e) => e.rank === rank);
      const tiersOfClass = new Set(cls.map((e) => placeOf.get(e.entryId) ?? null));
      if (tiersOfClass.size === 1) {
        for (const e of cls) award.set(e.entryId, placeOf.get(e.entryId) ?? null);
      } else {
        for (const e of cls) {
          award.set(e.entryId, null);
          provisional.add(e.entryId);
        }
        unresolved.push({ rank, entryIds: cls.map((e) => e.entryId) });
      }
    }
    const groupPlaces = group.map((e) => placeOf.get(e.entryId) ?? null);
    if (new Set(groupPlaces).size > 1) {
      boundaryTies.push({
        entryIds: group.map((e) => e.entryId),
        final: group[0]!.final,
        rank: group[0]!.rank,
        places: groupPlaces,
        tierAbove: groupPlaces[0] ?? null,
        tierBelow: groupPlaces[groupPlaces.length - 1] ?? null,
        needsManualDecision: unresolved.length > 0,
        unresolved,
      });
    }
    start = end;
  }
  return { award, provisional, boundaryTies };
}
