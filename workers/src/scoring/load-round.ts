import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import type { Queryable } from '@skywater/core/db/db';
import { ROUND_ORDER_SQL } from './round-order';
import type { RoundMeasurement } from '@skywater/core/scoring/round-hot-spots';

/** Every measurement of one round with its site's position and area: one query. */
export async function loadRoundMeasurements(db: Queryable, roundId: number): Promise<RoundMeasurement[]> {
  const { rows } = await db.query<RoundMeasurement>(
    `with round_order as (${ROUND_ORDER_SQL})
     select m.id as "measurementId", m.analyte_code as "analyteCode", s.round_id as "roundId",
            ro.idx as "roundIndex", m.qualifier, m.value_ng_l as "valueNgL", m.lod_ng_l as "lodNgL",
            m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL", s.flow_m3_per_day as "flowM3PerDay",
            coalesce(s.population, st.population_served) as population,
            st.id as "siteId", st.area_id as "areaId", st_x(st.geom) as lon, st_y(st.geom) as lat
       from samples s
       join sites st on st.id = s.site_id
       join round_order ro on ro.id = s.round_id and ro.area = coalesce(st.area_id, -1)
       -- Per sample through the (sample_id, ...) index: the planner would otherwise scan every
       -- round's measurements (a parallel seq scan of the whole table) for one round's twelfth.
       cross join lateral (select * from measurements m where m.sample_id = s.id offset 0) m
      where s.round_id = $1 and ${plausibleMeasurementSql()}
      order by st.id, m.analyte_code, m.id`,
    [roundId],
  );
  return rows;
}
