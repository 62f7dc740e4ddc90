/**
 * The app's HTML as the server shapes it: each screen's chunks announced for preloading, a judge's
 * first view inline (only their own, never cached, never able to break out of its script element),
 * and compressed assets. Uses a small stand-in client build, so it tests the server, not Vite.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INITIAL_DATA_ID, type InitialJudgeData } from '../../server/protocol/views';
import { startTestServer, type TestServer } from '../support/server';

const clientDir = mkdtempSync(join(tmpdir(), 'podium-pages-'));
const contestDir = mkdtempSync(join(tmpdir(), 'podium-pages-contest-'));
let server: TestServer;

const HOSTILE_UNIT = '</script><script>window.pwned=1</script><!--';

beforeAll(async () => {
  mkdirSync(join(clientDir, '.vite'), { recursive: true });
  mkdirSync(join(clientDir, 'assets'), { recursive: true });
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="app"></div></body></html>');
  writeFileSync(join(clientDir, 'assets', 'common.js'), `export const filler = ${JSON.stringify('x'.repeat(20_000))};\n`);
  writeFileSync(
    join(clientDir, '.vite', 'manifest.json'),
    JSON.stringify({
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_common.js'], css: ['assets/index.css'] },
      '_common.js': { file: 'assets/common.js', css: ['assets/common.css'] },
      'pages/JudgePage.vue': { file: 'assets/JudgePage.js', imports: ['_common.js', '_judge.js'], css: ['assets/JudgePage.css'] },
      '_judge.js': { file: 'assets/judge-shared.js' },
      'pages/HostPage.vue': { file: 'assets/HostPage.js', imports: ['_common.js'] },
    }),
  );
  const demo = JSON.parse(readFileSync(new URL('../../scripts/demo-contest.json', import.meta.url), 'utf8')) as { entries: { unit: string }[] };
  demo.entries[0]!.unit = HOSTILE_UNIT;
  writeFileSync(join(contestDir, 'contest.json'), JSON.stringify(demo));
  server = await startTestServer({ clientDir, contestFile: join(contestDir, 'contest.json') });
});

afterAll(async () => {
  await server?.close();
  rmSync(clientDir, { recursive: true, force: true });
  rmSync(contestDir, { recursive: true, force: true });
});

function initialData(html: string): InitialJudgeData | null {
  const match = new RegExp(`<script id="${INITIAL_DATA_ID}" type="application/json">([\\s\\S]*?)</script>`).exec(html);
  return match ? (JSON.parse(match[1]!) as InitialJudgeData) : null;
}

describe('pages', () => {
  it('announces the judge pad\'s own chunks, and not those the entry already loads', async () => {
    const [judge] = await server.judges();
    const html = await (await fetch(`${server.url}/judge/${judge!.token}`)).text();
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/JudgePage.js">');
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/judge-shared.js">');
    expect(html).toContain('<link rel="stylesheet" href="/assets/JudgePage.css">');
    expect(html).not.toContain('href="/assets/common.js"');
    expect(html).not.toContain('href="/assets/common.css"');
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="app">');
    const hostHtml = await (await fetch(`${server.url}/host`)).text();
    expect(hostHtml).toContain('href="/assets/HostPage.js"');
    expect(hostHtml).not.toContain('JudgePage');
  });

  it('carries the judge\'s own view inline, never cached, and no other judge', async () => {
    const [first, second] = await server.judges();
    const res = await fetch(`${server.url}/judge/${first!.token}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const data = initialData(html);
    expect(data).toMatchObject({ ok: true, token: first!.token });
    if (!data?.ok) return;
    expect(data.view.judge.name).toBe(first!.name);
    expect(data.view.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
    expect(html).not.toContain(second!.name);
    expect(html).not.toContain(second!.token);
  });

  it('keeps hostile text inside its script element', async () => {
    const [judge] = await server.judges();
    const html = await (await fetch(`${server.url}/judge/${judge!.token}`)).text();
    expect(html).not.toContain(HOSTILE_UNIT);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the entry's and the data's own
    const data = initialData(html);
    expect(data?.ok && data.view.tracks[0]!.entries.some((e) => e.unit === HOSTILE_UNIT)).toBe(true);
  });

  it('says at once when a judge link is not valid', async () => {
    const html = await (await fetch(`${server.url}/judge/not-a-real-token-000`)).text();
    expect(initialData(html)).toEqual({ ok: false, token: 'not-a-real-token-000', code: 'unauthorized' });
    expect(initialData(await (await fetch(`${server.url}/screen`)).text())).toBeNull();
  });

  it('compresses what it sends and keeps hashed assets cacheable for good', async () => {
    const res = await fetch(`${server.url}/assets/common.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${server.url}/assets/nope.js`);
    expect(missing.status).toBe(404);
  });
});
