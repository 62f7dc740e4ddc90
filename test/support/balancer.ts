/**
 * A load balancer for tests of several server processes: a TCP proxy on loopback that sends each
 * new connection to the next backend that accepts it (round robin). With WebSocket-only clients
 * no stickiness is needed; a backend that dies simply stops being chosen, as behind a real proxy.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface Balancer {
  port: number;
  /** How many connections each backend port received. */
  counts: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backends: readonly number[]): Promise<Balancer> {
  let next = 0;
  const counts = new Map(backends.map((p) => [p, 0]));
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.pause();
    const tryBackend = (left: number) => {
      if (left === 0) return client.destroy();
      const port = backends[next++ % backends.length]!;
      const upstream = createConnection({ host: '127.0.0.1', port });
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        counts.set(port, (counts.get(port) ?? 0) + 1);
        open.add(upstream);
        upstream.once('close', () => open.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
      });
      // A backend that refuses (it is down) is skipped: the next one gets the connection.
      upstream.once('error', () => {
        if (!connected) tryBackend(left - 1);
      });
    };
    tryBackend(backends.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    counts,
    async close() {
      for (const s of open) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
