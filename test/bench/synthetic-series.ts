/**
 * SQL that fills a migrated, seeded bench schema with series to score: `rounds` rounds 30 days
 * apart, `sites` sewer sites scattered over Haikou with 1,000-21,000 people, one composite sample
 * per site and round (flow 0.25 m³ a person a day), and one result per sample for each of the
 * first `analytes` analytes by code, drawn apart (log-uniform, about one in nine below the LOQ).
 * Shared by the scoring benches; generated data, for scale only.
 */
export function syntheticSeriesSql(counts: { sites: number; rounds: number; analytes: number }): string {
  return `
      insert into rounds (name, starts_on, ends_on)
        select 'B' || g, date '2024-01-01' + g * 30, date '2024-01-01' + g * 30 + 7 from generate_series(1, ${counts.rounds}) g;
      insert into sites (code, name, kind, geom, population_served)
        select 'S' || g, 'Site ' || g, 'sewer', st_setsrid(st_point(110.2 + random() * 0.3, 19.9 + random() * 0.2), 4326),
               1000 + (random() * 20000)::int
          from generate_series(1, ${counts.sites}) g;
      insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type, flow_m3_per_day)
        select s.id, r.id, s.code || '-' || r.id, r.starts_on, r.starts_on + 1, 'composite_time', s.population_served * 0.25
          from sites s cross join rounds r;
      insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
        select sample_id, code, case when v < 1 then '<LOQ' else '=' end, case when v < 1 then null else v end, 0.5, 1
          -- One draw per row (an uncorrelated lateral subquery is evaluated once: every value the same).
          from (select sa.id as sample_id, a.code, round((exp(random() * 4.5 - 0.5))::numeric, 1)::float8 as v
                  from samples sa cross join (select code from analytes order by code limit ${counts.analytes}) a) x
         order by sample_id, code;
      analyze;`;
}
