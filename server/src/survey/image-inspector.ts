import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { pixelBudgetProblem, type PixelBudgetProblem } from '@skywater/core/survey/jpeg-pixel-budget';
import { isJpeg, scanJpegFrame } from '@skywater/core/survey/jpeg-structure';

/** Why an uploaded file was refused, with a code the client can act on. */
export class ImageRejection extends Error {
  constructor(
    readonly code:
      | 'not_jpeg'
      | 'truncated'
      | 'too_large'
      | 'empty'
      | 'duplicate'
      | 'no_frame_header'
      | PixelBudgetProblem['code'],
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
 * Camera headers (EXIF, XMP, a maker's APP segments, an embedded thumbnail) come before the
 * frame header; a file whose first 4 MiB hold no frame header is not a photo this product reads.
 */
export const FRAME_HEADER_SEARCH_BYTES = 4 * 1024 * 1024;

/**
 * A pass-through that checks the JPEG magic bytes (FF D8 FF) and the frame header's pixel size
 * (jpeg-pixel-budget.ts) as soon as they arrive, holding every byte back until both pass, so a
 * refused photo never reaches storage; on the way it computes the SHA-256, the size and whether
 * the file ends with the EOI marker (FF D9), so an upload is checked while it streams, without
 * a second read.
 */
export class JpegUploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  /** The bytes held back until the frame header is read (null once it passed). */
  private head: Buffer | null = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  sizeBytes = 0;
  sha256 = '';

  constructor(
    private readonly fileName: string,
    private readonly maxPixels: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sizeBytes += chunk.length;
    this.hash.update(chunk);
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-2);
    if (!this.head) return done(null, chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const verdict = this.readHead(this.head, false);
    if (verdict instanceof ImageRejection) return done(verdict);
    if (verdict === 'wait') return done();
    const held = this.head;
    this.head = null;
    done(null, held);
  }

  override _flush(done: TransformCallback): void {
    if (this.sizeBytes === 0) return done(new ImageRejection('empty', `${this.fileName}: the file is empty`));
    if (this.head) {
      const verdict = this.readHead(this.head, true);
      if (verdict instanceof ImageRejection) return done(verdict);
      this.push(this.head);
      this.head = null;
    }
    this.sha256 = this.hash.digest('hex');
    done();
  }

  /** `pass` once the magic bytes and the frame header are read and within budget. */
  private readHead(head: Buffer, atEnd: boolean): 'wait' | 'pass' | ImageRejection {
    if (head.length < 3) return atEnd ? this.notJpeg(head) : 'wait';
    if (!isJpeg(head)) return this.notJpeg(head);
    const scan = scanJpegFrame(head);
    if (scan.kind === 'more' && atEnd)
      return new ImageRejection('truncated', `${this.fileName}: the JPEG is cut off before its frame header`);
    if (scan.kind === 'more' && head.length <= FRAME_HEADER_SEARCH_BYTES) return 'wait';
    if (scan.kind !== 'frame') {
      return new ImageRejection(
        'no_frame_header',
        `${this.fileName}: no JPEG frame header (image size) before the image data or within the first ${FRAME_HEADER_SEARCH_BYTES / 1024 / 1024} MiB`,
      );
    }
    const problem = pixelBudgetProblem(scan.frame, this.maxPixels, this.fileName);
    return problem ? new ImageRejection(problem.code, problem.message) : 'pass';
  }

  /** True when the last bytes are the JPEG end-of-image marker: a cut-off upload lacks it. */
  get endsWithEoi(): boolean {
    return this.tail.length === 2 && this.tail[0] === 0xff && this.tail[1] === 0xd9;
  }

  private notJpeg(head: Buffer): ImageRejection {
    const actual = SIGNATURES.find(([, bytes]) => bytes.every((b, i) => head[i] === b))?.[0];
    return new ImageRejection(
      'not_jpeg',
      `${this.fileName}: not a JPEG${actual ? ` (the content is ${actual}, whatever the file name says)` : ''}`,
    );
  }
}
