import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageMetadata } from '@skywater/core/survey/image-metadata';
import { djiXmpPacket, insertXmpSegment } from './dji-xmp';

describe('DJI XMP packet', () => {
  it('writes signed two-decimal strings as DJI firmware does', () => {
    const packet = djiXmpPacket({
      make: 'DJI',
      model: 'FC6310R',
      absoluteAltitudeM: 138,
      relativeAltitudeM: 100,
      gimbalRollDeg: 0,
      gimbalYawDeg: -89.6,
      gimbalPitchDeg: -90,
      flightRollDeg: 1.25,
      flightYawDeg: -90.4,
      flightPitchDeg: -2,
      rtkFlag: 50,
    });
    expect(packet).toContain('drone-dji:RelativeAltitude="+100.00"');
    expect(packet).toContain('drone-dji:GimbalPitchDegree="-90.00"');
    expect(packet).toContain('drone-dji:GimbalYawDegree="-89.60"');
    expect(packet).toContain('drone-dji:RtkFlag="50"');
  });

  it('is read back by core’s image-metadata reader once inserted into a JPEG', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#4a7034' } })
      .jpeg()
      .toBuffer();
    const packet = djiXmpPacket({
      make: 'DJI',
      model: 'FC6310R',
      absoluteAltitudeM: 212,
      relativeAltitudeM: 100,
      gimbalRollDeg: 0,
      gimbalYawDeg: 90.3,
      gimbalPitchDeg: -90,
      flightRollDeg: 0.4,
      flightYawDeg: 89.5,
      flightPitchDeg: -3.1,
      rtkFlag: 50,
    });
    const metadata = await readImageMetadata(insertXmpSegment(jpeg, packet));
    expect(metadata.dji).toMatchObject({
      relativeAltitudeM: 100,
      absoluteAltitudeM: 212,
      gimbalYawDeg: 90.3,
      rtkFlag: 50,
    });
    expect([metadata.imageWidthPx, metadata.imageHeightPx]).toEqual([32, 24]);
  });
});
