import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '@skywater/core/errors/app-error';

/**
 * Uploads (multipart, CSV) are read as sent: a `Content-Encoding` other than identity would be
 * parsed as if plain, so it is refused with a 415 before any handler reads the body. JSON bodies
 * may be gzip/deflate/br: body-parser inflates them (and refuses a plain body claiming gzip).
 */
export const refuseEncodedUploads: RequestHandler = (req, _res, next) => {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && !req.is('json')) {
    throw new UnsupportedMediaTypeError(
      `Content-Encoding ${encoding.slice(0, 40)} is accepted on JSON bodies only: send the upload uncompressed`,
    );
  }
  next();
};
