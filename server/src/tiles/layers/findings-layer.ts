import { officeFilterSql, type TileLayer } from '../tile-layer';
import { DATA_READERS } from '../../auth/data-readers';

/** Suspected plots, like GET /api/findings: analysts and admins all, pilots those they recorded. */
export const findingsLayer: TileLayer = {
  name: 'findings',
  properties: ['id', 'crop', 'status', 'confidence', 'source'],
  tables: ['findings'],
  access: DATA_READERS.findings,
  sql(ctx) {
    const recordedBy = ctx.param(ctx.findingsRecordedBy);
    return `
      select f.geom, f.id, f.crop, f.status, f.confidence, f.source
      from findings f cross join tile
      where f.geom && tile.env4326 and (${recordedBy}::bigint is null or f.created_by = ${recordedBy}::bigint)${officeFilterSql(ctx, 'f.office_id')}`;
  },
};
