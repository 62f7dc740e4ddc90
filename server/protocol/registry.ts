/**
 * Every command in one table: who may send it, its payload schema, its answer schema, and what it
 * does. The socket types (events.ts), the server's handler map (server/realtime/handlers.ts) and
 * docs/protocol.md (`npm run docs:protocol`; a test fails when the committed file differs) are all
 * derived from it, so none of them can drift from the others.
 */
import type { z } from 'zod';
import * as A from './analysis';
import * as C from './commands';

export interface CommandSpec {
  role: 'host' | 'judge';
  schema: z.ZodType;
  /** The `data` of a successful ack. */
  answer: z.ZodType;
  summary: string;
}

export const COMMANDS = {
  'stage:call': { role: 'host', schema: C.callEntry, answer: C.noAnswer, summary: 'Calls a waiting entry to its track\'s stage. Refused while the entry on stage is still presenting or in Q&A.' },
  'stage:next': { role: 'host', schema: C.callNext, answer: C.calledAnswer, summary: 'Calls the next waiting entry in the running order.' },
  'stage:advance': { role: 'host', schema: C.advanceStage, answer: C.noAnswer, summary: 'Moves the entry on stage on: `start` (waiting → presenting, starts the presentation clock), `toQa` (→ qa, starts the Q&A clock), `toScoring` (→ scoring, no clock). Judges may score from presenting on.' },
  'stage:close': { role: 'host', schema: C.closeScoring, answer: C.noAnswer, summary: 'Closes an entry\'s scoring and publishes its score. With sheets missing, or a judge amending a submitted sheet (修改中), it is refused with `confirmation_required` (details: missingJudgeIds, amendingJudgeIds, and `consequence`: counted, expected, the policy that will apply, whether the entry will have no score or its award wait for confirmation) unless `confirmMissing` and a `reason` are given; both are recorded with the consequence.' },
  'stage:closeMany': { role: 'host', schema: C.closeMany, answer: C.noAnswer, summary: 'Closes several entries in one action, all or none. Refused with `confirmation_required` (details: `entries`, each as `stage:close` details it) unless `confirmMissing` and one `reason` are given for those with sheets missing.' },
  'stage:reopen': { role: 'host', schema: C.reopenScoring, answer: C.noAnswer, summary: 'Reopens a closed entry for scoring (reason required); withdraws its judges\' sign-off of that track.' },
  'late:count': { role: 'host', schema: C.decideLateSheet, answer: C.noAnswer, summary: '重新开放并计入: counts a sheet that arrived after its entry closed. Reopens the entry (if closed) and makes that version the judge\'s sheet, in one recorded step with the reason. The entry is then open: close it again to publish.' },
  'late:exclude': { role: 'host', schema: C.decideLateSheet, answer: C.noAnswer, summary: '不计入: keeps a late sheet out, with the reason (recorded; the judge\'s pad says so).' },
  'panel:confirm': { role: 'host', schema: C.confirmPanel, answer: C.noAnswer, summary: 'Confirms the award of an entry scored by fewer judges than the track\'s minimum panel (`minAwardPanel`), with a reason. Until then its award is provisional and the ceremony waits. A reopen withdraws the confirmation.' },
  'entry:status': { role: 'host', schema: C.setEntryStatus, answer: C.noAnswer, summary: '`markAbsent` (waiting → absent, moved to the end), `restore` (absent/withdrawn → waiting), `withdraw` (reason required; leaves order and results), `moveToEnd` (waiting or absent only).' },
  'timer:pause': { role: 'host', schema: C.timerControl, answer: C.noAnswer, summary: 'Pauses the running phase clock of a track.' },
  'timer:resume': { role: 'host', schema: C.timerControl, answer: C.noAnswer, summary: 'Resumes a paused phase clock.' },
  'timer:extend': { role: 'host', schema: C.extendTimer, answer: C.noAnswer, summary: 'Adds (or, negative, takes away) seconds to the running phase; never below the time already run.' },
  'order:set': { role: 'host', schema: C.setOrder, answer: C.noAnswer, summary: 'Sets the running order of a track: every entry of the track exactly once.' },
  'order:draw': { role: 'host', schema: C.drawOrder, answer: C.drawAnswer, summary: 'Draws the running order (抽签) from a seed (given, or chosen by the server): entries sorted by SHA-256 of `seed:code`, the seed exactly as given (leading or trailing spaces are refused). Refused once an entry of the track has presented. The seed is recorded and shown.' },
  'recusal:set': { role: 'host', schema: C.setRecusal, answer: C.noAnswer, summary: 'Recuses a judge from an entry (回避) or takes it back; refused for closed entries.' },
  'tie:resolve': { role: 'host', schema: C.resolveTie, answer: C.noAnswer, summary: 'Orders entries the tie-break chain left sharing a place (the `manual` rule), best first, with a reason. The list must be exactly one tied group.' },
  'display:set': { role: 'host', schema: C.setDisplay, answer: C.noAnswer, summary: 'Sets what screens without a pinned track show: the track, and whether the board is visible.' },
  'ceremony:show': { role: 'host', schema: C.ceremonyStep, answer: C.noAnswer, summary: 'Shows a ceremony step of a track on every ceremony screen (by `key`, or by index `step`), and from its start freezes that track\'s board on every screen until the final page. Steps past the title are refused while scoring is open in the track or awards are provisional (`awards_provisional`: a tie, or a short panel not confirmed).' },
  'ceremony:board': { role: 'host', schema: C.ceremonyBoard, answer: C.noAnswer, summary: 'The host\'s override of the ceremony freeze: shows (or hides again) a track\'s board during its ceremony.' },
  'display:language': { role: 'host', schema: C.setScreenLanguage, answer: C.noAnswer, summary: 'Sets the language of the screens (`/screen`, `/ceremony`): of those without a language of their own (no `display`), or of one named display (`?display=<name>`; `language: null` takes its own away).' },
  'judge:relink': { role: 'host', schema: C.relinkJudge, answer: C.noAnswer, summary: 'Gives a judge a new link (a lost phone, a link sent to the wrong person): the old link stops working at once and its open pads are disconnected. The judge\'s sheets stay theirs. The new link is on the setup page.' },
  'contest:edit': { role: 'host', schema: C.editContest, answer: C.noAnswer, summary: 'Sets the contest\'s name, subtitle, date and venue (`contest`: as in the contest file). Every screen reloads.' },
  'track:add': { role: 'host', schema: C.addTrack, answer: C.trackAnswer, summary: 'Adds a track (`track`: a track exactly as in the contest file: key, name, criteria, bonus, aggregation, tie-breaks, awards, minimum award score, timings, reveal). Problems are refused with `contest_invalid`, paths inside the track. Every screen reloads.' },
  'track:edit': { role: 'host', schema: C.editTrack, answer: C.trackAnswer, summary: 'Replaces a track\'s settings and rubric (`track.key` names it; the rest as in the contest file). Once a sheet (even a draft) exists for the track, a change to its rubric (items, order, max, step) is refused with `rubric_locked`; labels, descriptions and every other setting may still change. Every screen reloads.' },
  'track:remove': { role: 'host', schema: C.removeTrack, answer: C.noAnswer, summary: 'Removes a track without entries (`invalid_state` otherwise, `details.reason`: `last_track`, `track_has_entries`, `judges_only_here`).' },
  'judge:add': { role: 'host', schema: C.addJudge, answer: C.judgeAnswer, summary: 'Adds a judge (`judge`: name, affiliation, tracks, optional key; as in the contest file) with a new link. Without a key the next free J<n> is given.' },
  'judge:edit': { role: 'host', schema: C.editJudge, answer: C.judgeAnswer, summary: 'Changes a judge\'s name, affiliation, key or tracks. Taking away a track in which the judge has a sheet is refused (`invalid_state`, `details.reason`: `judge_has_sheets`); recusals in tracks taken away go with them.' },
  'judge:remove': { role: 'host', schema: C.removeJudge, answer: C.noAnswer, summary: 'Removes a judge who has no sheet (`invalid_state`, `details.reason`: `judge_has_sheets`, otherwise); their link stops working.' },
  'entry:add': { role: 'host', schema: C.addEntry, answer: C.entryAnswer, summary: 'Adds an entry (`entry`: track, unit, model, contact, optional code; as in the contest file) at the end of its track\'s running order. Without a code the track\'s next code is given (G10 → G11).' },
  'entry:edit': { role: 'host', schema: C.editEntry, answer: C.entryAnswer, summary: 'Changes an entry\'s code, unit, model, contact or track. Moving it to another track is allowed only while it waits with no sheet (`invalid_state`, `details.reason`: `entry_started`); it goes to the end of that track\'s order, and recusals of judges who do not score that track go.' },
  'entry:remove': { role: 'host', schema: C.removeEntry, answer: C.noAnswer, summary: 'Removes an entry that never went on stage and has no sheet (`invalid_state`, `details.reason`: `entry_started`, otherwise: withdraw it instead, `entry:status`).' },
  'sheet:save': { role: 'judge', schema: C.saveDraft, answer: C.draftAnswer, summary: 'Saves the judge\'s draft (does not count). Bounds and steps are checked; missing criteria are allowed. A draft with a `rev` not above the stored one is ignored and answered with the stored rev.' },
  'sheet:submit': { role: 'judge', schema: C.submitSheet, answer: C.submitAnswer, summary: 'Submits or amends the judge\'s sheet while the entry is open (`outcome: counted`). Every criterion is required. A sheet that arrives after the entry closed is kept, not counted, and answered `outcome: late` (not a refusal): the host counts it or keeps it out, and the pad is told. Idempotent by `submissionId`: a retry gets the first answer and changes nothing.' },
  'judge:signoff': { role: 'judge', schema: C.signOff, answer: C.signOffAnswer, summary: 'The judge confirms their sheets of one track (签字确认); refused while an entry of that track they score is not closed. Locks their sheets of that track. `signature`: the signature drawn on the pad, a PNG data URL of at most 150 KB (refused otherwise), stored as that track\'s (its SHA-256 in the audit record), shown on the console and printed on the judge\'s 评分表 of the track.' },
} as const satisfies Record<string, CommandSpec>;

