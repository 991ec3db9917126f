import type { Finding } from '../api/findings-api';
import { findingPoint } from './finding-point';
import { escapeXml, KML_HEADER_LINES } from '../survey/kml-text';

/** The columns of the findings CSV, one finding a row (dates ISO 8601, confidence 0-1). */
const csvColumns = [
  'id',
  'status',
  'crop',
  'confidence',
  'source',
  'areaId',
  'lon',
  'lat',
  'createdAt',
  'evidenceImageIds',
  'note',
] as const;

/** RFC 4180: a field with a comma, quote or line break goes in quotes, quotes doubled. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function evidenceIds(finding: Finding): string {
  return (finding.evidence ?? [])
    .map((evidence) => evidence.imageId)
    .filter((id) => id !== undefined)
    .join(' ');
}

/**
 * The findings as CSV (RFC 4180, CRLF line ends), with a UTF-8 byte-order mark so that a
 * spreadsheet opened on a Chinese Windows reads the notes as UTF-8, not GBK.
 */
export function findingsCsv(findings: readonly Finding[]): string {
  const rows = findings.map((finding) => {
    const point = findingPoint(finding.geometry);
    const values: Record<(typeof csvColumns)[number], unknown> = {
      id: finding.id,
      status: finding.status,
      crop: finding.crop,
      confidence: finding.confidence,
      source: finding.source,
      areaId: finding.areaId,
      lon: point?.[0],
      lat: point?.[1],
      createdAt: finding.createdAt,
      evidenceImageIds: evidenceIds(finding),
      note: finding.note,
    };
    return csvColumns.map((column) => csvField(values[column])).join(',');
  });
  return `\uFEFF${[csvColumns.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The findings as a GeoJSON FeatureCollection (RFC 7946), their geometry as recorded. */
export function findingsGeoJson(findings: readonly Finding[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: findings.map((finding) => {
      const { geometry, ...properties } = finding;
      return { type: 'Feature', id: finding.id, geometry, properties };
    }),
  });
}

/**
 * The findings as KML placemarks at their points (a polygon plot at the mean of its vertices),
 * named "#id status crop", for a GPS or Google Earth in the field.
 */
export function findingsKml(findings: readonly Finding[], documentName: string): string {
  const placemarks = findings.flatMap((finding) => {
    const point = findingPoint(finding.geometry);
    if (!point) return [];
    const data = { status: finding.status, crop: finding.crop, confidence: finding.confidence };
    return [
      `<Placemark><name>${escapeXml(`#${finding.id} ${finding.status} ${finding.crop}`)}</name>` +
        (finding.note ? `<description>${escapeXml(finding.note)}</description>` : '') +
        `<ExtendedData>${Object.entries(data)
          .map(([key, value]) => `<Data name="${key}"><value>${escapeXml(String(value))}</value></Data>`)
          .join('')}</ExtendedData>` +
        `<Point><coordinates>${point[0]},${point[1]},0</coordinates></Point></Placemark>`,
    ];
  });
  return [
    ...KML_HEADER_LINES,
    `<name>${escapeXml(documentName)}</name>`,
    ...placemarks,
    '</Document></kml>',
  ].join('\n');
}

/** Offers `text` as a file download (a blob URL clicked once, then released). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
