import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '@skywater/core/errors/app-error';

type Counted = 'all' | 'failed' | 'succeeded';
type KeyedBy = 'user' | 'address' | 'address+username' | 'username';

interface LimitRule {
  windowMs: number;
  limit: number;
  /** Which answers count: a failed login, a successful one, or every request. */
  counts: Counted;
  keyedBy: KeyedBy;
}

/**
 * Limits for the routes that cost: logins (guessing, and a session row each), uploads (disk,
 * parsing) and report rendering (a headless browser for ~30 s). In memory: per server process.
 * Each answers 429 with `Retry-After`, and every limited route sends `RateLimit` and
 * `RateLimit-Policy` (IETF draft 8) naming its policies.
 */
export const RATE_LIMITS = {
  // Guessing one account from one address; the account's own progressive delay (users.ts) guards
  // it from every address together.
  'login-failures-account': {
    windowMs: 15 * 60_000,
    limit: 10,
    counts: 'failed',
    keyedBy: 'address+username',
  },
  // A whole office may sit behind one proxy address: the address alone gets a much higher ceiling.
  'login-failures-address': { windowMs: 15 * 60_000, limit: 300, counts: 'failed', keyedBy: 'address' },
  // A stolen password scripted into logins: each makes a session row.
  'logins-account': { windowMs: 15 * 60_000, limit: 30, counts: 'succeeded', keyedBy: 'username' },
  // Lab files, PHES-ODM files and flight logs: parsed whole by the server.
  upload: { windowMs: 60_000, limit: 30, counts: 'all', keyedBy: 'user' },
  // The web app sends a flight's photos one per request (hundreds per flight).
  images: { windowMs: 60_000, limit: 600, counts: 'all', keyedBy: 'user' },
  // The PDF bulletin: a headless Chromium print each.
  render: { windowMs: 10 * 60_000, limit: 10, counts: 'all', keyedBy: 'user' },
  expensive: { windowMs: 60_000, limit: 30, counts: 'all', keyedBy: 'user' },
} as const satisfies Record<string, LimitRule>;

type PolicyName = keyof typeof RATE_LIMITS;

/** What a route names in its `rateLimit`: one or more policies applied in turn. */
export const RATE_LIMIT_GROUPS = {
  login: ['login-failures-address', 'login-failures-account', 'logins-account'],
  upload: ['upload'],
  images: ['images'],
  render: ['render'],
  expensive: ['expensive'],
} as const satisfies Record<string, readonly PolicyName[]>;

export type RateLimitName = keyof typeof RATE_LIMIT_GROUPS;

/** Renders running at once per user: a second one waits for none, it is refused. */
export const RENDERS_AT_ONCE_PER_USER = 1;

function keyOf(keyedBy: KeyedBy, req: Request): string {
  const username = typeof req.body?.username === 'string' ? req.body.username.trim().toLowerCase() : '';
  switch (keyedBy) {
    case 'user':
      return req.user ? `user:${req.user.id}` : `ip:${req.ip}`;
    case 'address':
      return `ip:${req.ip}`;
    case 'address+username':
      return `ip:${req.ip} user:${username.slice(0, 64)}`;
    case 'username':
      return `user:${username.slice(0, 64)}`;
  }
}

/** `multiplier` (RATE_LIMIT_MULTIPLIER) scales every limit, e.g. for a load test. */
export function createRateLimiters(multiplier = 1): Record<RateLimitName, RequestHandler[]> {
  const make = (name: PolicyName): RequestHandler => {
    const rule: LimitRule = RATE_LIMITS[name];
    return rateLimit({
      windowMs: rule.windowMs,
      limit: Math.max(1, Math.round(rule.limit * multiplier)),
      skipSuccessfulRequests: rule.counts === 'failed',
      skipFailedRequests: rule.counts === 'succeeded',
      standardHeaders: 'draft-8',
      identifier: name,
      legacyHeaders: false,
      keyGenerator: (req) => keyOf(rule.keyedBy, req),
      validate: { keyGeneratorIpFallback: false },
      handler: (_req, _res, next) =>
        next(new AppError(429, 'rate_limited', 'Too many requests: wait a moment and try again')),
    });
  };
  const policies = Object.fromEntries(
    (Object.keys(RATE_LIMITS) as PolicyName[]).map((name) => [name, make(name)]),
  ) as Record<PolicyName, RequestHandler>;
  const groups = Object.fromEntries(
    Object.entries(RATE_LIMIT_GROUPS).map(([group, names]) => [group, names.map((n) => policies[n])]),
  ) as Record<RateLimitName, RequestHandler[]>;
  groups.render = [...groups.render, oneAtATimePerUser(RENDERS_AT_ONCE_PER_USER)];
  return groups;
}

/** At most `max` requests of a user running at once; the next is refused (429) until one ends. */
function oneAtATimePerUser(max: number): RequestHandler {
  const running = new Map<string, number>();
  return (req, res, next) => {
    const key = keyOf('user', req);
    const now = running.get(key) ?? 0;
    if (now >= max) {
      res.set('Retry-After', '10');
      throw new AppError(
        429,
        'rate_limited',
        'A report of yours is still being made: wait for it, then try again',
      );
    }
    running.set(key, now + 1);
    res.on('close', () => {
      const left = (running.get(key) ?? 1) - 1;
      if (left > 0) running.set(key, left);
      else running.delete(key);
    });
    next();
  };
}
