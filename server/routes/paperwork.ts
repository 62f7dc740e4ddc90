/**
 * REST for the paperwork before and after the day (host key): people (entries, judges) from
 * spreadsheets with their templates, the results workbook, and the data of the printed sheets.
 */
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { runCommand } from '../commands/run';
import { readPeople, SHEET_NAMES, type PeopleContext } from '../files/people';
import { readSpreadsheet } from '../files/spreadsheet';
import { PEOPLE_KINDS, type PeopleKind, type PeoplePreview } from '../protocol/people';
import { peopleProblem } from '../protocol/problems';
import type { PrintData } from '../protocol/print';
import type { SignatureView } from '../protocol/rest';
import { auditFactsOf } from '../reports/auditFacts';
import { printDataOf } from '../reports/printData';
import { peopleTemplate, TEMPLATE_FILE_NAMES } from '../reports/peopleTemplate';
import { resultsWorkbook } from '../reports/workbook';
import { readAudit } from '../store/audit';
import { readSignatures } from '../store/signatures';
import { analysisReportOf } from '../views/analysisExport';
import { applyPeopleImport, PeopleImportConflict } from '../store/importPeople';
import { loadSnapshot } from '../store/snapshot';
import type { ContestState } from '../store/state';
import { computeAllResults } from '../views/results';
import type { ApiDeps } from './api';
import { exportedContest } from './contests';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Largest people sheet accepted, in MB (a 2,000-row workbook is about 60 KB). */
export const PEOPLE_UPLOAD_MB = 5;

const kindQuery = z.object({ kind: z.enum(PEOPLE_KINDS, { error: 'kind must be entries or judges' }) });

function peopleContext(state: ContestState): PeopleContext {
  const trackKey = new Map(state.tracks.map((t) => [t.id, t.key]));
  return {
    tracks: state.tracks.map((t) => ({ key: t.key, name: t.name })),
    entries: state.entries.map((e) => ({ code: e.code, track: trackKey.get(e.trackId)!, unit: e.unit, model: e.model })),
    judges: state.judges.map((j) => ({ key: j.key, name: j.name })),
  };
}

/** `?kind=entries|judges`, or a 400 answer. */
function kindOf(req: Request, res: Response): PeopleKind | null {
  const query = kindQuery.safeParse(req.query);
  if (query.success) return query.data.kind;
  res.status(400).json({ ok: false, code: 'invalid_payload', message: query.error.issues[0]!.message, field: 'kind' });
  return null;
}

export function paperworkRouter(deps: ApiDeps, host: RequestHandler): Router {
  const router = Router();
  // The file as it was sent (any content type): the key is checked before the body is read.
  const rawFile = express.raw({ type: () => true, limit: `${PEOPLE_UPLOAD_MB}mb` });

  async function preview(kind: PeopleKind, body: unknown): Promise<PeoplePreview> {
    const state = await loadSnapshot(deps.db, deps.contestId());
    const file = await readSpreadsheet(Buffer.isBuffer(body) ? body : Buffer.alloc(0), SHEET_NAMES[kind]);
    if (!file.ok) return { kind, rows: [], problems: file.problems, ignoredColumns: [], sheet: null } as PeoplePreview;
    return readPeople(kind, file.data, peopleContext(state));
  }

  router.get('/setup/people/template.xlsx', host, async (req, res) => {
    const kind = kindOf(req, res);
    if (!kind) return;
    const state = await loadSnapshot(deps.db, deps.contestId());
    const body = await peopleTemplate(kind, state.contest.name.zh, state.tracks.map((t) => ({ key: t.key, name: t.name })));
    res.attachment(TEMPLATE_FILE_NAMES[kind]).type(XLSX_TYPE).send(body);
  });

  // Reads the file and answers what would be imported and every problem; writes nothing.
  router.post('/setup/people/preview', host, rawFile, async (req, res) => {
    const kind = kindOf(req, res);
    if (kind) res.json({ ok: true, data: await preview(kind, req.body) });
  });

  // The same file again, checked again against the contest as it is now; all rows or none. A
  // configuration command: new entries and judges are too wide for effects, so every process
  // reloads the contest and every screen takes a fresh snapshot.
  router.post('/setup/people/import', host, rawFile, async (req, res) => {
    const kind = kindOf(req, res);
    if (!kind) return;
    const read = await preview(kind, req.body);
    if (read.problems.length > 0) {
      res.status(422).json({ ok: false, code: 'people_invalid', message: `The list has ${read.problems.length} problem(s); nothing was imported.`, details: read.problems });
      return;
    }
    try {
      const outcome = await runCommand(
        deps.commands,
        { role: 'host' },
        'people:import',
        { kind, rows: read.rows.length },
        async ({ tx, model }) => {
          const added = await applyPeopleImport(tx, model.contestId, read);
          return { data: added, effects: [{ kind: 'reload' }], audit: added };
        },
        { configuration: true },
      );
      res.json({ ok: true, data: outcome.data });
    } catch (error) {
      if (!(error instanceof PeopleImportConflict)) throw error;
      res.status(409).json({ ok: false, code: 'invalid_state', message: `${error.message}; the contest changed since the preview: preview again.` });
    }
  });

  // A sheet over the size limit: said as a problem of the file, like every other.
  router.use('/setup/people', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((error as { type?: string }).type !== 'entity.too.large') return next(error);
    const problems = [peopleProblem(null, null, 'too_large', { max: PEOPLE_UPLOAD_MB })];
    res.status(413).json({ ok: false, code: 'people_invalid', message: problems[0]!.message, details: problems });
  });

  router.get('/export/results.xlsx', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    const audit = auditFactsOf(await readAudit(deps.db, contestId));
    // With each track's analysis (computed in the analysis worker, or already there for the
    // console), which the worker has for the served contest only: another contest's workbook
    // (an archived one, ?contest=) has no 评委分析 sheets.
    const model = deps.model();
    const analyses = contestId === model.contestId
      ? analysisReportOf(model, new Map(await Promise.all(model.tracks.map(async (t) => [t.id, await deps.analysis.full(t.id)] as const)))).tracks
      : [];
    const body = await resultsWorkbook(state, computeAllResults(state), { timeZone: deps.timeZone, audit, now: Date.now(), analyses });
    res.attachment('results.xlsx').type(XLSX_TYPE).send(body);
  });

  router.get('/export/print.json', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    const signatures = await readSignatures(deps.db, contestId);
    const data: PrintData = printDataOf(state, computeAllResults(state), { timeZone: deps.timeZone, now: Date.now(), signatures });
    res.json({ ok: true, data });
  });

  // The signatures drawn at sign-off, for the console (images stay out of the live views).
  router.get('/setup/signatures', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    const trackKey = new Map(state.tracks.map((t) => [t.id, t.key]));
    const data: SignatureView[] = (await readSignatures(deps.db, contestId)).map((s) => ({
      judgeId: s.judgeId, track: trackKey.get(s.trackId)!, image: s.image, signedAt: s.signedAt.toISOString(),
    }));
    res.json({ ok: true, data });
  });

  return router;
}