/**
 * Signals: events a client sends that are not commands. Nothing is recorded and there is no
 * answer; the payload is still parsed (a bad one is dropped and logged).
 */
export const SIGNALS = {
  'pad:report': { role: 'judge', schema: C.padReport, summary: 'The pad\'s unsent work (entries with a queued submission, entries with unsaved changes), on every (re)connect and when it changes: the console shows it beside the judge\'s presence.' },
} as const;
export type SignalName = keyof typeof SIGNALS;

export type CommandName = keyof typeof COMMANDS;
type RoleOf<E extends CommandName> = (typeof COMMANDS)[E]['role'];
export type HostCommandName = { [E in CommandName]: RoleOf<E> extends 'host' ? E : never }[CommandName];
export type JudgeCommandName = { [E in CommandName]: RoleOf<E> extends 'judge' ? E : never }[CommandName];

/** What a client sends (before the schema's defaults and transforms). */
export type PayloadOf<E extends CommandName> = z.input<(typeof COMMANDS)[E]['schema']>;
/** What a handler receives: the payload as the schema parsed it. */
export type InputOf<E extends CommandName> = z.output<(typeof COMMANDS)[E]['schema']>;
/** The `data` of a successful ack. */
export type AnswerOf<E extends CommandName> = z.output<(typeof COMMANDS)[E]['answer']>;

