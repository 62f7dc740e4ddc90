/**
 * The app's HTML, shaped per screen so a phone on slow Wi-Fi waits for as few round trips as
 * possible: the screen's own chunks are announced in the page (modulepreload, from Vite's build
 * manifest) so they load beside the entry script instead of after it, and a judge's page carries
 * the judge's first view inline, so the pad is usable before its socket has connected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import type { Db } from '../../db/open';
import { INITIAL_DATA_ID, type InitialJudgeData, type JudgeView } from '../protocol/views';
import type { Limits } from '../limits';
import { findJudgeByToken } from '../store/judges';

/** The page component each client route loads (keys of Vite's manifest, relative to client/). */
const ROUTE_PAGES: { test: RegExp; page: string }[] = [
  { test: /^\/judge\/[^/]+\/?$/, page: 'pages/JudgePage.vue' },
  { test: /^\/host\/?$/, page: 'pages/HostPage.vue' },
  { test: /^\/setup\/?$/, page: 'pages/SetupPage.vue' },
  { test: /^\/print\/?$/, page: 'pages/PrintPage.vue' },
  { test: /^\/print\/analysis\/?$/, page: 'pages/AnalysisReportPage.vue' },
  { test: /^\/screen\/?$/, page: 'pages/ScreenPage.vue' },
  { test: /^\/ceremony\/?$/, page: 'pages/CeremonyPage.vue' },
  { test: /^\/live\/?$/, page: 'pages/LivePage.vue' },
  { test: /^\/$/, page: 'pages/HomePage.vue' },
];

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** JSON safe inside a <script> element: no `<` can close it or open a comment. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** What the pages read: the judges' links from the database, their views from the live model. */
export interface PageSources {
  db: Db;
  contestId: () => number;
  judgeView: (judgeId: number) => JudgeView | null;
  /** A link in the address is a credential like the one at the handshake: wrong ones count. */
  limits: Limits;
}

export function createPageRenderer(clientDir: string, sources: PageSources) {
  const indexPath = join(clientDir, 'index.html');
  const manifestPath = join(clientDir, '.vite', 'manifest.json');
  // Read on every page load (two small files): a client rebuilt while the server runs is picked up.
  function load(): { template: string; manifest: Manifest | null } | null {
    if (!existsSync(indexPath)) return null;
    return {
      template: readFileSync(indexPath, 'utf8'),
      manifest: existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : null,
    };
  }

  /** The page chunk and everything it imports, except what the entry already loads. */
  function preloadTags(manifest: Manifest, page: string): string {
    // Files reachable by static imports from `key`, with their styles.
    const closure = (key: string, files = new Set<string>(), styles = new Set<string>()) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return { files, styles };
      files.add(chunk.file);
      for (const css of chunk.css ?? []) styles.add(css);
      for (const dep of chunk.imports ?? []) closure(dep, files, styles);
      return { files, styles };
    };
    const entryKey = Object.keys(manifest).find((k) => (manifest[k] as { isEntry?: boolean }).isEntry);
    // The entry's own tree is already in index.html.
    const loaded = entryKey ? closure(entryKey) : { files: new Set<string>(), styles: new Set<string>() };
    const wanted = closure(page);
    const scripts = [...wanted.files].filter((f) => !loaded.files.has(f));
    const styles = [...wanted.styles].filter((f) => !loaded.styles.has(f));
    return [
      ...styles.map((f) => `<link rel="stylesheet" href="/${f}">`),
      ...scripts.map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
    ].join('');
  }

  /** The judge's first view for the page, or null (the pad then learns it from its handshake). */
  async function judgeData(token: string, address: string): Promise<InitialJudgeData | null> {
    if ((await sources.limits.credentialsBlocked(address)) > 0) return null;
    const judge = await findJudgeByToken(sources.db, sources.contestId(), token);
    if (!judge) {
      await sources.limits.credentialsFailed(address, 'judge link');
      return { ok: false, token, code: 'unauthorized' };
    }
    const view = sources.judgeView(judge.id);
    return view ? { ok: true, token, view } : { ok: false, token, code: 'unauthorized' };
  }

  return async function renderPage(req: Request, res: Response): Promise<void> {
    const loaded = load();
    if (!loaded) {
      res.status(503).type('text/plain').send('The client is not built yet: run `npm run build` (npm start does it for you).');
      return;
    }
    const route = ROUTE_PAGES.find((r) => r.test.test(req.path));
    let head = route && loaded.manifest ? preloadTags(loaded.manifest, route.page) : '';
    let cacheControl = 'no-cache';
    const judgeMatch = /^\/judge\/([A-Za-z0-9_-]{1,200})\/?$/.exec(req.path);
    if (judgeMatch) {
      const data = await judgeData(judgeMatch[1]!, sources.limits.addressOf(req));
      if (data) head += `<script id="${INITIAL_DATA_ID}" type="application/json">${scriptSafeJson(data)}</script>`;
      // A judge's own scores are in this page: never keep it in a shared cache.
      cacheControl = 'no-store';
    }
    res.set('Cache-Control', cacheControl).type('html').send(loaded.template.replace('</head>', `${head}</head>`));
  };
}
