/**
 * Schemas of every command payload and answer. The server parses each payload with its schema
 * before anything else; type hints on the client are not validation. Every object is strict: a
 * field the schema does not name is refused with that field named, never dropped silently (a
 * `judgeId` in a judge's sheet must not look accepted). Points are integer hundredths.
 */
import { z } from 'zod';
import { DISPLAY_NAME_PATTERN, SCREEN_LANGUAGES } from './display';
import { signatureSchema } from './signature';
import { text } from './text';

const id = z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive');
export const trackKey = z.string({ error: 'must be a track key' }).min(1, 'must be a track key').max(32, 'must be a track key');
const reason = text().trim().min(1, 'a reason is required').max(500, 'at most 500 characters');
const optionalReason = text().trim().max(500, 'at most 500 characters').optional();
const pointsMap = z
  .record(
    text().max(32),
    z.number({ error: 'must be a number' }).int('must be whole hundredths').min(0, 'must not be negative').max(1_000_000, 'too large'),
  )
  .refine((m) => Object.keys(m).length <= 64, 'too many keys');
/** An idempotency key chosen by the client: a retry with the same key is answered again, never applied twice. */
const clientKey = z.string({ error: 'must be text' }).regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _');

/**
 * A host command's payload: its own fields plus an optional `commandId`. A console that lost the
 * answer to a command sends it again with the same id and gets the first answer back; nothing is
 * applied twice (a repeated `timer:extend` extends once).
 */
function hostCommand<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...shape, commandId: clientKey.optional() });
}

export const callEntry = hostCommand({ track: trackKey, entryId: id });
export const callNext = hostCommand({ track: trackKey });
export const advanceStage = hostCommand({
  track: trackKey,
  action: z.enum(['start', 'toQa', 'toScoring'], { error: 'must be start, toQa or toScoring' }),
});
export const closeScoring = hostCommand({
  entryId: id,
  /** Required (with a reason) when eligible judges have not submitted. */
  confirmMissing: z.boolean().optional(),
  reason: optionalReason,
});
/** Closes several entries in one confirmed action, with one reason for those with sheets missing. */
export const closeMany = hostCommand({
  entryIds: z.array(id).min(1, 'must list the entries').max(100, 'too many entries').refine((ids) => new Set(ids).size === ids.length, 'lists an entry twice'),
  confirmMissing: z.boolean().optional(),
  reason: optionalReason,
});
export const reopenScoring = hostCommand({ entryId: id, reason });
/** A sheet that arrived after its entry closed: count it (reopening the entry) or keep it out. */
export const decideLateSheet = hostCommand({ lateId: id, reason });
/** Confirms the award of an entry scored by fewer judges than the track's minimum panel. */
export const confirmPanel = hostCommand({ entryId: id, reason });
export const setEntryStatus = hostCommand({
  entryId: id,
  action: z.enum(['markAbsent', 'restore', 'withdraw', 'moveToEnd'], { error: 'must be markAbsent, restore, withdraw or moveToEnd' }),
  reason: optionalReason,
});
export const timerControl = hostCommand({ track: trackKey });
export const extendTimer = hostCommand({
  track: trackKey,
  seconds: z.number().int('must be whole seconds').min(-3600, 'at most an hour').max(3600, 'at most an hour').refine((s) => s !== 0, 'must not be zero'),
});
export const setOrder = hostCommand({ track: trackKey, entryIds: z.array(id).min(1, 'must list the entries').max(500, 'too many entries') });
export const drawOrder = hostCommand({
  track: trackKey,
  /**
   * Any text; empty or missing means the server picks one. It is hashed exactly as given (a
   * verifier types the announced text), so leading or trailing spaces are refused, not trimmed.
   */
  seed: text()
    .max(64, 'at most 64 characters')
    .refine((s) => s === s.trim(), 'must not start or end with spaces')
    .optional(),
});
export const setRecusal = hostCommand({ judgeId: id, entryId: id, recused: z.boolean(), reason: optionalReason });
export const resolveTie = hostCommand({
  track: trackKey,
  /** The tied entries, best first. */
  entryIds: z.array(id).min(2, 'a tie has at least two entries').max(100, 'too many entries'),
  reason,
});
export const setDisplay = hostCommand({
  track: trackKey.nullable().optional(),
  boardVisible: z.boolean().optional(),
});
export const ceremonyStep = hostCommand({
  track: trackKey,
  /**
   * The step to show, by what it shows (as the console's preview names it: `title`, `tier:<key>`,
   * `entry:<tier>:<entryId>`, `all`): a plan that changed meanwhile can never make it show
   * something else. Or by its index in the current plan (0 = title).
   */
  key: z.string().min(1, 'must name a step').max(80, 'too long').optional(),
  step: z.number().int('must be a whole number').min(0, 'must not be negative').max(1000, 'too large').optional(),
}).refine((p) => (p.key === undefined) !== (p.step === undefined), { message: 'give either key or step', path: ['key'] });
/** The host's override of the ceremony freeze: the track's board shows (or hides again) during its ceremony. */
export const ceremonyBoard = hostCommand({ track: trackKey, shown: z.boolean() });
const language = z.enum(SCREEN_LANGUAGES, { error: `must be one of ${SCREEN_LANGUAGES.join(', ')}` });
/** The language of the screens: of every screen without one of its own, or of one named display. */
export const setScreenLanguage = hostCommand({
  display: z.string().regex(DISPLAY_NAME_PATTERN, 'must be 1 to 32 letters, digits, - or _').nullable().optional(),
  /** Null takes a display's own language away (it follows the screens' language again). */
  language: language.nullable(),
});

