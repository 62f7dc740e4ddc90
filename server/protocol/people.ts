/**
 * People from a spreadsheet (entries or judges), as /setup previews and imports them
 * (POST /api/setup/people/preview and /import, server/routes/paperwork.ts).
 */
import type { PeopleProblem } from './problems';

export const PEOPLE_KINDS = ['entries', 'judges'] as const;
export type PeopleKind = (typeof PEOPLE_KINDS)[number];

/** An entry row as it will be imported: track resolved to its key, code given or assigned. */
export interface EntryImportRow {
  /** Row in the user's sheet. */
  row: number;
  track: string;
  code: string;
  /** True when the code was left empty and Podium chose it. */
  codeAssigned: boolean;
  unit: string;
  model: string;
  contact: string | null;
  /** 出场顺序 as written (orders the new entries of a track among themselves); null if empty. */
  order: number | null;
}

export interface JudgeImportRow {
  row: number;
  /** Assigned: the next free J<n>. */
  key: string;
  name: string;
  affiliation: string | null;
  /** Track keys. */
  tracks: string[];
}

export type PeopleImport = { kind: 'entries'; rows: EntryImportRow[] } | { kind: 'judges'; rows: JudgeImportRow[] };

/** The answer of a preview: what would be imported, and every problem (import only when none). */
export type PeoplePreview = PeopleImport & {
  problems: PeopleProblem[];
  /** Columns the sheet has that Podium does not read (shown, not refused). */
  ignoredColumns: string[];
  /** Which sheet of a workbook was read. */
  sheet: string | null;
};

/** What an import added (ids as stored). */
export interface PeopleImported {
  entries: { id: number; code: string; track: string }[];
  judges: { id: number; key: string; name: string; tracks: string[] }[];
}
