import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicationNotesXmp, parseXmpPacket } from './xmp-packet';

const xt2 = readFileSync(new URL('../../../test/fixtures/survey/dji-zenmuse-xt2.jpg', import.meta.url));

/** The bytes of the XT2 photo's XMP packet as they sit in its Exif ApplicationNotes tag. */
function xt2PacketBytes(): Uint8Array {
  const start = xt2.indexOf('<?xpacket begin');
  const end = xt2.indexOf('<?xpacket end="w"?>') + '<?xpacket end="w"?>'.length;
  return new Uint8Array(xt2.subarray(start, end));
}

describe('applicationNotesXmp', () => {
  it('decodes the packet from the tag bytes (0x02BC), and from a string', () => {
    const fromBytes = applicationNotesXmp({ [0x02bc]: xt2PacketBytes() });
    expect(fromBytes).toContain('drone-dji:RelativeAltitude>34.400002<');
    expect(applicationNotesXmp({ 700: fromBytes })).toBe(fromBytes);
  });

  it('answers null without the tag, or when the tag holds something else than XMP', () => {
    expect(applicationNotesXmp(undefined)).toBeNull();
    expect(applicationNotesXmp({})).toBeNull();
    expect(applicationNotesXmp({ [0x02bc]: new Uint8Array([1, 2, 3]) })).toBeNull();
  });
});

describe('parseXmpPacket', () => {
  it("reads DJI's element-style packet (XT2) into numbers by namespace", () => {
    const namespaces = parseXmpPacket(applicationNotesXmp({ [0x02bc]: xt2PacketBytes() })!);
    expect(namespaces['drone-dji']).toMatchObject({
      RelativeAltitude: 34.400002,
      GimbalPitchDegree: -89.900002,
      GimbalYawDegree: 89.300003,
      RtkFlag: 0,
    });
  });

  it('gives no namespaces for text that is not an XMP packet', () => {
    expect(parseXmpPacket('')).toEqual({});
    expect(parseXmpPacket('GimbalPitchDegree=-90')).toEqual({});
  });
});
