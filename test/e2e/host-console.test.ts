/**
 * The host console in a real Chromium at laptop size, on the demo contest: login (a wrong key,
 * then the link), the draw, one entry from the call to its result (buttons and shortcuts), the
 * judges scoring from socket.io-clients, the explanation of the score, a refusal in words, and a
 * close with sheets missing that needs a confirmation and a reason. Screenshots are kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawOrder } from '../../server/domain/draw';
import { formatPoints } from '../../server/domain/format';
import type { HostView, JudgeView } from '../../server/protocol/views';
import { artifactPath, launchBrowser, type Browser } from '../support/browser';
import { connect, ok, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { E2E_CLIENT_DIR } from './buildClient';

let server: TestServer;
let browser: Browser;
let control: TestSocket;
let page: Page;
const pads = new Map<number, TestSocket>();
let submissions = 0;

beforeAll(async () => {
  server = await startTestServer({ clientDir: E2E_CLIENT_DIR });
  browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  control = await connect(server.url, { role: 'host', key: server.hostKey });
  for (const j of await server.judges()) pads.set(j.id, await connect(server.url, { role: 'judge', token: j.token }));
});

afterAll(async () => {
  for (const s of [control, ...pads.values()]) s?.disconnect();
  await browser?.close();
  await server?.close();
});

const gov = async () => (await sync<HostView>(control)).tracks.find((t) => t.key === 'gov')!;
const text = (testid: string) => page.getByTestId(testid).first().textContent();
/** The big clock of the stage (the track tabs carry small ones too). */
const stageClock = (testid: string) => page.getByTestId('stage-panel').getByTestId(testid);

/** A judge scores the entry from their pad: every criterion at its maximum less a few steps. */
async function score(judgeId: number, entryId: number, offset: number): Promise<void> {
  const pad = pads.get(judgeId)!;
  const rubric = (await sync<JudgeView>(pad)).tracks.find((t) => t.key === 'gov')!.rubric;
  const scores = Object.fromEntries(rubric.criteria.map((c) => [c.key, Math.max(0, c.max - c.step * (offset + 1))]));
  await ok(pad, 'sheet:submit', { entryId, scores, bonus: {}, comment: '', submissionId: `e2e-host-${++submissions}` });
}

async function eligible(entryId: number): Promise<number[]> {
  const entry = (await gov()).entries.find((e) => e.id === entryId)!;
  return entry.sheets.filter((s) => s.status !== 'recused').map((s) => s.judgeId);
}

