import type { JpegFrame } from './jpeg-structure';

/**
 * A progressive JPEG is decoded whole whatever the output size: ~2.9 bytes per pixel (measured:
 * a 14,000 × 14,000 px one took +572 MB to thumbnail, a baseline one of the same size +11 MB,
 * test/bench/jpeg-decode-memory.bench.ts). Drone cameras write baseline; a progressive photo
 * beyond this (~150 MB to decode) is refused before decoding.
 */
export const PROGRESSIVE_JPEG_MAX_PIXELS = 50_000_000;

export interface PixelBudgetProblem {
  code: 'too_many_pixels' | 'progressive_too_large' | 'no_frame_size';
  message: string;
}

/**
 * Whether decoding a photo with this start-of-frame stays within the pixel budget: the size the
 * decoder will actually allocate for (EXIF's dimensions may say anything). A frame of height 0
 * defers its height to a DNL marker after the scan data: no size can be trusted before decoding,
 * so it is refused. The upload route and the workers' decoders ask the same question.
 */
export function pixelBudgetProblem(
  frame: JpegFrame,
  maxPixels: number,
  fileName: string,
): PixelBudgetProblem | null {
  const { widthPx, heightPx } = frame;
  const pixels = widthPx * heightPx;
  if (widthPx === 0 || heightPx === 0) {
    return {
      code: 'no_frame_size',
      message: `${fileName}: the JPEG frame header gives no size (${widthPx} × ${heightPx} px), so it cannot be checked against the pixel limit`,
    };
  }
  if (pixels > maxPixels) {
    return {
      code: 'too_many_pixels',
      message: `${fileName}: ${widthPx} × ${heightPx} px = ${pixels.toLocaleString('en')} px is more than the limit of ${maxPixels.toLocaleString('en')} px (IMAGE_MAX_PIXELS)`,
    };
  }
  if (frame.progressive && pixels > Math.min(maxPixels, PROGRESSIVE_JPEG_MAX_PIXELS)) {
    return {
      code: 'progressive_too_large',
      message: `${fileName}: a progressive JPEG of ${widthPx} × ${heightPx} px is more than ${PROGRESSIVE_JPEG_MAX_PIXELS.toLocaleString('en')} px (decoded whole): save it as a baseline JPEG`,
    };
  }
  return null;
}
