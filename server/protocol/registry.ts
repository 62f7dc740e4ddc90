/**
 * Every command in one table: who may send it, its payload schema, what it answers, and what it
 * does. The socket wiring takes the schemas from here, and docs/protocol.md is generated from it
 * (`npm run docs:protocol`; a test fails when the committed file differs), so the three cannot drift.
 */
import type { z } from 'zod';
import * as C from './commands';
import type { HostCommands, JudgeCommands } from './events';

export interface CommandSpec {
  role: 'host' | 'judge';
  schema: z.ZodType;
  /** The `data` of a successful ack, as a TypeScript type. */
  answer: string;
  summary: string;
}

export const COMMANDS = {
  'stage:call': { role: 'host', schema: C.callEntry, answer: 'null', summary: 'Calls a waiting entry to its track\'s stage. Refused while the entry on stage is still presenting or in Q&A.' },
  'stage:next': { role: 'host', schema: C.callNext, answer: '{ entryId: number }', summary: 'Calls the next waiting entry in the running order.' },
  'stage:advance': { role: 'host', schema: C.advanceStage, answer: 'null', summary: 'Moves the entry on stage on: `start` (waiting → presenting, starts the presentation clock), `toQa` (→ qa, starts the Q&A clock), `toScoring` (→ scoring, no clock). Judges may score from presenting on.' },
  'stage:close': { role: 'host', schema: C.closeScoring, answer: 'null', summary: 'Closes an entry\'s scoring and publishes its score. With sheets missing it is refused with `confirmation_required` (details: missingJudgeIds) unless `confirmMissing` and a `reason` are given; both are recorded.' },
  'stage:reopen': { role: 'host', schema: C.reopenScoring, answer: 'null', summary: 'Reopens a closed entry for scoring (reason required); withdraws the sign-off of its judges.' },
  'entry:status': { role: 'host', schema: C.setEntryStatus, answer: 'null', summary: '`markAbsent` (waiting → absent, moved to the end), `restore` (absent/withdrawn → waiting), `withdraw` (reason required; leaves order and results), `moveToEnd` (waiting or absent only).' },
  'timer:pause': { role: 'host', schema: C.timerControl, answer: 'null', summary: 'Pauses the running phase clock of a track.' },
  'timer:resume': { role: 'host', schema: C.timerControl, answer: 'null', summary: 'Resumes a paused phase clock.' },
  'timer:extend': { role: 'host', schema: C.extendTimer, answer: 'null', summary: 'Adds (or, negative, takes away) seconds to the running phase; never below the time already run.' },
  'order:set': { role: 'host', schema: C.setOrder, answer: 'null', summary: 'Sets the running order of a track: every entry of the track exactly once.' },
  'order:draw': { role: 'host', schema: C.drawOrder, answer: '{ seed: string; entryIds: number[] }', summary: 'Draws the running order (抽签) from a seed (given, or chosen by the server): entries sorted by SHA-256 of `seed:code`. Refused once an entry of the track has presented. The seed is recorded and shown.' },
  'recusal:set': { role: 'host', schema: C.setRecusal, answer: 'null', summary: 'Recuses a judge from an entry (回避) or takes it back; refused for closed entries.' },
  'tie:resolve': { role: 'host', schema: C.resolveTie, answer: 'null', summary: 'Orders entries the tie-break chain left sharing a place (the `manual` rule), best first, with a reason. The list must be exactly one tied group.' },
  'display:set': { role: 'host', schema: C.setDisplay, answer: 'null', summary: 'Sets what screens without a pinned track show: the track, and whether the board is visible.' },
  'ceremony:show': { role: 'host', schema: C.ceremonyStep, answer: 'null', summary: 'Shows a ceremony step of a track on every ceremony screen. Steps past the title are refused while scoring is open in the track or awards are provisional (`awards_provisional`).' },
  'judge:relink': { role: 'host', schema: C.relinkJudge, answer: 'null', summary: 'Gives a judge a new link (a lost phone, a link sent to the wrong person): the old link stops working at once and its open pads are disconnected. The judge\'s sheets stay theirs. The new link is on the setup page.' },
  'sheet:save': { role: 'judge', schema: C.saveDraft, answer: '{ rev: number; savedAt: string }', summary: 'Saves the judge\'s draft (does not count). Bounds and steps are checked; missing criteria are allowed. A draft with a `rev` not above the stored one is ignored and answered with the stored rev.' },
  'sheet:submit': { role: 'judge', schema: C.submitSheet, answer: '{ submittedAt: string; submitCount: number; total: number }', summary: 'Submits or amends the judge\'s sheet while the entry is open. Every criterion is required. Idempotent by `submissionId`: a retry gets the first answer and changes nothing.' },
  'judge:signoff': { role: 'judge', schema: C.signOff, answer: '{ signedOffAt: string }', summary: 'The judge confirms all their sheets (签字确认); refused while an entry they score is not closed. Locks their sheets.' },
} as const satisfies Record<keyof HostCommands | keyof JudgeCommands, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export const HOST_COMMANDS = (Object.keys(COMMANDS) as CommandName[]).filter((k) => COMMANDS[k].role === 'host') as (keyof HostCommands)[];
export const JUDGE_COMMANDS = (Object.keys(COMMANDS) as CommandName[]).filter((k) => COMMANDS[k].role === 'judge') as (keyof JudgeCommands)[];

export const BROADCASTS = {
  'public:state': { to: 'public screens (`/screen`, `/ceremony`, home)', view: 'PublicView', summary: 'The public view, after every change that affects it. No judge names, tokens or per-judge data; board scores only as the track\'s reveal policy allows; ceremony winners only of revealed tiers.' },
  'host:state': { to: 'the host', view: 'HostView', summary: 'Everything: entries with per-judge sheet status and totals, explained results, boundary ties, alerts, judges with sign-off.' },
  'judge:state': { to: 'one judge (their own room)', view: 'JudgeView', summary: 'The judge\'s tracks with rubric, stage and clock, and their own sheets and drafts. Never another judge\'s scores.' },
  'contest:replaced': { to: 'everyone', view: 'number (the new contest id)', summary: 'A new contest was imported; clients reload and reconnect.' },
} as const;
