import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { groupAreas, type GroupableArea, memberLabelMinZoom, sharedName } from './area-groups';

/** A square of `sideDeg` degrees with its south-west corner at (lon, lat). */
function square(lon: number, lat: number, sideDeg: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + sideDeg, lat],
        [lon + sideDeg, lat + sideDeg],
        [lon, lat + sideDeg],
        [lon, lat],
      ],
    ],
  };
}

function area(
  id: number,
  name: string,
  officeId: number,
  lon: number,
  areaKm2: number,
  coveredKm2 = 0,
): GroupableArea {
  return {
    id,
    name,
    city: '三亚市',
    officeId,
    areaKm2,
    coveredKm2,
    coveragePct: areaKm2 > 0 ? Math.round((10_000 * coveredKm2) / areaKm2) / 100 : 0,
    geometry: square(lon, 18.4, 0.0135),
  };
}

describe('sharedName', () => {
  it('is the part of numbered names before the number, without what joins it to the number', () => {
    expect(sharedName(['崖州区第001网格', '崖州区第002网格', '崖州区第211网格'], '三亚市')).toBe('崖州区');
    expect(sharedName(['Yazhou cell 1', 'Yazhou cell 12'], 'Sanya')).toBe('Yazhou');
    expect(sharedName(['A-01', 'A-02'], 'Sanya')).toBe('A');
  });

  it('falls back to the city when the names share nothing before the number', () => {
    expect(sharedName(['1号区', '2号区'], '三亚市')).toBe('三亚市');
  });
});

describe('groupAreas', () => {
  const cells = [1, 2, 3].map((n) => area(n, `崖州区第00${n}网格`, 6, 109 + n * 0.0135, 2, n === 1 ? 1 : 0));
  const haikou = area(10, '海口市禁种铲毒航测区', 2, 110.3, 850, 85);
  const groups = groupAreas([...cells, haikou]);

  it("makes one group of a district's numbered cells, and one of an area alone", () => {
    expect(groups.map((group) => [group.name, group.members.length])).toEqual([
      ['崖州区', 3],
      ['海口市禁种铲毒航测区', 1],
    ]);
  });

  it('gives the group its cells together: area, coverage, a label point among them', () => {
    const [district, alone] = groups;
    expect(district.areaKm2).toBe(6);
    expect(district.coveredKm2).toBe(1);
    expect(district.coveragePct).toBe(16.67);
    expect(district.point[0]).toBeGreaterThan(109.0135);
    expect(district.point[0]).toBeLessThan(109.0135 * 3 + 0.0135);
    expect(alone.coveragePct).toBe(10);
  });

  it('keeps alike names of different offices apart', () => {
    const other = area(20, '崖州区第004网格', 7, 109.5, 2);
    expect(groupAreas([...cells, other]).map((group) => group.members.length)).toEqual([3, 1]);
  });
});

describe('memberLabelMinZoom', () => {
  it('labels a 2.27 km² cell from where it is drawn 72 px wide (about zoom 11.8), an area alone always', () => {
    const [district, alone] = groupAreas([
      area(1, '崖州区第001网格', 6, 109, 2.27),
      area(2, '崖州区第002网格', 6, 109.0135, 2.27),
      area(3, '海口市禁种铲毒航测区', 2, 110.3, 850),
    ]);
    expect(memberLabelMinZoom(district)).toBeCloseTo(11.8, 1);
    expect(memberLabelMinZoom(alone)).toBe(0);
  });
});
