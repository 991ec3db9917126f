import { describe, expect, it } from 'vitest';
import { closingWouldCross, drawnPolygon, edgeWouldCross, segmentsMeet } from './polygon-draw';

describe('segmentsMeet', () => {
  it('finds crossing, touching and collinear overlapping segments, and not parallel or apart ones', () => {
    expect(segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [1, 1])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [0, 1], [2, 1])).toBe(false);
    expect(segmentsMeet([0, 0], [1, 1], [2, 2], [3, 0])).toBe(false);
  });
});

describe('drawing a ring', () => {
  const square = [
    [110.3, 20.0],
    [110.4, 20.0],
    [110.4, 20.1],
  ];

  it('accepts the next vertex of a convex ring and its closing edge', () => {
    expect(edgeWouldCross(square, [110.3, 20.1])).toBe(false);
    expect(closingWouldCross([...square, [110.3, 20.1]])).toBe(false);
  });

  it('refuses an edge that crosses an earlier one (a bow tie)', () => {
    // 0:(110.3,20.0) 1:(110.4,20.0) 2:(110.4,20.1); from 2 to (110.35,19.95) crosses edge 0-1.
    expect(edgeWouldCross(square, [110.35, 19.95])).toBe(true);
  });

  it('refuses a closing edge that crosses an earlier one', () => {
    // A "Z": closing from the last vertex back to the first crosses the middle edge.
    const zed = [
      [0, 0],
      [2, 0],
      [0, 2],
      [2, 2],
    ];
    expect(closingWouldCross(zed)).toBe(true);
  });

  it('closes the ring as GeoJSON, first vertex repeated', () => {
    expect(drawnPolygon(square)?.coordinates[0]).toEqual([...square, square[0]]);
    expect(drawnPolygon(square.slice(0, 2))).toBeNull();
  });
});
