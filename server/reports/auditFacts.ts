/**
 * Facts the tables do not keep but the audit record does: when a judge first submitted a sheet
 * (the sheets table keeps the last submission) and why an entry was withdrawn.
 */
import type { AuditRow } from '../store/audit';

export interface AuditFacts {
  /** Server time (ms) of the judge's first accepted submission for the entry. */
  firstSubmittedAt(judgeId: number, entryId: number): number | null;
  /** The reason given when the entry was last withdrawn. */
  withdrawReason(entryId: number): string | null;
}

export function auditFactsOf(records: readonly AuditRow[]): AuditFacts {
  const firstSubmit = new Map<string, number>();
  const withdrawn = new Map<number, string>();
  for (const r of records) {
    const p = (r.payload ?? {}) as { entryId?: number; action?: string; reason?: string };
    if (r.action === 'sheet:submit' && r.actorId !== null && p.entryId !== undefined) {
      const key = `${r.actorId}:${p.entryId}`;
      if (!firstSubmit.has(key)) firstSubmit.set(key, r.at);
    }
    if (r.action === 'entry:status' && p.action === 'withdraw' && p.entryId !== undefined) withdrawn.set(p.entryId, p.reason ?? '');
  }
  return {
    firstSubmittedAt: (judgeId, entryId) => firstSubmit.get(`${judgeId}:${entryId}`) ?? null,
    withdrawReason: (entryId) => withdrawn.get(entryId) || null,
  };
}
