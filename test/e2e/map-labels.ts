/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** The HTML labels shown on the map (not hidden by collision or zoom): text and screen box. */
export function shownLabels(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.map-canvas .map-label'))
      .filter(
        (label) =>
          getComputedStyle(label).display !== 'none' && getComputedStyle(label).visibility !== 'hidden',
      )
      .map((label) => {
        const box = label.getBoundingClientRect();
        return {
          text: label.textContent ?? '',
          group: label.classList.contains('map-label--group'),
          area: label.classList.contains('map-label--area'),
          box: { left: box.left, top: box.top, right: box.right, bottom: box.bottom },
        };
      }),
  );
}

export type ShownLabel = Awaited<ReturnType<typeof shownLabels>>[number];

/** Pairs of shown labels whose boxes overlap (by more than a pixel), by their text. */
export function overlappingLabels(labels: readonly ShownLabel[]): string[] {
  const pairs: string[] = [];
  labels.forEach((a, i) =>
    labels.slice(i + 1).forEach((b) => {
      const overlap =
        a.box.left < b.box.right - 1 &&
        b.box.left < a.box.right - 1 &&
        a.box.top < b.box.bottom - 1 &&
        b.box.top < a.box.bottom - 1;
      if (overlap) pairs.push(`${a.text} × ${b.text}`);
    }),
  );
  return pairs;
}
