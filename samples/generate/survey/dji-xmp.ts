/**
 * A DJI-style XMP packet (attributes on one rdf:Description, signed strings with two
 * decimals such as "+100.00", as DJI firmware writes them; compare the Zenmuse X3 photo in
 * test/fixtures/survey) and its insertion into a JPEG as an APP1 segment.
 */
export interface DjiXmpValues {
  make: string;
  model: string;
  absoluteAltitudeM: number;
  relativeAltitudeM: number;
  gimbalRollDeg: number;
  gimbalYawDeg: number;
  gimbalPitchDeg: number;
  flightRollDeg: number;
  flightYawDeg: number;
  flightPitchDeg: number;
  rtkFlag: number;
}

const signed = (value: number) => `${value < 0 ? '-' : '+'}${Math.abs(value).toFixed(2)}`;

export function djiXmpPacket(values: DjiXmpValues): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about="DJI Meta Data"',
    '    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/"',
    `   tiff:Make="${values.make}"`,
    `   tiff:Model="${values.model}"`,
    '   dc:format="image/jpeg"',
    `   drone-dji:AbsoluteAltitude="${signed(values.absoluteAltitudeM)}"`,
    `   drone-dji:RelativeAltitude="${signed(values.relativeAltitudeM)}"`,
    `   drone-dji:GimbalRollDegree="${signed(values.gimbalRollDeg)}"`,
    `   drone-dji:GimbalYawDegree="${signed(values.gimbalYawDeg)}"`,
    `   drone-dji:GimbalPitchDegree="${signed(values.gimbalPitchDeg)}"`,
    `   drone-dji:FlightRollDegree="${signed(values.flightRollDeg)}"`,
    `   drone-dji:FlightYawDegree="${signed(values.flightYawDeg)}"`,
    `   drone-dji:FlightPitchDegree="${signed(values.flightPitchDeg)}"`,
    `   drone-dji:RtkFlag="${values.rtkFlag}">`,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

const XMP_NAMESPACE_HEADER = 'http://ns.adobe.com/xap/1.0/\0';

/**
 * The JPEG with an XMP APP1 segment inserted after its leading APP0/APP1 segments (JFIF,
 * EXIF), where readers expect it (XMP Specification Part 3, §1.1.3: a standard XMP packet
 * in one APP1 segment of at most 65,533 bytes).
 */
export function insertXmpSegment(jpeg: Buffer, xmpPacket: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const payload = Buffer.concat([
    Buffer.from(XMP_NAMESPACE_HEADER, 'latin1'),
    Buffer.from(xmpPacket, 'utf8'),
  ]);
  if (payload.length + 2 > 0xffff) throw new Error('XMP packet too large for one APP1 segment');
  const segment = Buffer.alloc(4 + payload.length);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  payload.copy(segment, 4);
  let offset = 2;
  while (
    offset + 4 <= jpeg.length &&
    jpeg[offset] === 0xff &&
    (jpeg[offset + 1] === 0xe0 || jpeg[offset + 1] === 0xe1)
  ) {
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return Buffer.concat([jpeg.subarray(0, offset), segment, jpeg.subarray(offset)]);
}
