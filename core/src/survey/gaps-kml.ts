import type { Polygon } from 'geojson';
import type { PlannedGap } from './gap-plan';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const ring = (positions: number[][]) =>
  `<LinearRing><coordinates>${positions.map((p) => `${p[0]},${p[1]}`).join(' ')}</coordinates></LinearRing>`;

function polygonKml(polygon: Polygon): string {
  const [outer, ...holes] = polygon.coordinates;
  return (
    `<Polygon><outerBoundaryIs>${ring(outer!)}</outerBoundaryIs>` +
    holes.map((hole) => `<innerBoundaryIs>${ring(hole)}</innerBoundaryIs>`).join('') +
    `</Polygon>`
  );
}

/**
 * Gaps as a KML 2.2 document (OGC 07-147r2) that flight-planning apps (DJI Pilot, Google Earth)
 * open: one Placemark per gap, in plan order, with its rank, area (m²) and centre point.
 */
export function gapsToKml(documentName: string, gaps: readonly PlannedGap[]): string {
  const placemarks = gaps.map(
    (gap) =>
      `<Placemark><name>Gap ${gap.rank}</name>` +
      `<description>${Math.round(gap.areaM2)} m²</description>` +
      `<ExtendedData><Data name="rank"><value>${gap.rank}</value></Data>` +
      `<Data name="areaM2"><value>${gap.areaM2.toFixed(1)}</value></Data>` +
      `<Data name="centroid"><value>${gap.centroid[0]},${gap.centroid[1]}</value></Data></ExtendedData>` +
      `<MultiGeometry><Point><coordinates>${gap.centroid[0]},${gap.centroid[1]}</coordinates></Point>${polygonKml(gap.geometry)}</MultiGeometry>` +
      `</Placemark>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>` +
    `<name>${escapeXml(documentName)}</name>${placemarks.join('\n')}</Document></kml>\n`
  );
}