describe('the host console', () => {
  it('says clearly when the key is wrong, and lets the host type the right one', async () => {
    const wrong = await browser.context.newPage();
    await wrong.goto(`${server.url}/host#key=not-the-key`);
    await expect.poll(() => wrong.getByTestId('login-error').count()).toBe(1);
    expect(await wrong.getByTestId('login-error').textContent()).toContain('主持密钥无效');
    expect(wrong.url()).not.toContain('not-the-key');
    await wrong.screenshot({ path: artifactPath('host-console-wrong-key.png') });
    await wrong.getByTestId('host-key').fill(server.hostKey);
    await wrong.getByTestId('host-login-submit').click();
    await expect.poll(() => wrong.getByTestId('stage-panel').count()).toBe(1);
    await wrong.close();
  });

  it('logs in by link and draws the running order with a recorded seed', async () => {
    page = await browser.context.newPage();
    await page.goto(`${server.url}/host#key=${server.hostKey}`);
    await expect.poll(() => page.getByTestId('queue-entry').count()).toBe(10);
    expect(page.url()).not.toContain(server.hostKey);
    await page.screenshot({ path: artifactPath('host-console-start.png') });

    const seed = 'E2E-2024';
    const expected = drawOrder(seed, (await gov()).entries).map((e) => e.code);
    await page.getByTestId('btn-draw').click();
    await page.getByTestId('draw-seed').fill(seed);
    await page.getByTestId('draw-submit').click();
    await expect.poll(() => text('draw-result-seed')).toBe(seed);
    expect(await page.getByTestId('draw-dialog').textContent()).toContain(`printf '%s' '${seed}:${expected[0]}' | sha256sum`);
    await page.screenshot({ path: artifactPath('host-console-draw.png') });
    await page.getByTestId('draw-done').click();
    await expect.poll(() => page.getByTestId('queue-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(expected);
    expect(await text('draw-seed-shown')).toContain(seed);
    expect((await gov()).drawSeed).toBe(seed);
  });

  it('reorders the queue with the keyboard (↓ button) and by drag and drop', async () => {
    const codes = () => page.getByTestId('queue-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    const before = (await gov()).entries.map((e) => e.code);
    await page.getByRole('button', { name: `下移 ${before[0]}` }).focus();
    await page.keyboard.press('Enter');
    const swapped = [before[1], before[0], ...before.slice(2)];
    await expect.poll(codes).toEqual(swapped);
    expect((await gov()).entries.map((e) => e.code)).toEqual(swapped);

    const last = swapped[9]!;
    await page.locator(`[data-testid=queue-entry][data-code=${last}]`).dragTo(page.locator(`[data-testid=queue-entry][data-code=${swapped[0]}]`), {
      targetPosition: { x: 40, y: 4 },
    });
    const dragged = [last, ...swapped.slice(0, 9)];
    await expect.poll(codes).toEqual(dragged);
    expect((await gov()).entries.map((e) => e.code)).toEqual(dragged);
  });

  it('takes one entry from the call to its result, with buttons and shortcuts', async () => {
    const first = (await gov()).entries[0]!;
    await page.getByTestId('btn-next').click();
    await expect.poll(() => page.getByTestId('on-stage').textContent()).toContain(first.unit);
    expect(await text('stage-state')).toBe('候场');

    // Space starts (even with the focus still on the button just clicked).
    await page.keyboard.press('Space');
    await expect.poll(() => text('stage-state')).toBe('正在答辩');
    expect(await stageClock('clock-time').textContent()).toMatch(/^0[78]:[0-5]\d$/);
    expect((await gov()).stage.entry).toMatchObject({ id: first.id, state: 'presenting' });
    await page.screenshot({ path: artifactPath('host-console-presenting.png') });

    // Space again pauses, and again resumes.
    await page.keyboard.press('Space');
    await expect.poll(() => stageClock('clock-paused').count()).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(() => stageClock('clock-paused').count()).toBe(0);
    await page.getByTestId('btn-plus').click();
    await expect.poll(async () => (await gov()).stage.clock?.durationMs).toBe(9 * 60_000);

    await page.keyboard.press('q');
    await expect.poll(() => text('stage-state')).toBe('问答');
    expect(await stageClock('clock-time').textContent()).toMatch(/^0[45]:[0-5]\d$/);
    await page.getByTestId('btn-scoring').click();
    await expect.poll(() => text('stage-state')).toBe('评分中');

    const panel = await eligible(first.id);
    for (const [i, judgeId] of panel.entries()) await score(judgeId, first.id, i);
    await expect.poll(() => text('judge-count')).toBe(`${panel.length}/${panel.length} 已提交`);

    await page.getByTestId('btn-close').click();
    await expect.poll(() => text('stage-state')).toBe('评分结束');
    const final = (await gov()).results.ranking.find((r) => r.entryId === first.id)!.final;
    const row = page.locator(`[data-testid=result-row][data-code=${first.code}]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('result-score').textContent()).toBe(formatPoints(final));
    await page.screenshot({ path: artifactPath('host-console-closed.png') });

    await row.getByTestId('result-explain').click();
    await expect.poll(() => text('explain-final')).toBe(formatPoints(final));
    expect(await page.getByTestId('explain-judges').locator('li').count()).toBe(panel.length);
    expect(await text('explain-policy')).toContain('去掉');
    await page.screenshot({ path: artifactPath('host-console-explain.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('explain-drawer').count()).toBe(0);
  });

  it('shows a refused command in words', async () => {
    // Q&A for an entry whose scoring is closed: the server refuses, the console says why.
    await page.keyboard.press('q');
    const notice = page.locator('[data-testid=notice][data-code=invalid_state]');
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('当前状态不允许此操作');
    await page.screenshot({ path: artifactPath('host-console-refused.png') });
  });

  it('closes with sheets missing only after a confirmation and a reason', async () => {
    const second = (await gov()).entries[1]!;
    await page.keyboard.press('n');
    await expect.poll(() => page.getByTestId('on-stage').textContent()).toContain(second.unit);
    await page.keyboard.press('Space');
    await expect.poll(() => text('stage-state')).toBe('正在答辩');
    await page.keyboard.press('s');
    await expect.poll(() => text('stage-state')).toBe('评分中');

    const panel = await eligible(second.id);
    const [a, b, ...missing] = panel;
    await score(a!, second.id, 0);
    await score(b!, second.id, 3);
    await expect.poll(() => text('judge-count')).toBe(`2/${panel.length} 已提交`);

    await page.getByTestId('btn-close').click();
    const dialog = page.getByTestId('close-dialog');
    await expect.poll(() => dialog.getByTestId('missing-judges').locator('li').count()).toBe(missing.length);
    const names = new Map((await server.judges()).map((j) => [j.id, j.name]));
    // Each named with their pad (these judges' pads are socket clients, all connected).
    expect(await dialog.getByTestId('missing-judges').locator('li').allTextContents()).toEqual(missing.map((id) => `${names.get(id)}：在线`));
    // And what closing changes, said before confirming: two sheets, a plain mean, an award that will wait.
    expect(await dialog.getByTestId('close-consequence').allTextContents()).toEqual([
      '只有 2 份评分，少于去最高最低分所需的 5 份，将按算术平均计算。',
      '评分少于 5 份：如获奖，奖项须由主持人确认后才能在颁奖典礼揭晓。',
    ]);
    expect(await dialog.getByTestId('confirm-submit').isDisabled()).toBe(true);
    await dialog.getByTestId('confirm-check').check();
    expect(await dialog.getByTestId('confirm-submit').isDisabled()).toBe(true);
    await dialog.getByTestId('confirm-reason').fill('两位评委临时离场，经评审组同意按已交评分计');
    await page.screenshot({ path: artifactPath('host-console-close-missing.png') });
    expect((await gov()).entries.find((e) => e.id === second.id)!.state).toBe('scoring');

    await dialog.getByTestId('confirm-submit').click();
    await expect.poll(() => text('stage-state')).toBe('评分结束');
    await expect.poll(() => dialog.isVisible()).toBe(false); // closed on the answer, which may follow the patch
    await expect.poll(() => page.locator(`[data-testid=result-row][data-code=${second.code}]`).count()).toBe(1);
    expect((await gov()).results.ranking.find((r) => r.entryId === second.id)).toMatchObject({ counted: 2 });
    await page.screenshot({ path: artifactPath('host-console-after-missing.png') });
  });

  it('sets up and exports from /setup: judge cards to print, import problems by path, the audit chain', async () => {
    const setup = await browser.context.newPage();
    await setup.goto(`${server.url}/setup`);
    await expect.poll(() => setup.getByTestId('judge-card').count()).toBe(7);
    expect(await setup.getByTestId('judge-card').first().locator('svg').count()).toBe(1);

    // An invalid contest file: every problem, by path; nothing imported.
    await setup.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: '', tracks: [] })) });
    await setup.getByTestId('import-submit').click();
    await expect.poll(() => setup.getByTestId('import-problems').locator('li').count()).toBe(2);
    expect(await setup.getByTestId('import-problems').textContent()).toMatch(/name[\s\S]*tracks/);
    // Broken JSON: in Chinese, by line and column, with the line and a mark under the place.
    await setup.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "x",\n  "tracks": [}\n') });
    await setup.getByTestId('import-submit').click();
    await expect.poll(() => setup.getByTestId('import-problems').textContent()).toContain('不是有效的 JSON：第 3 行第 14 列，此处缺少一个值');
    expect(await setup.getByTestId('import-problems').locator('pre').textContent()).toBe('  "tracks": [}\n             ^');

    // A valid one while sheets exist: the page asks before replacing (and here the host declines).
    const valid = { name: '另一场', tracks: [{ key: 'solo', name: '唯一赛道', criteria: [{ key: 'q', label: '质量', max: 100 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] }] };
    await setup.getByTestId('import-file').setInputFiles({ name: 'next.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(valid)) });
    await setup.getByTestId('import-submit').click();
    await expect.poll(() => setup.getByTestId('replace-dialog').isVisible()).toBe(true);
    await setup.getByTestId('replace-dialog').getByRole('button', { name: '取消' }).click();
    expect((await sync<HostView>(control)).contest.name.zh).toBe('第二届深圳市应急管理数据创新大赛');

    const download = setup.waitForEvent('download');
    await setup.getByTestId('export-audit.json').click();
    expect((await download).suggestedFilename()).toBe('audit.json');
    await expect.poll(() => setup.getByTestId('audit-chain').textContent()).toContain('审计链校验通过');
    await expect.poll(() => setup.getByTestId('audit-replay').textContent()).toContain('与当前成绩一致');
    await setup.screenshot({ path: artifactPath('host-setup.png'), fullPage: true });
    await setup.emulateMedia({ media: 'print' });
    await setup.screenshot({ path: artifactPath('host-setup-print.png'), fullPage: true });
    await setup.close();
  });
});
