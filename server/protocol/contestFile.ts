/**
 * The contest file: one JSON document that describes a whole contest (docs/contest-format.md).
 * Parsing it yields a normalised {@link ContestDefinition}: every point value is converted to
 * integer hundredths, every default is filled in, and every cross-reference is checked, so the
 * rest of the system never sees a half-valid contest.
 */
import { z } from 'zod';
import { contestProblem, isContestProblemCode, type FileProblem, type ProblemParams } from './problems';
import { text } from './text';

/** Text shown to people, in Chinese and optionally English. A plain string counts as Chinese. */
export interface Localized {
  zh: string;
  en?: string;
}

export const localizedSchema = z
  .union([
    text().trim().min(1, 'not_empty'),
    z.object({
      zh: text().trim().min(1, 'not_empty'),
      en: text().trim().min(1, 'not_empty').optional(),
    }),
  ], { error: 'localized' })
  .transform((v): Localized => (typeof v === 'string' ? { zh: v } : v));

/** True when `value` has at most two decimals (so it is an exact number of hundredths). */
export function isWholeHundredths(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** Points as written in a file (10, 0.5, 2.25) to exact integer hundredths. */
export function toHundredths(value: number): number {
  return Math.round(value * 100);
}

const points = (what: string) =>
  z
    .number({ error: 'positive' })
    .positive('positive')
    .refine(isWholeHundredths, { message: 'two_decimals', params: { field: what } })
    .transform(toHundredths);

const keySchema = z
  .string({ error: 'key' })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'key');

const criterionSchema = z.object({
  key: keySchema,
  label: localizedSchema,
  description: localizedSchema.optional(),
  max: points('max'),
  step: points('step').default(100),
});

const bonusSchema = criterionSchema;

export const AGGREGATION_POLICIES = ['mean', 'trimmed', 'median', 'zscore'] as const;
export type AggregationPolicyName = (typeof AGGREGATION_POLICIES)[number];

const bonusMode = z.enum(['inTotal', 'separate']).default('inTotal');

const aggregationSchema = z
  .discriminatedUnion('policy', [
    z.object({ policy: z.literal('mean'), bonus: bonusMode }),
    z.object({
      policy: z.literal('trimmed'),
      bonus: bonusMode,
      trim: z.number({ error: 'whole' }).int('whole').min(1, 'at_least').default(1),
      minPanel: z.number({ error: 'whole' }).int('whole').min(3, 'at_least').default(5),
    }),
    z.object({ policy: z.literal('median'), bonus: bonusMode }),
    z.object({ policy: z.literal('zscore'), bonus: bonusMode }),
  ])
  .superRefine((a, ctx) => {
    if (a.policy === 'trimmed' && a.minPanel < 2 * a.trim + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['minPanel'],
        message: 'min_panel',
        params: { min: 2 * a.trim + 1, trim: a.trim },
      });
    }
  });

export const TIE_BREAK_RULES = ['criterion', 'criteriaByWeight', 'untrimmedMean', 'lowerSpread', 'manual'] as const;
export type TieBreakRuleName = (typeof TIE_BREAK_RULES)[number];

const tieBreakSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('criterion'), key: keySchema }),
  z.object({ rule: z.literal('criteriaByWeight') }),
  z.object({ rule: z.literal('untrimmedMean') }),
  z.object({ rule: z.literal('lowerSpread') }),
  z.object({ rule: z.literal('manual') }),
]);

const awardTierSchema = z.object({
  key: keySchema,
  name: localizedSchema,
  count: z.number({ error: 'whole' }).int('whole').min(0, 'not_negative'),
});

const seconds = z.number({ error: 'whole_seconds' }).int('whole_seconds').min(0, 'not_negative');

const phaseTimingSchema = z.object({
  seconds: z.number({ error: 'whole_seconds' }).int('whole_seconds').min(1, 'at_least_one_second'),
  /** Remaining seconds at which the clock warns (changes colour, vibrates pads). */
  warnings: z.array(seconds).default([]),
});

export const REVEAL_POLICIES = ['live', 'rank-only', 'hidden'] as const;
export type RevealPolicy = (typeof REVEAL_POLICIES)[number];

