/**
 * The award ceremony's running order for one track, as ICPC's resolver reveals a scoreboard: a
 * title card, then tier by tier from the lowest (优胜奖) up to the highest (一等奖), each tier
 * announced and then its winners revealed one at a time from the lowest place up, so the best of
 * each tier comes last; then a page with all winners.
 */

export type CeremonyStepPlan =
  | { kind: 'title' }
  /** The tier is announced (its name and how many winners it has; no winner yet). */
  | { kind: 'tier'; tier: string }
  /** One more winner of the tier is revealed. */
  | { kind: 'entry'; tier: string; entryId: number }
  | { kind: 'all' };

/** A winner as the plan needs it: its tier, in rank order (best first). */
export interface PlannedWinner {
  entryId: number;
  tier: string;
}

/**
 * @param tiersBestFirst tier keys as configured, best first
 * @param winnersBestFirst every entry with an award, in rank order (tiers without a winner are skipped)
 */
export function planCeremony(tiersBestFirst: readonly string[], winnersBestFirst: readonly PlannedWinner[]): CeremonyStepPlan[] {
  const steps: CeremonyStepPlan[] = [{ kind: 'title' }];
  for (const tier of [...tiersBestFirst].reverse()) {
    const winners = winnersBestFirst.filter((w) => w.tier === tier);
    if (winners.length === 0) continue;
    steps.push({ kind: 'tier', tier });
    // Lowest place first: the tier's best is the last to be revealed.
    for (const w of [...winners].reverse()) steps.push({ kind: 'entry', tier, entryId: w.entryId });
  }
  steps.push({ kind: 'all' });
  return steps;
}

/**
 * What the hall has seen once the ceremony stands at `step`: the tiers announced (lowest first)
 * and, per tier, the winners revealed so far in the order they were revealed. Every winner is
 * revealed on the final page.
 */
export function revealedAt(plan: readonly CeremonyStepPlan[], step: number): { tier: string; entryIds: number[] }[] {
  const out: { tier: string; entryIds: number[] }[] = [];
  for (const s of plan.slice(0, step + 1)) {
    if (s.kind === 'tier') out.push({ tier: s.tier, entryIds: [] });
    if (s.kind === 'entry') out.find((t) => t.tier === s.tier)?.entryIds.push(s.entryId);
  }
  return out;
}

/** A step by what it shows (`title`, `tier:<key>`, `entry:<tier>:<entryId>`, `all`), stable when the plan around it changes. */
export function stepKey(step: CeremonyStepPlan): string {
  switch (step.kind) {
    case 'tier':
      return `tier:${step.tier}`;
    case 'entry':
      return `entry:${step.tier}:${step.entryId}`;
    default:
      return step.kind;
  }
}

/** Where a stored step stands in the current plan; the title when the plan no longer has it. */
export function stepIndex(plan: readonly CeremonyStepPlan[], key: string): number {
  return Math.max(0, plan.findIndex((s) => stepKey(s) === key));
}

/** True once the ceremony has reached its final page (the track's board may show again). */
export function isFinalStep(key: string): boolean {
  return key === 'all';
}
