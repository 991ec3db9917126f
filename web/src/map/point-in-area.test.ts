import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { pointInArea } from './point-in-area';

const squareWithHole: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ],
    [
      [1, 1],
      [1, 3],
      [3, 3],
      [3, 1],
      [1, 1],
    ],
  ],
};

describe('pointInArea', () => {
  it('is inside the outer ring and outside its holes', () => {
    expect(pointInArea([0.5, 0.5], squareWithHole)).toBe(true);
    expect(pointInArea([2, 2], squareWithHole)).toBe(false);
    expect(pointInArea([5, 2], squareWithHole)).toBe(false);
  });

  it('looks in every polygon of a multipolygon (islands)', () => {
    const islands: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        squareWithHole.coordinates,
        [
          [
            [10, 10],
            [11, 10],
            [11, 11],
            [10, 11],
            [10, 10],
          ],
        ],
      ],
    };
    expect(pointInArea([10.5, 10.5], islands)).toBe(true);
    expect(pointInArea([2, 2], islands)).toBe(false);
    expect(pointInArea([7, 7], islands)).toBe(false);
  });
});
