/**
 * A screen whose request for its view is refused (rate_limited) asks again by itself, through the
 * same connection code the pages use (client/stores/connection.ts), against a real server: a
 * projector must not stay blank until the next change of the contest.
 */
import { afterEach, expect, it } from 'vitest';
import { bindLiveView } from '../../client/stores/connection';
import { applyPublicOps, publicTopics } from '../../server/protocol/patches';
import type { PublicView } from '../../server/protocol/views';
import type { PodiumSocket } from '../../client/socket';
import { closeAllSockets, connect } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer | null = null;

afterEach(async () => {
  closeAllSockets();
  await server?.close();
  server = null;
});

it('a screen refused its snapshot asks again after the wait the server gives, and shows the view', async () => {
  // One event a second per connection (and one more per 10 s): two clock readings use them up,
  // so the screen's first view:sync is refused.
  server = await startTestServer({ limits: { socketPerSecond: 1, socketBurst: 1 } });
  const socket = await connect(server.url, { role: 'public' });
  for (let i = 0; i < 2; i++) expect(typeof (await socket.timeout(5_000).emitWithAck('clock:ping'))).toBe('number');
  let asked = 0;
  socket.onAnyOutgoing((event) => {
    if (event === 'view:sync') asked++;
  });
  const shown = new Promise<PublicView>((resolve) => {
    const connection = bindLiveView<PublicView, never>(socket as unknown as PodiumSocket, {
      listen: (take) => socket.on('public:patch', take as never),
      topicsOf: (v) => publicTopics(v.tracks.map((t) => t.key)),
      applyOps: applyPublicOps as never,
      apply: (v) => {
        connection.close();
        resolve(v);
      },
    });
  });
  const view = await shown;
  expect(view.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
  // The first request was refused: the view came from a later one.
  expect(asked).toBeGreaterThan(1);
});
