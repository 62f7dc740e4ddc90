/**
 * The contest file: one JSON document that describes a whole contest (docs/contest-format.md).
 * Parsing it yields a normalised {@link ContestDefinition}: every point value is converted to
 * integer hundredths, every default is filled in, and every cross-reference is checked, so the
 * rest of the system never sees a half-valid contest.
 */
import { z } from 'zod';
import { text } from './text';

/** Text shown to people, in Chinese and optionally English. A plain string counts as Chinese. */
export interface Localized {
  zh: string;
  en?: string;
}

export const localizedSchema = z
  .union([
    text().trim().min(1, 'must not be empty'),
    z.object({
      zh: text().trim().min(1, 'must not be empty'),
      en: text().trim().min(1, 'must not be empty').optional(),
    }),
  ])
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
    .number({ error: `must be a positive number` })
    .positive('must be a positive number')
    .refine(isWholeHundredths, `${what} may have at most two decimals`)
    .transform(toHundredths);

const keySchema = z
  .string({ error: 'must be a key of letters, digits, - or _' })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'must be a key of letters, digits, - or _ (start with a letter, at most 32)');

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
      trim: z.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
      minPanel: z.number().int('must be a whole number').min(3, 'must be at least 3').default(5),
    }),
    z.object({ policy: z.literal('median'), bonus: bonusMode }),
    z.object({ policy: z.literal('zscore'), bonus: bonusMode }),
  ])
  .superRefine((a, ctx) => {
    if (a.policy === 'trimmed' && a.minPanel < 2 * a.trim + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['minPanel'],
        message: `must be at least ${2 * a.trim + 1} so that a judge remains after dropping ${a.trim} high and ${a.trim} low`,
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
  count: z.number().int('must be a whole number').min(0, 'must not be negative'),
});

const seconds = z.number().int('must be whole seconds').min(0, 'must not be negative');

const phaseTimingSchema = z.object({
  seconds: z.number().int('must be whole seconds').min(1, 'must be at least 1 second'),
  /** Remaining seconds at which the clock warns (changes colour, vibrates pads). */
  warnings: z.array(seconds).default([]),
});

export const REVEAL_POLICIES = ['live', 'rank-only', 'hidden'] as const;
export type RevealPolicy = (typeof REVEAL_POLICIES)[number];

const trackSchema = z.object({
  key: keySchema,
  name: localizedSchema,
  criteria: z.array(criterionSchema).min(1, 'a track needs at least one criterion'),
  bonus: z.array(bonusSchema).default([]),
  aggregation: aggregationSchema.default({ policy: 'trimmed', bonus: 'inTotal', trim: 1, minPanel: 5 }),
  tieBreaks: z
    .array(tieBreakSchema)
    .default([{ rule: 'criteriaByWeight' }, { rule: 'untrimmedMean' }, { rule: 'manual' }]),
  awards: z.array(awardTierSchema).min(1, 'a track needs at least one award tier'),
  minAwardScore: z
    .number()
    .min(0, 'must not be negative')
    .refine(isWholeHundredths, 'may have at most two decimals')
    .transform(toHundredths)
    .optional(),
  timings: z
    .object({
      presentation: phaseTimingSchema.default({ seconds: 480, warnings: [120, 60] }),
      qa: phaseTimingSchema.default({ seconds: 300, warnings: [60] }),
    })
    .default({ presentation: { seconds: 480, warnings: [120, 60] }, qa: { seconds: 300, warnings: [60] } }),
  reveal: z.enum(REVEAL_POLICIES, { error: `must be one of ${REVEAL_POLICIES.join(', ')}` }).default('live'),
  /** Whether the ceremony shows each award's score (the board's policy governs the board only). */
  ceremonyShowsScores: z.boolean().default(true),
});

/** What a judge link's secret looks like (generated ones are 22 characters). */
export const JUDGE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

const tokenSchema = z.string().regex(JUDGE_TOKEN, 'must be 16 to 64 letters, digits, - or _ (it is a secret link)');

const judgeSchema = z.object({
  key: keySchema.optional(),
  name: text().trim().min(1, 'must not be empty'),
  affiliation: text().trim().optional(),
  tracks: z.array(keySchema).min(1, 'a judge needs at least one track'),
  token: tokenSchema.optional(),
});

const entrySchema = z.object({
  code: keySchema.optional(),
  track: keySchema,
  unit: text().trim().min(1, 'must not be empty'),
  model: text().trim().min(1, 'must not be empty'),
  contact: text().trim().optional(),
  order: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
});

const recusalSchema = z.object({
  judge: keySchema,
  entry: keySchema,
  reason: text().trim().optional(),
});

export const CONTEST_FORMAT = 'podium.contest/1';

const contestObjectSchema = z.object({
    format: z.literal(CONTEST_FORMAT, { error: `must be "${CONTEST_FORMAT}"` }).optional(),
    name: localizedSchema,
    subtitle: localizedSchema.optional(),
    date: text().trim().optional(),
    venue: localizedSchema.optional(),
    tracks: z.array(trackSchema).min(1, 'a contest needs at least one track'),
    judges: z.array(judgeSchema).default([]),
    entries: z.array(entrySchema).default([]),
    recusals: z.array(recusalSchema).default([]),
});
type RawContest = z.output<typeof contestObjectSchema>;

const contestFileSchema = contestObjectSchema.superRefine(checkReferences).transform(normalise);

function duplicates<T>(items: T[], keyOf: (item: T) => string | undefined): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    if (seen.has(key)) repeated.push(i);
    seen.add(key);
  });
  return repeated;
}

