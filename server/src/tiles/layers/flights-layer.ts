import { DATA_READERS } from '../../auth/data-readers';
import { officeFilterSql, type TileLayer } from '../tile-layer';

/**
 * Up to this zoom a flight is drawn from its simplified track (`track_overview`, 1e-4°, sql/031):
 * below a pixel there, and a zoomed-out tile over a province carries thousands of flights.
 */
const OVERVIEW_TO_ZOOM = 12;

/** Flight tracks (2D). */
export const flightsLayer: TileLayer = {
  name: 'flights',
  access: DATA_READERS.flights,
  properties: ['id', 'areaId', 'team', 'pilot', 'startedAt', 'outsideAreas'],
  tables: ['flights'],
  sql: (ctx) => {
    const overview = ctx.z <= OVERVIEW_TO_ZOOM;
    return `
    select ${overview ? 'f.track_overview' : 'st_force2d(f.track)'} as geom, f.id, f.area_id as "areaId", f.team, f.pilot,
           to_char(f.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "startedAt",
           f.outside_areas as "outsideAreas"
    from flights f cross join tile
    where ${overview ? 'f.track_overview' : 'f.track'} && tile.env4326${officeFilterSql(ctx, 'f.office_id')}`;
  },
};
