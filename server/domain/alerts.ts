/**
 * What the console warns the host about, read off the host view: a tie at an award boundary that
 * waits for a decision, sheets still missing while an entry is being scored, a judge far from the
 * panel. Derived where it is shown (the console) rather than sent, so a patch that changes one
 * sheet never needs to carry the whole list.
 */
import type { HostAlert, HostView } from '../protocol/views';
import { findOutliers } from './outliers';

export function hostAlerts(view: Pick<HostView, 'tracks'>): HostAlert[] {
  const alerts: HostAlert[] = [];
  for (const t of view.tracks) {
    for (const tie of t.results.boundaryTies.filter((b) => b.needsDecision)) {
      alerts.push({ kind: 'boundaryTie', track: t.key, entryIds: tie.entryIds, above: tie.above, below: tie.below });
    }
    const fullMarks = [...t.rubric.criteria, ...t.rubric.bonus].reduce((sum, c) => sum + c.max, 0);
    for (const e of t.entries) {
      if (e.state === 'scoring') {
        const missing = e.sheets.filter((s) => s.status === 'none' || s.status === 'draft').map((s) => s.judgeId);
        if (missing.length > 0) alerts.push({ kind: 'missingSheets', track: t.key, entryId: e.id, judgeIds: missing });
      }
      const totals = e.sheets.flatMap((s) => (s.status === 'submitted' && s.total !== null ? [{ judgeId: s.judgeId, total: s.total }] : []));
      for (const o of findOutliers(totals, fullMarks)) {
        alerts.push({ kind: 'outlier', track: t.key, entryId: e.id, judgeId: o.judgeId, total: o.total, othersMedian: o.othersMedian });
      }
    }
  }
  return alerts;
}
