import { describe, expect, it } from 'vitest';
import { findCameraById } from './cameras';
import { analyseSurveyImage } from './image-analysis';
import type { ImageMetadata } from './image-metadata';
import { lonLatToOffset } from './local-tangent-plane';

const phantom4Rtk = findCameraById('phantom-4-rtk')!;
const flight = { startedAt: new Date('2025-03-10T01:30:00Z'), endedAt: new Date('2025-03-10T01:40:00Z') };

function photo(overrides: Partial<ImageMetadata> = {}, pitch = -90, yaw = 0): ImageMetadata {
  return {
    make: 'DJI',
    model: 'FC6310R',
    capturedAt: new Date('2025-03-10T01:35:00Z'),
    capturedAtLocal: '2025-03-10T09:35:00',
    // A 640×427 copy of the 5472×3648 capture, like the demo photos: the GSD is the capture's.
    imageWidthPx: 640,
    imageHeightPx: 427,
    focalLengthMm: 8.8,
    gps: { lat: 19.82, lon: 110.42, altitudeM: 130 },
    positionSource: 'exif',
    xmpLocation: 'app1',
    angleProblems: [],
    dji: {
      vendor: 'dji',
      relativeAltitudeM: 100,
      absoluteAltitudeM: 130,
      gimbalPitchDeg: pitch,
      gimbalYawDeg: yaw,
      gimbalRollDeg: 0,
      flightYawDeg: yaw,
      flightPitchDeg: 0,
      flightRollDeg: 0,
      rtkFlag: 50,
      rtkStdLonM: null,
      rtkStdLatM: null,
      rtkStdHgtM: null,
      latitude: null,
      longitude: null,
    },
    heightAboveTakeoffM: 100,
    ...overrides,
  };
}

const offsets = (corners: [number, number][]) =>
  corners.map(([lon, lat]) => lonLatToOffset({ lon: 110.42, lat: 19.82 }, lon, lat));

describe('analysing a survey photo', () => {
  it('gives the Phantom 4 RTK at 100 m a 2.74 cm/px GSD and a 150 × 100 m footprint', () => {
    const result = analyseSurveyImage(photo(), {
      camera: phantom4Rtk,
      maxGsdCm: 10,
      flight,
      duplicate: false,
    });
    expect(result.gsdCm).toBeCloseTo(2.7412, 4); // 100·100·13.2 / (8.8·5472)
    const [tl, tr, br] = offsets(result.corners!);
    expect(Math.hypot(tr!.eastM - tl!.eastM, tr!.northM - tl!.northM)).toBeCloseTo(150, 6);
    expect(Math.hypot(br!.eastM - tr!.eastM, br!.northM - tr!.northM)).toBeCloseTo(100, 6);
    expect(result.qcFlags).toEqual([]);
  });

  it('matches hand-computed corners for a camera pitched 45° down facing north', () => {
    // Corner rays forward ± 0.75·right ± 0.5·up with forward (0, .7071, −.7071), up (0, .7071, .7071):
    // top corners meet the ground 100/0.35355 = 282.84 m along the ray → (∓212.13, 300.00) m,
    // bottom corners 100/1.06066 = 94.28 m along → (∓70.71, 33.33) m.
    const result = analyseSurveyImage(photo({}, -45, 0), {
      camera: phantom4Rtk,
      maxGsdCm: 20,
      flight,
      duplicate: false,
    });
    const corners = offsets(result.corners!);
    const expected = [
      [-212.132, 300],
      [212.132, 300],
      [70.711, 33.333],
      [-70.711, 33.333],
    ];
    corners.forEach((c, i) => {
      expect(c.eastM).toBeCloseTo(expected[i]![0]!, 2);
      expect(c.northM).toBeCloseTo(expected[i]![1]!, 2);
    });
    expect(result.qcFlags).toEqual(['far_from_nadir']);
  });

  it('takes missing gimbal angles as nadir and flags them', () => {
    const metadata = photo({}, 0, 0);
    metadata.dji!.gimbalRollDeg = 0;
    const result = analyseSurveyImage(metadata, {
      camera: phantom4Rtk,
      maxGsdCm: 10,
      flight,
      duplicate: false,
    });
    expect(result.footprint).not.toBeNull();
    expect(result.qcFlags).toEqual(['gimbal_missing']);
  });

  it('computes no footprint without GPS, flags a GPS fix in another country and a duplicate', () => {
    const noGps = analyseSurveyImage(photo({ gps: null }), {
      camera: phantom4Rtk,
      maxGsdCm: 10,
      flight,
      duplicate: true,
    });
    expect(noGps.footprint).toBeNull();
    expect(noGps.footprintProblem).toBe('no GPS position');
    expect(noGps.qcFlags).toEqual(['no_gps', 'duplicate']);
    const abroad = analyseSurveyImage(photo({ gps: { lat: 13.75, lon: 100.5, altitudeM: 10 } }), {
      camera: phantom4Rtk,
      maxGsdCm: 10,
      flight,
      duplicate: false,
    });
    expect(abroad.qcFlags).toEqual(['outside_region']);
  });

  it('flags a GSD coarser than the area allows and an unknown camera', () => {
    expect(
      analyseSurveyImage(photo(), { camera: phantom4Rtk, maxGsdCm: 2, flight, duplicate: false }).qcFlags,
    ).toContain('gsd_too_coarse');
    const unknown = analyseSurveyImage(photo(), { camera: null, maxGsdCm: 10, flight, duplicate: false });
    expect(unknown.footprint).toBeNull();
    expect(unknown.qcFlags).toContain('unknown_camera');
  });
});
