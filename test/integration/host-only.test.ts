/**
 * The analysis and the judges' identities are the host's alone. A whole day on the demo contest
 * (two tracks, a lenient judge and an outlying sheet planted, drafts, a reopen, the ceremony) with
 * the host asking for the analysis throughout, while public screens and every judge's pad record
 * everything the server sends them: events, patches, snapshots, and the judge pages' inline data.
 * No public payload names a judge or carries a per-judge or analysis field; no judge payload
 * carries an analysis field or another judge's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';
import { closeAllSockets, connect, live, ok, request, sync, type TestSocket } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { playPlantedTrack } from '../support/plantedDay';
import { startTestServer, type TestServer } from '../support/server';

/** Field names of the analysis and of per-judge data, as they appear in JSON. */
const ANALYSIS_FIELDS = ['"flags"', '"severity"', '"othersMedian"', '"deviation"', '"kendallW"', '"icc"', '"bootstrap"', '"leaveOneOut"', '"outliers"', '"agreement"', '"policies"', '"robustness"', '"analysis"', 'analysis:status'];
const PER_JUDGE_FIELDS = ['"judgeId"', '"judges"', '"token"', '"affiliation"'];

let server: TestServer;
let flow: Flow;
const publicSeen: string[] = [];
const judgeSeen = new Map<number, string[]>();
let screens: TestSocket[];

function record(socket: TestSocket, into: string[]): void {
  socket.onAny((event: string, ...args: unknown[]) => into.push(`${event} ${JSON.stringify(args)}`));
}

beforeAll(async () => {
  server = await startTestServer();
  flow = await openFlow(server);
  // A board showing everything, one pinned to a track, one ceremony screen.
  screens = [await connect(server.url, { role: 'public' }), await connect(server.url, { role: 'public' }), await connect(server.url, { role: 'public' })];
  for (const s of screens) record(s, publicSeen);
  await live(screens[0]!, 'public');
  await live(screens[1]!, 'public', { tracks: ['gov'] });
  await live(screens[2]!, 'public', { tracks: [] });
  for (const j of flow.judges) {
    const seen: string[] = [];
    judgeSeen.set(j.id, seen);
    record(j.socket, seen);
    await live(j.socket, 'judge');
  }
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

describe('host-only data during a whole day', () => {
  it('never reaches a public screen or a judge', async () => {
    const analysisStatuses: unknown[] = [];
    flow.host.on('analysis:status', (s) => analysisStatuses.push(s));
    const askAnalysis = async () => {
      for (const track of ['gov', 'open']) expect((await request(flow.host, 'analysis:get', { track })).ok).toBe(true);
    };
    await askAnalysis();

    // The planted day, with drafts on every entry of the government track before the sheets.
    const rubric = (await flow.track('gov')).rubric;
    await playPlantedTrack(flow, 'gov', 10, {
      onStage: async (entryId) => {
        for (const j of flow.judges.slice(0, 3)) await ok(j.socket, 'sheet:save', { entryId, ...sheetForTotal(rubric, 8000), comment: '草稿', rev: 1 });
        await askAnalysis();
      },
    });
    await playPlantedTrack(flow, 'open', 5);

    // A reopen and a correction, with the analysis asked again.
    const closed = (await flow.track('gov')).entries.find((e) => e.state === 'closed')!;
    await ok(flow.host, 'stage:reopen', { entryId: closed.id, reason: '核对' });
    await flow.close(closed.id);
    await askAnalysis();

    // The ceremony of the government track, every step.
    await ok(flow.host, 'display:set', { track: 'gov', boardVisible: true });
    await ok(flow.host, 'ceremony:show', { track: 'gov', step: 0 });
    const steps = (await sync<HostView>(flow.host)).ceremony!.steps;
    for (let step = 1; step < steps; step++) await ok(flow.host, 'ceremony:show', { track: 'gov', step });
    await flow.settled();
    // The host did hear about the analysis: the test would be empty otherwise.
    expect(analysisStatuses.length).toBeGreaterThan(3);

    // Snapshots as every screen and pad would take them now, and the judge pages' inline data.
    for (const s of screens) publicSeen.push(`snapshot ${JSON.stringify(await sync<PublicView>(s))}`);
    publicSeen.push(`snapshot ${JSON.stringify(await sync<PublicView>(screens[0]!, { tracks: ['open'] }))}`);
    for (const path of ['/', '/screen', '/ceremony', '/live', '/api/health']) {
      const res = await fetch(`${server.url}${path}`);
      publicSeen.push(`${path} ${await res.text()}`);
    }
    const tokens = await server.judges();
    for (const j of flow.judges) {
      judgeSeen.get(j.id)!.push(`snapshot ${JSON.stringify(await sync<JudgeView>(j.socket))}`);
      const page = await fetch(`${server.url}/judge/${tokens.find((x) => x.id === j.id)!.token}`);
      judgeSeen.get(j.id)!.push(`page ${await page.text()}`);
    }

    expect(publicSeen.filter((p) => p.startsWith('public:patch')).length).toBeGreaterThan(50);
    const names = flow.judges.map((j) => j.name);
    for (const payload of publicSeen) {
      for (const word of [...names, ...ANALYSIS_FIELDS, ...PER_JUDGE_FIELDS]) {
        if (payload.includes(word)) throw new Error(`a public payload carries ${word}: ${payload.slice(0, 300)}`);
      }
    }
    for (const j of flow.judges) {
      const seen = judgeSeen.get(j.id)!;
      expect(seen.filter((p) => p.startsWith('judge:patch')).length).toBeGreaterThan(20);
      const others = names.filter((n) => n !== j.name);
      for (const payload of seen) {
        for (const word of [...others, ...ANALYSIS_FIELDS]) {
          // The page's script bundle names are not payloads: look at its inline data only.
          const data = payload.startsWith('page ') ? (/<script id="podium-initial"[^>]*>(.*?)<\/script>/s.exec(payload)?.[1] ?? '') : payload;
          if (data.includes(word)) throw new Error(`judge ${j.key} received ${word}: ${data.slice(0, 300)}`);
        }
      }
    }
  });
});
