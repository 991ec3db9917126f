import type { Queryable } from '@skywater/core/db/db';
import type { ProvinceComparisonView } from '@skywater/core/province/province-comparison-view';
import { loadBulletinData } from './bulletin-data';
import { loadBulletinDistricts } from './bulletin-districts';
import { withFigureRanges, type RangedBulletinData } from './bulletin-figure-ranges';
import { loadOfficeOutlines } from './office-outlines';
import type { ProvinceBulletinData } from './province-bulletin-html';

/**
 * What the province bulletin prints besides the comparison: each office's shape and the districts
 * around them for the map, and for each office with a round in the period that round's bulletin
 * (`loadBulletinData` + `withFigureRanges`, the round bulletin's own code) over the sites of the
 * office and its sub-offices that the reader may see. One office at a time: each round bulletin
 * reads its round's results 50 samples a statement, as the round bulletin does.
 */
export async function loadProvinceBulletinData(
  db: Queryable,
  view: ProvinceComparisonView,
  visibleOfficeIds: readonly number[],
): Promise<ProvinceBulletinData> {
  const officeIds = view.rows.map((row) => row.office.id);
  const outlines = await loadOfficeOutlines(db, officeIds);
  const coordinates = [...outlines.values()].flatMap((o) => o.outline.coordinates.flat(2));
  const lons = coordinates.map((p) => p[0]!);
  const lats = coordinates.map((p) => p[1]!);
  const corners = coordinates.length
    ? [
        { lon: lons.reduce((a, b) => Math.min(a, b)), lat: lats.reduce((a, b) => Math.min(a, b)) },
        { lon: lons.reduce((a, b) => Math.max(a, b)), lat: lats.reduce((a, b) => Math.max(a, b)) },
      ]
    : [];
  const districts = await loadBulletinDistricts(db, corners);
  const { rows: subtrees } = await db.query<{ id: number; subtree: number[] }>(
    `select o.id::int as id, array(select office_subtree(o.id))::int[] as subtree
       from unnest($1::bigint[]) as o(id)`,
    [officeIds],
  );
  const visible = new Set(visibleOfficeIds);
  const subtreeOf = new Map(subtrees.map((s) => [s.id, s.subtree.filter((id) => visible.has(id))]));
  const cityBulletins = new Map<number, RangedBulletinData>();
  for (const row of view.rows) {
    if (!row.round) continue;
    const offices = subtreeOf.get(row.office.id) ?? [];
    const data = await loadBulletinData(db, row.round.id, undefined, offices);
    cityBulletins.set(row.office.id, await withFigureRanges(db, data, offices));
  }
  return { view, outlines, districts, cityBulletins };
}
