/** A judge's commands: drafts, submissions and the final sign-off. */
import type { CommandContext } from '../commands/run';
import { saveDraft } from '../commands/saveDraft';
import { signOff } from '../commands/signOff';
import { submitSheet } from '../commands/submitSheet';
import type { JudgeCommands } from '../protocol/events';
import { commandListener, type ListenerDeps } from './command';
import type { PodiumSocket } from './types';


export function bindJudgeCommands(socket: PodiumSocket, ctx: () => CommandContext, deps: ListenerDeps): void {
  const actor = socket.data.actor;
  if (actor.role !== 'judge') return;
  const on = <E extends keyof JudgeCommands>(event: E, listener: (payload: unknown, ack: unknown) => Promise<void>) => {
    socket.on(event, listener as never);
  };
  on('sheet:save', commandListener(deps, actor, 'sheet:save', (i) => saveDraft(ctx(), actor, i)));
  on('sheet:submit', commandListener(deps, actor, 'sheet:submit', (i) => submitSheet(ctx(), actor, i)));
  on('judge:signoff', commandListener(deps, actor, 'judge:signoff', () => signOff(ctx(), actor)));
}