function checkReferences(file: RawContest, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  for (const i of duplicates(file.tracks, (t) => t.key)) issue(['tracks', i, 'key'], 'is used by another track');
  const trackKeys = new Set(file.tracks.map((t) => t.key));

  file.tracks.forEach((track, t) => {
    const items = [
      ['criteria', track.criteria],
      ['bonus', track.bonus],
    ] as const;
    for (const [field, list] of items) {
      list.forEach((c, i) => {
        if (c.step > c.max) issue(['tracks', t, field, i, 'step'], 'must not be larger than max');
        else if (c.max % c.step !== 0) issue(['tracks', t, field, i, 'step'], 'must divide max evenly');
      });
    }
    const allKeys = [...track.criteria, ...track.bonus];
    for (const i of duplicates(allKeys, (c) => c.key)) {
      const inCriteria = i < track.criteria.length;
      issue(['tracks', t, inCriteria ? 'criteria' : 'bonus', inCriteria ? i : i - track.criteria.length, 'key'], 'is used by another criterion or bonus item of this track');
    }
    for (const i of duplicates(track.awards, (a) => a.key)) issue(['tracks', t, 'awards', i, 'key'], 'is used by another award tier');
    const criterionKeys = new Set(track.criteria.map((c) => c.key));
    track.tieBreaks.forEach((rule, i) => {
      if (rule.rule === 'criterion' && !criterionKeys.has(rule.key)) {
        issue(['tracks', t, 'tieBreaks', i, 'key'], `names no criterion of track "${track.key}"`);
      }
      if (rule.rule === 'manual' && i !== track.tieBreaks.length - 1) {
        issue(['tracks', t, 'tieBreaks', i, 'rule'], 'manual must be the last tie-break');
      }
    });
    for (const phase of ['presentation', 'qa'] as const) {
      const timing = track.timings[phase];
      timing.warnings.forEach((w, i) => {
        if (w >= timing.seconds) issue(['tracks', t, 'timings', phase, 'warnings', i], 'must be shorter than the phase');
      });
    }
  });

  const judgeKeys = file.judges.map((j, i) => j.key ?? `J${i + 1}`);
  for (const i of duplicates(judgeKeys, (k) => k)) issue(['judges', i, 'key'], 'is used by another judge');
  for (const i of duplicates(file.judges, (j) => j.token)) issue(['judges', i, 'token'], 'is used by another judge');
  file.judges.forEach((judge, j) => {
    judge.tracks.forEach((key, i) => {
      if (!trackKeys.has(key)) issue(['judges', j, 'tracks', i], `names no track ("${key}")`);
    });
  });

  const entryCodes = entryCodesOf(file.entries);
  for (const i of duplicates(entryCodes, (c) => c)) issue(['entries', i, 'code'], 'is used by another entry');
  file.entries.forEach((entry, i) => {
    if (!trackKeys.has(entry.track)) issue(['entries', i, 'track'], `names no track ("${entry.track}")`);
  });
  for (const track of file.tracks) {
    const inTrack = file.entries.map((e, i) => ({ e, i })).filter(({ e }) => e.track === track.key);
    for (const k of duplicates(inTrack, ({ e }) => (e.order === undefined ? undefined : String(e.order)))) {
      issue(['entries', inTrack[k]!.i, 'order'], `is used by another entry of track "${track.key}"`);
    }
  }

  const judgeKeySet = new Set(judgeKeys);
  const codeSet = new Set(entryCodes);
  file.recusals.forEach((r, i) => {
    if (!judgeKeySet.has(r.judge)) issue(['recusals', i, 'judge'], `names no judge ("${r.judge}")`);
    if (!codeSet.has(r.entry)) issue(['recusals', i, 'entry'], `names no entry ("${r.entry}")`);
  });
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

/** One problem with a file, located by its path in the document. */
export interface FileProblem {
  path: string;
  message: string;
}

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

/** Validates a parsed JSON value as a contest file, listing every problem by path. */
export function parseContestFile(input: unknown): ContestFileResult {
  const result = contestFileSchema.safeParse(input);
  if (result.success) return { ok: true, contest: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  };
}

/** Formats problems one per line, as the CLI and the server log print them. */
export function describeProblems(problems: FileProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