/** A new link for a judge (a lost phone, a link sent to the wrong person): the old one stops working at once. */
export const relinkJudge = hostCommand({ judgeId: id });

/**
 * A part of the contest from the /setup editor, written as in the contest file (points as
 * numbers of points). The command checks it with the contest file's own parser
 * (server/protocol/contestParts.ts) and refuses with `contest_invalid` and every problem.
 */
const contestPart = z.record(z.string(), z.unknown(), { error: 'must be an object' });

export const editContest = hostCommand({ contest: contestPart });
export const addTrack = hostCommand({ track: contestPart });
export const editTrack = hostCommand({ track: contestPart });
export const removeTrack = hostCommand({ track: trackKey });
export const addJudge = hostCommand({ judge: contestPart });
export const editJudge = hostCommand({ judgeId: id, judge: contestPart });
export const removeJudge = hostCommand({ judgeId: id });
export const addEntry = hostCommand({ entry: contestPart });
export const editEntry = hostCommand({ entryId: id, entry: contestPart });
export const removeEntry = hostCommand({ entryId: id });

export const saveDraft = z.strictObject({
  entryId: id,
  scores: pointsMap,
  bonus: pointsMap,
  comment: text().max(2000, 'at most 2000 characters'),
  rev: z.number().int().min(0),
});
export const submitSheet = z.strictObject({
  entryId: id,
  scores: pointsMap,
  bonus: pointsMap,
  comment: text().max(2000, 'at most 2000 characters'),
  /** Chosen by the pad once per submit; a retry with the same id is answered again, never applied twice. */
  submissionId: clientKey,
});

export const signOff = z.strictObject({
  track: trackKey,
  /** The signature drawn on the pad (a PNG data URL, server/protocol/signature.ts); printed on the judge's 评分表 of that track. */
  signature: signatureSchema.optional(),
});

/**
 * What a pad tells the server about work it holds that the server does not have (not a command:
 * nothing is recorded): entries with a submission queued on the phone, and entries with changes
 * not yet saved. Sent on every (re)connect and when it changes.
 */
export const padReport = z.strictObject({
  queued: z.array(id).max(500, 'too many entries'),
  unsaved: z.array(id).max(500, 'too many entries'),
});

/** What a client asks with `view:sync`: public screens may name the tracks they show (default all). */
export const viewRequest = z.strictObject({
  tracks: z.array(trackKey).max(32, 'too many tracks').optional(),
});

// ---- answers (the `data` of a successful ack) ----------------------------------------------------

export const noAnswer = z.null();
export const calledAnswer = z.strictObject({ entryId: z.number() });
export const drawAnswer = z.strictObject({ seed: z.string(), entryIds: z.array(z.number()) });
export const draftAnswer = z.strictObject({ rev: z.number(), savedAt: z.string() });
/**
 * A submission is answered `counted` (it is the judge's sheet now), or `late`: it reached the
 * server after the entry closed, is kept, and waits for the host (count it or keep it out). Both
 * are answers, not refusals: the pad's outbox stops retrying either way.
 */
export const submitAnswer = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('counted'), submittedAt: z.string(), submitCount: z.number(), total: z.number() }),
  z.strictObject({ outcome: z.literal('late'), receivedAt: z.string(), total: z.number() }),
]);
export const signOffAnswer = z.strictObject({ track: z.string(), signedOffAt: z.string() });
export const trackAnswer = z.strictObject({ key: z.string() });
export const judgeAnswer = z.strictObject({ id: z.number(), key: z.string() });
export const entryAnswer = z.strictObject({ id: z.number(), code: z.string() });

export type CallEntry = z.infer<typeof callEntry>;
export type CallNext = z.infer<typeof callNext>;
export type AdvanceStage = z.infer<typeof advanceStage>;
export type CloseScoring = z.infer<typeof closeScoring>;
export type ReopenScoring = z.infer<typeof reopenScoring>;
export type SetEntryStatus = z.infer<typeof setEntryStatus>;
export type TimerControl = z.infer<typeof timerControl>;
export type ExtendTimer = z.infer<typeof extendTimer>;
export type SetOrder = z.infer<typeof setOrder>;
export type DrawOrder = z.infer<typeof drawOrder>;
export type SetRecusal = z.infer<typeof setRecusal>;
export type ResolveTie = z.infer<typeof resolveTie>;
export type SetDisplay = z.infer<typeof setDisplay>;
export type CeremonyStep = z.infer<typeof ceremonyStep>;
export type PadReport = z.infer<typeof padReport>;
export type RelinkJudge = z.infer<typeof relinkJudge>;
export type SaveDraft = z.infer<typeof saveDraft>;
export type SubmitSheet = z.infer<typeof submitSheet>;
export type SignOff = z.infer<typeof signOff>;
export type ViewRequest = z.infer<typeof viewRequest>;
export type SubmitAnswer = z.infer<typeof submitAnswer>;

/** The handshake's `auth` object; a handshake without one is a public screen. */
export const handshakeAuth = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('host'), key: z.string().min(1).max(200) }),
  z.strictObject({ role: z.literal('judge'), token: z.string().min(1).max(200) }),
  z.strictObject({ role: z.literal('public') }),
]);
