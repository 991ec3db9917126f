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
): Marker {
  const element = document.createElement('div');
  element.className = `map-label map-label--${kind}`;
  element.setAttribute('aria-hidden', 'true');
  for (const line of lines) {
    const span = document.createElement('span');
    span.textContent = line;
    element.appendChild(span);
  }
  return new Marker({ element, anchor: 'center' }).setLngLat(lngLat).addTo(map);
}
