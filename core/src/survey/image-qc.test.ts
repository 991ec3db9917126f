import { describe, expect, it } from 'vitest';
import type { DjiXmp } from './image-metadata';
import { coverageExclusionReasons, imageQcFlags } from './image-qc';
import type { PixelQuality } from './pixel-quality';

const nadirDji: DjiXmp = {
  vendor: 'dji',
  relativeAltitudeM: 100,
  absoluteAltitudeM: 130,
  gimbalPitchDeg: -90,
  gimbalYawDeg: 87.5,
  gimbalRollDeg: 0,
  flightYawDeg: 88.1,
  flightPitchDeg: -2,
  flightRollDeg: 0.5,
  rtkFlag: 50,
  rtkStdLonM: 0.01,
  rtkStdLatM: 0.01,
  rtkStdHgtM: 0.02,
  latitude: null,
  longitude: null,
};

const goodPhoto = {
  gps: { lat: 20.0, lon: 110.3, altitudeM: 130 },
  dji: nadirDji,
  capturedAt: new Date('2025-03-01T02:10:00Z'),
  heightAboveTakeoffM: 100,
};

const flight = { startedAt: new Date('2025-03-01T02:00:00Z'), endedAt: new Date('2025-03-01T02:25:00Z') };
const HAINAN: [number, number, number, number] = [108.5, 18.1, 111.1, 20.2];

