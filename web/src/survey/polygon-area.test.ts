import { describe, expect, it } from 'vitest';
import { polygonAreaKm2 } from './polygon-area';

const R = 6_378_137;
const rad = (degrees: number) => (degrees * Math.PI) / 180;
/** Closed form of a lon/lat rectangle on the sphere: R² · Δλ · (sin φ₂ − sin φ₁). */
const rectangleKm2 = (lon1: number, lat1: number, lon2: number, lat2: number) =>
  (R * R * rad(lon2 - lon1) * (Math.sin(rad(lat2)) - Math.sin(rad(lat1)))) / 1e6;

describe('polygonAreaKm2', () => {
  it('matches the closed form of a 1° cell at the equator (12,391 km²)', () => {
    const area = polygonAreaKm2({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    });
    expect(area).toBeCloseTo(rectangleKm2(0, 0, 1, 1), 6);
    expect(Math.round(area)).toBe(12391);
  });

  it('matches a 0.1° cell over Haikou, whichever way the ring turns', () => {
    const ring = [
      [110.3, 19.9],
      [110.4, 19.9],
      [110.4, 20.0],
      [110.3, 20.0],
      [110.3, 19.9],
    ];
    const expected = rectangleKm2(110.3, 19.9, 110.4, 20.0);
    expect(polygonAreaKm2({ type: 'Polygon', coordinates: [ring] })).toBeCloseTo(expected, 6);
    expect(polygonAreaKm2({ type: 'Polygon', coordinates: [[...ring].reverse()] })).toBeCloseTo(expected, 6);
  });

  it('subtracts holes and adds the parts of a MultiPolygon', () => {
    const outer = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ];
    const hole = [
      [0.5, 0.5],
      [1.5, 0.5],
      [1.5, 1.5],
      [0.5, 1.5],
      [0.5, 0.5],
    ];
    const withHole = polygonAreaKm2({ type: 'Polygon', coordinates: [outer, hole] });
    expect(withHole).toBeCloseTo(rectangleKm2(0, 0, 2, 2) - rectangleKm2(0.5, 0.5, 1.5, 1.5), 4);
    const cell = [
      [10, 10],
      [11, 10],
      [11, 11],
      [10, 11],
      [10, 10],
    ];
    expect(polygonAreaKm2({ type: 'MultiPolygon', coordinates: [[outer], [cell]] })).toBeCloseTo(
      rectangleKm2(0, 0, 2, 2) + rectangleKm2(10, 10, 11, 11),
      4,
    );
  });
});
