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
      vendor: 'dji',
      relativeAltitudeM: expected['drone-dji:RelativeAltitude'],
      absoluteAltitudeM: expected['drone-dji:AbsoluteAltitude'],
      gimbalPitchDeg: expected['drone-dji:GimbalPitchDegree'],
      gimbalYawDeg: expected['drone-dji:GimbalYawDegree'],
      gimbalRollDeg: expected['drone-dji:GimbalRollDegree'],
      flightYawDeg: expected['drone-dji:FlightYawDegree'],
      flightPitchDeg: expected['drone-dji:FlightPitchDegree'],
      flightRollDeg: expected['drone-dji:FlightRollDegree'],
      rtkFlag: null,
      rtkStdLonM: null,
      rtkStdLatM: null,
      rtkStdHgtM: null,
      latitude: null,
      longitude: null,
    });
    expect(metadata.xmpLocation).toBe('app1');
    expect(metadata.angleProblems).toEqual([]);
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

// exifr fork Sitemark/exifr's test photo of a Zenmuse XT2 (visible camera): its XMP is not in an
// APP1 segment but in the Exif IFD's ApplicationNotes tag 0x02BC.
const xt2 = JSON.parse(fixture('dji-zenmuse-xt2.expected.json').toString())['DJI_Zenmuse_XT2_640_R_13mm.jpg'];

describe('readImageMetadata on a real DJI Zenmuse XT2 photo (XMP in Exif tag 0x02BC)', () => {
  it('reads height, gimbal and flight angles and RTK flag from the ApplicationNotes XMP, as exifr asserts', async () => {
    const metadata = await readImageMetadata(fixture('dji-zenmuse-xt2.jpg'));
    expect(metadata.xmpLocation).toBe('application_notes');
    expect(metadata.heightAboveTakeoffM).toBe(xt2['drone-dji:RelativeAltitude']);
    expect(metadata.dji).toMatchObject({
      vendor: 'dji',
      relativeAltitudeM: xt2['drone-dji:RelativeAltitude'],
      absoluteAltitudeM: xt2['drone-dji:AbsoluteAltitude'],
      gimbalPitchDeg: xt2['drone-dji:GimbalPitchDegree'],
      gimbalYawDeg: xt2['drone-dji:GimbalYawDegree'],
      gimbalRollDeg: xt2['drone-dji:GimbalRollDegree'],
      flightYawDeg: xt2['drone-dji:FlightYawDegree'],
      flightPitchDeg: xt2['drone-dji:FlightPitchDegree'],
      flightRollDeg: xt2['drone-dji:FlightRollDegree'],
      rtkFlag: xt2['drone-dji:RtkFlag'],
    });
  });

  it('reads make, model, size, focal length, time and the EXIF position as exifr asserts', async () => {
    const metadata = await readImageMetadata(fixture('dji-zenmuse-xt2.jpg'));
    expect(metadata).toMatchObject({
      make: xt2.Make,
      model: xt2.Model,
      imageWidthPx: xt2['sof.ImageWidth'],
      imageHeightPx: xt2['sof.ImageHeight'],
      focalLengthMm: xt2.FocalLength,
      capturedAtLocal: xt2.DateTimeOriginal,
      positionSource: 'exif',
    });
    expect(metadata.gps?.lat).toBeCloseTo(xt2.latitude, 12);
    expect(metadata.gps?.lon).toBeCloseTo(xt2.longitude, 12);
    expect(metadata.gps?.altitudeM).toBe(xt2.GPSAltitude);
  });
});

// OpenAthena's test photo of a Skydio 2 (drone-skydio XMP, camera attitude in the NED frame).
const skydio = JSON.parse(fixture('skydio-2-catalina.expected.json').toString())['skydio-catilina.jpg'];

