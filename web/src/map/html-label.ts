import { type LngLatLike, type Map as MapLibreMap, Marker } from 'maplibre-gl';

export type HtmlLabelKind = 'city' | 'area';

/**
 * A text label as an HTML marker: the offline style has no glyphs, and the browser draws
 * Chinese text with the system's fonts. Purely visual (the legend lists the same names), so it
 * is hidden from screen readers and lets the pointer through to the map.
 */
export function addHtmlLabel(
  map: MapLibreMap,
  lngLat: LngLatLike,
  lines: readonly string[],
  kind: HtmlLabelKind,
  /** `group`: the one label of a group of areas (a district's grid cells), in its own style. */
  variant?: 'group',
): Marker {
  const element = document.createElement('div');
  element.className = `map-label map-label--${kind}${variant ? ` map-label--${variant}` : ''}`;
  element.setAttribute('aria-hidden', 'true');
  for (const line of lines) {
    const span = document.createElement('span');
    span.textContent = line;
    element.appendChild(span);
  }
  return new Marker({ element, anchor: 'center' }).setLngLat(lngLat).addTo(map);
}
