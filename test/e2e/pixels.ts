/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';

export interface PixelReport {
  /** How many different RGB colours the screenshot has. */
  distinctColours: number;
  /** Mean RGB of a 7×7 patch around each asked point (CSS pixels of the element). */
  patches: [number, number, number][];
}

/**
 * Screenshots `element` and analyses it inside the page (createImageBitmap + 2D canvas): only the
 * figures come back, not megabytes of pixels.
 */
export async function analyseElementPixels(
  page: Page,
  element: Locator,
  points: { x: number; y: number }[],
): Promise<PixelReport> {
  const png = await element.screenshot();
  return page.evaluate(
    async ({ base64, points }) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const seen = new Set<number>();
      for (let index = 0; index < data.length; index += 4)
        seen.add((data[index] << 16) | (data[index + 1] << 8) | data[index + 2]);
      const scale = window.devicePixelRatio;
      const patches = points.map(({ x, y }) => {
        const sum = [0, 0, 0];
        let count = 0;
        for (let dy = -3; dy <= 3; dy++) {
          for (let dx = -3; dx <= 3; dx++) {
            const px = Math.min(width - 1, Math.max(0, Math.round(x * scale) + dx));
            const py = Math.min(height - 1, Math.max(0, Math.round(y * scale) + dy));
            const offset = (py * width + px) * 4;
            for (let channel = 0; channel < 3; channel++) sum[channel] += data[offset + channel];
            count++;
          }
        }
        return sum.map((value) => value / count) as [number, number, number];
      });
      return { distinctColours: seen.size, patches };
    },
    { base64: png.toString('base64'), points },
  );
}

/** Euclidean RGB distance. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
