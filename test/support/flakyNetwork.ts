/**
 * Hall Wi-Fi for one browser context, under the test's control: the pages' Socket.IO connections
 * go through Playwright's WebSocket routing, so a test can let everything through, lose the
 * frames that carry one event while everything else passes (a network that carries small
 * frames and drops the rest), or take the network down (connections closed, new ones refused,
 * long-polling aborted). Nothing is mocked: the frames that pass reach the real server.
 */
import type { BrowserContext, WebSocketRoute } from 'playwright-core';

export type NetworkMode = { kind: 'up' } | { kind: 'losing'; event: string } | { kind: 'down' };

export interface FlakyNetwork {
  set(mode: NetworkMode): void;
  /** Frames the network lost so far, by event name. */
  lost(event: string): number;
}

export async function flakyNetwork(context: BrowserContext): Promise<FlakyNetwork> {
  let mode: NetworkMode = { kind: 'up' };
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  const lost = new Map<string, number>();
  await context.route('**/socket.io/**', (route) => (mode.kind === 'down' ? route.abort('internetdisconnected') : route.continue()));
  await context.routeWebSocket(/\/socket\.io\//, (page) => {
    if (mode.kind === 'down') {
      void page.close({ code: 4000, reason: 'network down' });
      return;
    }
    const server = page.connectToServer();
    const link = { page, server };
    open.add(link);
    page.onMessage((frame) => {
      const text = typeof frame === 'string' ? frame : frame.toString('utf8');
      if (mode.kind === 'losing' && text.includes(`"${mode.event}"`)) {
        lost.set(mode.event, (lost.get(mode.event) ?? 0) + 1);
        return;
      }
      server.send(frame);
    });
    page.onClose(() => {
      open.delete(link);
      void server.close();
    });
    server.onClose(() => {
      open.delete(link);
      void page.close();
    });
  });
  return {
    set(next) {
      mode = next;
      if (next.kind !== 'down') return;
      for (const link of [...open]) {
        open.delete(link);
        void link.server.close();
        void link.page.close({ code: 4000, reason: 'network down' });
      }
    },
    lost: (event) => lost.get(event) ?? 0,
  };
}
