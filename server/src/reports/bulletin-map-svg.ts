import type { BulletinData } from './bulletin-data';

/** Colours of the METH level classes (quartiles of the round's loads), low to high. */
export const LEVEL_COLOURS = ['#2c7bb6', '#abd9e9', '#fdae61', '#d7191c'] as const;

/**
 * The bulletin's map as inline SVG, drawn on the server (no tiles, nothing fetched): the area
 * outline and each site as a dot coloured by its METH level class, hot spots ringed. An
 * equirectangular projection scaled by cos(latitude) keeps shapes right at Hainan's latitudes.
 */
export function bulletinMapSvg(
  data: BulletinData,
  levelOf: (load: number | null) => number,
  widthPx = 640,
): string {
  const points: Array<[number, number]> = data.sites.map((s) => [s.lon, s.lat]);
  // The extent is the sites' (the survey area can be far larger); the outline is clipped to it.
  const rings = data.area?.outline.coordinates.flatMap((polygon) => polygon) ?? [];
  if (points.length === 0) for (const ring of rings) for (const p of ring) points.push([p[0]!, p[1]!]);
  if (points.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="80"></svg>`;
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
  const x = (lon: number) => (pad + (lon - minLon) * kx * fit).toFixed(1);
  const y = (lat: number) => (pad + (maxLat - lat) * fit).toFixed(1);
  const outline = rings.map((ring) => `M${ring.map((p) => `${x(p[0]!)},${y(p[1]!)}`).join('L')}Z`).join('');
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
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" role="img" aria-label="map">
<defs><clipPath id="frame"><rect width="100%" height="100%"/></clipPath></defs>
<rect width="100%" height="100%" fill="#f7f7f2"/>
${outline ? `<path d="${outline}" clip-path="url(#frame)" fill="#e8eef3" stroke="#5a6b7b" stroke-width="1"/>` : ''}
${dots}
</svg>`;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
