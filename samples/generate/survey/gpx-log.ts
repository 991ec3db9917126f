import type { PlannedTrackPoint } from './lawnmower';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A GPX 1.1 log with one track, one `trkseg` per segment, `ele` above sea level and UTC times. */
export function writeGpxLog(name: string, segments: PlannedTrackPoint[][]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Skywater demo generator" xmlns="http://www.topografix.com/GPX/1/1">',
    `  <metadata><name>${escapeXml(name)}</name><time>${segments[0]![0]!.time.toISOString()}</time></metadata>`,
    `  <trk>`,
    `    <name>${escapeXml(name)}</name>`,
  ];
  for (const segment of segments) {
    lines.push('    <trkseg>');
    for (const p of segment) {
      lines.push(
        `      <trkpt lat="${p.lat.toFixed(7)}" lon="${p.lon.toFixed(7)}"><ele>${p.altitudeMslM.toFixed(1)}</ele><time>${p.time.toISOString()}</time></trkpt>`,
      );
    }
    lines.push('    </trkseg>');
  }
  lines.push('  </trk>', '</gpx>', '');
  return lines.join('\n');
}
