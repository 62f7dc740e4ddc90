/**
 * REST: health, setup (contest import, judge links) and exports. Everything but health needs the
 * host key. Bodies are validated before anything is written.
 */
import express, { Router, type Request } from 'express';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Db } from '../../db/open';
import type { AnalysisService } from '../analysis/service';
import type { CommandContext } from '../commands/run';
import { parseContestText } from '../files/contestJson';
import type { AuditExport, SetupLinks } from '../protocol/rest';
import { readAudit } from '../store/audit';
import { auditChecks } from '../store/replay';
import { importContest } from '../store/importContest';
import type { ContestModel } from '../store/model';
import { loadSnapshot } from '../store/snapshot';
import { analysisReportOf } from '../views/analysisExport';
import { contestFileOf, manualDecisionsOf, resultsCsvOf, sheetsCsvOf } from '../views/exports';
import { computeAllResults } from '../views/results';
import type { Limits } from '../limits';
import type { Metrics } from '../metrics';
import { requireHost } from './hostAuth';
import { contestsRouter, exportedContest } from './contests';
import { paperworkRouter } from './paperwork';

export interface ApiDeps {
  db: Db;
  contestId: () => number;
  checkHostKey: (key: string) => Promise<boolean>;
  /** This process's track analyses (computed off the event loop). */
  analysis: AnalysisService;
  /** The live model (the analysis export labels its ids with it). */
  model: () => ContestModel;
  /** Base URL the judges' phones reach (for links and QR codes), if configured. */
  publicUrl: () => string | null;
  /** A contest was imported, restored or switched to: every process and screen serves it now. */
  onContestServed: (contestId: number, reload?: boolean) => Promise<void>;
  /** Runs setup commands (the people import) through the command pipeline. */
  commands: CommandContext;
  /** Counts wrong host keys per address (server/limits.ts). */
  limits: Limits;
  databaseKind: 'pglite' | 'postgres';
  startedAt: number;
  /** IANA time zone of the contest, for the times in the files (server/reports/time.ts). */
  timeZone: string;
  logger: Logger;
  /** The process's memory, event-loop delay and connections (server/metrics.ts). */
  metrics: (options: { gc?: boolean; reset?: boolean }) => Metrics;
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

  // The QR code the big screen shows (/screen?qr=1) for phones in the hall: the /live page. Public,
  // and the same for everyone, so it is drawn once per address.
  const liveQr = new Map<string, Promise<string>>();
  router.get('/live-qr.svg', (req, res, next) => {
    const link = `${baseUrl(deps, req)}/live`;
    if (!liveQr.has(link)) liveQr.set(link, QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    liveQr.get(link)!.then((svg) => res.type('image/svg+xml').set('Cache-Control', 'public, max-age=300').send(svg), next);
  });

  // `?gc=1` collects garbage first (when the process allows it), `?reset=1` restarts the
  // event-loop delay measurement after reading it.
  router.get('/metrics', host, (req, res) => {
    res.json({ ok: true, data: deps.metrics({ gc: req.query.gc === '1', reset: req.query.reset === '1' }) });
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
  // Read as text, whatever its content type, so that broken JSON is reported by line and column.
  router.post('/setup/contest', host, express.text({ type: () => true, limit: '2mb' }), async (req, res) => {
    const query = importQuery.safeParse(req.query);
    const parsed = parseContestText(typeof req.body === 'string' ? req.body : '');
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
    await deps.onContestServed(contestId);
    res.json({ ok: true, data: { contestId } });
  });

  // Any contest of the installation (`?contest=<id>`, archived ones too); the served one by default.
  router.get('/export/contest.json', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    res.attachment('contest.json').json(contestFileOf(state));
  });

  router.get('/export/manual.json', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    res.attachment('manual.json').json(manualDecisionsOf(state));
  });

  router.get('/export/sheets.csv', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    res.attachment('sheets.csv').type('text/csv; charset=utf-8').send(`\uFEFF${sheetsCsvOf(state)}`);
  });

  router.get('/export/results.csv', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    res.attachment('results.csv').type('text/csv; charset=utf-8').send(resultsCsvOf(state, computeAllResults(state)));
  });

  // Every track's full analysis (with the bootstrap), labelled as the analysis CLI labels it. The
  // work happens in the worker thread; an analysis the console already had is not computed again.
  router.get('/export/analysis.json', host, async (_req, res) => {
    const model = deps.model();
    const analyses = new Map(await Promise.all(model.tracks.map(async (t) => [t.id, await deps.analysis.full(t.id)] as const)));
    res.attachment('analysis.json').json(analysisReportOf(deps.model(), analyses));
  });

  router.get('/export/audit.json', host, async (req, res) => {
    const contestId = await exportedContest(deps, req, res);
    if (contestId === null) return;
    const state = await loadSnapshot(deps.db, contestId);
    const rows = await readAudit(deps.db, contestId);
    const body: AuditExport = { ...auditChecks(state, rows), records: rows };
    res.attachment('audit.json').json(body);
  });

  router.use(contestsRouter(deps, host));
  router.use(paperworkRouter(deps, host));
  return router;
}
