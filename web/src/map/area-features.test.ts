import { describe, expect, it } from 'vitest';
import { areasToFeatureCollection } from './area-features';

describe('areasToFeatureCollection', () => {
  it('turns each area into a feature carrying its coverage for the fill colour', () => {
    const geometry = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [110.2, 19.9],
          [110.5, 19.9],
          [110.5, 20.1],
          [110.2, 19.9],
        ],
      ],
    };
    const collection = areasToFeatureCollection([
      {
        id: 'a1',
        name: '海口重点区域',
        city: '海口市',
        areaKm2: 850,
        coveredKm2: 612,
        coveragePct: 72,
        updatedAt: '2025-05-01T08:00:00+08:00',
        geometry,
      },
    ]);
    expect(collection.features).toEqual([
      {
        type: 'Feature',
        id: 'a1',
        geometry,
        properties: {
          id: 'a1',
          name: '海口重点区域',
          city: '海口市',
          areaKm2: 850,
          coveredKm2: 612,
          coveragePct: 72,
        },
      },
    ]);
  });
});