describe('readImageMetadata on a real Skydio 2 photo', () => {
  it('reads the camera attitude and absolute altitude from drone-skydio, as OpenAthena asserts', async () => {
    const metadata = await readImageMetadata(fixture('skydio-2-catalina.jpg'));
    expect(metadata.make).toBe(skydio.Make);
    expect(metadata.focalLengthMm).toBe(skydio.FocalLength);
    expect(metadata.gps?.lat).toBeCloseTo(skydio.latitude, 6);
    expect(metadata.gps?.lon).toBeCloseTo(skydio.longitude, 6);
    expect(metadata.dji).toMatchObject({
      vendor: 'skydio',
      absoluteAltitudeM: skydio['drone-skydio:AbsoluteAltitude'],
      gimbalPitchDeg: skydio['drone-skydio:CameraOrientationNED:Pitch'],
      gimbalRollDeg: skydio['drone-skydio:CameraOrientationNED:Roll'],
      gimbalYawDeg: skydio['drone-skydio:CameraOrientationNED:Yaw'],
      relativeAltitudeM: null,
      latitude: skydio.latitude,
      longitude: skydio.longitude,
    });
    expect(metadata.heightAboveTakeoffM).toBeNull();
  });
});

/** The X3 photo's headers with its XMP packet's attributes edited (the same byte length is not needed: exifr reads segment lengths). */
function x3WithXmp(edit: (xmp: string) => string): Buffer {
  const photo = fixture('dji-zenmuse-x3-headers.jpg');
  const start = photo.indexOf('<x:xmpmeta');
  const end = photo.indexOf('</x:xmpmeta>') + '</x:xmpmeta>'.length;
  const segmentStart = photo.lastIndexOf(Buffer.from([0xff, 0xe1]), start);
  const header = photo.subarray(segmentStart + 4, start);
  const payload = Buffer.concat([
    header,
    Buffer.from(edit(photo.subarray(start, end).toString('utf8'))),
    photo.subarray(end, segmentStart + 2 + photo.readUInt16BE(segmentStart + 2)),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt16BE(0xffe1, 0);
  length.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([
    photo.subarray(0, segmentStart),
    length,
    payload,
    photo.subarray(segmentStart + 2 + photo.readUInt16BE(segmentStart + 2)),
  ]);
}

describe('readImageMetadata with edited XMP', () => {
  it('refuses an out-of-range gimbal pitch (+200°): the angle is null and the problem is named', async () => {
    const photo = x3WithXmp((xmp) =>
      xmp.replace(/drone-dji:GimbalPitchDegree="[^"]*"/, 'drone-dji:GimbalPitchDegree="+200.00"'),
    );
    const metadata = await readImageMetadata(photo);
    expect(metadata.dji?.gimbalPitchDeg).toBeNull();
    expect(metadata.angleProblems).toEqual(['GimbalPitchDegree +200° is outside −180…180°']);
  });

  it('takes the position from the XMP when EXIF GPS is empty, and RTK accuracy', async () => {
    const photo = x3WithXmp((xmp) =>
      xmp.replace(
        'drone-dji:RelativeAltitude=',
        'drone-dji:GpsLatitude="19.81865" drone-dji:GpsLongtitude="110.42" drone-dji:RtkFlag="50" drone-dji:RtkStdLon="0.012" drone-dji:RtkStdLat="0.011" drone-dji:RtkStdHgt="0.025" drone-dji:RelativeAltitude=',
      ),
    );
    const withExifGps = await readImageMetadata(photo);
    expect(withExifGps.positionSource).toBe('exif');
    expect(withExifGps.dji).toMatchObject({
      rtkFlag: 50,
      rtkStdLonM: 0.012,
      rtkStdLatM: 0.011,
      rtkStdHgtM: 0.025,
    });
    // The same photo with its EXIF segment hidden (identifier "Exif" renamed), as firmware that
    // leaves EXIF GPS empty: the position comes from the XMP.
    const exifHeader = photo.indexOf(Buffer.from('Exif\0\0', 'latin1'));
    const noExif = Buffer.from(photo);
    noExif.write('Exiv', exifHeader, 'latin1');
    const xmpOnly = await readImageMetadata(noExif);
    expect(xmpOnly.positionSource).toBe('xmp');
    expect(xmpOnly.gps).toEqual({ lat: 19.81865, lon: 110.42, altitudeM: -116.63 });
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
