/**
 * Sharpness and exposure of a photo from its greyscale pixels (8-bit luma, row-major), measured
 * on the thumbnail-sized copy the pipeline decodes anyway (256 px on the long side).
 */
export interface PixelQuality {
  /**
   * Variance of the Laplacian (Pech-Pacheco et al., "Diatom autofocusing in brightfield
   * microscopy", ICPR 2000; the blur measure drone teams use, as in OpenCV's
   * `Laplacian(gray, CV_64F).var()` with its default 3×3 kernel [0 1 0; 1 −4 1; 0 1 0]).
   */
  laplacianVariance: number;
  /** Mean luma, 0-255. */
  meanLuma: number;
  /** Share of pixels at or below 5 (crushed shadows). */
  darkFraction: number;
  /** Share of pixels at or above 250 (blown highlights). */
  brightFraction: number;
}

/** Thresholds for the pixel flags; see docs/survey.md, "QC flags". */
export const PIXEL_QC_LIMITS = {
  /**
   * Below this Laplacian variance (on the 256 px thumbnail) a photo is `blurry`. OpenCV users'
   * customary 100 is for full-size images; on a thumbnail 1/15-1/30 of a 12-20 MP photo, blur
   * shrinks with the image, so only blur of more than ~0.5 % of the width (a 20 px smear on a
   * 4000 px photo) remains visible: real photos score 500-2,500 here (the Zenmuse XT2 and
   * Skydio 2 fixtures), the demo's 640 px copies 86 at the lowest (median 133), the XT2 photo blurred by a 32 px
   * Gaussian under 50 (image-derivatives.test.ts).
   */
  minLaplacianVariance: 50,
  /** Mean luma below this, or more than `maxClippedFraction` crushed, is `underexposed`. */
  minMeanLuma: 40,
  /** Mean luma above this, or more than `maxClippedFraction` blown, is `overexposed`. */
  maxMeanLuma: 220,
  maxClippedFraction: 0.25,
} as const;

/**
 * Sharpness and exposure figures of a greyscale image.
 *
 * @example pixelQuality(new Uint8Array(64 * 64).fill(128), 64, 64).laplacianVariance // 0 (flat grey)
 */
export function pixelQuality(luma: Uint8Array, widthPx: number, heightPx: number): PixelQuality {
  if (luma.length < widthPx * heightPx) throw new RangeError('luma buffer smaller than width × height');
  let sum = 0;
  let dark = 0;
  let bright = 0;
  const count = widthPx * heightPx;
  for (let i = 0; i < count; i++) {
    const value = luma[i]!;
    sum += value;
    if (value <= 5) dark++;
    else if (value >= 250) bright++;
  }
  // Laplacian on the interior pixels (OpenCV reflects the border; leaving it out changes the
  // variance by a fraction of a percent at 256 px and avoids inventing pixels).
  let lapSum = 0;
  let lapSumSquares = 0;
  let lapCount = 0;
  for (let y = 1; y < heightPx - 1; y++) {
    const row = y * widthPx;
    for (let x = 1; x < widthPx - 1; x++) {
      const i = row + x;
      const laplacian = luma[i - 1]! + luma[i + 1]! + luma[i - widthPx]! + luma[i + widthPx]! - 4 * luma[i]!;
      lapSum += laplacian;
      lapSumSquares += laplacian * laplacian;
      lapCount++;
    }
  }
  const lapMean = lapCount ? lapSum / lapCount : 0;
  return {
    laplacianVariance: lapCount ? lapSumSquares / lapCount - lapMean * lapMean : 0,
    meanLuma: count ? sum / count : 0,
    darkFraction: count ? dark / count : 0,
    brightFraction: count ? bright / count : 0,
  };
}
