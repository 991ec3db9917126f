import type { RequestHandler } from 'express';
import type { TileCache } from './tile-cache';

/**
 * A request of this process that may change data drops the cached tiles just before it answers,
 * so the next tile a person asks for after their own change shows it even when the database's
 * notification (tile-cache.ts) has not reached the process yet. Sign-in and sign-out are left
 * out: they change no layer's data.
 */
export function dropTilesOnOwnWrites(cache: TileCache): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/api/auth/')) return next();
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      cache.forgetAll();
      return end(...args);
    }) as typeof res.end;
    next();
  };
}
