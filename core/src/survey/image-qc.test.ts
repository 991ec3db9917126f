import { describe, expect, it } from 'vitest';
import type { DjiXmp } from './image-metadata';
import { imageQcFlags } from './image-qc';

const nadirDji: DjiXmp = {
  relativeAltitudeM: 100,
  absoluteAltitudeM: 130,
  gimbalPitchDeg: -90,
  gimbalYawDeg: 87.5,
  gimbalRollDeg: 0,
  flightYawDeg: 88.1,
  flightPitchDeg: -2,
  flightRollDeg: 0.5,
  rtkFlag: 50,
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
      ['far_from_nadir'],
    );
  });

  it('flags a GSD coarser than the area threshold, or none at all', () => {
    expect(imageQcFlags(goodPhoto, { gsdCm: 5.2, maxGsdCm: 5 })).toEqual(['gsd_too_coarse']);
    expect(imageQcFlags(goodPhoto, { gsdCm: null, maxGsdCm: 5 })).toEqual(['gsd_too_coarse']);
    expect(imageQcFlags(goodPhoto, { gsdCm: 5.2 })).toEqual([]);
  });

  it('flags a capture time outside the flight plus a 10-minute margin, and a missing time', () => {
    const at = (iso: string) => ({ ...goodPhoto, capturedAt: new Date(iso) });
    expect(imageQcFlags(at('2025-03-01T01:50:00Z'), { flight })).toEqual([]);
    expect(imageQcFlags(at('2025-03-01T01:49:59Z'), { flight })).toEqual(['outside_flight_time']);
    expect(imageQcFlags(at('2025-03-01T02:35:01Z'), { flight })).toEqual(['outside_flight_time']);
    expect(imageQcFlags(at('2025-03-01T02:26:00Z'), { flight, flightTimeMarginS: 30 })).toEqual([
      'outside_flight_time',
    ]);
    expect(imageQcFlags({ ...goodPhoto, capturedAt: null }, { flight })).toEqual(['no_capture_time']);
  });

  it('flags a photo whose GPS puts it in another country (Belgium, the X3 oracle photo)', () => {
    const belgium = { ...goodPhoto, gps: { lat: 50.859, lon: 4.6787, altitudeM: -116.63 } };
    expect(imageQcFlags(belgium, { expectedBounds: HAINAN })).toEqual(['outside_region']);
  });

  it('flags a duplicate by SHA-256, whatever the hex case', () => {
    const sha256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
    expect(imageQcFlags(goodPhoto, { sha256, knownSha256: new Set([sha256.toLowerCase()]) })).toEqual([
      'duplicate',
    ]);
  });
});
