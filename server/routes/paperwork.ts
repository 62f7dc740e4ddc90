/**
 * REST for the paperwork before and after the day (host key): the results workbook, the data of
 * the printed score sheets, and people (entries, judges) from spreadsheets.
 */
import { Router, type RequestHandler } from 'express';
import { readAudit } from '../store/audit';
import { loadSnapshot } from '../store/snapshot';
import { auditFactsOf } from '../reports/auditFacts';
import { resultsWorkbook } from '../reports/workbook';
import { computeAllResults } from '../views/results';
import type { ApiDeps } from './api';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function paperworkRouter(deps: ApiDeps, host: RequestHandler): Router {
  const router = Router();

  router.get('/export/results.xlsx', host, async (_req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    const audit = auditFactsOf(await readAudit(deps.db, deps.contestId()));
    const body = await resultsWorkbook(state, computeAllResults(state), { timeZone: deps.timeZone, audit, now: Date.now() });
    res.attachment('results.xlsx').type(XLSX_TYPE).send(body);
  });

  return router;
}
