/**
 * Entries and judges from the rows of a spreadsheet (server/files/spreadsheet.ts), checked against
 * the current contest: headers in Chinese or English (case, spaces, a * mark and a note in
 * brackets ignored), every problem of the whole file in one list (row as Excel shows it, column
 * header as the user wrote it, a code with params), codes and judge keys assigned where Podium
 * chooses them. Pure: the caller reads the file and the contest, and writes nothing unless the
 * list of problems is empty.
 */
import { isPlainText } from '../protocol/plainText';
import type { Localized } from '../protocol/contestFile';
import type { EntryImportRow, JudgeImportRow, PeopleKind, PeoplePreview } from '../protocol/people';
import { peopleProblem, type PeopleProblem, type PeopleProblemCode, type ProblemParams } from '../protocol/problems';
import type { SheetRow, SheetRows } from './spreadsheet';

/** What the rows are checked against: the contest as it is now. */
export interface PeopleContext {
  tracks: { key: string; name: Localized }[];
  entries: { code: string; track: string; unit: string; model: string }[];
  judges: { key: string; name: string }[];
}

export const MAX_PEOPLE_ROWS = 2000;

interface FieldSpec {
  /** The header Podium writes in its templates. */
  zh: string;
  en: string;
  /** Other headers people write for it. */
  aliases: string[];
  required: boolean;
  /** Longest text accepted, in characters. */
  max: number;
}

export const ENTRY_FIELDS = {
  track: { zh: '赛道', en: 'track', aliases: ['赛道代号', '赛道名称', '参赛赛道'], required: true, max: 100 },
  code: { zh: '编号', en: 'code', aliases: ['作品编号'], required: false, max: 32 },
  unit: { zh: '单位名称', en: 'unit', aliases: ['单位', '参赛单位', '申报单位'], required: true, max: 100 },
  model: { zh: '模型名称', en: 'model', aliases: ['作品名称', '模型'], required: true, max: 100 },
  contact: { zh: '联系人', en: 'contact', aliases: ['联系方式', '联系人及电话'], required: false, max: 100 },
  order: { zh: '出场顺序', en: 'order', aliases: ['顺序'], required: false, max: 10 },
} satisfies Record<string, FieldSpec>;

export const JUDGE_FIELDS = {
  name: { zh: '姓名', en: 'name', aliases: ['评委姓名', '评委'], required: true, max: 40 },
  affiliation: { zh: '单位', en: 'affiliation', aliases: ['工作单位', '所在单位'], required: false, max: 100 },
  tracks: { zh: '评审赛道', en: 'tracks', aliases: ['赛道', 'track'], required: true, max: 200 },
} satisfies Record<string, FieldSpec>;

/** Worksheet names read first in a workbook, per kind (the templates use the first). */
export const SHEET_NAMES: Record<PeopleKind, string[]> = { entries: ['作品', 'entries', '作品名单'], judges: ['评委', 'judges', '评委名单'] };

/** Judges' tracks are separated by any of these (、 ， , ； ; or spaces). */
const TRACK_SEPARATORS = /[、，,；;\s]+/;
const ALL_TRACKS = new Set(['全部', '全部赛道', 'all']);
const CODE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** A header as compared: no spaces, no * mark, no note in brackets, lower case. */
function normalHeader(text: string): string {
  return text.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊]/g, '').toLowerCase();
}

function fieldOfHeader<F extends Record<string, FieldSpec>>(fields: F, header: string): keyof F | undefined {
  const h = normalHeader(header);
  if (h === '') return undefined;
  return (Object.keys(fields) as (keyof F)[]).find((k) => [fields[k]!.zh, fields[k]!.en, ...fields[k]!.aliases].some((name) => normalHeader(name) === h));
}

/** Codes compare without case: G01 and g01 on one list would confuse everyone. */
const same = (text: string) => text.trim().toLowerCase();

/** Adds problems to a list: `add(row, column, code, params)`. */
function adder(problems: PeopleProblem[]) {
  return (row: number | null, column: string | null, code: PeopleProblemCode, params: ProblemParams = {}) => {
    problems.push(peopleProblem(row, column, code, params));
  };
}

interface ReadRow<F> {
  row: number;
  get(field: keyof F): string;
  /** The header of a field as the user wrote it. */
  column(field: keyof F): string;
}

