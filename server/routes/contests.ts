/**
 * REST for the contests of the installation (host key): the list /setup shows, switching the
 * served contest (confirmed, recorded, every process and screen follows), the archive, and a
 * contest's backup and its restore (server/store/backup.ts). Exports
 * name a contest with `?contest=<id>` (the served one by default), so an archived contest's files
 * can still be downloaded: they are read from the database, never from the served model.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { contests } from '../../db/schema/index';
import { readAudit } from '../store/audit';
import { checkBackup, makeBackup, restoreBackup, RestoreRefused } from '../store/backup';
import { archiveContest, ContestChangeRefused, listContests, switchServedContest } from '../store/contests';
import { auditChecks } from '../store/replay';
import { loadSnapshot } from '../store/snapshot';
import type { ApiDeps } from './api';

const contestParam = z.object({ id: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a contest id').transform(Number) });
const exportQuery = z.object({ contest: z.string().regex(/^[1-9]\d{0,8}$/, 'contest must be a contest id').transform(Number).optional() });
const serveBody = z.strictObject({ confirm: z.boolean().optional() });
const archiveBody = z.strictObject({ archived: z.boolean({ error: 'archived must be true or false' }) });
const restoreQuery = z.object({ confirm: z.enum(['replace']).optional() });

/** Largest backup accepted, in MB (a day of 2,000 entries and 7 judges is about 20 MB). */
export const RESTORE_UPLOAD_MB = 200;

function invalid(res: Response, message: string, field?: string): void {
  res.status(400).json({ ok: false, code: 'invalid_payload', message, ...(field ? { field } : {}) });
}

/**
 * The contest an export is about: `?contest=<id>` when given (any contest, archived ones too),
 * else the served one. Answers 400 or 404 itself and resolves null then.
 */
export async function exportedContest(deps: Pick<ApiDeps, 'db' | 'contestId'>, req: Request, res: Response): Promise<number | null> {
  const query = exportQuery.safeParse(req.query);
  if (!query.success) {
    invalid(res, query.error.issues[0]!.message, 'contest');
    return null;
  }
  const id = query.data.contest;
  if (id === undefined) return deps.contestId();
  const [row] = await deps.db.select({ id: contests.id }).from(contests).where(eq(contests.id, id));
  if (row) return row.id;
  res.status(404).json({ ok: false, code: 'not_found', message: `There is no contest ${id}.`, field: 'contest' });
  return null;
}

function refused(res: Response, error: unknown): void {
  if (!(error instanceof ContestChangeRefused)) throw error;
  res.status(error.code === 'not_found' ? 404 : 409).json({ ok: false, code: error.code, message: error.message });
}

export function contestsRouter(deps: ApiDeps, host: RequestHandler): Router {
  const router = Router();
  const json = express.json({ limit: '4kb' });

  router.get('/setup/contests', host, async (_req, res) => {
    res.json({ ok: true, data: await listContests(deps.db) });
  });

  // Every screen follows: the served contest's model is loaded, every socket reconnects to it.
  router.post('/setup/contests/:id/serve', host, json, async (req, res) => {
    const param = contestParam.safeParse(req.params);
    const body = serveBody.safeParse(req.body ?? {});
    if (!param.success) return invalid(res, param.error.issues[0]!.message, 'id');
    if (!body.success) return invalid(res, body.error.issues[0]!.message);
    if (param.data.id !== deps.contestId() && body.data.confirm !== true) {
      res.status(409).json({
        ok: false, code: 'confirmation_required',
        message: 'Every screen, judge pad and the console will switch to that contest. Send again with { "confirm": true }.',
      });
      return;
    }
    try {
      const { previous } = await switchServedContest(deps.db, param.data.id, Date.now());
      if (previous !== param.data.id) await deps.onContestServed(param.data.id);
      res.json({ ok: true, data: { contestId: param.data.id } });
    } catch (error) {
      refused(res, error);
    }
  });

  router.post('/setup/contests/:id/archive', host, json, async (req, res) => {
    const param = contestParam.safeParse(req.params);
    const body = archiveBody.safeParse(req.body ?? {});
    if (!param.success) return invalid(res, param.error.issues[0]!.message, 'id');
    if (!body.success) return invalid(res, body.error.issues[0]!.message, 'archived');
    try {
      await archiveContest(deps.db, param.data.id, body.data.archived, Date.now());
      res.json({ ok: true, data: null });
    } catch (error) {
      refused(res, error);
    }
  });

  // A whole contest in one file: rows, links, sheets, sign-offs and the audit chain. It holds the
  // judges' links: keep it like the host key.
  router.get('/export/backup.json', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const backup = await makeBackup(deps.db, contestId);
    const day = backup.createdAt.slice(0, 10);
    res.set('cache-control', 'no-store').attachment(`podium-backup-${contestId}-${day}.json`).json(backup);
  });

  // Into an instance without contests; with `?confirm=replace` into one with contests, which the
  // backup replaces. Checked whole first (shape, version, the audit chain); all or nothing.
  router.post('/setup/restore', host, express.text({ type: () => true, limit: `${RESTORE_UPLOAD_MB}mb` }), async (req, res) => {
    const query = restoreQuery.safeParse(req.query);
    if (!query.success) return invalid(res, 'confirm must be "replace"', 'confirm');
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof req.body === 'string' ? req.body.replace(/^\uFEFF/, '') : '');
    } catch {
      res.status(422).json({ ok: false, code: 'backup_invalid', message: 'The file is not JSON: choose a backup file Podium made (podium-backup-….json).' });
      return;
    }
    try {
      const backup = checkBackup(parsed);
      const { contestId, replaced } = await restoreBackup(deps.db, backup, { replace: query.data.confirm === 'replace' });
      deps.logger.info({ contestId, replaced, records: backup.chain.records }, 'backup restored');
      await deps.onContestServed(contestId, true);
      const checks = auditChecks(await loadSnapshot(deps.db, contestId), await readAudit(deps.db, contestId));
      res.json({ ok: true, data: { contestId, name: backup.contest.name, replaced, ...checks } });
    } catch (error) {
      if (!(error instanceof RestoreRefused)) throw error;
      res.status(error.code === 'confirmation_required' ? 409 : 422).json({ ok: false, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
  });

  return router;
}
