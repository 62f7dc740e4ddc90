import type { NextFunction, Request, Response } from 'express';

/** REST calls of the host carry `Authorization: Bearer <host key>`. */
export function requireHost(checkHostKey: (key: string) => Promise<boolean>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization') ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (key && (await checkHostKey(key))) return next();
    res.status(401).json({ ok: false, code: 'unauthorized', message: 'This needs the host key.' });
  };
}
