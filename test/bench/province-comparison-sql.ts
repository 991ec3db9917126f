/**
 * The province comparison's figures as one statement, for the scale bench while the product's
 * query (`loadProvinceComparison`, being built on another branch) is not there to time: per
 * office directly below the province, counting its sub-offices' data (office_subtree): the
 * population-weighted mean normalised load of its treatment plants (mg/day/1000 inhabitants,
 * below-LOQ as LOQ/2) in the latest round ending within the period and in the round before,
 * its open alerts by severity, its survey areas' km² and covered km², its findings by status.
 * Parameters: $1 from, $2 to (dates), $3 analyte code.
 */
export function provinceComparisonSql(input: { from: string; to: string; analyte: string }) {
  return {
    text: `
    with kids as (select id, code from offices where parent_id = root_office_id()),
    tree as (select k.id as office_id, t as member from kids k cross join lateral office_subtree(k.id) t),
    plant_loads as (
      select tr.office_id, r.id as round_id, r.ends_on, coalesce(sm.population, s.population_served) as population,
             (case m.qualifier when '=' then m.value_ng_l when '<LOQ' then m.loq_ng_l / 2 end) * sm.flow_m3_per_day * 1e-3
               / nullif(coalesce(sm.population, s.population_served)::float8 / 1000, 0) as load
      from tree tr
      join sites s on s.office_id = tr.member and s.kind = 'wwtp'
      join samples sm on sm.site_id = s.id
      join rounds r on r.id = sm.round_id and r.ends_on between $1::date and $2::date
      join measurements m on m.sample_id = sm.id and m.analyte_code = $3::text and m.qualifier in ('=', '<LOQ')),
    per_round as (
      select office_id, round_id, ends_on, count(*)::int as plants, sum(population)::bigint as population,
             sum(load * population) / nullif(sum(population), 0) as load,
             row_number() over (partition by office_id order by ends_on desc, round_id desc) as recency
      from plant_loads group by office_id, round_id, ends_on),
    alerts_open as (
      select tr.office_id, count(*) filter (where a.severity = 'high')::int as high,
             count(*) filter (where a.severity = 'medium')::int as medium,
             count(*) filter (where a.severity = 'low')::int as low
      from tree tr join alerts a on a.office_id = tr.member and a.status in ('open', 'acknowledged', 'escalated')
      group by tr.office_id),
    survey as (
      select tr.office_id, sum(a.area_km2) as area_km2,
             sum((select coalesce(sum(c.covered_km2), 0) from coverage_cells c where c.area_id = a.id)) as covered_km2
      from tree tr join survey_areas a on a.office_id = tr.member and a.archived_at is null
      group by tr.office_id),
    found as (
      select tr.office_id, jsonb_object_agg(f.status, f.n) as by_status
      from tree tr join (select office_id, status, count(*)::int as n from findings group by office_id, status) f
        on f.office_id = tr.member
      group by tr.office_id)
    select k.id, k.code, latest.round_id, latest.plants, latest.population, latest.load,
           previous.load as previous_load, 100 * (latest.load / nullif(previous.load, 0) - 1) as change_percent,
           coalesce(al.high, 0) as high, coalesce(al.medium, 0) as medium, coalesce(al.low, 0) as low,
           coalesce(sv.area_km2, 0) as area_km2, coalesce(sv.covered_km2, 0) as covered_km2,
           coalesce(fd.by_status, '{}') as findings,
           rank() over (order by latest.load desc nulls last) as rank
    from kids k
    left join per_round latest on latest.office_id = k.id and latest.recency = 1
    left join per_round previous on previous.office_id = k.id and previous.recency = 2
    left join alerts_open al on al.office_id = k.id
    left join survey sv on sv.office_id = k.id
    left join found fd on fd.office_id = k.id
    order by rank, k.code`,
    params: [input.from, input.to, input.analyte] as const,
  };
}
