/** The Express app: the API under /api, the built client for everything else. */
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/faults';
import { toFailure } from './errors';
import { apiRouter, type ApiDeps } from './routes/api';
import type { JudgeView } from './protocol/views';
import { createPageRenderer } from './routes/pages';

/**
 * With PGlite's journal: a request that may change the database (anything but GET and HEAD) is
 * answered only once the journal holds what it wrote. Commands journal themselves; this catches
 * the writes made outside them (an import, a switch of the served contest, a restore): each
 * contest whose chain moved past the journal is written to it whole, and changed settings.
 */
function answerWhenJournaled(sync: () => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      res.send = send;
      sync().then(
        () => send(body),
        (error: unknown) => next(error),
      );
      return res;
    };
    next();
  };
}

export function createApp(
  deps: ApiDeps & { clientDir: string; logger: Logger; judgeView: (judgeId: number) => JudgeView | null; journalSync?: () => Promise<void> },
) {
  const app = express();
  app.disable('x-powered-by');
  // Safe defaults (CSP, no framing, no referrer: a judge's link carries their token). The hall
  // network is plain http, so no upgrade to https and no HSTS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } }, strictTransportSecurity: false }));
  // Phones on hall Wi-Fi: the pad's scripts shrink to a third gzipped.
  app.use(compression());
  if (deps.journalSync) app.use('/api', answerWhenJournaled(deps.journalSync));
  app.use('/api', apiRouter(deps));
  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, code: 'not_found', message: 'No such API.' });
  });

  // Built assets have content hashes in their names: cache them for good.
  app.use('/assets', express.static(`${deps.clientDir}/assets`, { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use(express.static(deps.clientDir, { index: false, maxAge: '1h' }));
  // Client-side routes (/host, /judge/<token>, /screen ...) all load the app, shaped per screen.
  app.get('/{*splat}', createPageRenderer(deps.clientDir, deps));

  // JSON errors only: the default handler would send stack traces and SQL text.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    if (status >= 400 && status < 500) {
      res.status(status).json({ ok: false, code: 'invalid_payload', message: (error as Error).message || 'Bad request.' });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      deps.logger.warn({ err: error }, 'request failed: database unavailable');
      res.status(503).json(toFailure(error));
      return;
    }
    deps.logger.error({ err: error }, 'request failed');
    res.status(500).json({ ok: false, code: 'internal', message: 'The server could not do this; nothing was changed. Try again.' });
  });
  return app;
}
