import { describe, expect, it } from 'vitest';
import { BodyHash, multipartBoundary } from './body-hash';

const form = (boundary: string, file: string) =>
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n\r\n${file}\r\n--${boundary}--\r\n`,
  );

function digestInChunks(body: Buffer, boundary: string, size: number): string {
  const hash = new BodyHash(multipartBoundary(`multipart/form-data; boundary=${boundary}`));
  for (let at = 0; at < body.length; at += size) hash.update(body.subarray(at, at + size));
  return hash.digest();
}

describe('BodyHash', () => {
  it('hashes a form the same whatever boundary was picked and however the bytes were cut', () => {
    const a = '----formdata-undici-0123456789';
    const b = '----WebKitFormBoundaryZx81';
    const whole = digestInChunks(form(a, 'x,y\n1,2\n'), a, 1 << 20);
    for (const size of [1, 2, 3, 7, 16, 31, 64]) {
      expect(digestInChunks(form(a, 'x,y\n1,2\n'), a, size)).toBe(whole);
      expect(digestInChunks(form(b, 'x,y\n1,2\n'), b, size)).toBe(whole);
    }
  });

  it('tells two files of the same length apart', () => {
    const a = 'boundary-1';
    expect(digestInChunks(form(a, 'x,y\n1,2\n'), a, 5)).not.toBe(digestInChunks(form(a, 'x,y\n1,3\n'), a, 5));
  });

  it('reads the boundary, quoted or not, and none from other types', () => {
    expect(multipartBoundary('multipart/form-data; boundary="a b"')?.toString()).toBe('a b');
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary=xyz')?.toString()).toBe('xyz');
    expect(multipartBoundary('text/csv')).toBeNull();
  });
});
