import { MAD_TO_SD, type RobustSpread } from '@skywater/core/stats/robust-spread';
import type { Queryable } from '@skywater/core/db/db';

/**
 * The distribution of ln(AMP/METH) over each area of the given sites (median and 1.4826 × MAD,
 * every sample of the area with both residues quantified, replicate 1), by site: the reference
 * the AMP/METH rule judges a sample against. Sites without an area share the sites without one.
 * One query; the median and the MAD are computed in the database.
 */
export async function ampMethAreaSpreads(
  db: Queryable,
  siteIds: readonly number[],
): Promise<Map<number, RobustSpread | null>> {
  const { rows } = await db.query<{ site_id: string; median: number | null; mad: number | null; n: number }>(
    `with wanted as (select id, coalesce(area_id, -1) as area from sites where id = any($1::bigint[])),
     r as (
       select coalesce(st.area_id, -1) as area, ln(a.value_ng_l / m.value_ng_l) as lr
         from measurements a
         join measurements m on m.sample_id = a.sample_id and m.analyte_code = 'METH' and m.replicate = 1
         join samples s on s.id = a.sample_id
         join sites st on st.id = s.site_id
        where a.analyte_code = 'AMP' and a.replicate = 1 and a.qualifier = '=' and m.qualifier = '='
          and a.value_ng_l > 0 and m.value_ng_l > 0
          and a.value_ng_l < 'Infinity'::float8 and m.value_ng_l < 'Infinity'::float8
          and coalesce(st.area_id, -1) in (select area from wanted)),
     med as (select area, percentile_cont(0.5) within group (order by lr) as median, count(*)::int as n
               from r group by area),
     mad as (select r.area, percentile_cont(0.5) within group (order by abs(r.lr - med.median)) as mad
               from r join med on med.area = r.area group by r.area)
     select w.id as site_id, med.median, mad.mad, coalesce(med.n, 0) as n
       from wanted w left join med on med.area = w.area left join mad on mad.area = w.area`,
    [siteIds],
  );
  return new Map(
    rows.map((r) => [
      Number(r.site_id),
      r.median === null || r.mad === null ? null : { median: r.median, scale: MAD_TO_SD * r.mad, n: r.n },
    ]),
  );
}
