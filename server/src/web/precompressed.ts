import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import express from 'express';

/** Encodings the build writes beside each file (web/precompress-plugin.ts), best first. */
const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves `dir` like express.static, sending a file's Brotli or gzip copy made at build time when
 * the browser accepts that encoding (its `Accept-Encoding`, q-values included) and the copy exists,
 * with `Content-Encoding`, the original's `Content-Type` and `Vary: Accept-Encoding`. No request
 * compresses anything.
 */
export function precompressedStatic(
  dir: string,
  options: Parameters<typeof express.static>[1],
): RequestHandler[] {
  const root = path.resolve(dir);
  const pickCopy: RequestHandler = (req, _res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.resolve(root, `.${relative}`);
    if (!file.startsWith(root + path.sep)) return next();
    // Brotli first whenever it is accepted at all: browsers list `gzip, deflate, br` at equal q.
    const encoding = encodings.find((e) => req.acceptsEncodings(e.name) === e.name);
    if (encoding && fs.existsSync(file + encoding.suffix)) {
      const query = req.url.slice(req.path.length);
      req.url = `${req.path}${encoding.suffix}${query}`;
    }
    next();
  };
  const serve = express.static(root, {
    ...options,
    setHeaders(res: Response, filePath: string) {
      const encoding = encodings.find((e) => filePath.endsWith(e.suffix));
      res.setHeader('Vary', 'Accept-Encoding');
      if (!encoding) return;
      res.setHeader('Content-Encoding', encoding.name);
      res.type(path.extname(filePath.slice(0, -encoding.suffix.length)));
    },
  });
  return [pickCopy, serve];
}