/** Finds the header, maps columns to fields, and checks every cell's text. */
function readRows<F extends Record<string, FieldSpec>>(
  fields: F,
  sheet: SheetRows,
  problems: PeopleProblem[],
): { rows: ReadRow<F>[]; ignoredColumns: string[] } | null {
  const add = adder(problems);
  // The header: the first row naming a column Podium knows (a title row above it is skipped).
  const headerAt = sheet.rows.slice(0, 10).findIndex((r) => r.cells.some((c) => fieldOfHeader(fields, c) !== undefined));
  if (headerAt === -1) {
    if (sheet.rows.length === 0) add(null, null, 'no_header');
    else for (const f of Object.values(fields).filter((f) => f.required)) add(sheet.rows[0]!.row, f.zh, 'missing_column', { column: f.zh });
    return null;
  }
  const header = sheet.rows[headerAt]!;
  const index = new Map<keyof F, number>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((text, i) => {
    const field = fieldOfHeader(fields, text);
    if (field === undefined) {
      if (text.trim() !== '') ignoredColumns.push(text.trim());
    } else if (index.has(field)) add(header.row, text.trim(), 'duplicate_column');
    else index.set(field, i);
  });
  for (const [key, f] of Object.entries(fields)) if (f.required && !index.has(key)) add(header.row, f.zh, 'missing_column', { column: f.zh });
  const body = sheet.rows.slice(headerAt + 1);
  if (body.length === 0) add(null, null, 'no_rows');
  if (body.length > MAX_PEOPLE_ROWS) {
    add(null, null, 'too_many_rows', { max: MAX_PEOPLE_ROWS });
    return null;
  }
  if ((Object.keys(fields) as (keyof F)[]).some((k) => fields[k]!.required && !index.has(k))) return null;

  const rows = body.map((r: SheetRow): ReadRow<F> => {
    const column = (field: keyof F) => header.cells[index.get(field)!]!.trim();
    const texts = new Map<keyof F, string>();
    for (const [field, i] of index) {
      // A line break typed in a cell (Alt+Enter) reads as a space: names are one line.
      const text = (r.cells[i] ?? '').replace(/[\r\n\t]+/g, ' ').trim();
      const spec = fields[field]!;
      const error = r.errors.get(i);
      if (error !== undefined) add(r.row, column(field), 'cell_error', { value: error });
      else if (!isPlainText(text)) add(r.row, column(field), 'control_chars');
      else if (text === '' && spec.required) add(r.row, column(field), 'required');
      else if ([...text].length > spec.max) add(r.row, column(field), 'too_long', { max: spec.max });
      else {
        texts.set(field, text);
        continue;
      }
      texts.set(field, '');
    }
    return { row: r.row, get: (field) => texts.get(field) ?? '', column: (field) => (index.has(field) ? column(field) : fields[field]!.zh) };
  });
  return { rows, ignoredColumns };
}

/** A track written as its key or its name (Chinese or English), spaces and case ignored. */
function trackResolver(tracks: PeopleContext['tracks']): (text: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const t of tracks) for (const name of [t.key, t.name.zh, t.name.en]) if (name) byName.set(normalHeader(name), t.key);
  return (text) => byName.get(normalHeader(text));
}

const knownTracks = (tracks: PeopleContext['tracks']) => tracks.map((t) => `${t.key}（${t.name.zh}）`).join('、');

/**
 * Reports each value seen before (in the file, or already in the contest) on its row, once.
 * `value` of a row is undefined when that row has nothing to compare.
 */
function checkRepeats<R extends { row: number }>(
  rows: readonly R[],
  value: (row: R) => string | undefined,
  shown: (row: R) => string,
  column: (row: R) => string,
  existing: ReadonlySet<string>,
  add: (row: number, column: string, code: PeopleProblemCode, params: ProblemParams) => void,
): void {
  const first = new Map<string, number>();
  for (const r of rows) {
    const v = value(r);
    if (v === undefined) continue;
    if (existing.has(v)) add(r.row, column(r), 'duplicate_in_contest', { value: shown(r) });
    else if (first.has(v)) add(r.row, column(r), 'duplicate_in_file', { value: shown(r), firstRow: first.get(v)! });
    else first.set(v, r.row);
  }
}

/** The next codes of a track after its existing ones: G10 → G11, G12 ...; else `<track>-01`. */
function codeAssigner(existing: readonly { code: string; track: string }[], taken: Set<string>): (track: string) => string {
  const next = new Map<string, { prefix: string; width: number; n: number }>();
  return (track) => {
    let plan = next.get(track);
    if (!plan) {
      const codes = existing.filter((e) => e.track === track).map((e) => /^(.*?)(\d+)$/.exec(e.code)).filter((m) => m !== null);
      const prefixes = new Set(codes.map((m) => m[1]));
      plan = codes.length > 0 && prefixes.size === 1
        ? { prefix: codes[0]![1]!, width: Math.max(...codes.map((m) => m[2]!.length)), n: Math.max(...codes.map((m) => Number(m[2]))) }
        : { prefix: `${track}-`, width: 2, n: 0 };
      next.set(track, plan);
    }
    let code: string;
    do {
      plan.n += 1;
      code = `${plan.prefix}${String(plan.n).padStart(plan.width, '0')}`;
    } while (taken.has(same(code)) || !CODE.test(code));
    taken.add(same(code));
    return code;
  };
}

/** The code an entry added to `track` without one gets: the track's next (as an import gives it). */
export function nextEntryCode(existing: readonly { code: string; track: string }[], track: string): string {
  return codeAssigner(existing, new Set(existing.map((e) => same(e.code))))(track);
}

/** True when two codes would be taken for the same one (they differ only in case or spaces). */
export function sameCode(a: string, b: string): boolean {
  return same(a) === same(b);
}

