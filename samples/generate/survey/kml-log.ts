import type { PlannedTrackPoint } from './lawnmower';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A KML 2.2 log as Google Earth / My Tracks write it: one Placemark per segment holding a
 * `gx:Track` (a `when` and a `gx:coord` per point, altitude above sea level).
 */
export function writeKmlLog(name: string, segments: PlannedTrackPoint[][]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">',
    '  <Document>',
    `    <name>${escapeXml(name)}</name>`,
  ];
  segments.forEach((segment, index) => {
    lines.push(
      '    <Placemark>',
      `      <name>${escapeXml(name)} #${index + 1}</name>`,
      '      <gx:Track>',
      '        <altitudeMode>absolute</altitudeMode>',
    );
    for (const p of segment) lines.push(`        <when>${p.time.toISOString()}</when>`);
    for (const p of segment)
      lines.push(
        `        <gx:coord>${p.lon.toFixed(7)} ${p.lat.toFixed(7)} ${p.altitudeMslM.toFixed(1)}</gx:coord>`,
      );
    lines.push('      </gx:Track>', '    </Placemark>');
  });
  lines.push('  </Document>', '</kml>', '');
  return lines.join('\n');
}
