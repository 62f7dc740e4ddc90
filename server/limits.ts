/**
 * Rate limits against hostile or broken clients (rate-limiter-flexible, in memory):
 *
 * - Events: each connection, and all connections of one address together, may send so many
 *   events a second, with a burst on top. Over the limit an event is answered `rate_limited`
 *   (with `details.retryAfterMs`) and not carried out. A judge autosaves about once a second and a
 *   host clicks, so the defaults are far above honest use. A limiter keeps an entry for a key only
 *   while that key is sending: a public screen that only listens costs nothing here.
 * - Credentials: wrong host keys and judge links (at the Socket.IO handshake and on REST) are
 *   counted per address; past `failuresPerMinute` the address is blocked, first for
 *   `firstBlockSeconds`, then twice as long at each new block that day (up to
 *   `maxBlockSeconds`). While blocked, its credentials are not even checked (a guess cannot be
 *   confirmed) and every block is logged once.
 *
 * Events are counted by each process for its own clients (in memory: no round trip on the hot
 * path). Wrong credentials are counted in Redis when several processes serve one contest
 * (PODIUM_REDIS_URL), so that spreading guesses over the processes gains nothing; in memory
 * otherwise, and in memory again for as long as Redis is away.
 *
 * An address is the connection's peer, unless the peer is a trusted reverse proxy
 * (PODIUM_TRUST_PROXY, in Express's `trust proxy` syntax: `loopback`, `10.0.0.0/8`, a
 * comma-separated list): then the client it names in X-Forwarded-For. Behind an untrusted proxy
 * every client has the proxy's address, and shares its limits.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimitSettings {
  /** Events one connection may send per second, plus `socketBurst` more per 10 s. */
  socketPerSecond: number;
  socketBurst: number;
  /** Events all connections of one address may send per second, plus `addressBurst` more per 10 s. */
  addressPerSecond: number;
  addressBurst: number;
  /** Wrong host keys or judge links from one address in a minute before it is blocked. */
  failuresPerMinute: number;
  firstBlockSeconds: number;
  maxBlockSeconds: number;
  /** Prefix of the counters' keys in Redis (processes of one installation share it). */
  redisPrefix: string;
  /** Reverse proxies whose X-Forwarded-For names the client (Express's `trust proxy` syntax); null: none. */
  trustProxy: string | null;
}

export const DEFAULT_LIMITS: LimitSettings = {
  socketPerSecond: 10,
  socketBurst: 40,
  // A venue's phones may all reach a server on the Internet through one NAT address.
  addressPerSecond: 200,
  addressBurst: 1000,
  failuresPerMinute: 10,
  firstBlockSeconds: 30,
  maxBlockSeconds: 15 * 60,
  redisPrefix: 'podium',
  trustProxy: null,
};

const BURST_WINDOW_SECONDS = 10;

function bursty(perSecond: number, burst: number, keyPrefix: string): BurstyRateLimiter {
  return new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix, points: perSecond, duration: 1 }),
    new RateLimiterMemory({ keyPrefix: `${keyPrefix}-burst`, points: burst, duration: BURST_WINDOW_SECONDS }),
  );
}

/** Milliseconds a refusal asks the client to wait; rethrows anything that is not a limiter's refusal. */
function retryAfter(error: unknown): number {
  if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext));
  throw error;
}

export interface Limits {
  readonly settings: LimitSettings;
  /** The client address of a request (a handshake, a REST call): the peer, or whom a trusted proxy names. */
  addressOf(req: IncomingMessage): string;
  /**
   * 0 when an event from this connection may run; otherwise how long to wait (ms).
   * @param countsForAddress false for the cheap reads every screen sends on (re)connect (a shared
   *   snapshot, the clock): thousands of phones behind one venue NAT must all get their view
   *   back after a restart, so those count against their own connection's limit only.
   */
  admitEvent(socketId: string, address: string, countsForAddress?: boolean): Promise<number>;
  /** 0 when credentials from this address may be checked; otherwise how long it stays blocked (ms). */
  credentialsBlocked(address: string): Promise<number>;
  /** Counts a wrong host key or judge link; blocks the address once there are too many. */
  credentialsFailed(address: string, what: string): Promise<void>;
  /** Logs a handshake refused for its origin (once a minute per origin). */
  originRefused(origin: string): void;
}

