import type { MultiPolygon } from 'geojson';
import type { BulletinDistrict } from './bulletin-districts';
import { fmt } from './bulletin-format';
import {
  districtPathsSvg,
  escapeXml,
  mapFrame,
  northArrowSvg,
  ringsPath,
  scaleBarSvg,
  type MapWords,
} from './bulletin-map-svg';

/** Where an office lies on the province map: its outline and a point inside it for its label. */
export interface OfficeOutline {
  outline: MultiPolygon;
  labelAt: [number, number];
}

/** One office as the province map shades it. */
export interface ShadedOffice {
  officeId: number;
  name: string;
  /** Normalised load, mg/day/1000 inhabitants; null: no figure in the period. */
  load: number | null;
}

/** The shade ramp, low to high (ColorBrewer's sequential "Oranges", 5 of 9). */
export const LOAD_RAMP = ['#feedde', '#fdbe85', '#fd8d3c', '#e6550d', '#a63603'] as const;
export const NO_DATA_FILL = '#e3e3e3';

/** The colour of a share (0..1) of the ramp's span, interpolated between its stops. */
export function rampColour(share: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const at = clamped * (LOAD_RAMP.length - 1);
  const i = Math.min(LOAD_RAMP.length - 2, Math.floor(at));
  const t = at - i;
  const rgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const [a, b] = [rgb(LOAD_RAMP[i]!), rgb(LOAD_RAMP[i + 1]!)];
  return `#${a
    .map((v, k) =>
      Math.round(v + (b[k]! - v) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * The fill of each office: its load on a ramp from 0 to the highest load of the map (so shades
 * compare as ratios: an office at half the highest load sits at the ramp's middle); grey without one.
 */
export function officeFills(offices: readonly ShadedOffice[]): {
  fillOf: Map<number, string>;
  maxLoad: number | null;
} {
  const loads = offices.map((o) => o.load).filter((v): v is number => v !== null && Number.isFinite(v));
  const maxLoad = loads.length ? Math.max(...loads) : null;
  const fillOf = new Map<number, string>();
  for (const office of offices)
    fillOf.set(
      office.officeId,
      office.load === null || maxLoad === null
        ? NO_DATA_FILL
        : rampColour(maxLoad > 0 ? office.load / maxLoad : 0),
    );
  return { fillOf, maxLoad };
}

/**
 * The province bulletin's map as inline SVG, drawn on the server like the round bulletin's
 * (`mapFrame`: north up, a km the same both ways): district boundaries to orient by, each
 * office's outline shaded by its normalised load with its name and figure, a scale bar, a north
 * arrow, and below the map the ramp's legend (0 to the highest load) and "no data".
 */
export function provinceMapSvg(
  offices: readonly ShadedOffice[],
  outlines: ReadonlyMap<number, OfficeOutline>,
  districts: readonly BulletinDistrict[],
  words: MapWords & { noData: string; unit: string },
  widthPx = 640,
): string {
  const drawn = offices.filter((o) => outlines.has(o.officeId));
  const points = drawn.flatMap((o) =>
    outlines
      .get(o.officeId)!
      .outline.coordinates.flat(2)
      .map((p) => [p[0]!, p[1]!] as const),
  );
  const frame = mapFrame(points, widthPx);
  if (!frame) return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="80"></svg>`;
  const { fillOf, maxLoad } = officeFills(offices);
  const shapes = drawn
    .map((o) => {
      const d = ringsPath(
        frame,
        outlines.get(o.officeId)!.outline.coordinates.flatMap((polygon) => polygon),
      );
      return `<path data-office="${o.officeId}" d="${d}" fill="${fillOf.get(o.officeId)}" stroke="#4d4d4d" stroke-width="1.2"><title>${escapeXml(o.name)}</title></path>`;
    })
    .join('');
  const labels = drawn
    .map((o) => {
      const [lon, lat] = outlines.get(o.officeId)!.labelAt;
      const [x, y] = [frame.x(lon), frame.y(lat)];
      const figure = o.load === null ? words.noData : fmt(o.load, 2);
      return `<text x="${x}" y="${y}" font-size="11" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke"><tspan x="${x}">${escapeXml(o.name)}</tspan><tspan x="${x}" dy="13">${escapeXml(figure)}</tspan></text>`;
    })
    .join('');
  const { widthPx: w, heightPx: h } = frame;
  const legendStops = [0, 0.25, 0.5, 0.75, 1]
    .map((share) => `<stop offset="${share}" stop-color="${rampColour(share)}"/>`)
    .join('');
  const legend = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="34" role="img" aria-label="${escapeXml(words.unit)}" id="province-map-legend">
<defs><linearGradient id="load-ramp">${legendStops}</linearGradient></defs>
<rect x="16" y="4" width="200" height="12" fill="url(#load-ramp)" stroke="#4d4d4d" stroke-width="0.5"/>
<text x="16" y="29" font-size="10">0</text><text x="216" y="29" font-size="10" text-anchor="end">${maxLoad === null ? '—' : fmt(maxLoad, 2)}</text>
<text x="226" y="14" font-size="10">${escapeXml(words.unit)}</text>
<rect x="${w - 150}" y="4" width="16" height="12" fill="${NO_DATA_FILL}" stroke="#4d4d4d" stroke-width="0.5"/><text x="${w - 128}" y="14" font-size="10">${escapeXml(words.noData)}</text>
</svg>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(words.label)}" id="province-map">
<defs><clipPath id="province-frame"><rect width="100%" height="100%"/></clipPath></defs>
<rect width="100%" height="100%" fill="#dbe5ec"/>
<g clip-path="url(#province-frame)">${districtPathsSvg(frame, districts)}${shapes}</g>
${labels}
${scaleBarSvg(frame)}
${northArrowSvg(frame, words.north)}
</svg>
${legend}`;
}
