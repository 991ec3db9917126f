import { ValidationError } from '../errors/app-error';
import type { FlightLogFormat } from './flight-log';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const SNIFF_BYTES = 64 * 1024;

/** Text at the start of a buffer, without a UTF-8 BOM. */
function leadingText(buffer: Buffer): string {
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.subarray(start, start + SNIFF_BYTES).toString('utf8');
}

/**
 * Local name of an XML document's root element, skipping the declaration, comments,
 * processing instructions and a DOCTYPE; undefined when none is found in the first 64 kB.
 */
export function xmlRootName(text: string): string | undefined {
  const withoutProlog = text
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, '');
  const match = /<\s*([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(withoutProlog);
  return match?.[2];
}

/**
 * Which flight-log format a file is, from its content (magic bytes, XML root element, JSON
 * start, a CSV header with latitude/longitude columns), never from its name: a name is only
 * quoted in the error. A zip is taken as KMZ (the KMZ reader checks it holds a KML).
 * Throws ValidationError when the content is none of GPX, KML, KMZ, CSV or GeoJSON.
 */
export function detectFlightLogFormat(buffer: Buffer, fileName = 'file'): FlightLogFormat {
  if (buffer.length === 0) throw new ValidationError(`${fileName}: the file is empty`);
  if (ZIP_MAGIC.every((byte, i) => buffer[i] === byte)) return 'kmz';
  const head = buffer.subarray(0, Math.min(buffer.length, 4096));
  if (head.includes(0)) {
    throw new ValidationError(
      `${fileName}: binary content that is not a KMZ (zip); expected GPX, KML, KMZ, CSV or GeoJSON`,
    );
  }
  const text = leadingText(buffer).trimStart();
  if (text.startsWith('<')) {
    const root = xmlRootName(text);
    if (root?.toLowerCase() === 'gpx') return 'gpx';
    if (root?.toLowerCase() === 'kml') return 'kml';
    throw new ValidationError(
      `${fileName}: XML whose root element is <${root ?? '?'}>, not <gpx> or <kml>: not a GPX or KML flight log`,
    );
  }
  if (text.startsWith('{') || text.startsWith('[')) return 'geojson';
  const headerLine = text.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (
    /(^|[,;\t"])\s*(lat|latitude)\b/.test(headerLine) &&
    /(^|[,;\t"])\s*(lon|lng|long|longitude)\b/.test(headerLine)
  ) {
    return 'csv';
  }
  throw new ValidationError(
    `${fileName}: not a recognised flight log (GPX, KML, KMZ, GeoJSON, or CSV with latitude and longitude columns)`,
  );
}
