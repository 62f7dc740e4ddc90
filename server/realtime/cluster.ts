/**
 * Several Podium processes behind one load balancer: they share one PostgreSQL database (all
 * state is there, so any process serves any command) and fan broadcasts out through Redis with
 * the Socket.IO Redis adapter. Connection-state recovery does not work across such adapters, and
 * is not needed: every (re)connect fetches a fresh snapshot.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

export interface ClusterLink {
  adapter: ReturnType<typeof createAdapter>;
  /** A Redis client the processes share counters through (server/limits.ts: wrong keys per address). */
  store: ReturnType<typeof createClient>;
  close(): Promise<void>;
}

export async function connectCluster(redisUrl: string, onError: (error: unknown) => void): Promise<ClusterLink> {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createAdapter(pub, sub, { key: 'podium' }),
    store: pub,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
