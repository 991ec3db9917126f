import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressedStatic } from './precompressed';

const script = Buffer.from(`export const answer = ${JSON.stringify('天水'.repeat(500))};\n`);
let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precompressed-'));
  fs.writeFileSync(path.join(dir, 'app-1a2b.js'), script);
  fs.writeFileSync(path.join(dir, 'app-1a2b.js.br'), brotliCompressSync(script));
  fs.writeFileSync(path.join(dir, 'app-1a2b.js.gz'), gzipSync(script));
  fs.writeFileSync(path.join(dir, 'small.css'), 'body{}');
  const app = express();
  app.use('/assets', precompressedStatic(dir, { immutable: true, maxAge: '365d', index: false }));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (no decompression on the way), its status, headers and body bytes. */
function get(pathname: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      http
        .get(
          base + pathname,
          { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        )
        .on('error', reject);
    },
  );
}

describe('precompressedStatic', () => {
  it('sends the Brotli copy to a browser that accepts it, typed as the original', async () => {
    const reply = await get('/assets/app-1a2b.js', 'gzip, deflate, br');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(reply.headers.vary).toContain('Accept-Encoding');
    expect(reply.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(reply.body)).toEqual(script);
    expect(reply.body.length).toBeLessThan(script.length / 5);
  });

  it('sends gzip when Brotli is not accepted (or refused with q=0)', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip']) {
      const reply = await get('/assets/app-1a2b.js', accept);
      expect(reply.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(reply.body)).toEqual(script);
    }
  });

  it('sends the file as it is without Accept-Encoding, or when it has no compressed copy', async () => {
    const plain = await get('/assets/app-1a2b.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(script);
    const small = await get('/assets/small.css', 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-type']).toMatch(/^text\/css/);
    expect(small.body.toString()).toBe('body{}');
  });

  it('keeps the ETags of the encodings apart', async () => {
    const br = await get('/assets/app-1a2b.js', 'br');
    const gzip = await get('/assets/app-1a2b.js', 'gzip');
    const plain = await get('/assets/app-1a2b.js', 'identity');
    expect(new Set([br.headers.etag, gzip.headers.etag, plain.headers.etag]).size).toBe(3);
  });

  it('does not serve a path outside its directory', async () => {
    expect((await get('/assets/..%2f..%2fetc%2fpasswd', 'br')).status).toBe(404);
    expect((await get('/assets/missing.js', 'br')).status).toBe(404);
  });
});
