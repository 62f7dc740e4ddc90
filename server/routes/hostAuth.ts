import type { NextFunction, Request, Response } from 'express';
import { verifyHostKey } from '../store/hostKey';

/** REST calls of the host carry `Authorization: Bearer <host key>`. */
export function requireHost(hostKeyHash: () => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (key && verifyHostKey(hostKeyHash(), key)) return next();
    res.status(401).json({ ok: false, code: 'unauthorized', message: 'This needs the host key.' });
  };
}