const trackSchema = z.object({
  key: keySchema,
  name: localizedSchema,
  criteria: z.array(criterionSchema).min(1, 'need_criterion'),
  bonus: z.array(bonusSchema).default([]),
  aggregation: aggregationSchema.default({ policy: 'trimmed', bonus: 'inTotal', trim: 1, minPanel: 5 }),
  tieBreaks: z
    .array(tieBreakSchema)
    .default([{ rule: 'criteriaByWeight' }, { rule: 'untrimmedMean' }, { rule: 'manual' }]),
  awards: z.array(awardTierSchema).min(1, 'need_award'),
  minAwardScore: z
    .number({ error: 'not_negative' })
    .min(0, 'not_negative')
    .refine(isWholeHundredths, { message: 'two_decimals', params: {} })
    .transform(toHundredths)
    .optional(),
  timings: z
    .object({
      presentation: phaseTimingSchema.default({ seconds: 480, warnings: [120, 60] }),
      qa: phaseTimingSchema.default({ seconds: 300, warnings: [60] }),
    })
    .default({ presentation: { seconds: 480, warnings: [120, 60] }, qa: { seconds: 300, warnings: [60] } }),
  reveal: z.enum(REVEAL_POLICIES, { error: 'one_of' }).default('live'),
  /** Whether the ceremony shows each award's score (the board's policy governs the board only). */
  ceremonyShowsScores: z.boolean().default(true),
  /** Whether the live board shows award tiers before the ceremony (default: places and scores only). */
  boardShowsAwards: z.boolean().default(false),
  /** Awards on fewer counted judges stay provisional until the host confirms; default: the trimming rule's minPanel. */
  minAwardPanel: z.number({ error: 'whole' }).int('whole').min(1, 'at_least').optional(),
  /** After an entry closes, the stage side of /screen shows the judges' totals flipping in, then the score (reveal `live` only). */
  stageShowsTotals: z.boolean().default(false),
});

/** What a judge link's secret looks like (generated ones are 22 characters). */
export const JUDGE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

const tokenSchema = z.string().regex(JUDGE_TOKEN, 'token');

const judgeSchema = z.object({
  key: keySchema.optional(),
  name: text().trim().min(1, 'not_empty'),
  affiliation: text().trim().optional(),
  tracks: z.array(keySchema).min(1, 'judge_needs_track'),
  token: tokenSchema.optional(),
});

const entrySchema = z.object({
  code: keySchema.optional(),
  track: keySchema,
  unit: text().trim().min(1, 'not_empty'),
  model: text().trim().min(1, 'not_empty'),
  contact: text().trim().optional(),
  order: z.number({ error: 'whole' }).int('whole').min(1, 'at_least').optional(),
});

const recusalSchema = z.object({
  judge: keySchema,
  entry: keySchema,
  reason: text().trim().optional(),
});

export const CONTEST_FORMAT = 'podium.contest/1';

const contestObjectSchema = z.object({
  format: z.literal(CONTEST_FORMAT, { error: 'format' }).optional(),
  name: localizedSchema,
  subtitle: localizedSchema.optional(),
  date: text().trim().optional(),
  venue: localizedSchema.optional(),
  tracks: z.array(trackSchema).min(1, 'need_track'),
  judges: z.array(judgeSchema).default([]),
  entries: z.array(entrySchema).default([]),
  recusals: z.array(recusalSchema).default([]),
});
type RawContest = z.output<typeof contestObjectSchema>;

// ---------------------------------------------------------------------------------------------
// References, checked on every part whose shape is valid, so that one answer lists every problem:
// a track with a bad criterion still has a key that judges and entries may name.

type Path = (string | number)[];
type Parts<S extends z.ZodRawShape> = { [K in keyof S]?: z.output<S[K]> };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of an object that are valid on their own (defaults filled); the others are left out. */
function partsOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>, raw: unknown): Parts<S> {
  const out: Record<string, unknown> = {};
  if (!isRecord(raw)) return out as Parts<S>;
  for (const [name, field] of Object.entries(schema.shape)) {
    const parsed = (field as z.ZodType).safeParse(raw[name]);
    if (parsed.success) out[name] = parsed.data;
  }
  return out as Parts<S>;
}

/** Each element of a list with its index in the file (nothing when it is not a list). */
function listOf<T>(raw: unknown, read: (item: unknown) => T): { i: number; item: T }[] {
  return Array.isArray(raw) ? raw.map((item: unknown, i) => ({ i, item: read(item) })) : [];
}

