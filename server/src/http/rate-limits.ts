import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { AppError } from '@skywater/core/errors/app-error';

/**
 * Limits for the routes that cost: logins (guessing), uploads and report rendering (CPU, disk).
 * Counted per user when logged in, else per address. In memory: per server process.
 */
export const RATE_LIMITS = {
  // Failed logins only (a busy office behind one address logs in often); the account lockout
  // (5 wrong passwords → 15 minutes) guards each account on top.
  login: { windowMs: 15 * 60_000, limit: 30, skipSuccessfulRequests: true },
  upload: { windowMs: 60_000, limit: 120, skipSuccessfulRequests: false },
  expensive: { windowMs: 60_000, limit: 30, skipSuccessfulRequests: false },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** `multiplier` (RATE_LIMIT_MULTIPLIER) scales every limit, e.g. for a load test. */
export function createRateLimiters(multiplier = 1): Record<RateLimitName, RateLimitRequestHandler> {
  const make = (name: RateLimitName) =>
    rateLimit({
      ...RATE_LIMITS[name],
      limit: RATE_LIMITS[name].limit * multiplier,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (req) => (req.user ? `user:${req.user.id}` : `ip:${req.ip}`),
      validate: { keyGeneratorIpFallback: false },
      handler: (_req, _res, next) =>
        next(new AppError(429, 'rate_limited', 'Too many requests: wait a moment and try again')),
    });
  return { login: make('login'), upload: make('upload'), expensive: make('expensive') };
}
