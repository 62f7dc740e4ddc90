/**
 * The reveal policy holds in the payloads, not only on screen. Under `hidden` and `rank-only`, no
 * public payload (a `view:sync` answer, a `public:patch`, or the view a screen builds from them) carries a score while entries
 * are scored and closed; no public payload ever carries a judge token or a judge name; and the
 * ceremony payloads carry only the tiers the host has revealed, never a winner of a tier not yet
 * reached (not even after a reopen changes the results under a running ceremony).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCeremony, revealedAt, stepKey } from '../../server/domain/ceremony';
import { formatPoints } from '../../server/domain/format';
import type { HostTrack, PublicView } from '../../server/protocol/views';
import { closeAllSockets, connect, live, ok, send, sync, type TestSocket } from '../support/clients';
import { openFlow, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/contests/${name}`, import.meta.url));

/** Judge totals (hundredths) of the five entries, in running order; G01/O01 panels may be smaller. */
const TOTALS = [
  [8850, 8700, 8600, 8950, 8800],
  [9100, 9250, 9050, 9300, 8900],
  [8000, 8150, 7900, 8300, 7750],
  [8450, 8400, 8550, 8600, 8250],
  [7650, 7800, 7700, 7550, 7950],
];

/** Field names that would carry a score; in a public payload they must be absent or null. */
const SCORE_FIELDS = new Set(['score', 'scores', 'final', 'total', 'totals', 'untrimmedMean', 'criterionMeans', 'bonus']);

/** Paths (a.b.0.c) of score-named fields with a non-null value (`counts.total` counts entries). */
function scoreFields(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => scoreFields(v, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(SCORE_FIELDS.has(k) && v !== null && !(k === 'total' && path.endsWith('.counts')) ? [`${path}.${k}`] : []),
    ...scoreFields(v, `${path}.${k}`),
  ]);
}

/** Values (hundredths) found in the JSON as a number or as published points ("91.33"). */
function valuesIn(json: string, values: Iterable<number>): number[] {
  const found: number[] = [];
  for (const v of new Set(values)) {
    const asNumber = new RegExp(`(?<![\\d.])${v}(?![\\d])`);
    const asPoints = new RegExp(`(?<![\\d.])${formatPoints(v).replace('.', '\\.')}(?![\\d])`);
    if (asNumber.test(json) || asPoints.test(json)) found.push(v);
  }
  return found;
}

interface Recorder {
  /**
   * Every public payload, in the order received: each patch as sent (`patch`), the view a screen
   * holds after applying it (`view after patch`), and view:sync answers.
   */
  payloads: { source: string; view: unknown }[];
  /** Takes a view:sync answer, after every broadcast so far has been received. */
  snapshot(label: string): Promise<PublicView>;
}

async function recorder(server: TestServer, flow: Flow): Promise<Recorder> {
  const listener = await connect(server.url, { role: 'public' });
  const asker: TestSocket = await connect(server.url, { role: 'public' });
  const payloads: Recorder['payloads'] = [];
  const screen = await live(listener, 'public');
  // Registered after the live view's own listener, so the view here already includes the patch.
  listener.on('public:patch', (patch) => {
    payloads.push({ source: `patch seq ${patch.seq}`, view: patch });
    payloads.push({ source: `view after patch ${patch.seq} (${patch.topic})`, view: screen.current() });
  });
  return {
    payloads,
    async snapshot(label) {
      await flow.settled();
      // One socket's messages arrive in order: this answer comes after the broadcasts sent before it.
      await sync<PublicView>(listener);
      const view = await sync<PublicView>(asker);
      payloads.push({ source: `view:sync ${label}`, view });
      return view;
    },
  };
}

const cases = [
  { policy: 'hidden', file: 'reveal-hidden.json', track: 'gov', showsScores: true },
  { policy: 'rank-only', file: 'reveal-rank-only.json', track: 'open', showsScores: false },
] as const;

