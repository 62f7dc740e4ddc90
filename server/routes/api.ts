/**
 * REST: health, setup (contest import, judge links) and exports. Everything but health needs the
 * host key. Bodies are validated before anything is written.
 */
import express, { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Db } from '../../db/open';
import { parseContestFile } from '../protocol/contestFile';
import type { AuditExport, SetupLinks } from '../protocol/rest';
import { readAudit, verifyChain } from '../store/audit';
import { importContest } from '../store/importContest';
import { compareResults, replayResults } from '../store/replay';
import { loadSnapshot } from '../store/snapshot';
import { contestFileOf, manualDecisionsOf, resultsCsvOf, sheetsCsvOf } from '../views/exports';
import { computeAllResults } from '../views/results';
import type { Limits } from '../limits';
import { requireHost } from './hostAuth';

export interface ApiDeps {
  db: Db;
  contestId: () => number;
  checkHostKey: (key: string) => Promise<boolean>;
  /** Base URL the judges' phones reach (for links and QR codes), if configured. */
  publicUrl: () => string | null;
  /** Resolves once the new contest is safe (journaled) and served; the import answers after it. */
  onContestImported: (contestId: number) => Promise<void>;
  limits: Limits;
  databaseKind: 'pglite' | 'postgres';
  startedAt: number;
}

function baseUrl(deps: ApiDeps, req: Request): string {
  return deps.publicUrl() ?? `${req.protocol}://${req.get('host')}`;
}

const importQuery = z.object({ confirm: z.enum(['replace']).optional() });

export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  const host = requireHost(deps.checkHostKey, deps.limits);

  router.get('/health', (_req, res) => {
    // Anyone may ask: which kind of database, never where it is.
    res.json({ ok: true, contestId: deps.contestId(), database: deps.databaseKind, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000) });
  });

  router.get('/setup/judges', host, async (req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    const base = baseUrl(deps, req);
    const judges = await Promise.all(
      state.judges.map(async (j) => {
        const link = `${base}/judge/${j.token}`;
        return { id: j.id, key: j.key, name: j.name, affiliation: j.affiliation, link, qrSvg: await QRCode.toString(link, { type: 'svg', margin: 1 }) };
      }),
    );
    const data: SetupLinks = { judges, links: { host: `${base}/host`, screen: `${base}/screen`, ceremony: `${base}/ceremony` } };
    res.json({ ok: true, data });
  });

  // The body is parsed only after the key is checked: strangers cannot make the server parse megabytes.
  router.post('/setup/contest', host, express.json({ limit: '2mb' }), async (req, res) => {
    const query = importQuery.safeParse(req.query);
    const parsed = parseContestFile(req.body);
    if (!parsed.ok) {
      res.status(422).json({ ok: false, code: 'contest_invalid', message: `The contest file has ${parsed.problems.length} problem(s).`, details: parsed.problems });
      return;
    }
    const state = await loadSnapshot(deps.db, deps.contestId());
    const hasScores = state.sheets.some((s) => s.submittedAt !== null);
    if (hasScores && !(query.success && query.data.confirm === 'replace')) {
      res.status(409).json({
        ok: false, code: 'confirmation_required',
        message: 'The current contest already has submitted sheets. Export them first; import again with confirm=replace to switch to the new contest (the old one stays in the database).',
      });
      return;
    }
    const contestId = await importContest(deps.db, parsed.contest);
    await deps.onContestImported(contestId);
    res.json({ ok: true, data: { contestId } });
  });

  router.get('/export/contest.json', host, async (_req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    res.attachment('contest.json').json(contestFileOf(state));
  });

  router.get('/export/manual.json', host, async (_req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    res.attachment('manual.json').json(manualDecisionsOf(state));
  });

  router.get('/export/sheets.csv', host, async (_req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    res.attachment('sheets.csv').type('text/csv; charset=utf-8').send(`\uFEFF${sheetsCsvOf(state)}`);
  });

  router.get('/export/results.csv', host, async (_req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    res.attachment('results.csv').type('text/csv; charset=utf-8').send(`\uFEFF${resultsCsvOf(state, computeAllResults(state))}`);
  });

  router.get('/export/audit.json', host, async (_req, res) => {
    const state = await loadSnapshot(deps.db, deps.contestId());
    const rows = await readAudit(deps.db, deps.contestId());
    // Two checks: the chain (the record was not edited) and the replay (the tables still say
    // what the record says: the results recomputed from the records alone are the live ones).
    const live = computeAllResults(state);
    const replayed = replayResults(rows);
    const replay = replayed.ok
      ? { ok: true as const, differences: compareResults(new Map(state.tracks.map((t) => [t.key, live.get(t.id)!])), replayed.results) }
      : { ok: false as const, differences: [replayed.reason] };
    const body: AuditExport = { chain: verifyChain(rows), replay: { ok: replay.ok && replay.differences.length === 0, differences: replay.differences }, records: rows };
    res.attachment('audit.json').json(body);
  });

  return router;
}
