import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { isJpeg } from '@skywater/core/survey/jpeg-structure';

/** Why an uploaded file was refused, with a code the client can act on. */
export class ImageRejection extends Error {
  constructor(
    readonly code: 'not_jpeg' | 'truncated' | 'too_large' | 'empty' | 'duplicate',
    message: string,
  ) {
    super(message);
  }
}

const SIGNATURES: [string, number[]][] = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['GIF', [0x47, 0x49, 0x46, 0x38]],
  ['TIFF', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF', [0x4d, 0x4d, 0x00, 0x2a]],
  ['WebP/RIFF', [0x52, 0x49, 0x46, 0x46]],
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
];

/**
 * A pass-through that checks the JPEG magic bytes (FF D8 FF) as soon as they arrive, and on
 * the way computes the SHA-256, the size and whether the file ends with the EOI marker (FF D9),
 * so an upload is checked while it streams to storage, without a second read.
 */
export class JpegUploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private checked = false;
  private tail = Buffer.alloc(0);
  sizeBytes = 0;
  sha256 = '';

  constructor(private readonly fileName: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (!this.checked) {
      this.head = Buffer.concat([this.head, chunk]).subarray(0, 16);
      if (this.head.length >= 3) {
        this.checked = true;
        if (!isJpeg(this.head)) return done(this.notJpeg());
      }
    }
    this.hash.update(chunk);
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-2);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.sizeBytes === 0) return done(new ImageRejection('empty', `${this.fileName}: the file is empty`));
    if (!this.checked) return done(this.notJpeg());
    this.sha256 = this.hash.digest('hex');
    done();
  }

  /** True when the last bytes are the JPEG end-of-image marker: a cut-off upload lacks it. */
  get endsWithEoi(): boolean {
    return this.tail.length === 2 && this.tail[0] === 0xff && this.tail[1] === 0xd9;
  }

  private notJpeg(): ImageRejection {
    const actual = SIGNATURES.find(([, bytes]) => bytes.every((b, i) => this.head[i] === b))?.[0];
    return new ImageRejection(
      'not_jpeg',
      `${this.fileName}: not a JPEG${actual ? ` (the content is ${actual}, whatever the file name says)` : ''}`,
    );
  }
}
