/**
 * The award ceremony's running order for one track: a title card, then one step per awarded tier
 * from the lowest (优胜奖) up to the highest (一等奖), then a page with all winners.
 */

export type CeremonyStepPlan = { kind: 'title' } | { kind: 'tier'; tier: string } | { kind: 'all' };

/**
 * @param tiersBestFirst tier keys as configured, best first
 * @param awardedTiers tier keys that have at least one winner (empty tiers are skipped)
 */
export function planCeremony(tiersBestFirst: readonly string[], awardedTiers: ReadonlySet<string>): CeremonyStepPlan[] {
  const tierSteps = [...tiersBestFirst]
    .reverse()
    .filter((t) => awardedTiers.has(t))
    .map((tier): CeremonyStepPlan => ({ kind: 'tier', tier }));
  return [{ kind: 'title' }, ...tierSteps, { kind: 'all' }];
}

/** Tier keys revealed once the ceremony stands at `step` (lowest first). */
export function revealedTiers(plan: readonly CeremonyStepPlan[], step: number): string[] {
  return plan.slice(0, step + 1).flatMap((s) => (s.kind === 'tier' ? [s.tier] : []));
}

/** A step by what it shows (`title`, `tier:<key>`, `all`), stable when the plan around it changes. */
export function stepKey(step: CeremonyStepPlan): string {
  return step.kind === 'tier' ? `tier:${step.tier}` : step.kind;
}

/** Where a stored step stands in the current plan; the title when the plan no longer has it. */
export function stepIndex(plan: readonly CeremonyStepPlan[], key: string): number {
  return Math.max(0, plan.findIndex((s) => stepKey(s) === key));
}
