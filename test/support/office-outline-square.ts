import type { OfficeOutline } from '../../server/src/reports/province-map-svg';

/** An office outline that is a square of `size`° with its south-west corner at (lon, lat), labelled at its centre. */
export const squareOutline = (lon: number, lat: number, size: number): OfficeOutline => ({
  outline: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [lon, lat],
          [lon + size, lat],
          [lon + size, lat + size],
          [lon, lat + size],
          [lon, lat],
        ],
      ],
    ],
  },
  labelAt: [lon + size / 2, lat + size / 2],
});
