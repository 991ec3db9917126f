import { describe, expect, it } from 'vitest';
import type { SurveyArea } from '../api/areas-api';
import { areasByActivity } from './area-order';

const area = (id: number, updatedAt: string): SurveyArea => ({
  id,
  name: `area ${id}`,
  city: '',
  areaKm2: 100,
  coveredKm2: 0,
  coveragePct: 0,
  updatedAt,
  pendingImages: 0,
  archivedAt: null,
  officeId: 1,
});

describe('areasByActivity', () => {
  const areas = [area(1, '2026-01-01'), area(2, '2026-01-05'), area(3, '2026-01-09'), area(4, '2026-02-01')];
  const flights = [
    { areaId: 1, pilot: 'Wang', startedAt: '2026-01-02T08:00:00Z' },
    { areaId: 2, pilot: 'li', startedAt: '2026-01-20T08:00:00Z' },
    { areaId: 3, pilot: 'Zhao', startedAt: '2026-01-10T08:00:00Z' },
  ];

  it("puts the pilot's own areas first, then by the latest flight, then by last change", () => {
    expect(areasByActivity(areas, flights, 'LI').map((a) => a.id)).toEqual([2, 3, 1, 4]);
    expect(areasByActivity(areas, flights, 'wang').map((a) => a.id)).toEqual([1, 2, 3, 4]);
  });

  it('counts a flight the user uploaded as their own, whatever name was typed as its pilot', () => {
    const uploaded = [
      ...flights,
      { areaId: 4, pilot: '王磊', uploadedBy: 'pilot', startedAt: '2025-12-01T08:00:00Z' },
    ];
    expect(areasByActivity(areas, uploaded, 'pilot').map((a) => a.id)).toEqual([4, 2, 3, 1]);
    // Another user: area 4 only by its flight's date (the oldest flight).
    expect(areasByActivity(areas, uploaded, 'li').map((a) => a.id)).toEqual([2, 3, 1, 4]);
  });

  it('orders by last change when nothing was flown', () => {
    expect(areasByActivity(areas, [], 'li').map((a) => a.id)).toEqual([4, 3, 2, 1]);
  });
});