describe('imageQcFlags', () => {
  it('raises nothing for a good nadir photo inside its flight', () => {
    expect(
      imageQcFlags(goodPhoto, {
        gsdCm: 2.74,
        maxGsdCm: 5,
        flight,
        expectedBounds: HAINAN,
        sha256: 'AB12',
        knownSha256: new Set(['cd34']),
      }),
    ).toEqual([]);
  });

  it('flags a photo without GPS and without height', () => {
    expect(imageQcFlags({ ...goodPhoto, gps: null, heightAboveTakeoffM: null })).toEqual([
      'no_gps',
      'no_height',
    ]);
  });

  it('takes gimbal angles of exactly 0/0/0 as missing, not as a horizontal camera', () => {
    const zeroed = { ...nadirDji, gimbalPitchDeg: 0, gimbalYawDeg: 0, gimbalRollDeg: 0 };
    expect(imageQcFlags({ ...goodPhoto, dji: zeroed })).toEqual(['gimbal_missing']);
    expect(imageQcFlags({ ...goodPhoto, dji: null, heightAboveTakeoffM: null })).toEqual([
      'no_height',
      'gimbal_missing',
    ]);
  });

  it('flags a camera more than 30° from nadir, but not one at 30°', () => {
    expect(imageQcFlags({ ...goodPhoto, dji: { ...nadirDji, gimbalPitchDeg: -59.9 } })).toEqual([
      'far_from_nadir',
    ]);
    expect(imageQcFlags({ ...goodPhoto, dji: { ...nadirDji, gimbalPitchDeg: -60 } })).toEqual([]);
    expect(imageQcFlags({ ...goodPhoto, dji: { ...nadirDji, gimbalPitchDeg: 0, gimbalYawDeg: 45 } })).toEqual(
      ['far_from_nadir', 'horizon'],
    );
  });

  it('flags a GSD coarser than the area threshold, or none at all', () => {
    expect(imageQcFlags(goodPhoto, { gsdCm: 5.2, maxGsdCm: 5 })).toEqual(['gsd_too_coarse']);
    expect(imageQcFlags(goodPhoto, { gsdCm: null, maxGsdCm: 5 })).toEqual(['gsd_too_coarse']);
    expect(imageQcFlags(goodPhoto, { gsdCm: 5.2 })).toEqual([]);
  });

  it('flags a capture time outside the flight plus a 10-minute margin, and a missing time', () => {
    const at = (iso: string) => ({ ...goodPhoto, capturedAt: new Date(iso) });
    expect(imageQcFlags(at('2025-03-01T01:50:00Z'), { flight })).toEqual(['before_takeoff']);
    expect(imageQcFlags(at('2025-03-01T01:49:59Z'), { flight })).toEqual([
      'outside_flight_time',
      'before_takeoff',
    ]);
    expect(imageQcFlags(at('2025-03-01T02:35:01Z'), { flight })).toEqual([
      'outside_flight_time',
      'after_landing',
    ]);
    expect(imageQcFlags(at('2025-03-01T02:26:00Z'), { flight, flightTimeMarginS: 30 })).toEqual([
      'outside_flight_time',
      'after_landing',
    ]);
    expect(imageQcFlags({ ...goodPhoto, capturedAt: null }, { flight })).toEqual(['no_capture_time']);
  });

  it('flags a photo whose GPS puts it in another country (Belgium, the X3 oracle photo)', () => {
    const belgium = { ...goodPhoto, gps: { lat: 50.859, lon: 4.6787, altitudeM: -116.63 } };
    // 02:10 UTC is 03:10 in Belgium: night, so the sun is also too low.
    expect(imageQcFlags(belgium, { expectedBounds: HAINAN })).toEqual(['outside_region', 'low_sun']);
  });

  it('flags a duplicate by SHA-256, whatever the hex case', () => {
    const sha256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
    expect(imageQcFlags(goodPhoto, { sha256, knownSha256: new Set([sha256.toLowerCase()]) })).toEqual([
      'duplicate',
    ]);
  });

  it('flags photos before take-off and after landing beyond 30 s of the log, not within', () => {
    const at = (iso: string) => ({ ...goodPhoto, capturedAt: new Date(iso) });
    expect(imageQcFlags(at('2025-03-01T01:59:30Z'), { flight })).toEqual([]);
    expect(imageQcFlags(at('2025-03-01T01:59:29Z'), { flight })).toEqual(['before_takeoff']);
    expect(imageQcFlags(at('2025-03-01T02:25:30Z'), { flight })).toEqual([]);
    expect(imageQcFlags(at('2025-03-01T02:25:31Z'), { flight })).toEqual(['after_landing']);
  });

  it('flags blur, under- and over-exposure from the thumbnail pixels', () => {
    const sharp: PixelQuality = {
      laplacianVariance: 850,
      meanLuma: 120,
      darkFraction: 0.01,
      brightFraction: 0.01,
    };
    expect(imageQcFlags(goodPhoto, { pixelQuality: sharp })).toEqual([]);
    expect(imageQcFlags(goodPhoto, { pixelQuality: { ...sharp, laplacianVariance: 49 } })).toEqual([
      'blurry',
    ]);
    expect(imageQcFlags(goodPhoto, { pixelQuality: { ...sharp, meanLuma: 30 } })).toEqual(['underexposed']);
    expect(imageQcFlags(goodPhoto, { pixelQuality: { ...sharp, darkFraction: 0.3 } })).toEqual([
      'underexposed',
    ]);
    expect(imageQcFlags(goodPhoto, { pixelQuality: { ...sharp, meanLuma: 230 } })).toEqual(['overexposed']);
    expect(imageQcFlags(goodPhoto, { pixelQuality: { ...sharp, brightFraction: 0.3 } })).toEqual([
      'overexposed',
    ]);
  });

  it('flags the sun under 10° at capture from time and position (Haikou, 07:00 and 10:10 local)', () => {
    const dawn = { ...goodPhoto, capturedAt: new Date('2025-02-28T23:00:00Z') };
    expect(imageQcFlags(dawn)).toEqual(['low_sun']);
    expect(imageQcFlags(goodPhoto)).toEqual([]);
  });

  it('flags a horizon shot: pitch above −20°, not at −20°', () => {
    expect(imageQcFlags({ ...goodPhoto, dji: { ...nadirDji, gimbalPitchDeg: -19.9 } })).toEqual([
      'far_from_nadir',
      'horizon',
    ]);
    expect(imageQcFlags({ ...goodPhoto, dji: { ...nadirDji, gimbalPitchDeg: -20 } })).toEqual([
      'far_from_nadir',
    ]);
  });

  it('flags a hovering duplicate and an out-of-range angle', () => {
    expect(imageQcFlags(goodPhoto, { hoveringDuplicate: true })).toEqual(['hovering_duplicate']);
    expect(
      imageQcFlags({ ...goodPhoto, angleProblems: ['GimbalPitchDegree +200° is outside −180…180°'] }),
    ).toEqual(['angle_out_of_range']);
  });

  it('keeps out of coverage only what cannot count as searched ground', () => {
    expect(
      coverageExclusionReasons(['far_from_nadir', 'gsd_too_coarse', 'outside_region', 'gimbal_missing']),
    ).toEqual([]);
    expect(coverageExclusionReasons(['blurry', 'far_from_nadir', 'low_sun', 'duplicate'])).toEqual([
      'blurry',
      'low_sun',
      'duplicate',
    ]);
  });
});
