import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Db } from '@skywater/core/db/db';
import { AppError, ConflictError, ValidationError } from '@skywater/core/errors/app-error';
import { BodyHash, multipartBoundary } from './body-hash';

const KEY_PATTERN = /^[\w.:-]{8,200}$/;
const KEEP_HOURS = 24;
/** Stored while a streamed request runs: its body's hash is known only once it has been read. */
const PENDING_STREAM = 'pending-stream';

/**
 * `Idempotency-Key` on a POST: the first answer (status < 500) is stored for 24 h and replayed
 * for the same user, key and request; the same key with another request is refused (422);
 * a retry while the first is still running gets 409. Without the header nothing changes.
 *
 * "The same request" is the method, the URL and the body: a JSON body as parsed; any other body
 * (multipart uploads) by the SHA-256 of its bytes, hashed while the handler streams them and
 * stored when it is done. A retry of a stored upload is read through (hashed, not handled) and
 * replayed only if its bytes are the same.
 */
export function idempotencyKeys(db: Db): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || !key || !req.user) return next();
    if (!KEY_PATTERN.test(key))
      throw new ValidationError('Idempotency-Key must be 8-200 letters, digits, . : _ -');
    const streamed = !req.is('json');
    const bodyHash = streamed ? tapBody(req) : undefined;
    bodyHash?.catch(() => undefined);
    const requestHashOf = (body: string) =>
      createHash('sha256').update(`${req.method} ${req.originalUrl}\n`).update(body).digest('hex');
    const userId = req.user.id;

    await db.query(`delete from idempotency_keys where created_at < now() - make_interval(hours => $1)`, [
      KEEP_HOURS,
    ]);
    const claimed = await db.query(
      `insert into idempotency_keys (user_id, key, method, path, request_sha256) values ($1, $2, $3, $4, $5)
       on conflict (user_id, key) do nothing`,
      [
        userId,
        key,
        req.method,
        req.originalUrl,
        streamed ? PENDING_STREAM : requestHashOf(JSON.stringify(req.body ?? null)),
      ],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await db.query<{ request_sha256: string; status: number | null; body: unknown }>(
        `select request_sha256, status, body from idempotency_keys where user_id = $1 and key = $2`,
        [userId, key],
      );
      const stored = rows[0];
      if (!stored || stored.status === null) {
        req.resume();
        throw new ConflictError('A request with this Idempotency-Key is still running');
      }
      const requestHash = bodyHash
        ? requestHashOf(await readThrough(req, bodyHash))
        : requestHashOf(JSON.stringify(req.body ?? null));
      if (stored.request_sha256 !== requestHash) {
        throw new AppError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request',
        );
      }
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
      const forget = () =>
        db.query(`delete from idempotency_keys where user_id = $1 and key = $2`, [userId, key]);
      const done = async () => {
        if (res.statusCode >= 500) return forget();
        // An answer given before the whole upload was read (an early refusal): read the rest, so
        // the stored hash is of the whole body.
        const requestHash = bodyHash ? requestHashOf(await readThrough(req, bodyHash)) : null;
        await db.query(
          `update idempotency_keys set status = $3, body = $4, request_sha256 = coalesce($5, request_sha256)
           where user_id = $1 and key = $2`,
          [userId, key, res.statusCode, JSON.stringify(body ?? null), requestHash],
        );
      };
      // A body cut off (the client went away) cannot be bound to its key: the key is freed.
      done().catch(() => forget().catch(() => undefined));
    });
    next();
  };
}

/**
 * The SHA-256 of the request's body as whoever reads it reads it: every chunk the stream hands
 * out (`data` events, which `pipe` uses too) is hashed on the way. A multipart body is hashed
 * without its boundary, which each sending picks at random: a retry of the same form and files
 * hashes the same. Rejects if the request closes before its end.
 */
function tapBody(req: Request): Promise<string> {
  const hash = new BodyHash(multipartBoundary(req.get('content-type')));
  const emit = req.emit.bind(req);
  req.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'data') hash.update(args[0] as Buffer);
    return emit(event, ...args);
  }) as typeof req.emit;
  return new Promise((resolve, reject) => {
    req.once('end', () => resolve(hash.digest()));
    req.once('close', () => {
      if (!req.readableEnded) reject(new ValidationError('The request body was cut off'));
    });
  });
}

/** The body's hash once it has all been read: what no handler read is read and dropped here. */
function readThrough(req: Request, bodyHash: Promise<string>): Promise<string> {
  if (!req.readableEnded) req.resume();
  return bodyHash;
}
