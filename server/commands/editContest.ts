/**
 * The /setup editor's commands share this: each is a configuration command (it changes what other
 * commands are checked against), its part of the contest is checked by the contest file's own
 * parser, and it reloads every process's model and every screen (`reload`): new tracks, rubrics,
 * judges and entries are too wide for effects. Their audit records carry what was written, with
 * the ids it was given, so the results can still be recomputed from the records alone
 * (server/store/replay.ts).
 *
 * Holding the audit head from the start, a configuration command reads without row locks: nothing
 * else commits meanwhile, and a command that was checked against the old configuration finds it
 * changed when it reaches the head, and runs again on the new one.
 */
import { eq } from 'drizzle-orm';
import { contests } from '../../db/schema/index';
import { fail } from '../errors';
import type { PartResult } from '../protocol/contestParts';
import { parseContestInfo } from '../protocol/contestParts';
import type { Actor } from '../protocol/events';
import { contestProblem, type ContestProblemCode, type FileProblem, type ProblemParams } from '../protocol/problems';
import type { InputOf } from '../protocol/registry';
import type { Effect } from '../store/effects';
import { runCommand, type CommandContext } from './run';

/** What every editor command changes: the configuration, wholesale. */
export const RELOAD: Effect[] = [{ kind: 'reload' }];

/** The checked part, or `contest_invalid` with every problem (paths inside the part). */
export function partOrFail<T>(result: PartResult<T>, what: string): T {
  if (result.ok) return result.value;
  return refuseParts(what, result.problems);
}

function refuseParts(what: string, problems: FileProblem[]): never {
  const first = problems[0]!;
  return fail('contest_invalid', `The ${what} has ${problems.length} problem(s); the first: ${first.path}: ${first.message}.`, { details: problems });
}

/** One problem of the part, said as the contest file says it (a duplicate key, an unknown track). */
export function refusePart(what: string, path: string, code: ContestProblemCode, params: ProblemParams = {}): never {
  return refuseParts(what, [contestProblem(path, code, params)]);
}

export function editContest(ctx: CommandContext, actor: Actor, input: InputOf<'contest:edit'>) {
  return runCommand(ctx, actor, 'contest:edit', input, async ({ tx, model }) => {
    const info = partOrFail(parseContestInfo(input.contest), 'contest');
    const values = { name: info.name, subtitle: info.subtitle ?? null, date: info.date ?? null, venue: info.venue ?? null };
    await tx.update(contests).set(values).where(eq(contests.id, model.contestId));
    return { data: null, effects: RELOAD, audit: values };
  }, { configuration: true, commandId: input.commandId });
}
