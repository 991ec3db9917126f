import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { labelPoint } from './label-point';

function square(x: number, y: number, size: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

describe('labelPoint', () => {
  it('puts a square’s label at its centre, whatever the winding', () => {
    expect(labelPoint(square(110, 19, 2))).toEqual([111, 20]);
    const clockwise: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [110, 19],
          [110, 21],
          [112, 21],
          [112, 19],
          [110, 19],
        ],
      ],
    };
    expect(labelPoint(clockwise)).toEqual([111, 20]);
  });

  it('weighs the parts of a multipolygon by their area, so a small island barely moves it', () => {
    const mainland = square(0, 0, 3).coordinates;
    const island = square(10, 0, 1).coordinates;
    const [x, y] = labelPoint({ type: 'MultiPolygon', coordinates: [mainland, island] });
    // (1.5 * 9 + 10.5 * 1) / 10 = 2.4 ; (1.5 * 9 + 0.5 * 1) / 10 = 1.4
    expect(x).toBeCloseTo(2.4, 10);
    expect(y).toBeCloseTo(1.4, 10);
  });

  it('centres an L-shaped polygon on its mass, not its bounding box', () => {
    const lShape: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    const [x, y] = labelPoint(lShape);
    // Two unit squares at (0.5,0.5) and (1.5,0.5) plus one at (0.5,1.5): centroid (5/6, 5/6).
    expect(x).toBeCloseTo(5 / 6, 10);
    expect(y).toBeCloseTo(5 / 6, 10);
  });
});
