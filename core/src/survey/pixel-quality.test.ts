import { describe, expect, it } from 'vitest';
import { pixelQuality } from './pixel-quality';

const image = (widthPx: number, heightPx: number, value: (x: number, y: number) => number) => {
  const luma = new Uint8Array(widthPx * heightPx);
  for (let y = 0; y < heightPx; y++) for (let x = 0; x < widthPx; x++) luma[y * widthPx + x] = value(x, y);
  return luma;
};

describe('pixelQuality', () => {
  it('gives a flat grey image no Laplacian variance and its grey as mean', () => {
    expect(
      pixelQuality(
        image(32, 20, () => 128),
        32,
        20,
      ),
    ).toEqual({
      laplacianVariance: 0,
      meanLuma: 128,
      darkFraction: 0,
      brightFraction: 0,
    });
  });

  it('gives a one-pixel checkerboard of 0/255 the variance computed by hand: (4 × 255)² = 1,040,400', () => {
    // Each interior pixel differs from its four neighbours by ±255: Laplacian ±1020, mean 0.
    const board = pixelQuality(
      image(16, 16, (x, y) => ((x + y) % 2) * 255),
      16,
      16,
    );
    expect(board.laplacianVariance).toBeCloseTo(1_040_400, 6);
    expect(board.meanLuma).toBeCloseTo(127.5, 9);
    expect(board.darkFraction).toBe(0.5);
    expect(board.brightFraction).toBe(0.5);
  });

  it('refuses a buffer smaller than the size it claims', () => {
    expect(() => pixelQuality(new Uint8Array(10), 4, 4)).toThrow(RangeError);
  });
});
