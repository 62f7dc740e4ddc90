/**
 * One worker process of the benchmark's audience: opens public sockets the way /live and /screen
 * do (WebSocket, a snapshot on every connect, reconnecting with the client's delays) and records,
 * on request, when each socket received the next frame of interest. Driven over IPC by
 * scripts/bench/index.ts. Plain JavaScript: the workers must stay light next to the server.
 */
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
/** @type {{ socket: import('socket.io-client').Socket; syncedAt: number; armed: number | null }[]} */
let sockets = [];
let stormSince = 0;

function open(url, count, batch = 100) {
  return new Promise((resolve) => {
    let opened = 0;
    let synced = 0;
    const start = () => {
      for (let i = 0; i < batch && opened < count; i++, opened++) {
        const entry = { socket: null, syncedAt: 0, armed: null };
        const socket = io(url, {
          transports: ['websocket'], forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 4_000, timeout: 20_000, auth: { role: 'public' },
        });
        entry.socket = socket;
        // As the pages do (client/stores/connection.ts): a refused snapshot is asked for again.
        const sync = () =>
          socket.emit('view:sync', {}, (answer) => {
            if (!answer?.ok) {
              setTimeout(() => socket.connected && sync(), answer?.details?.retryAfterMs ?? 1_000);
              return;
            }
            if (entry.syncedAt === 0) synced++;
            entry.syncedAt = now();
            if (synced === count) resolve(count);
            if (synced % batch === 0 && opened < count) setImmediate(start);
          });
        socket.on('connect', sync);
        socket.on('public:patch', (patch) => {
          if (entry.armed === null || entry.armed > 0) return;
          if (patch.ops.some((op) => op.op === 'board')) entry.armed = now();
        });
        sockets.push(entry);
      }
    };
    start();
  });
}

process.on('message', async (message) => {
  switch (message.type) {
    case 'connect': {
      const count = await open(message.url, message.count);
      process.send({ type: 'connected', count });
      break;
    }
    case 'arm':
      for (const s of sockets) s.armed = 0;
      process.send({ type: 'armed' });
      break;
    case 'collect': {
      const times = sockets.map((s) => (s.armed ? s.armed : null));
      process.send({ type: 'collected', times });
      break;
    }
    case 'storm':
      // From now on, a socket counts as back when it holds a snapshot taken after this moment.
      stormSince = now();
      process.send({ type: 'storming' });
      break;
    case 'storm-status': {
      const back = sockets.filter((s) => s.syncedAt > stormSince && s.socket.connected).map((s) => s.syncedAt);
      process.send({ type: 'storm-status', back: back.length, total: sockets.length, last: back.length ? Math.max(...back) : 0 });
      break;
    }
    case 'close':
      for (const s of sockets) s.socket.disconnect();
      sockets = [];
      process.send({ type: 'closed' });
      break;
  }
});
process.send?.({ type: 'ready' });
