import { describe, expect, it } from 'vitest';
import { footprintCorners } from './footprint-corners';

describe('footprintCorners', () => {
  it('drops the closing vertex and keeps the picture’s corner order', () => {
    const ring = [
      [110.41, 19.83],
      [110.43, 19.83],
      [110.43, 19.82],
      [110.41, 19.82],
      [110.41, 19.83],
    ];
    expect(footprintCorners({ type: 'Polygon', coordinates: [ring] })).toEqual(ring.slice(0, 4));
  });

  it('is null for a footprint that is not a quadrilateral, or missing', () => {
    expect(
      footprintCorners({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      }),
    ).toBeNull();
    expect(footprintCorners(null)).toBeNull();
  });
});
