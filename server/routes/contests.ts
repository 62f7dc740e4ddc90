/**
 * REST for the contests of the installation (host key): the list /setup shows, switching the
 * served contest (confirmed, recorded, every process and screen follows) and the archive. Exports
 * name a contest with `?contest=<id>` (the served one by default), so an archived contest's files
 * can still be downloaded: they are read from the database, never from the served model.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { contests } from '../../db/schema/index';
import { archiveContest, ContestChangeRefused, listContests, switchServedContest } from '../store/contests';
import type { ApiDeps } from './api';

const contestParam = z.object({ id: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a contest id').transform(Number) });
const exportQuery = z.object({ contest: z.string().regex(/^[1-9]\d{0,8}$/, 'contest must be a contest id').transform(Number).optional() });
const serveBody = z.strictObject({ confirm: z.boolean().optional() });
const archiveBody = z.strictObject({ archived: z.boolean({ error: 'archived must be true or false' }) });

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

  return router;
}
