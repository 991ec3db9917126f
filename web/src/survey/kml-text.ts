/** Text made safe inside XML elements and attributes (KML): `<>&"'` as character references. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The first lines of every KML document the app writes (OGC KML 2.2, UTF-8). */
export const KML_HEADER_LINES = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
] as const;
