import { createHash } from 'node:crypto';

/** The boundary of a multipart Content-Type, as bytes (null for any other type). */
export function multipartBoundary(contentType: string | undefined): Buffer | null {
  const match = /^multipart\/[^;]+;.*\bboundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  return boundary ? Buffer.from(boundary, 'latin1') : null;
}

/** SHA-256 of a stream with every occurrence of `cut` left out (found across chunk edges too). */
export class BodyHash {
  private readonly hash = createHash('sha256');
  private tail = Buffer.alloc(0);

  constructor(private readonly cut: Buffer | null) {}

  update(chunk: Buffer): void {
    if (!this.cut) {
      this.hash.update(chunk);
      return;
    }
    let bytes = Buffer.concat([this.tail, chunk]);
    for (let at = bytes.indexOf(this.cut); at !== -1; at = bytes.indexOf(this.cut)) {
      this.hash.update(bytes.subarray(0, at));
      bytes = bytes.subarray(at + this.cut.length);
    }
    // The last bytes may be the start of a boundary cut by the chunk's edge: kept for the next.
    const keep = Math.min(bytes.length, this.cut.length - 1);
    this.hash.update(bytes.subarray(0, bytes.length - keep));
    this.tail = Buffer.from(bytes.subarray(bytes.length - keep));
  }

  digest(): string {
    this.hash.update(this.tail);
    return this.hash.digest('hex');
  }
}
