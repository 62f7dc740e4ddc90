/**
 * What the console warns the host about, read off the host view: a tie at an award boundary that
 * waits for a decision, an award on a short panel waiting for confirmation, sheets still missing
 * while an entry is being scored, a sheet that arrived after its entry closed, a judge far from the
 * panel on a total or on one criterion. Derived where it is shown (the console) rather than sent,
 * so a patch that changes one sheet never needs to carry the whole list. The outlier flags come
 * with each sheet's status (the server computes them as sheets arrive, docs/analysis.md).
 */
import type { HostAlert, HostView } from '../protocol/views';

export function hostAlerts(view: Pick<HostView, 'tracks'>): HostAlert[] {
  const alerts: HostAlert[] = [];
  for (const t of view.tracks) {
    for (const tie of t.results.boundaryTies.filter((b) => b.needsDecision)) {
      alerts.push({ kind: 'boundaryTie', track: t.key, entryIds: tie.entryIds, above: tie.above, below: tie.below });
    }
    for (const r of t.results.ranking.filter((x) => x.pending === 'panel')) {
      alerts.push({ kind: 'shortPanel', track: t.key, entryId: r.entryId, counted: r.counted, expected: r.expected, minAwardPanel: t.results.minAwardPanel });
    }
    for (const e of t.entries) {
      if (e.state === 'scoring') {
        const missing = e.sheets.filter((s) => s.status === 'none' || s.status === 'draft').map((s) => s.judgeId);
        if (missing.length > 0) alerts.push({ kind: 'missingSheets', track: t.key, entryId: e.id, judgeIds: missing });
      }
      if (e.state === 'withdrawn') continue;
      // A sheet that arrived after the entry closed waits for the host: count it or keep it out.
      for (const s of e.sheets) if (s.late?.status === 'pending') alerts.push({ kind: 'lateSheet', track: t.key, entryId: e.id, judgeId: s.judgeId, late: s.late });
      for (const s of e.sheets) {
        for (const f of s.flags) {
          alerts.push(
            f.key === null
              ? { kind: 'outlier', track: t.key, entryId: e.id, judgeId: s.judgeId, total: f.value, othersMedian: f.othersMedian }
              : { kind: 'criterionOutlier', track: t.key, entryId: e.id, judgeId: s.judgeId, key: f.key, value: f.value, othersMedian: f.othersMedian },
          );
        }
      }
    }
  }
  return alerts;
}
