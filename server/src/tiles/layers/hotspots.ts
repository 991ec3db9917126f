import { DATA_READERS } from '../../auth/data-readers';
import { officeFilterSql, type TileLayer } from '../tile-layer';

/**
 * Gi* hot spots of one round and analyte (hotspot_results, from the `score-round` job): each site
 * with its z-score, its −3..3 bin (cold 99 % .. hot 99 %, FDR-corrected) and its emerging pattern.
 * Without `roundId`, the latest round with results for the analyte (default METH). Restricted
 * sites only for analysts and admins. Read by the bulletin's readers (data-readers.ts).
 */
export const hotspotsLayer: TileLayer = {
  name: 'hotspots',
  access: DATA_READERS.hotspots,
  properties: ['id', 'code', 'analyte', 'roundId', 'giZ', 'bin', 'emerging'],
  tables: ['hotspot_results', 'sites', 'rounds', 'emerging_hotspots'],
  sql(ctx) {
    const { query, seesRestrictedSites, param } = ctx;
    const analyte =
      typeof query.analyte === 'string' && /^[A-Za-z0-9-]{1,16}$/.test(query.analyte)
        ? query.analyte.toUpperCase()
        : 'METH';
    const roundId =
      typeof query.roundId === 'string' && /^\d{1,15}$/.test(query.roundId) ? Number(query.roundId) : null;
    const analyteParam = param(analyte);
    const roundParam = param(roundId);
    return `
      select s.geom, s.id, s.code, h.analyte_code as analyte, h.round_id as "roundId", h.gi_z as "giZ", h.bin,
             e.category as emerging
      from hotspot_results h
      join sites s on s.id = h.site_id
      cross join tile
      left join emerging_hotspots e on e.site_id = h.site_id and e.analyte_code = h.analyte_code
      where h.analyte_code = ${analyteParam}::text
        and h.round_id = coalesce(${roundParam}::bigint, (
          select h2.round_id from hotspot_results h2 join rounds r on r.id = h2.round_id
           where h2.analyte_code = ${analyteParam}::text order by r.starts_on desc, r.id desc limit 1))
        and s.geom && tile.env4326 and (${param(seesRestrictedSites)}::boolean or not s.restricted)${officeFilterSql(ctx, 's.office_id')}`;
  },
};
