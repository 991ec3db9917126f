import sharp from 'sharp';
import { ValidationError } from '@skywater/core/errors/app-error';
import { jpegDimensions } from '@skywater/core/survey/jpeg-structure';

export const THUMBNAIL_PX = 256;
export const PREVIEW_PX = 1280;

export interface ImageDerivatives {
  thumbnail: Buffer;
  preview: Buffer;
}

/**
 * Refuses, before any decoding, a photo whose header announces more than `maxPixels` pixels
 * (a "decompression bomb": a 30,000 × 30,000 px image needs 2.7 GB decoded).
 */
export function assertWithinPixelLimit(original: Buffer, maxPixels: number, fileName = 'image'): void {
  const size = jpegDimensions(original);
  if (size && size.widthPx * size.heightPx > maxPixels) {
    throw new ValidationError(
      `${fileName}: ${size.widthPx} × ${size.heightPx} px = ${(size.widthPx * size.heightPx).toLocaleString('en')} px is more than the limit of ${maxPixels.toLocaleString('en')} px (IMAGE_MAX_PIXELS)`,
    );
  }
}

/**
 * A web preview (longest side 1280 px) and a thumbnail (256 px) of a photo, JPEG, EXIF
 * orientation applied, metadata stripped; the original is not touched. sharp's
 * `limitInputPixels` is set, so a decompression bomb is refused by libvips before it is
 * decoded, whatever its header claims to our own check. The preview is decoded once with
 * JPEG shrink-on-load; the thumbnail is made from the preview's pixels, not a second decode.
 * A photo already no larger than the preview is its own preview.
 * Throws ValidationError for an image libvips cannot read (truncated, corrupt, too large).
 */
export async function makeImageDerivatives(
  original: Buffer,
  maxPixels: number,
  fileName = 'image',
): Promise<ImageDerivatives> {
  assertWithinPixelLimit(original, maxPixels, fileName);
  const options = { limitInputPixels: maxPixels, failOn: 'truncated' } as const;
  try {
    const size = jpegDimensions(original);
    if (size && Math.max(size.widthPx, size.heightPx) <= PREVIEW_PX) {
      // Already preview-sized: the preview is the photo itself (a copy; the original stays untouched).
      const thumbnail = await sharp(original, options)
        .rotate()
        .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 75 })
        .toBuffer();
      return { thumbnail, preview: Buffer.from(original) };
    }
    const { data, info } = await sharp(original, options)
      .rotate()
      .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const [preview, thumbnail] = await Promise.all([
      sharp(data, raw).jpeg({ quality: 80, mozjpeg: false }).toBuffer(),
      sharp(data, raw)
        .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 75 })
        .toBuffer(),
    ]);
    return { thumbnail, preview };
  } catch (error) {
    throw new ValidationError(
      `${fileName}: the image cannot be decoded (${(error as Error).message.trim()})`,
    );
  }
}
