/**
 * Every command's handler, in one typed map per role. The map's type comes from the protocol's
 * registry: a handler must take its event's parsed payload and answer its event's answer type, or
 * the build fails (server/realtime/handlers.test-d.ts proves it). io.ts binds the map in one loop.
 */
import type { AnalysisService } from '../analysis/service';
import { advanceStage } from '../commands/advanceStage';
import { callEntry, callNext } from '../commands/callEntry';
import { closeMany, closeScoring } from '../commands/closeScoring';
import { confirmPanel } from '../commands/confirmPanel';
import { countLateSheet, excludeLateSheet } from '../commands/lateSheets';
import { extendTimer, pauseTimer, resumeTimer } from '../commands/controlTimer';
import { setCeremonyBoard, setDisplay, setScreenLanguage, showCeremonyStep } from '../commands/display';
import { relinkJudge } from '../commands/relinkJudge';
import { reopenScoring } from '../commands/reopenScoring';
import { resolveTie } from '../commands/resolveTie';
import type { CommandContext, CommandOutcome } from '../commands/run';
import { saveDraft } from '../commands/saveDraft';
import { setEntryStatus } from '../commands/setEntryStatus';
import { editContest } from '../commands/editContest';
import { addEntry, editEntry, removeEntry } from '../commands/editEntry';
import { addJudge, editJudge, removeJudge } from '../commands/editJudge';
import { addTrack, editTrack, removeTrack } from '../commands/editTrack';
import { drawOrder, setOrder } from '../commands/setOrder';
import { setRecusal } from '../commands/setRecusal';
import { signOff } from '../commands/signOff';
import { submitSheet } from '../commands/submitSheet';
import type { Actor } from '../protocol/events';
import type { AnswerOf, CommandName, HostCommandName, InputOf, JudgeCommandName, ReadAnswerOf, ReadInputOf, ReadName } from '../protocol/registry';

export type JudgeActor = Extract<Actor, { role: 'judge' }>;

/** A command's handler: the caller, the payload as its schema parsed it, the answer its event promises. */
export type Handler<E extends CommandName, A extends Actor = Actor> = (ctx: CommandContext, actor: A, input: InputOf<E>) => Promise<CommandOutcome<AnswerOf<E>>>;

export type HostHandlers = { [E in HostCommandName]: Handler<E> };
export type JudgeHandlers = { [E in JudgeCommandName]: Handler<E, JudgeActor> };

export const HOST_HANDLERS: HostHandlers = {
  'stage:call': callEntry,
  'stage:next': callNext,
  'stage:advance': advanceStage,
  'stage:close': closeScoring,
  'stage:closeMany': closeMany,
  'stage:reopen': reopenScoring,
  'late:count': countLateSheet,
  'late:exclude': excludeLateSheet,
  'panel:confirm': confirmPanel,
  'entry:status': setEntryStatus,
  'timer:pause': pauseTimer,
  'timer:resume': resumeTimer,
  'timer:extend': extendTimer,
  'order:set': setOrder,
  'order:draw': drawOrder,
  'recusal:set': setRecusal,
  'tie:resolve': resolveTie,
  'display:set': setDisplay,
  'ceremony:show': showCeremonyStep,
  'ceremony:board': setCeremonyBoard,
  'display:language': setScreenLanguage,
  'judge:relink': relinkJudge,
  'contest:edit': editContest,
  'track:add': addTrack,
  'track:edit': editTrack,
  'track:remove': removeTrack,
  'judge:add': addJudge,
  'judge:edit': editJudge,
  'judge:remove': removeJudge,
  'entry:add': addEntry,
  'entry:edit': editEntry,
  'entry:remove': removeEntry,
};

export const JUDGE_HANDLERS: JudgeHandlers = {
  'sheet:save': saveDraft,
  'sheet:submit': submitSheet,
  'judge:signoff': signOff,
};

/** What reads answer from: this process's memory, never a transaction. */
export interface ReadContext {
  analysis: AnalysisService;
}

/** A read's handler: the payload as its schema parsed it, the answer its event promises. */
export type ReadHandler<E extends ReadName> = (ctx: ReadContext, input: ReadInputOf<E>) => ReadAnswerOf<E> | Promise<ReadAnswerOf<E>>;

export type HostReadHandlers = { [E in ReadName]: ReadHandler<E> };

export const HOST_READ_HANDLERS: HostReadHandlers = {
  'analysis:get': (ctx, input) => ctx.analysis.get(input.track),
};