function readEntries(sheet: SheetRows, context: PeopleContext, problems: PeopleProblem[]): { rows: EntryImportRow[]; ignoredColumns: string[] } {
  const read = readRows(ENTRY_FIELDS, sheet, problems);
  if (!read) return { rows: [], ignoredColumns: [] };
  const add = adder(problems);
  const trackOf = trackResolver(context.tracks);
  const parsed = read.rows.map((r) => {
    const trackText = r.get('track');
    const track = trackText === '' ? undefined : trackOf(trackText);
    if (trackText !== '' && track === undefined) add(r.row, r.column('track'), 'unknown_track', { value: trackText, known: knownTracks(context.tracks) });
    const code = r.get('code');
    if (code !== '' && !CODE.test(code)) add(r.row, r.column('code'), 'bad_code', { value: code });
    const orderText = r.get('order');
    const order = /^\d+$/.test(orderText) && Number(orderText) >= 1 ? Number(orderText) : null;
    if (orderText !== '' && order === null) add(r.row, r.column('order'), 'bad_order', { value: orderText });
    return { read: r, row: r.row, track, code: code !== '' && CODE.test(code) ? code : undefined, order };
  });

  checkRepeats(parsed, (p) => (p.code === undefined ? undefined : same(p.code)), (p) => p.code!, (p) => p.read.column('code'), new Set(context.entries.map((e) => same(e.code))), add);
  const entryKey = (track: string, unit: string, model: string) => `${track}\u0000${same(unit)}\u0000${same(model)}`;
  checkRepeats(
    parsed,
    (p) => (p.track === undefined || p.read.get('unit') === '' || p.read.get('model') === '' ? undefined : entryKey(p.track, p.read.get('unit'), p.read.get('model'))),
    (p) => `${p.read.get('unit')} / ${p.read.get('model')}`,
    (p) => p.read.column('model'),
    new Set(context.entries.map((e) => entryKey(e.track, e.unit, e.model))),
    add,
  );
  checkRepeats(parsed, (p) => (p.track === undefined || p.order === null ? undefined : `${p.track}\u0000${p.order}`), (p) => String(p.order), (p) => p.read.column('order'), new Set(), add);

  // Codes are assigned in running order (出场顺序, then row), so that they read in the order the entries present.
  const taken = new Set([...context.entries.map((e) => same(e.code)), ...parsed.flatMap((p) => (p.code ? [same(p.code)] : []))]);
  const assign = codeAssigner(context.entries, taken);
  const assigned = new Map<number, string>();
  for (const p of [...parsed].sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.row - b.row)) {
    if (p.track !== undefined && p.read.get('code') === '') assigned.set(p.row, assign(p.track));
  }
  const rows = parsed.map((p): EntryImportRow => ({
    row: p.row,
    track: p.track ?? '',
    code: p.code ?? assigned.get(p.row) ?? '',
    codeAssigned: p.read.get('code') === '',
    unit: p.read.get('unit'),
    model: p.read.get('model'),
    contact: p.read.get('contact') || null,
    order: p.order,
  }));
  return { rows, ignoredColumns: read.ignoredColumns };
}

function readJudges(sheet: SheetRows, context: PeopleContext, problems: PeopleProblem[]): { rows: JudgeImportRow[]; ignoredColumns: string[] } {
  const read = readRows(JUDGE_FIELDS, sheet, problems);
  if (!read) return { rows: [], ignoredColumns: [] };
  const add = adder(problems);
  const trackOf = trackResolver(context.tracks);
  const parsed = read.rows.map((r) => {
    const tracks: string[] = [];
    for (const part of r.get('tracks').split(TRACK_SEPARATORS).filter(Boolean)) {
      if (ALL_TRACKS.has(part.toLowerCase())) tracks.push(...context.tracks.map((t) => t.key));
      else {
        const key = trackOf(part);
        if (key === undefined) add(r.row, r.column('tracks'), 'unknown_track', { value: part, known: knownTracks(context.tracks) });
        else tracks.push(key);
      }
    }
    return { read: r, row: r.row, tracks: [...new Set(tracks)] };
  });
  checkRepeats(parsed, (p) => (p.read.get('name') === '' ? undefined : same(p.read.get('name'))), (p) => p.read.get('name'), (p) => p.read.column('name'), new Set(context.judges.map((j) => same(j.name))), add);

  const keys = new Set(context.judges.map((j) => j.key));
  let n = 0;
  const nextKey = () => {
    let key: string;
    do key = `J${++n}`;
    while (keys.has(key));
    keys.add(key);
    return key;
  };
  const rows = parsed.map((p): JudgeImportRow => ({ row: p.row, key: nextKey(), name: p.read.get('name'), affiliation: p.read.get('affiliation') || null, tracks: p.tracks }));
  return { rows, ignoredColumns: read.ignoredColumns };
}

/** Reads a sheet of entries or judges; import only when `problems` is empty. */
export function readPeople(kind: PeopleKind, sheet: SheetRows, context: PeopleContext): PeoplePreview {
  const problems: PeopleProblem[] = [];
  const result = kind === 'entries' ? { kind, ...readEntries(sheet, context, problems) } : { kind, ...readJudges(sheet, context, problems) };
  // In the sheet's order: by row, whole-file problems first.
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { ...result, problems, sheet: sheet.sheet } as PeoplePreview;
}