/**
 * A command's payload schema, typed as its event's input. That is what COMMANDS holds by
 * definition; TypeScript cannot see it through a generic index, hence the one cast.
 */
export function payloadSchema<E extends CommandName>(event: E): z.ZodType<InputOf<E>> {
  return COMMANDS[event].schema as unknown as z.ZodType<InputOf<E>>;
}

const names = Object.keys(COMMANDS) as CommandName[];
export const HOST_COMMANDS = names.filter((k): k is HostCommandName => COMMANDS[k].role === 'host');
export const JUDGE_COMMANDS = names.filter((k): k is JudgeCommandName => COMMANDS[k].role === 'judge');

/**
 * Reads: requests answered from this process's memory, changing nothing, so there is no audit
 * record (they are not commands). Same shape on the wire: a payload parsed by its schema, an ack.
 */
export interface ReadSpec {
  role: 'host';
  schema: z.ZodType;
  answer: z.ZodType;
  summary: string;
}

export const READS = {
  'analysis:get': {
    role: 'host',
    schema: A.analysisRequest,
    answer: A.analysisAnswer,
    summary: 'The analysis of a track (docs/analysis.md): agreement, judges, robustness, policies, outliers, with entry and judge ids. Answers at once with what this process holds and where it stands (`version`, `phase`, `computing`); a missing or stale analysis starts computing off the event loop, the quick pass first, then the bootstrap, and `analysis:status` tells the host when each is ready. Host only.',
  },
} as const satisfies Record<string, ReadSpec>;

