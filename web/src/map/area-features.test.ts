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
        id: 1,
        name: '海口重点区域',
        city: '海口市',
        areaKm2: 850,
        coveredKm2: 612,
        coveragePct: 72,
        geometry,
      },
    ]);
    expect(collection.features).toEqual([
      {
        type: 'Feature',
        id: 1,
        geometry,
        properties: {
          id: 1,
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
