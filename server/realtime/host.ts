/** The host's commands: the running order, the stage and its clock, results and screens. */
import { advanceStage } from '../commands/advanceStage';
import { callEntry, callNext } from '../commands/callEntry';
import { closeScoring } from '../commands/closeScoring';
import { pauseTimer, resumeTimer, extendTimer } from '../commands/controlTimer';
import { setDisplay, showCeremonyStep } from '../commands/display';
import { reopenScoring } from '../commands/reopenScoring';
import { relinkJudge } from '../commands/relinkJudge';
import { resolveTie } from '../commands/resolveTie';
import type { CommandContext } from '../commands/run';
import { setEntryStatus } from '../commands/setEntryStatus';
import { drawOrder, setOrder } from '../commands/setOrder';
import { setRecusal } from '../commands/setRecusal';
import type { HostCommands } from '../protocol/events';
import { commandListener, type ListenerDeps } from './command';
import { rooms } from './rooms';
import type { PodiumSocket } from './types';


export function bindHostCommands(socket: PodiumSocket, ctx: () => CommandContext, deps: ListenerDeps): void {
  const actor = socket.data.actor;
  const on = <E extends keyof HostCommands>(event: E, listener: (payload: unknown, ack: unknown) => Promise<void>) => {
    socket.on(event, listener as never);
  };
  on('stage:call', commandListener(deps, actor, 'stage:call', (i) => callEntry(ctx(), actor, i)));
  on('stage:next', commandListener(deps, actor, 'stage:next', (i) => callNext(ctx(), actor, i)));
  on('stage:advance', commandListener(deps, actor, 'stage:advance', (i) => advanceStage(ctx(), actor, i)));
  on('stage:close', commandListener(deps, actor, 'stage:close', (i) => closeScoring(ctx(), actor, i)));
  on('stage:reopen', commandListener(deps, actor, 'stage:reopen', (i) => reopenScoring(ctx(), actor, i)));
  on('entry:status', commandListener(deps, actor, 'entry:status', (i) => setEntryStatus(ctx(), actor, i)));
  on('timer:pause', commandListener(deps, actor, 'timer:pause', (i) => pauseTimer(ctx(), actor, i)));
  on('timer:resume', commandListener(deps, actor, 'timer:resume', (i) => resumeTimer(ctx(), actor, i)));
  on('timer:extend', commandListener(deps, actor, 'timer:extend', (i) => extendTimer(ctx(), actor, i)));
  on('order:set', commandListener(deps, actor, 'order:set', (i) => setOrder(ctx(), actor, i)));
  on('order:draw', commandListener(deps, actor, 'order:draw', (i) => drawOrder(ctx(), actor, i)));
  on('recusal:set', commandListener(deps, actor, 'recusal:set', (i) => setRecusal(ctx(), actor, i)));
  on('tie:resolve', commandListener(deps, actor, 'tie:resolve', (i) => resolveTie(ctx(), actor, i)));
  on('display:set', commandListener(deps, actor, 'display:set', (i) => setDisplay(ctx(), actor, i)));
  on(
    'judge:relink',
    commandListener(deps, actor, 'judge:relink', async (i) => {
      const result = await relinkJudge(ctx(), actor, i);
      // Pads still open with the old link leave now; reconnecting with it is refused.
      socket.nsp.in(rooms.judge(socket.data.contestId, i.judgeId)).disconnectSockets(true);
      return result;
    }),
  );
  on('ceremony:show', commandListener(deps, actor, 'ceremony:show', (i) => showCeremonyStep(ctx(), actor, i)));
}