describe.each(cases)('public payloads under the $policy policy', ({ policy, file, track, showsScores }) => {
  let server: TestServer;
  let flow: Flow;
  let rec: Recorder;
  let scoredEnd = 0;

  beforeAll(async () => {
    server = await startTestServer({ contestFile: fixture(file) });
    flow = await openFlow(server);
    rec = await recorder(server, flow);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.close();
  });

  const secrets = async () => {
    const judges = await server.judges();
    return { tokens: judges.map((j) => j.token), names: judges.map((j) => j.name) };
  };

  const hostTrack = () => flow.track(track);
  /** Every final score and every judge total of the track. */
  const scoreValues = (t: HostTrack) => [
    ...t.results.ranking.map((r) => r.final),
    ...t.entries.flatMap((e) => e.sheets.flatMap((s) => (s.total === null ? [] : [s.total]))),
  ];

  it('carries no score while entries are scored and closed', async () => {
    expect((await rec.snapshot('start')).tracks[0]!.reveal).toBe(policy);
    for (const [i, totals] of TOTALS.entries()) {
      const entryId = await flow.callNext(track);
      await rec.snapshot(`entry ${i + 1} called`);
      await flow.advance(track, 'start');
      await rec.snapshot(`entry ${i + 1} presenting`);
      const eligible = (await hostTrack()).entries.find((e) => e.id === entryId)!.sheets.filter((s) => s.status !== 'recused').length;
      await flow.submit(entryId, totals.slice(0, 2));
      const partial = await rec.snapshot(`entry ${i + 1} two sheets in`);
      expect(partial.tracks[0]!.stage.progress).toEqual({ submitted: 2, eligible });
      await flow.advance(track, 'toScoring');
      await flow.submit(entryId, totals.slice(0, eligible));
      await rec.snapshot(`entry ${i + 1} all sheets in`);
      if (i === 3) {
        // The awards cannot start while an entry's scoring is open.
        const refused = await send(flow.host, 'ceremony:show', { track, step: 1 });
        expect(refused).toMatchObject({ ok: false, code: 'invalid_state' });
      }
      await flow.close(entryId);
      const closed = await rec.snapshot(`entry ${i + 1} closed`);
      expect(closed.tracks[0]!.counts.closed).toBe(i + 1);
    }

    const host = await hostTrack();
    expect(host.results.ranking).toHaveLength(5);
    const values = scoreValues(host);
    expect(values.length).toBeGreaterThan(20);
    const { tokens, names } = await secrets();
    scoredEnd = rec.payloads.length;
    expect(rec.payloads.filter((p) => p.source.startsWith('patch')).length).toBeGreaterThan(20);

    for (const { source, view } of rec.payloads) {
      const json = JSON.stringify(view);
      expect(scoreFields(view), source).toEqual([]);
      expect(valuesIn(json, values), source).toEqual([]);
      for (const token of tokens) expect(json.includes(token), `${source} carries a judge token`).toBe(false);
      for (const name of names) expect(json.includes(name), `${source} carries the judge name ${name}`).toBe(false);
      expect(json, source).not.toMatch(/"judges"|"sheets"|"token"|"judgeId"/);
    }

    const board = (await rec.snapshot('scored')).tracks[0]!.board;
    if (policy === 'hidden') expect(board).toEqual([]);
    else {
      // Places without scores, in the order of the scoring rules, and no tiers (the file does not show them live).
      expect(board.map((r) => [r.entryId, r.rank, r.award])).toEqual(host.results.ranking.map((r) => [r.entryId, r.rank, null]));
      expect(board.every((r) => r.score === null)).toBe(true);
    }
  });

  it('sends no board at all while the host hides it', async () => {
    await ok(flow.host, 'display:set', { boardVisible: false });
    const hidden = await rec.snapshot('board hidden');
    expect(hidden.display.boardVisible).toBe(false);
    expect(hidden.tracks.every((t) => t.board.length === 0)).toBe(true);
    await ok(flow.host, 'display:set', { boardVisible: true });
    const shown = await rec.snapshot('board shown');
    expect(shown.tracks[0]!.board.length).toBe(policy === 'hidden' ? 0 : (await hostTrack()).results.ranking.length);
  });

  it('reveals in the ceremony only the winners the host has reached, one by one, and freezes the board meanwhile', async () => {
    let host = await hostTrack();
    // G01 was scored by 4 judges (J5 recused), fewer than the minimum panel 5: its award waits for the host.
    const short = host.results.ranking.filter((r) => r.pending === 'panel');
    if (short.length > 0) {
      expect(await send(flow.host, 'ceremony:show', { track, step: 1 })).toMatchObject({ ok: false, code: 'awards_provisional' });
      for (const r of short) await ok(flow.host, 'panel:confirm', { entryId: r.entryId, reason: 'test: the panel confirms the award on 4 judges' });
      host = await hostTrack();
    }
    expect(host.results.provisional).toBe(false);
    const tiersBestFirst = host.awards.map((a) => a.key);
    const plan = planCeremony(tiersBestFirst, host.results.ranking.flatMap((r) => (r.award ? [{ entryId: r.entryId, tier: r.award }] : [])));
    // The host's view carries the same plan (its preview of the next step); 4 tiers of one: 1 + 4 × 2 + 1 steps.
    expect(host.ceremony.plan.map((s) => s.key)).toEqual(plan.map(stepKey));
    expect(plan.length).toBe(10);
    const winnersOf = (tier: string) => host.results.ranking.filter((r) => r.award === tier);
    const entry = (id: number) => host.entries.find((e) => e.id === id)!;
    const { tokens, names } = await secrets();
    const allFinals = host.results.ranking.map((r) => r.final);
    const judgeTotals = scoreValues(host).filter((v) => !allFinals.includes(v));
    const last = plan.length - 1;

    /** `boardSettled`: false for the view between the ceremony's patch and the board's (two topics, one change). */
    const check = (view: PublicView, step: number, source: string, boardSettled = true) => {
      const ceremony = view.ceremony!;
      expect(ceremony.track, source).toBe(track);
      expect(ceremony.step, source).toBe(step);
      expect(ceremony.steps, source).toBe(plan.length);
      expect(ceremony.kind, source).toBe(plan[step]!.kind);
      const revealed = revealedAt(plan, step);
      expect(ceremony.revealed.map((r) => r.tier.key), source).toEqual(revealed.map((r) => r.tier));
      const shownIds = new Set(revealed.flatMap((r) => r.entryIds));
      for (const r of ceremony.revealed) {
        expect(r.count, source).toBe(winnersOf(r.tier.key).length);
        expect(r.winners.map((w) => w.entryId), source).toEqual(winnersOf(r.tier.key).filter((w) => shownIds.has(w.entryId)).map((w) => w.entryId));
        for (const w of r.winners) expect(w.score, source).toBe(showsScores ? winnersOf(r.tier.key).find((x) => x.entryId === w.entryId)!.final : null);
      }
      // No trace of a winner not yet revealed, nor of the host's plan.
      const ceremonyJson = JSON.stringify(ceremony);
      for (const w of host.results.ranking.filter((r) => r.award !== null && !shownIds.has(r.entryId))) {
        const e = entry(w.entryId);
        expect(ceremonyJson.includes(e.model), `${source}: unrevealed winner ${e.code}`).toBe(false);
        expect(ceremonyJson.includes(`"code":"${e.code}"`), `${source}: unrevealed winner ${e.code}`).toBe(false);
      }
      const json = JSON.stringify(view);
      expect(json, source).not.toMatch(/"plan"|"entry:|"tier:/);
      // The board is frozen (not sent) until the final page.
      const t = view.tracks[0]!;
      if (boardSettled) expect([t.frozen, t.board.length > 0], source).toEqual(step < last ? [true, false] : [false, policy !== 'hidden']);
      // Scores only of revealed winners, and only when the track's ceremony shows them; never a judge's.
      const shown = showsScores ? ceremony.revealed.flatMap((r) => r.winners.map((w) => w.score!)) : [];
      expect(valuesIn(json, allFinals).sort(), source).toEqual([...new Set(shown)].sort());
      expect(valuesIn(json, judgeTotals), source).toEqual([]);
      expect(scoreFields(view).filter((p) => !(showsScores && /^\.ceremony\.revealed\.\d+\.winners\.\d+\.score$/.test(p))), source).toEqual([]);
      for (const token of tokens) expect(json.includes(token), source).toBe(false);
      for (const name of names) expect(json.includes(name), source).toBe(false);
    };

    expect((await rec.snapshot('before the ceremony')).ceremony).toBeNull();
    for (let step = 0; step < plan.length; step++) {
      const from = rec.payloads.length;
      await ok(flow.host, 'ceremony:show', { track, key: stepKey(plan[step]!) });
      check(await rec.snapshot(`ceremony step ${step}`), step, `view:sync at step ${step}`);
      const received = rec.payloads.slice(from);
      expect(received.filter((p) => p.source.startsWith('patch')).length).toBeGreaterThan(0);
      const views = received.filter((p) => p.source.startsWith('view after patch'));
      views.forEach((b, i) => check(b.view as PublicView, step, `${b.source} at step ${step}`, i === views.length - 1 || !b.source.endsWith('(public)')));
      for (const p of received.filter((x) => x.source.startsWith('patch'))) {
        const json = JSON.stringify(p.view);
        expect(valuesIn(json, judgeTotals), p.source).toEqual([]);
        expect(json, p.source).not.toMatch(/"plan"|"entry:|"tier:/);
        for (const token of tokens) expect(json.includes(token), p.source).toBe(false);
        for (const name of names) expect(json.includes(name), p.source).toBe(false);
      }
    }
    expect(rec.payloads.length).toBeGreaterThan(scoredEnd);
  });

  it('holds the ceremony at its title while a reopen leaves the results open, and resumes after', async () => {
    const second = (await hostTrack()).ceremony.plan.filter((s) => s.kind === 'tier')[1]!;
    await ok(flow.host, 'ceremony:show', { track, key: second.key });
    const before = (await rec.snapshot('second tier')).ceremony!;
    expect(before.revealed).toHaveLength(2);
    // Reopen two ranked entries: the plan shrinks, and a stale step must not jump to a higher tier.
    const host = await hostTrack();
    const [a, b] = host.results.ranking.slice(-2);
    await ok(flow.host, 'stage:reopen', { entryId: a!.entryId, reason: 'test: a sheet was entered wrongly' });
    await ok(flow.host, 'stage:reopen', { entryId: b!.entryId, reason: 'test: a sheet was entered wrongly' });
    const held = (await rec.snapshot('reopened')).ceremony!;
    expect(held).toMatchObject({ track, step: 0, kind: 'title', revealed: [] });
    await expect(send(flow.host, 'ceremony:show', { track, step: 1 })).resolves.toMatchObject({ ok: false, code: 'invalid_state' });

    await flow.close(a!.entryId);
    await flow.close(b!.entryId);
    const resumed = (await rec.snapshot('closed again')).ceremony!;
    expect(resumed.step).toBe(before.step);
    expect(resumed.revealed).toEqual(before.revealed);
  });
});