/** Indexes (into `keys`) of keys already seen earlier in the list. */
function repeats(keys: readonly (string | undefined)[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  keys.forEach((key, i) => {
    if (key === undefined) return;
    if (seen.has(key)) repeated.push(i);
    seen.add(key);
  });
  return repeated;
}

/** A set of keys, or null when some of them are unreadable (then nothing is "unknown"). */
function knownSet(keys: readonly (string | undefined)[]): Set<string> | null {
  return keys.every((k) => k !== undefined) ? new Set(keys as string[]) : null;
}

function referenceProblems(input: unknown): FileProblem[] {
  const problems: FileProblem[] = [];
  const issue = (path: Path, code: Parameters<typeof contestProblem>[1], params: ProblemParams = {}) =>
    problems.push(contestProblem(formatPath(path), code, params));
  const file = isRecord(input) ? input : {};

  const tracks = listOf(file.tracks, (raw) => ({ raw: isRecord(raw) ? raw : {}, parts: partsOf(trackSchema, raw) }));
  for (const i of repeats(tracks.map((t) => t.item.parts.key))) issue(['tracks', i, 'key'], 'duplicate_track');
  const trackKeys = Array.isArray(file.tracks) ? knownSet(tracks.map((t) => t.item.parts.key)) : null;

  for (const { i: t, item: { raw, parts } } of tracks) {
    const items = (['criteria', 'bonus'] as const).flatMap((field) =>
      listOf(raw[field], (c) => partsOf(criterionSchema, c)).map(({ i, item }) => ({ field, i, item })),
    );
    for (const { field, i, item: c } of items) {
      if (c.max === undefined || c.step === undefined) continue;
      if (c.step > c.max) issue(['tracks', t, field, i, 'step'], 'step_above_max');
      else if (c.max % c.step !== 0) issue(['tracks', t, field, i, 'step'], 'step_not_divisor');
    }
    for (const k of repeats(items.map(({ item }) => item.key))) issue(['tracks', t, items[k]!.field, items[k]!.i, 'key'], 'duplicate_item');
    const awards = listOf(raw.awards, (a) => partsOf(awardTierSchema, a));
    for (const k of repeats(awards.map(({ item }) => item.key))) issue(['tracks', t, 'awards', awards[k]!.i, 'key'], 'duplicate_award');

    const criteria = items.filter((c) => c.field === 'criteria').map(({ item }) => item.key);
    const criterionKeys = Array.isArray(raw.criteria) ? knownSet(criteria) : null;
    const rules = listOf(raw.tieBreaks, (r) => tieBreakSchema.safeParse(r));
    for (const { i, item } of rules) {
      if (!item.success) continue;
      const rule = item.data;
      if (rule.rule === 'criterion' && criterionKeys && !criterionKeys.has(rule.key)) {
        issue(['tracks', t, 'tieBreaks', i, 'key'], 'tiebreak_unknown_criterion', { track: parts.key ?? `#${t + 1}` });
      }
      if (rule.rule === 'manual' && i !== rules.length - 1) issue(['tracks', t, 'tieBreaks', i, 'rule'], 'manual_not_last');
    }
    const timings = isRecord(raw.timings) ? raw.timings : {};
    for (const phase of ['presentation', 'qa'] as const) {
      const rawTiming = timings[phase];
      const length = partsOf(phaseTimingSchema, rawTiming).seconds;
      if (length === undefined || !isRecord(rawTiming)) continue;
      for (const { i, item } of listOf(rawTiming.warnings, (w) => seconds.safeParse(w))) {
        if (item.success && item.data >= length) issue(['tracks', t, 'timings', phase, 'warnings', i], 'warning_not_shorter');
      }
    }
  }

  const judges = listOf(file.judges, (raw) => ({ raw: isRecord(raw) ? raw : {}, parts: partsOf(judgeSchema, raw) }));
  const judgeKeys = judges.map(({ i, item }) => (isRecord(item.raw) && item.raw.key === undefined ? `J${i + 1}` : item.parts.key));
  for (const i of repeats(judgeKeys)) issue(['judges', i, 'key'], 'duplicate_judge');
  for (const i of repeats(judges.map((j) => j.item.parts.token))) issue(['judges', i, 'token'], 'duplicate_token');
  for (const { i: j, item } of judges) {
    for (const { i, item: key } of listOf(item.raw.tracks, (k) => keySchema.safeParse(k))) {
      if (key.success && trackKeys && !trackKeys.has(key.data)) issue(['judges', j, 'tracks', i], 'unknown_track', { value: key.data });
    }
  }

  const entries = listOf(file.entries, (raw) => ({ raw: isRecord(raw) ? raw : {}, parts: partsOf(entrySchema, raw) }));
  // A default code depends on the entries of its track before it: unknown once a track is unreadable.
  const allTracksRead = entries.every((e) => e.item.parts.track !== undefined);
  const defaults = allTracksRead ? entryCodesOf(entries.map((e) => ({ code: e.item.parts.code, track: e.item.parts.track! }))) : [];
  const codes = entries.map(({ i, item }) => {
    if (item.raw.code !== undefined) return item.parts.code;
    return allTracksRead ? defaults[i] : undefined;
  });
  for (const i of repeats(codes)) issue(['entries', i, 'code'], 'duplicate_entry');
  for (const { i, item } of entries) {
    const track = item.parts.track;
    if (track !== undefined && trackKeys && !trackKeys.has(track)) issue(['entries', i, 'track'], 'unknown_track', { value: track });
  }
  const orderKeys = entries.map(({ item }) =>
    item.parts.track === undefined || item.parts.order === undefined ? undefined : `${item.parts.track}\u0000${item.parts.order}`,
  );
  for (const i of repeats(orderKeys)) issue(['entries', i, 'order'], 'duplicate_order', { track: entries[i]!.item.parts.track! });

  const judgeSet = Array.isArray(file.judges) || file.judges === undefined ? knownSet(judgeKeys) : null;
  const entrySet = Array.isArray(file.entries) || file.entries === undefined ? knownSet(codes) : null;
  for (const { i, item: r } of listOf(file.recusals, (raw) => partsOf(recusalSchema, raw))) {
    if (r.judge !== undefined && judgeSet && !judgeSet.has(r.judge)) issue(['recusals', i, 'judge'], 'unknown_judge', { value: r.judge });
    if (r.entry !== undefined && entrySet && !entrySet.has(r.entry)) issue(['recusals', i, 'entry'], 'unknown_entry', { value: r.entry });
  }
  return problems;
}

/** Entry codes default to `<track>-<n>`, numbered within the track in file order. */
function entryCodesOf(entries: { code?: string | undefined; track: string }[]): string[] {
  const counters = new Map<string, number>();
  return entries.map((e) => {
    const n = (counters.get(e.track) ?? 0) + 1;
    counters.set(e.track, n);
    return e.code ?? `${e.track}-${String(n).padStart(2, '0')}`;
  });
}

function normalise(file: RawContest) {
  const codes = entryCodesOf(file.entries);
  return {
    name: file.name,
    subtitle: file.subtitle,
    date: file.date,
    venue: file.venue,
    tracks: file.tracks,
    judges: file.judges.map((j, i) => ({ ...j, key: j.key ?? `J${i + 1}` })),
    entries: file.entries.map((e, i) => ({ ...e, code: codes[i]! })),
    recusals: file.recusals,
  };
}

/** A contest as the rest of the system sees it: defaults filled, points in hundredths. */
export type ContestDefinition = ReturnType<typeof normalise>;
export type TrackDefinition = ContestDefinition['tracks'][number];
export type CriterionDefinition = TrackDefinition['criteria'][number];
export type AggregationConfig = TrackDefinition['aggregation'];
export type TieBreakConfig = TrackDefinition['tieBreaks'][number];
export type AwardTierDefinition = TrackDefinition['awards'][number];
export type JudgeDefinition = ContestDefinition['judges'][number];
export type EntryDefinition = ContestDefinition['entries'][number];

export type { FileProblem } from './problems';

/** `['tracks', 1, 'criteria', 3, 'max']` to `tracks[1].criteria[3].max`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(file)' : out;
}

export type ContestFileResult = { ok: true; contest: ContestDefinition } | { ok: false; problems: FileProblem[] };

/** Messages of shared schemas (server/protocol/text.ts) that are English rather than codes. */
const SHARED_MESSAGES: Record<string, 'text' | 'plain_text'> = {
  'must be text': 'text',
  'must be plain text (no control characters)': 'plain_text',
};

/** A zod issue as a problem with a code: the schemas above name codes as their messages. */
function problemOfIssue(issue: z.core.$ZodIssue & { input?: unknown; params?: ProblemParams }): FileProblem {
  const path = formatPath(issue.path);
  const params: ProblemParams = { ...(issue.params ?? {}) };
  if ('values' in issue) params.options = (issue.values as unknown[]).map(String).join(', ');
  if ('options' in issue && Array.isArray(issue.options)) params.options = issue.options.map(String).join(', ');
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return contestProblem(path, 'required');
  const code = SHARED_MESSAGES[issue.message] ?? issue.message;
  if (code === 'at_least' && 'minimum' in issue) params.min = Number(issue.minimum);
  if (isContestProblemCode(code)) return contestProblem(path, code, params);
  if (issue.code === 'invalid_type') return contestProblem(path, 'wrong_type', { expected: issue.expected });
  if (issue.code === 'invalid_union' && params.options !== undefined) return contestProblem(path, 'one_of', { options: params.options });
  return contestProblem(path, 'invalid', { detail: issue.message });
}

/**
 * Validates a parsed JSON value as a contest file. Every problem is listed in one answer: the
 * shapes (types, ranges, formats) first, then the references between the parts that are valid.
 */
export function parseContestFile(input: unknown): ContestFileResult {
  const shape = contestObjectSchema.safeParse(input, { reportInput: true });
  const problems = [...(shape.success ? [] : shape.error.issues.map(problemOfIssue)), ...referenceProblems(input)];
  if (problems.length > 0 || !shape.success) return { ok: false, problems };
  return { ok: true, contest: normalise(shape.data) };
}

/** Formats problems one per line, as the CLI and the server log print them. */
export function describeProblems(problems: FileProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
