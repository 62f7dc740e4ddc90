/**
 * Suggested recusals (回避): a judge whose affiliation is the entry's unit, or contains it, or is
 * contained in it (哈尔滨工业大学（深圳） and 哈尔滨工业大学（深圳）计算机学院), should not score
 * it. Names are compared without spaces, case or the difference between full- and half-width
 * brackets. Only suggestions: the host decides (`recusal:set`). Pure.
 */

export interface SuggestionJudge {
  id: number;
  affiliation: string | null;
  /** Track keys the judge scores. */
  tracks: readonly string[];
  /** Entry ids the judge is already recused from. */
  recusals: readonly number[];
}

export interface SuggestionEntry {
  id: number;
  track: string;
  unit: string;
  /** Closed, withdrawn entries take no new recusal. */
  state: string;
}

/** A unit or affiliation as compared: no spaces, lower case, half-width brackets. */
export function normalUnit(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Whether a judge's affiliation and an entry's unit name the same organisation (one contains the other). */
export function sameOrganisation(affiliation: string, unit: string): boolean {
  const a = normalUnit(affiliation);
  const u = normalUnit(unit);
  if (a.length < 2 || u.length < 2) return false;
  return a === u || a.includes(u) || u.includes(a);
}

/** Pairs worth a recusal that is not there yet, judge by judge in the order given. */
export function recusalSuggestions(judges: readonly SuggestionJudge[], entries: readonly SuggestionEntry[]): { judgeId: number; entryId: number }[] {
  const out: { judgeId: number; entryId: number }[] = [];
  for (const j of judges) {
    if (!j.affiliation) continue;
    for (const e of entries) {
      if (!j.tracks.includes(e.track) || j.recusals.includes(e.id) || e.state === 'closed' || e.state === 'withdrawn') continue;
      if (sameOrganisation(j.affiliation, e.unit)) out.push({ judgeId: j.id, entryId: e.id });
    }
  }
  return out;
}