/** A counter in memory, or in Redis shared by the processes (with memory as its stand-in while Redis is away). */
function counter(options: { keyPrefix: string; points: number; duration: number }, redis: { client: unknown; prefix: string } | null): RateLimiterAbstract {
  const memory = new RateLimiterMemory(options);
  if (!redis) return memory;
  return new RateLimiterRedis({ ...options, keyPrefix: `${redis.prefix}:${options.keyPrefix}`, storeClient: redis.client, useRedisPackage: true, insuranceLimiter: memory });
}

/** @param redis a connected node-redis client when several processes serve one contest */
export function createLimits(settings: LimitSettings, logger: Pick<Logger, 'warn'>, redis: unknown = null): Limits {
  const perSocket = bursty(settings.socketPerSecond, settings.socketBurst, 'socket');
  const perAddress = bursty(settings.addressPerSecond, settings.addressBurst, 'address');
  const trusted = settings.trustProxy === null ? null : proxyaddr.compile(settings.trustProxy.split(',').map((s) => s.trim()));
  const shared = redis ? { client: redis, prefix: settings.redisPrefix } : null;
  const failures = counter({ keyPrefix: 'failures', points: settings.failuresPerMinute, duration: 60 }, shared);
  // How often each address was blocked in the last day: each new block lasts twice as long.
  const blocks = counter({ keyPrefix: 'blocks', points: Number.MAX_SAFE_INTEGER, duration: 24 * 3600 }, shared);
  /** One log line per connection, address or origin and minute, however hard it pushes. */
  const overLogged = new RateLimiterMemory({ keyPrefix: 'over-logged', points: 1, duration: 60 });

  /** Runs `log` unless it ran for `key` in the last minute. */
  const onceAMinute = (key: string, log: () => void) => {
    overLogged.consume(key).then(log, () => {});
  };
  const logOver = (key: string, what: string) => onceAMinute(key, () => logger.warn({ key }, `${what} over its rate limit: events refused (rate_limited)`));

  return {
    settings,
    addressOf(req) {
      return (trusted ? proxyaddr(req, trusted) : req.socket.remoteAddress) ?? 'unknown';
    },
    async admitEvent(socketId, address, countsForAddress = true) {
      try {
        if (countsForAddress) await perAddress.consume(address);
      } catch (error) {
        logOver(`address:${address}`, `address ${address}`);
        return retryAfter(error);
      }
      try {
        await perSocket.consume(socketId);
        return 0;
      } catch (error) {
        logOver(`socket:${socketId}`, `connection ${socketId} from ${address}`);
        return retryAfter(error);
      }
    },
    async credentialsBlocked(address) {
      const state = await failures.get(address);
      return state && state.consumedPoints > settings.failuresPerMinute ? Math.max(1, Math.ceil(state.msBeforeNext)) : 0;
    },
    async credentialsFailed(address, what) {
      try {
        await failures.consume(address);
      } catch (error) {
        retryAfter(error);
        const times = (await blocks.consume(address)).consumedPoints;
        const seconds = Math.min(settings.maxBlockSeconds, settings.firstBlockSeconds * 2 ** (times - 1));
        await failures.block(address, seconds);
        logger.warn({ address, failuresPerMinute: settings.failuresPerMinute, blockedSeconds: seconds, block: times }, `too many wrong ${what}s from ${address}: blocked for ${seconds} s`);
      }
    },
    originRefused(origin) {
      const shown = origin.slice(0, 200);
      onceAMinute(`origin:${shown}`, () =>
        logger.warn({ origin: shown }, `connection refused: a page from ${shown} is not an allowed origin (PODIUM_PUBLIC_URL, this machine's addresses, PODIUM_ALLOWED_ORIGINS)`),
      );
    },
  };
}
