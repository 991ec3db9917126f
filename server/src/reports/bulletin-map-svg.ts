import type { BulletinData } from './bulletin-data';
import type { BulletinDistrict } from './bulletin-districts';

/** Words on the map itself, in the bulletin's language. */
export interface MapWords {
  north: string;
  label: string;
}

/** Lengths a scale bar may show, km: the largest that fits a fifth of the map's width. */
const SCALE_STEPS_KM = [0.5, 1, 2, 5, 10, 20, 50, 100];

/** One degree of latitude in km (mean; the projection below keeps it uniform). */
const KM_PER_DEGREE = 111.32;

/** Colours of the METH level classes (quartiles of the round's loads), low to high. */
export const LEVEL_COLOURS = ['#2c7bb6', '#abd9e9', '#fdae61', '#d7191c'] as const;

/**
 * An extent drawn `widthPx` wide: an equirectangular projection scaled by cos(latitude), which
 * keeps shapes and distances right at Hainan's latitudes (north is up, one km the same length
 * both ways), with a margin of `pad` px. The bulletins' maps share it, with its scale bar and arrow.
 */
export interface MapFrame {
  widthPx: number;
  heightPx: number;
  pad: number;
  /** Pixels per km, both ways. */
  pxPerKm: number;
  x: (lon: number) => string;
  y: (lat: number) => string;
}

/** The frame around `points` ([lon, lat]); null when there are none. */
export function mapFrame(points: readonly (readonly [number, number])[], widthPx: number): MapFrame | null {
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const pad = 16;
  const scale = (widthPx - 2 * pad) / spanX;
  const heightPx = Math.min(900, Math.round(spanY * scale + 2 * pad));
  const fit = Math.min(scale, (heightPx - 2 * pad) / spanY);
  return {
    widthPx,
    heightPx,
    pad,
    // `fit` px per degree of latitude.
    pxPerKm: fit / KM_PER_DEGREE,
    x: (lon: number) => (pad + (lon - minLon) * kx * fit).toFixed(1),
    y: (lat: number) => (pad + (maxLat - lat) * fit).toFixed(1),
  };
}

/** An SVG path of a (multi)polygon's rings in the frame. */
export function ringsPath(frame: MapFrame, rings: readonly (readonly number[][])[]): string {
  return rings
    .map((ring) => `M${ring.map((p) => `${frame.x(p[0]!)},${frame.y(p[1]!)}`).join('L')}Z`)
    .join('');
}

/** Whether a point (px) lies inside the frame's margin. */
export function inFrame(frame: MapFrame, px: number, py: number): boolean {
  return (
    px > frame.pad && px < frame.widthPx - frame.pad && py > frame.pad && py < frame.heightPx - frame.pad
  );
}

/** A scale bar bottom left: the largest step of 0.5-100 km that fits a fifth of the width. */
export function scaleBarSvg(frame: MapFrame): string {
  const { pad, widthPx, heightPx, pxPerKm } = frame;
  const scaleKm =
    [...SCALE_STEPS_KM].reverse().find((km) => km * pxPerKm <= widthPx / 5) ?? SCALE_STEPS_KM[0]!;
  const scalePx = scaleKm * pxPerKm;
  const scaleX = pad;
  const scaleY = heightPx - pad / 2 - 4;
  return `<g id="scale-bar" font-size="10" fill="#1a1a1a"><rect x="${scaleX - 4}" y="${scaleY - 14}" width="${(scalePx + 48).toFixed(1)}" height="20" fill="#ffffff" fill-opacity="0.8"/><path d="M${scaleX},${scaleY - 4}v4h${scalePx.toFixed(1)}v-4" fill="none" stroke="#1a1a1a" stroke-width="1.5"/><text x="${(scaleX + scalePx + 4).toFixed(1)}" y="${scaleY}">${scaleKm} km</text></g>`;
}

