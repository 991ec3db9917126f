import type { Locator, Page } from 'playwright-core';

/** RGBA pixels of a screenshot, decoded by the browser itself (no PNG library needed in Node). */
export interface Pixels {
  width: number;
  height: number;
  data: number[];
}

/** Screenshots `element` and decodes it to pixels in `page` (createImageBitmap + 2D canvas). */
export async function elementPixels(page: Page, element: Locator): Promise<Pixels> {
  const png = await element.screenshot();
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: image.width, height: image.height, data: Array.from(image.data) };
  }, png.toString('base64'));
}

/** How many different RGB colours the image has. */
export function distinctColours(pixels: Pixels): number {
  const seen = new Set<number>();
  for (let index = 0; index < pixels.data.length; index += 4) seen.add((pixels.data[index] << 16) | (pixels.data[index + 1] << 8) | pixels.data[index + 2]);
  return seen.size;
}

/** Mean RGB of the (2r+1)² patch around (x, y) in CSS pixels of the element (scale = device pixels per CSS pixel). */
export function patchMean(pixels: Pixels, x: number, y: number, radius = 3, scale = 1): [number, number, number] {
  const sum = [0, 0, 0];
  let count = 0;
  const cx = Math.round(x * scale);
  const cy = Math.round(y * scale);
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const px = Math.min(pixels.width - 1, Math.max(0, cx + dx));
      const py = Math.min(pixels.height - 1, Math.max(0, cy + dy));
      const offset = (py * pixels.width + px) * 4;
      for (let channel = 0; channel < 3; channel++) sum[channel] += pixels.data[offset + channel];
      count++;
    }
  }
  return sum.map((value) => value / count) as [number, number, number];
}

/** Euclidean RGB distance. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
