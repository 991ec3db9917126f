import type { Map as MapLibreMap } from 'maplibre-gl';

/** A screen rectangle (CSS pixels). */
export interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Which labels to show when some overlap: in priority order (the first wins), a label is kept
 * when it does not overlap any kept one by more than `marginPx`; the rest are hidden, as
 * MapLibre's symbol collision does for the glyph labels this offline style cannot have.
 * @example keptLabels([{left:0,top:0,right:10,bottom:10},{left:5,top:5,right:15,bottom:15}]) // [true, false]
 */
export function keptLabels(boxes: readonly LabelBox[], marginPx = 2): boolean[] {
  const kept: LabelBox[] = [];
  return boxes.map((box) => {
    const overlaps = kept.some(
      (other) =>
        box.left < other.right + marginPx &&
        box.right > other.left - marginPx &&
        box.top < other.bottom + marginPx &&
        box.bottom > other.top - marginPx,
    );
    if (!overlaps) kept.push(box);
    return !overlaps;
  });
}

const hiddenClass = 'map-label--collided';

/** Hides the HTML labels of `map` that collide, survey-area labels before city names. */
export function hideCollidingLabels(map: MapLibreMap): void {
  const container = map.getContainer();
  const labels = [
    ...Array.from(container.querySelectorAll<HTMLElement>('.map-label--area')),
    ...Array.from(container.querySelectorAll<HTMLElement>('.map-label--city')),
  ].filter((label) => getComputedStyle(label).display !== 'none' || label.classList.contains(hiddenClass));
  for (const label of labels) label.classList.remove(hiddenClass);
  const shown = labels.filter((label) => getComputedStyle(label).display !== 'none');
  const keep = keptLabels(shown.map((label) => label.getBoundingClientRect()));
  shown.forEach((label, index) => label.classList.toggle(hiddenClass, !keep[index]));
}
