import { describe, expect, it } from 'vitest';
import { LOAD_RAMP, NO_DATA_FILL, officeFills, provinceMapSvg, rampColour } from './province-map-svg';
import { squareOutline as square } from '../../../test/support/office-outline-square';

/** Great-circle distance in km (haversine, mean Earth radius 6,371 km). */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

const words = { north: '北', label: 'map', noData: '无数据', unit: 'mg/天/千人' };

describe('the province map', () => {
  it('shades from the ramp’s first colour at 0 to its last at the highest load', () => {
    expect(rampColour(0)).toBe(LOAD_RAMP[0]);
    expect(rampColour(0.5)).toBe(LOAD_RAMP[2]);
    expect(rampColour(1)).toBe(LOAD_RAMP[4]);
    expect(rampColour(7)).toBe(LOAD_RAMP[4]);
    const { fillOf, maxLoad } = officeFills([
      { officeId: 1, name: 'a', load: 40 },
      { officeId: 2, name: 'b', load: 20 },
      { officeId: 3, name: 'c', load: null },
    ]);
    expect(maxLoad).toBe(40);
    expect(fillOf.get(1)).toBe(LOAD_RAMP[4]);
    expect(fillOf.get(2)).toBe(LOAD_RAMP[2]);
    expect(fillOf.get(3)).toBe(NO_DATA_FILL);
    expect(officeFills([{ officeId: 1, name: 'a', load: null }]).fillOf.get(1)).toBe(NO_DATA_FILL);
  });

  it('keeps north up and a km the same both ways, and its scale bar says how long it is', () => {
    // Two offices of Hainan's latitudes, 0.5° squares 1° apart.
    const outlines = new Map([
      [1, square(109.0, 19.0, 0.5)],
      [2, square(110.0, 19.5, 0.5)],
    ]);
    const svg = provinceMapSvg(
      [
        { officeId: 1, name: '东方市', load: 12.5 },
        { officeId: 2, name: '海口市', load: 41.24 },
      ],
      outlines,
      [],
      words,
    );
    const box = (id: number) => {
      const d = svg.match(new RegExp(`<path data-office="${id}" d="([^"]+)"`))![1]!;
      const xy = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const xs = xy.map((p) => p[0]!);
      const ys = xy.map((p) => p[1]!);
      return {
        w: Math.max(...xs) - Math.min(...xs),
        h: Math.max(...ys) - Math.min(...ys),
        top: Math.min(...ys),
      };
    };
    const haikou = box(2);
    // North up: Haikou (further north) is drawn higher.
    expect(haikou.top).toBeLessThan(box(1).top);
    // The square's east-west and north-south sides, in km by the haversine formula.
    const eastWestKm = haversineKm(110.0, 19.75, 110.5, 19.75);
    const northSouthKm = haversineKm(110.0, 19.5, 110.0, 20.0);
    const pxPerKmNS = haikou.h / northSouthKm;
    expect(haikou.w / eastWestKm / pxPerKmNS).toBeCloseTo(1, 2);
    // The scale bar's length in px is its km at the map's px per km.
    const bar = svg.match(/<g id="scale-bar"[\s\S]*?v4h([\d.]+)v-4[\s\S]*?>([\d.]+) km<\/text>/)!;
    expect(Number(bar[1]) / Number(bar[2]) / pxPerKmNS).toBeCloseTo(1, 1);
    expect(svg).toContain('id="north-arrow"');
    expect(svg).toContain('>北</text>');
    // Each office's name and figure at its label point; the legend runs from 0 to the highest load.
    expect(svg).toMatch(/<tspan [^>]*>海口市<\/tspan><tspan [^>]*>41\.24<\/tspan>/);
    expect(svg).toMatch(/<text x="216" y="29" font-size="10" text-anchor="end">41\.24<\/text>/);
    expect(svg).toContain(`fill="${LOAD_RAMP[4]}"`);
  });

  it('draws an empty frame when no office has an outline', () => {
    expect(provinceMapSvg([{ officeId: 1, name: 'a', load: 1 }], new Map(), [], words)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="80"></svg>',
    );
  });
});
