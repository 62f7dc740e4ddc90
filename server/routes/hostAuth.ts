import type { NextFunction, Request, Response } from 'express';
import type { Limits } from '../limits';

/**
 * REST calls of the host carry `Authorization: Bearer <host key>`. Wrong keys count against the
 * caller's address like wrong keys at the socket handshake (server/limits.ts): too many and the
 * address is answered 429 `rate_limited`, without its key being checked, until its block ends.
 */
export function requireHost(checkHostKey: (key: string) => Promise<boolean>, limits: Limits) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const address = limits.addressOf(req);
    const blockedMs = await limits.credentialsBlocked(address);
    if (blockedMs > 0) {
      res.set('Retry-After', String(Math.ceil(blockedMs / 1000)));
      res.status(429).json({
        ok: false, code: 'rate_limited', message: `Too many wrong host keys from this address; try again in ${Math.ceil(blockedMs / 1000)} s.`, details: { retryAfterMs: blockedMs },
      });
      return;
    }
    const header = req.get('authorization') ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (key && (await checkHostKey(key))) return next();
    // A request without any key is not a guess: only wrong keys count.
    if (key) await limits.credentialsFailed(address, 'host key');
    res.status(401).json({ ok: false, code: 'unauthorized', message: 'This needs the host key.' });
  };
}
