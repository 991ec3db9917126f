/**
 * The metric projection an area's coverage grid is drawn in, chosen from where the area lies:
 * the WGS 84 UTM zone of its centre (EPSG:326zz north, 327zz south; zone = ⌊(lon + 180) / 6⌋ + 1,
 * NGA.SIG.0012 / Snyder, "Map Projections — A Working Manual", p. 57). Within its zone a UTM
 * square of 250 m is a square on the ground to 1e-3, wherever in China the area is (Kashgar is
 * in zone 43, Harbin in 52), whereas one fixed zone stretches a cell ~30° away by 15 %.
 * The grid's km² are measured on the ellipsoid regardless; the projection only shapes the cells.
 * @example metricSridFor(108.75, 19.15) // 32649 (Dongfang, Hainan)
 * @example metricSridFor(87.6, 43.8)    // 32645 (Ürümqi, Xinjiang)
 */
export function metricSridFor(lon: number, lat: number): number {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90) {
    throw new RangeError(`no metric projection for (${lon}, ${lat})`);
  }
  const wrapped = ((((lon + 180) % 360) + 360) % 360) - 180;
  const zone = Math.min(60, Math.floor((wrapped + 180) / 6) + 1);
  return (lat >= 0 ? 32600 : 32700) + zone;
}
