import sharp, { type OutputInfo } from 'sharp';
import { ValidationError } from '@skywater/core/errors/app-error';
import { pixelBudgetProblem } from '@skywater/core/survey/jpeg-pixel-budget';
import { jpegDimensions, jpegFrame } from '@skywater/core/survey/jpeg-structure';
import { pixelQuality, type PixelQuality } from '@skywater/core/survey/pixel-quality';

export const THUMBNAIL_PX = 256;

// One photo per job: libvips's operation cache would only keep decoded pieces of past photos.
sharp.cache({ memory: 32, files: 0, items: 20 });
export const PREVIEW_PX = 1280;

/**
 * Refuses, before any decoding, a photo whose header announces more than `maxPixels` pixels
 * (a "decompression bomb": a 30,000 × 30,000 px image needs 2.7 GB decoded). The upload route
 * asks the same (jpeg-pixel-budget.ts); this is for photos stored before it did.
 */
export function assertWithinPixelLimit(original: Buffer, maxPixels: number, fileName = 'image'): void {
  const frame = jpegFrame(original);
  const problem = frame && pixelBudgetProblem(frame, maxPixels, fileName);
  if (problem) throw new ValidationError(problem.message);
}

/**
 * The 256 px thumbnail (longest side) of a photo, JPEG, EXIF orientation applied, metadata
 * stripped; the original is not touched. Decoded straight from the original with JPEG
 * shrink-on-load (1/8 scale for a 20 MP photo: 684 × 456 px to resize), as cheap as a bare
 * sharp thumbnail. sharp's `limitInputPixels` is set, so a decompression bomb is refused by
 * libvips before it is decoded, whatever its header claims to our own check.
 * Throws ValidationError for an image libvips cannot read (truncated, corrupt, too large).
 */
export async function makeThumbnail(
  original: Buffer,
  maxPixels: number,
  fileName = 'image',
): Promise<Buffer> {
  assertWithinPixelLimit(original, maxPixels, fileName);
  return decoding(fileName, () =>
    sharp(original, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'truncated' })
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer(),
  );
}

/**
 * The 256 px thumbnail, as `makeThumbnail`, and the photo's sharpness and exposure measured on
 * the same decoded pixels (pixel-quality.ts): one decode and resize to raw RGB, then the JPEG
 * encoded from those pixels and their luma (ITU-R BT.601 weights, as OpenCV's RGB→grey) read
 * in place. The image pipeline bench prints what this adds to the bare thumbnail.
 * Throws ValidationError as `makeThumbnail`.
 */
export async function makeThumbnailWithQuality(
  original: Buffer,
  maxPixels: number,
  fileName = 'image',
): Promise<{ thumbnail: Buffer; pixelQuality: PixelQuality }> {
  assertWithinPixelLimit(original, maxPixels, fileName);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(original, { limitInputPixels: maxPixels, failOn: 'truncated' })
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ValidationError(
      `${fileName}: the image cannot be decoded (${(error as Error).message.trim()})`,
    );
  }
  const { data, info } = decoded;
  const thumbnail = await sharp(data, {
    raw: { width: info.width, height: info.height, channels: info.channels },
  })
    .jpeg({ quality: 75 })
    .toBuffer();
  return { thumbnail, pixelQuality: pixelQuality(lumaOf(data, info.channels), info.width, info.height) };
}

/**
 * 8-bit luma of interleaved pixels: grey as is, else BT.601 in 8-bit fixed point,
 * (77 R + 150 G + 29 B + 128) >> 8 (the weights 0.299/0.587/0.114 × 256, as libjpeg's).
 */
function lumaOf(pixels: Buffer, channels: number): Uint8Array {
  if (channels === 1) return pixels;
  const luma = new Uint8Array(pixels.length / channels);
  if (channels < 3) {
    for (let i = 0, p = 0; i < luma.length; i++, p += channels) luma[i] = pixels[p]!;
    return luma;
  }
  for (let i = 0, p = 0; i < luma.length; i++, p += channels) {
    luma[i] = (pixels[p]! * 77 + pixels[p + 1]! * 150 + pixels[p + 2]! * 29 + 128) >> 8;
  }
  return luma;
}

/**
 * The web preview (longest side 1280 px) of a photo, JPEG, EXIF orientation applied, metadata
 * stripped, decoded with JPEG shrink-on-load (1/4 scale for a 20 MP photo); the original is
 * not touched, `limitInputPixels` is set as for the thumbnail. A photo already no larger than
 * the preview is its own preview (a copy). Made by its own, lower-priority job
 * (`make-preview`), after the photo's thumbnail, metadata and footprint are stored.
 * Throws ValidationError for an image libvips cannot read.
 */
export async function makePreview(original: Buffer, maxPixels: number, fileName = 'image'): Promise<Buffer> {
  assertWithinPixelLimit(original, maxPixels, fileName);
  const size = jpegDimensions(original);
  if (size && Math.max(size.widthPx, size.heightPx) <= PREVIEW_PX) return Buffer.from(original);
  return decoding(fileName, () =>
    sharp(original, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'truncated' })
      .rotate()
      .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
}

async function decoding(fileName: string, work: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await work();
  } catch (error) {
    throw new ValidationError(
      `${fileName}: the image cannot be decoded (${(error as Error).message.trim()})`,
    );
  }
}
