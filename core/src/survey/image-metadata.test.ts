import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { readImageMetadata } from './image-metadata';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/survey/${name}`, import.meta.url));

// The oracle photo (exifr's test image DJI_Zenmuse_X3.JPG) with its header segments byte for
// byte and the compressed scan left out; the values exifr's tests assert are in
// dji-zenmuse-x3.expected.json.
const expected = JSON.parse(fixture('dji-zenmuse-x3.expected.json').toString())['DJI_Zenmuse_X3.JPG'];

describe('readImageMetadata on a real DJI Zenmuse X3 photo', () => {
  it('reads make, model, size, focal length and the local capture time as exifr asserts', async () => {
    const metadata = await readImageMetadata(fixture('dji-zenmuse-x3-headers.jpg'));
    expect(metadata.make).toBe(expected.Make);
    expect(metadata.model).toBe(expected.Model);
    expect(metadata.imageWidthPx).toBe(expected['sof.ImageWidth']);
    expect(metadata.imageHeightPx).toBe(expected['sof.ImageHeight']);
    expect(metadata.focalLengthMm).toBe(expected.FocalLength);
    expect(metadata.capturedAtLocal).toBe(expected.DateTimeOriginal);
  });

  it('reads the GPS position, with the altitude below sea level (GPSAltitudeRef 1) made negative', async () => {
    const metadata = await readImageMetadata(fixture('dji-zenmuse-x3-headers.jpg'));
    expect(metadata.gps?.lat).toBeCloseTo(expected.latitude, 12);
    expect(metadata.gps?.lon).toBeCloseTo(expected.longitude, 12);
    expect(metadata.gps?.altitudeM).toBe(-expected.GPSAltitude);
  });

  it('reads the drone-dji XMP and takes height above take-off from RelativeAltitude, never AbsoluteAltitude', async () => {
    const metadata = await readImageMetadata(fixture('dji-zenmuse-x3-headers.jpg'));
    expect(metadata.dji).toEqual({
      relativeAltitudeM: expected['drone-dji:RelativeAltitude'],
      absoluteAltitudeM: expected['drone-dji:AbsoluteAltitude'],
      gimbalPitchDeg: expected['drone-dji:GimbalPitchDegree'],
      gimbalYawDeg: expected['drone-dji:GimbalYawDegree'],
      gimbalRollDeg: expected['drone-dji:GimbalRollDegree'],
      flightYawDeg: expected['drone-dji:FlightYawDegree'],
      flightPitchDeg: expected['drone-dji:FlightPitchDegree'],
      flightRollDeg: expected['drone-dji:FlightRollDegree'],
      rtkFlag: null,
    });
    expect(metadata.dji?.absoluteAltitudeM).toBe(-116.63);
    expect(metadata.heightAboveTakeoffM).toBe(29.4);
  });

  it('converts the zone-less capture time with the given UTC offset (default China Standard Time)', async () => {
    const photo = fixture('dji-zenmuse-x3-headers.jpg');
    expect((await readImageMetadata(photo)).capturedAt).toEqual(new Date('2017-03-14T06:15:40Z'));
    expect((await readImageMetadata(photo, { defaultUtcOffsetMinutes: 60 })).capturedAt).toEqual(
      new Date('2017-03-14T13:15:40Z'),
    );
  });
});

describe('readImageMetadata on bad input', () => {
  it('refuses a PNG renamed .jpg, naming what it is', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await expect(readImageMetadata(png, { fileName: 'DJI_0001.jpg' })).rejects.toThrow(ValidationError);
    await expect(readImageMetadata(png, { fileName: 'DJI_0001.jpg' })).rejects.toThrow(
      'DJI_0001.jpg: not a JPEG (the content is PNG)',
    );
  });

  it('reads nothing, without throwing, from a JPEG truncated inside its EXIF segment', async () => {
    const truncated = fixture('dji-zenmuse-x3-headers.jpg').subarray(0, 30_000);
    const metadata = await readImageMetadata(truncated);
    expect(metadata).toMatchObject({ gps: null, dji: null, imageWidthPx: null, heightAboveTakeoffM: null });
  });

  it('returns empty metadata for a JPEG without EXIF or XMP', async () => {
    const bare = Buffer.from([
      0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0xab, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9,
    ]);
    const metadata = await readImageMetadata(bare);
    expect(metadata).toMatchObject({
      gps: null,
      dji: null,
      make: null,
      capturedAt: null,
      heightAboveTakeoffM: null,
    });
    expect([metadata.imageWidthPx, metadata.imageHeightPx]).toEqual([640, 427]);
  });
});
