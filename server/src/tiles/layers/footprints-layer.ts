import { DATA_READERS } from '../../auth/data-readers';
import { officeFilterSql, type TileLayer } from '../tile-layer';

/** Ground footprints of processed photos; each feature's id is the photo's. */
export const footprintsLayer: TileLayer = {
  name: 'footprints',
  access: DATA_READERS.images,
  properties: ['flightId', 'gsdCm', 'qcFlags', 'capturedAt'],
  featureId: 'id',
  tables: ['images'],
  sql: (ctx) => `
    select i.footprint as geom, i.id, i.flight_id as "flightId", i.gsd_cm as "gsdCm",
           array_to_string(i.qc_flags, ',') as "qcFlags",
           to_char(i.captured_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "capturedAt"
    from images i cross join tile
    where i.footprint && tile.env4326 and i.status = 'done'${officeFilterSql(ctx, 'i.office_id')}`,
};