/** A north arrow top right, with the word for north. */
export function northArrowSvg(frame: MapFrame, north: string): string {
  const arrowX = frame.widthPx - frame.pad - 10;
  return `<g id="north-arrow"><path d="M${arrowX},${frame.pad + 2}l7,20l-7,-5l-7,5z" fill="#1a1a1a"/><text x="${arrowX}" y="${frame.pad + 36}" font-size="11" text-anchor="middle" fill="#1a1a1a">${escapeXml(north)}</text></g>`;
}

/** District boundaries (dashed) to orient by. */
export function districtPathsSvg(frame: MapFrame, districts: readonly BulletinDistrict[]): string {
  return districts
    .map(
      (district) =>
        `<path d="${ringsPath(
          frame,
          district.outline.coordinates.flatMap((polygon) => polygon),
        )}" fill="#fbfaf6" stroke="#8c8c8c" stroke-width="0.8" stroke-dasharray="4 2"/>`,
    )
    .join('');
}

/** District names at a point inside each, those that fall in the frame. */
export function districtNamesSvg(frame: MapFrame, districts: readonly BulletinDistrict[]): string {
  return districts
    .filter((district) =>
      inFrame(frame, Number(frame.x(district.labelAt[0])), Number(frame.y(district.labelAt[1]))),
    )
    .map(
      (district) =>
        `<text x="${frame.x(district.labelAt[0])}" y="${frame.y(district.labelAt[1])}" font-size="11" fill="#6b6b6b" text-anchor="middle">${escapeXml(district.name)}</text>`,
    )
    .join('');
}

/**
 * The bulletin's map as inline SVG, drawn on the server (no tiles, nothing fetched): district
 * boundaries and names to orient by, the area outline and each site as a dot coloured by its
 * METH level class, hot spots ringed, a scale bar and a north arrow (`mapFrame`'s projection).
 */
export function bulletinMapSvg(
  data: BulletinData,
  levelOf: (load: number | null) => number,
  widthPx = 640,
  districts: readonly BulletinDistrict[] = [],
  words: MapWords = { north: 'N', label: 'map' },
): string {
  const points: Array<[number, number]> = data.sites.map((s) => [s.lon, s.lat]);
  // The extent is the sites' (the survey area can be far larger); the outline is clipped to it.
  const rings = data.area?.outline.coordinates.flatMap((polygon) => polygon) ?? [];
  if (points.length === 0) for (const ring of rings) for (const p of ring) points.push([p[0]!, p[1]!]);
  const frame = mapFrame(points, widthPx);
  if (!frame) return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="80"></svg>`;
  const { x, y, heightPx } = frame;
  const outline = ringsPath(frame, rings);
  const dots = data.sites
    .map((s) => {
      const colour = LEVEL_COLOURS[levelOf(s.methLoad)] ?? '#999999';
      const ring =
        (s.hotBin ?? 0) >= 2
          ? `<circle cx="${x(s.lon)}" cy="${y(s.lat)}" r="8" fill="none" stroke="#7b0000" stroke-width="1.5"/>`
          : '';
      return `${ring}<circle cx="${x(s.lon)}" cy="${y(s.lat)}" r="4" fill="${colour}" stroke="#333" stroke-width="0.5"><title>${escapeXml(s.code)}</title></circle>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" role="img" aria-label="${escapeXml(words.label)}">
<defs><clipPath id="frame"><rect width="100%" height="100%"/></clipPath></defs>
<rect width="100%" height="100%" fill="#dbe5ec"/>
<g clip-path="url(#frame)">${districtPathsSvg(frame, districts)}</g>
${outline ? `<path d="${outline}" clip-path="url(#frame)" fill="#e8eef3" fill-opacity="0.7" stroke="#5a6b7b" stroke-width="1"/>` : ''}
${districtNamesSvg(frame, districts)}
${dots}
${scaleBarSvg(frame)}
${northArrowSvg(frame, words.north)}
</svg>`;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
