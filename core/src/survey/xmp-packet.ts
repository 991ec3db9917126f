import exifr from 'exifr';

/** An XMP packet's properties grouped by namespace prefix (`drone-dji`, `drone-skydio`, …). */
export type XmpNamespaces = Record<string, Record<string, unknown> | undefined>;

interface XmpSegmentParser {
  parse(xmp: string, options?: object): XmpNamespaces | undefined;
}

// exifr's own XMP parser (the one it applies to the APP1 XMP segment), so that an XMP packet
// found elsewhere in the file is read with exactly the same rules: numbers revived, nested
// rdf:Description structures (Skydio's CameraOrientationNED) turned into objects.
const xmpParser = exifr.segmentParsers.get('xmp') as unknown as XmpSegmentParser;

/**
 * Parses an XMP packet (`<x:xmpmeta …>` text) into its namespaces; an empty object when the
 * text holds no packet or cannot be parsed.
 *
 * @example parseXmpPacket('<x:xmpmeta …drone-dji:RelativeAltitude="+29.40"…>')['drone-dji']?.RelativeAltitude // 29.4
 */
export function parseXmpPacket(xmp: string): XmpNamespaces {
  if (!xmp.includes('xmpmeta') && !xmp.includes('rdf:RDF')) return {};
  try {
    return xmpParser.parse(xmp) ?? {};
  } catch {
    return {};
  }
}

/**
 * The XMP packet stored in the Exif IFD's ApplicationNotes tag (0x02BC, TIFF/EP and the XMP
 * Specification Part 3 §1.2.3.1: the way XMP is embedded in TIFF), where DJI enterprise cameras
 * (Zenmuse XT2 and others) write their drone-dji XMP instead of an APP1 XMP segment. exifr 7
 * returns the tag's bytes unparsed; null when the tag is absent or holds no XMP.
 */
export function applicationNotesXmp(exifIfd: Record<string | number, unknown> | undefined): string | null {
  const value = exifIfd?.[0x02bc];
  let text: string | null = null;
  if (typeof value === 'string') text = value;
  else if (value instanceof Uint8Array)
    text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  if (!text || !text.includes('xmpmeta')) return null;
  return text;
}
