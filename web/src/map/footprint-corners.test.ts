import { describe, expect, it } from 'vitest';
import { footprintCorners, previewCorners } from './footprint-corners';

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

describe('previewCorners', () => {
  // A demo photo's reply (GET /api/images/74): its footprint densified to 17 vertices, its four
  // corners given apart.
  const corners: [number, number][] = [
    [108.95040227882929, 19.019701266574266],
    [108.95040323558037, 19.01895869216913],
    [108.94988169860203, 19.01896969582247],
    [108.94989150646788, 19.01969991332156],
  ];
  const densified = {
    type: 'Polygon' as const,
    coordinates: [[...corners, ...corners.map(([lon, lat]) => [lon + 1e-6, lat]), corners[0]!].slice(0, 17)],
  };

  it('takes the server’s corners, whatever the footprint’s vertices', () => {
    expect(densified.coordinates[0]!.length).toBeGreaterThan(5);
    expect(footprintCorners(densified)).toBeNull();
    expect(previewCorners({ corners, footprint: densified })).toEqual(corners);
  });

  it('falls back to a quadrilateral footprint, and is null with neither', () => {
    const ring = [...corners, corners[0]!];
    expect(previewCorners({ corners: null, footprint: { type: 'Polygon', coordinates: [ring] } })).toEqual(
      corners,
    );
    expect(previewCorners({ corners: null, footprint: densified })).toBeNull();
    expect(previewCorners({ corners: [corners[0]!], footprint: null })).toBeNull();
  });
});