export type ReadName = keyof typeof READS;
export type ReadPayloadOf<E extends ReadName> = z.input<(typeof READS)[E]['schema']>;
export type ReadInputOf<E extends ReadName> = z.output<(typeof READS)[E]['schema']>;
export type ReadAnswerOf<E extends ReadName> = z.output<(typeof READS)[E]['answer']>;

/** A read's payload schema, typed as its input (the one cast, as for commands). */
export function readSchema<E extends ReadName>(event: E): z.ZodType<ReadInputOf<E>> {
  return READS[event].schema as unknown as z.ZodType<ReadInputOf<E>>;
}

export const HOST_READS = Object.keys(READS) as ReadName[];

export const BROADCASTS = {
  'public:patch': { to: 'public screens, per track room (`/screen`, `/live`, `/ceremony`, home)', view: 'Patch<PublicOp>', summary: 'Changes to the public view: a stage, a queue, a board, the display, the ceremony. No judge names, tokens or per-judge data; board scores only as the track\'s reveal policy allows; ceremony winners only of revealed tiers.' },
  'host:patch': { to: 'the host', view: 'Patch<HostOp>', summary: 'Changes to the host view: one judge\'s sheet status on one entry (every status of the entry after a submission or recusal, whose outlier flags may change), an entry, a running order, a stage, a track\'s results, a judge, the display, the ceremony and its plan. The pads\' presence comes on its own topic (`host:presence`), with versions of its own, at most once a second.' },
  'judge:patch': { to: 'one judge (their own room)', view: 'Patch<JudgeOp>', summary: 'Changes to one judge\'s view: an entry with their own sheet, draft and late sheet, a running order, a stage, their sign-off of a track. Never another judge\'s scores.' },
  'analysis:status': { to: 'the host', view: 'AnalysisStatus', summary: 'Where a track\'s analysis stands on this process, once the host has asked for it: the results changed (the analysis is out of date), a pass started, a pass is ready (ask `analysis:get`). Never sent to public screens or judges.' },
  'view:stale': { to: 'everyone', view: 'null', summary: 'The contest\'s configuration changed: ask `view:sync` for a fresh snapshot.' },
  'contest:replaced': { to: 'everyone', view: 'number (the new contest id)', summary: 'A new contest was imported; clients reload and reconnect.' },
} as const;
