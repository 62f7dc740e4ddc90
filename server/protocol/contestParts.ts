/**
 * Parts of a contest as the /setup editor sends them (the contest's name and date, a track, a
 * judge, an entry), each written exactly as in the contest file (docs/contest-format.md: points
 * as numbers of points, keys, localized text) and checked by the contest file's own parser: the
 * part is placed in a small contest document and `parseContestFile` runs on it, so the editor and
 * the file can never disagree about what is valid. Problems come back with paths inside the part
 * (`criteria[1].max`) and the file's problem codes (said in zh and en by the client).
 *
 * Also here: a track of the host view back in file form (what the editor starts from), and the
 * structure of a rubric (what may not change once a sheet exists). Pure; the client uses it too.
 */
import { parseContestFile, type ContestDefinition, type EntryDefinition, type JudgeDefinition, type Localized, type TrackDefinition } from './contestFile';
import { contestProblem, type FileProblem } from './problems';
import type { HostTrack } from './views';

export type PartResult<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

/** What checking a judge or an entry needs to know of the contest: its track keys. */
export interface PartContext {
  trackKeys: readonly string[];
}

export type ContestInfoDefinition = Pick<ContestDefinition, 'name' | 'subtitle' | 'date' | 'venue'>;

/** A track that passes the file's checks, standing in for the real one: only its key is looked at. */
function stubTrack(key: string) {
  return { key, name: key, criteria: [{ key: 'c', label: 'c', max: 1 }], awards: [{ key: 'a', name: 'a', count: 0 }] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems under `prefix` (e.g. `tracks[0]`), with paths made relative to it. */
function within(prefix: string, problems: readonly FileProblem[]): FileProblem[] {
  return problems
    .filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`))
    .map((p) => ({ ...p, path: p.path === prefix ? '(file)' : p.path.slice(prefix.length).replace(/^\./, '') }));
}

/** Fields the file has but the editor sets elsewhere: refused by name rather than silently dropped. */
function forbidden(raw: Record<string, unknown>, fields: Record<string, string>): FileProblem[] {
  return Object.entries(fields)
    .filter(([field]) => raw[field] !== undefined)
    .map(([field, detail]) => contestProblem(field, 'invalid', { detail }));
}

const notAnObject = (): { ok: false; problems: FileProblem[] } => ({ ok: false, problems: [contestProblem('(file)', 'wrong_type', { expected: 'object' })] });

/** The contest's own fields: name (required), subtitle, date, venue. */
export function parseContestInfo(raw: unknown): PartResult<ContestInfoDefinition> {
  if (!isObject(raw)) return notAnObject();
  const { name, subtitle, date, venue } = raw;
  const parsed = parseContestFile({ name, subtitle, date, venue, tracks: [stubTrack('t')] });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const c = parsed.contest;
  return { ok: true, value: { name: c.name, subtitle: c.subtitle, date: c.date, venue: c.venue } };
}

/** One track with its rubric, awards, aggregation, tie-breaks, timings and reveal policy. */
export function parseTrack(raw: unknown): PartResult<TrackDefinition> {
  if (!isObject(raw)) return notAnObject();
  const parsed = parseContestFile({ name: 'x', tracks: [raw] });
  if (!parsed.ok) return { ok: false, problems: within('tracks[0]', parsed.problems) };
  return { ok: true, value: parsed.contest.tracks[0]! };
}

/**
 * One judge: name, affiliation, tracks (keys of the contest's tracks), and a key when the
 * editor sets one (else the caller keeps or assigns it). Links are Podium's to make.
 */
export function parseJudge(raw: unknown, context: PartContext): PartResult<Omit<JudgeDefinition, 'key' | 'token'> & { key: string | undefined }> {
  if (!isObject(raw)) return notAnObject();
  const refused = forbidden(raw, { token: 'links are made by Podium (a new link: judge:relink)' });
  const parsed = parseContestFile({ name: 'x', tracks: context.trackKeys.map(stubTrack), judges: [raw] });
  const problems = [...refused, ...(parsed.ok ? [] : within('judges[0]', parsed.problems))];
  if (!parsed.ok || problems.length > 0) return { ok: false, problems };
  const { token: _token, key, ...judge } = parsed.contest.judges[0]!;
  // Without a key of its own, the file would call it J1: the caller keeps or assigns one instead.
  return { ok: true, value: { ...judge, key: raw.key === undefined ? undefined : key } };
}

/**
 * One entry: track, unit, model, contact, and a code when the editor sets one (else the caller
 * keeps or assigns it). Its place in the running order is set by the running order's own commands.
 */
export function parseEntry(raw: unknown, context: PartContext): PartResult<Omit<EntryDefinition, 'code' | 'order'> & { code: string | undefined }> {
  if (!isObject(raw)) return notAnObject();
  const refused = forbidden(raw, { order: 'the running order is set in the console (order:set, order:draw)' });
  const parsed = parseContestFile({ name: 'x', tracks: context.trackKeys.map(stubTrack), entries: [raw] });
  const problems = [...refused, ...(parsed.ok ? [] : within('entries[0]', parsed.problems))];
  if (!parsed.ok || problems.length > 0) return { ok: false, problems };
  const { order: _order, code, ...entry } = parsed.contest.entries[0]!;
  return { ok: true, value: { ...entry, code: raw.code === undefined ? undefined : code } };
}

/** Hundredths back to points as the file writes them (9050 → 90.5). */
const points = (hundredths: number): number => hundredths / 100;

/** A track as the file writes it: points, not hundredths (what the editor's form starts from). */
export interface TrackFile {
  key: string;
  name: Localized;
  criteria: { key: string; label: Localized; description?: Localized; max: number; step: number }[];
  bonus: { key: string; label: Localized; description?: Localized; max: number; step: number }[];
  aggregation: TrackDefinition['aggregation'];
  tieBreaks: TrackDefinition['tieBreaks'];
  awards: { key: string; name: Localized; count: number }[];
  minAwardScore?: number;
  timings: TrackDefinition['timings'];
  reveal: TrackDefinition['reveal'];
  ceremonyShowsScores: boolean;
  boardShowsAwards: boolean;
  minAwardPanel?: number;
  stageShowsTotals: boolean;
}

/** A track of the host view in the contest file's form: parsing it gives the track back unchanged. */
export function trackFileOf(track: HostTrack): TrackFile {
  const item = (i: HostTrack['rubric']['criteria'][number]) => ({
    key: i.key, label: i.label, ...(i.description ? { description: i.description } : {}), max: points(i.max), step: points(i.step),
  });
  return {
    key: track.key,
    name: track.name,
    criteria: track.rubric.criteria.map(item),
    bonus: track.rubric.bonus.map(item),
    aggregation: track.aggregation as TrackDefinition['aggregation'],
    tieBreaks: track.tieBreaks,
    awards: track.awards.map((a) => ({ key: a.key, name: a.name, count: a.count })),
    ...(track.minAwardScore !== null ? { minAwardScore: points(track.minAwardScore) } : {}),
    timings: track.timings,
    reveal: track.reveal,
    ceremonyShowsScores: track.ceremonyShowsScores,
    boardShowsAwards: track.boardShowsAwards,
    ...(track.minAwardPanel !== null ? { minAwardPanel: track.minAwardPanel } : {}),
    stageShowsTotals: track.stageShowsTotals,
  };
}

/**
 * What a sheet is scored against: the items, their kind, order, maximum and step. Labels and
 * descriptions are words about it and may be corrected at any time; this may not change once a
 * sheet exists for the track.
 */
export function rubricStructure(track: Pick<TrackDefinition, 'criteria' | 'bonus'>): string {
  const item = (kind: string) => (i: { key: string; max: number; step: number }) => `${kind}:${i.key}:${i.max}:${i.step}`;
  return [...track.criteria.map(item('criterion')), ...track.bonus.map(item('bonus'))].join('|');
}

/**
 * A new contest from the /setup page, before anything else is known: its name, date and venue and
 * its first track, with one criterion and one award tier as placeholders to edit (a track needs at
 * least one of each). Sent as a contest file to the import (POST /api/setup/contest).
 */
export function newContestFile(input: { name: string; date?: string; venue?: string; track: { key: string; name: string } }) {
  return {
    format: 'podium.contest/1',
    name: input.name,
    ...(input.date ? { date: input.date } : {}),
    ...(input.venue ? { venue: input.venue } : {}),
    tracks: [
      {
        key: input.track.key,
        name: input.track.name,
        criteria: [{ key: 'c1', label: { zh: '评分项 1', en: 'Criterion 1' }, max: 100 }],
        awards: [{ key: 'first', name: { zh: '一等奖', en: 'First prize' }, count: 1 }],
      },
    ],
  };
}
