import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Polygon } from 'geojson';
import { gapPartKml, gapParts } from './gap-parts';

const square = (lon: number, lat: number, side: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + side, lat],
      [lon + side, lat + side],
      [lon, lat + side],
      [lon, lat],
    ],
  ],
});

const reply: FeatureCollection<Polygon, Record<string, unknown>> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: square(110, 20, 0.02),
      properties: { rank: 1, areaM2: 4.6e6, centroid: [110.01, 20.01] },
    },
    {
      type: 'Feature',
      geometry: square(110.1, 20, 0.02),
      properties: { rank: 2, areaM2: 2.1e6, centroid: [110.11, 20.01] },
    },
  ],
};

describe('gapParts', () => {
  it('puts the largest part first without a take-off point, areas in km²', () => {
    const parts = gapParts(reply, null);
    expect(parts.map((part) => part.rank)).toEqual([1, 2]);
    expect(parts[0].areaKm2).toBeCloseTo(4.6);
    expect(parts[0].distanceKm).toBeNull();
  });

  it('never ranks a sliver first, whatever order the reply came in', () => {
    const sliverFirst = {
      ...reply,
      features: [
        {
          type: 'Feature' as const,
          geometry: square(110.2, 20, 0.001),
          properties: { rank: 1, areaM2: 1e4, centroid: [110.2005, 20.0005] },
        },
        ...reply.features,
      ],
    };
    const parts = gapParts(sliverFirst, null);
    expect(parts.map((part) => part.areaKm2)).toEqual([4.6, 2.1, 0.01]);
  });

  it('puts the part nearest the take-off point first, with its distance', () => {
    const parts = gapParts(reply, [110.12, 20.0]);
    expect(parts.map((part) => part.rank)).toEqual([2, 1]);
    expect(parts[0].distanceKm).toBeGreaterThan(1);
    expect(parts[0].distanceKm).toBeLessThan(2);
  });

  it('writes a part as KML with its outer ring in lon,lat', () => {
    const kml = gapPartKml(gapParts(reply, null)[0], 'Gap 1');
    expect(kml).toContain('<coordinates>110,20,0 110.02,20,0');
    expect(kml).toContain('<name>Gap 1</name>');
  });
});
