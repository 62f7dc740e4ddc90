/**
 * The bare Socket.IO relay the benchmark compares Podium with: the same Socket.IO version and
 * options, no database, no views. Screens join one room; `/trigger?bytes=N&seq=K` broadcasts a
 * payload of N bytes to it (what a Podium patch of that size costs to fan out); `view:sync`
 * answers a snapshot of `SNAPSHOT_BYTES`. Plain JavaScript, run by plain Node (no transpiler), as
 * the built Podium server is.
 */
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const snapshot = { seq: 1, filler: 'x'.repeat(Number(process.env.SNAPSHOT_BYTES ?? 10_000)) };
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://relay');
  if (url.pathname === '/trigger') {
    const bytes = Number(url.searchParams.get('bytes') ?? 1000);
    const seq = Number(url.searchParams.get('seq') ?? 1);
    io.to('public').emit('public:patch', { topic: 'bench', seq, prev: seq - 1, ops: [{ op: 'board', track: 'bench', filler: 'x'.repeat(Math.max(0, bytes - 80)) }] });
    res.end('ok');
  } else if (url.pathname === '/api/metrics') {
    if (url.searchParams.get('gc') === '1') globalThis.gc?.();
    const m = process.memoryUsage();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      ok: true,
      data: {
        memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers },
        eventLoop: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        sockets: io.engine.clientsCount,
        seq: 0,
      },
    }));
    if (url.searchParams.get('reset') === '1') delay.reset();
  } else if (url.pathname === '/api/health') {
    res.end('{"ok":true}');
  } else {
    res.statusCode = 404;
    res.end();
  }
});

const io = new Server(http, { pingInterval: 5_000, pingTimeout: 5_000, maxHttpBufferSize: 256 * 1024, perMessageDeflate: false });
io.on('connection', (socket) => {
  void socket.join('public');
  socket.on('view:sync', (_request, ack) => {
    if (typeof ack === 'function') ack({ ok: true, data: snapshot });
  });
});

http.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening', port: http.address().port }));
