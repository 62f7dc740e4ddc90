/** What the public screens show: the track, the board, and the ceremony step. */
import { eq } from 'drizzle-orm';
import { displays } from '../../db/schema/index';
import { stepKey } from '../domain/ceremony';
import { isScoringOpen } from '../domain/stage';
import { fail } from '../errors';
import type { CeremonyStep, SetDisplay } from '../protocol/commands';
import type { Actor } from '../protocol/events';
import { ceremonyPlanOf } from '../views/common';
import { computeTrackResultsFromState } from '../views/results';
import { findTrack } from './lookup';
import { runCommand, type CommandContext } from './run';

export function setDisplay(ctx: CommandContext, actor: Actor, input: SetDisplay) {
  return runCommand(ctx, actor, 'display:set', input, async ({ tx, state }) => {
    const change: Partial<typeof displays.$inferInsert> = {};
    if (input.track !== undefined) change.screenTrackId = input.track === null ? null : findTrack(state, input.track).id;
    if (input.boardVisible !== undefined) change.boardVisible = input.boardVisible;
    if (Object.keys(change).length === 0) fail('invalid_payload', 'Nothing to change: give track or boardVisible.');
    await tx.update(displays).set(change).where(eq(displays.contestId, state.contest.id));
    return { data: null, scope: { public: true, host: true } };
  });
}

export function showCeremonyStep(ctx: CommandContext, actor: Actor, input: CeremonyStep) {
  return runCommand(ctx, actor, 'ceremony:show', input, async ({ tx, state }) => {
    const track = findTrack(state, input.track);
    const results = computeTrackResultsFromState(state, track);
    const plan = ceremonyPlanOf(state, track, results);
    if (input.step >= plan.length) fail('invalid_payload', `step: the ceremony of this track has steps 0 to ${plan.length - 1}`, { field: 'step' });
    if (input.step > 0) {
      const open = state.entries.filter((e) => e.trackId === track.id && isScoringOpen(e.state));
      if (open.length > 0) fail('invalid_state', `Scoring is still open for ${open.map((e) => e.code).join(', ')}; close it before the awards.`);
      if (results.provisional) {
        fail('awards_provisional', 'Awards are provisional: resolve the tie at an award boundary first.', {
          details: { ties: results.boundaryTies.map((t) => t.entryIds) },
        });
      }
    }
    await tx.update(displays).set({ ceremonyTrackId: track.id, ceremonyStep: stepKey(plan[input.step]!) }).where(eq(displays.contestId, state.contest.id));
    return { data: null, scope: { public: true, host: true } };
  });
}
