import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Db } from '@skywater/core/db/db';
import { AppError, ConflictError, ValidationError } from '@skywater/core/errors/app-error';

const KEY_PATTERN = /^[\w.:-]{8,200}$/;
const KEEP_HOURS = 24;

/**
 * `Idempotency-Key` on a POST: the first answer (status < 500) is stored for 24 h and replayed
 * for the same user, key and request; the same key with another request is refused (422);
 * a retry while the first is still running gets 409. Without the header nothing changes.
 */
export function idempotencyKeys(db: Db): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || !key || !req.user) return next();
    if (!KEY_PATTERN.test(key))
      throw new ValidationError('Idempotency-Key must be 8-200 letters, digits, . : _ -');
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n`)
      .update(
        req.is('json')
          ? JSON.stringify(req.body ?? null)
          : `${req.get('content-type')};${req.get('content-length')}`,
      )
      .digest('hex');
    const userId = req.user.id;

    await db.query(`delete from idempotency_keys where created_at < now() - make_interval(hours => $1)`, [
      KEEP_HOURS,
    ]);
    const claimed = await db.query(
      `insert into idempotency_keys (user_id, key, method, path, request_sha256) values ($1, $2, $3, $4, $5)
       on conflict (user_id, key) do nothing`,
      [userId, key, req.method, req.originalUrl, requestHash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await db.query<{ request_sha256: string; status: number | null; body: unknown }>(
        `select request_sha256, status, body from idempotency_keys where user_id = $1 and key = $2`,
        [userId, key],
      );
      const stored = rows[0];
      if (stored && stored.request_sha256 !== requestHash) {
        throw new AppError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request',
        );
      }
      if (!stored || stored.status === null)
        throw new ConflictError('A request with this Idempotency-Key is still running');
      res.set('Idempotent-Replayed', 'true').status(stored.status).json(stored.body);
      return;
    }

    const json = res.json.bind(res);
    let body: unknown;
    res.json = (value: unknown) => {
      body = value;
      return json(value);
    };
    res.on('finish', () => {
      const done =
        res.statusCode < 500
          ? db.query(`update idempotency_keys set status = $3, body = $4 where user_id = $1 and key = $2`, [
              userId,
              key,
              res.statusCode,
              JSON.stringify(body ?? null),
            ])
          : db.query(`delete from idempotency_keys where user_id = $1 and key = $2`, [userId, key]);
      done.catch(() => undefined);
    });
    next();
  };
}
