import type { Queryable } from '@skywater/core/db/db';
import { numberArrayLiteral as numbers, textArrayLiteral as texts } from '@skywater/core/db/pg-array-literal';
import { SERIES_SCORE_PARAMS, type SeriesScoreRow } from '@skywater/core/scoring/compute-series-score';

type KeysOf<V> = {
  [K in keyof SeriesScoreRow]-?: SeriesScoreRow[K] extends V ? K : never;
}[keyof SeriesScoreRow];
type NumberKey = KeysOf<number | null>;
type TextKey = KeysOf<string>;
type BooleanKey = KeysOf<boolean>;

/**
 * Upserts scores into series_scores in one statement (one array per column through unnest):
 * a batch of a thousand series costs one round trip, not a thousand.
 */
export async function upsertSeriesScores(tx: Queryable, rows: readonly SeriesScoreRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Array literals built here (pg-array-literal): the generic serializer escapes element by element.
  const numberColumn = (key: NumberKey) => numbers(rows.map((r) => r[key]));
  const textColumn = (key: TextKey) => texts(rows.map((r) => r[key]));
  const booleanColumn = (key: BooleanKey) => texts(rows.map((r) => (r[key] ? 't' : 'f')));
  await tx.query(
    `insert into series_scores (site_id, analyte_code, basis, unit, n, quantified_n, substituted_n, s, var_s, z,
       p_value, tau, sen_slope, percent_change, category, method, has_ties, spike_method, spike_round_id,
       spike_statistic, spike_threshold, spike_is_spike, spike_baseline_n, latest_round_id, inputs_version, params,
       scored_at)
     select x.site_id, x.analyte_code, x.basis, x.unit, x.n, x.quantified_n, x.substituted_n, x.s, x.var_s, x.z,
            x.p_value, x.tau, x.sen_slope, x.percent_change, x.category, x.method, x.has_ties, x.spike_method,
            x.spike_round_id, x.spike_statistic, x.spike_threshold, x.spike_is_spike, x.spike_baseline_n,
            x.latest_round_id, x.inputs_version, $26::jsonb, now()
       from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[],
                   $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[],
                   $14::float8[], $15::text[], $16::text[], $17::boolean[], $18::text[], $19::bigint[],
                   $20::float8[], $21::float8[], $22::boolean[], $23::int[], $24::bigint[], $25::text[])
            as x(site_id, analyte_code, basis, unit, n, quantified_n, substituted_n, s, var_s, z, p_value, tau,
                 sen_slope, percent_change, category, method, has_ties, spike_method, spike_round_id,
                 spike_statistic, spike_threshold, spike_is_spike, spike_baseline_n, latest_round_id, inputs_version)
     on conflict (site_id, analyte_code) do update set basis = excluded.basis, unit = excluded.unit, n = excluded.n,
       quantified_n = excluded.quantified_n, substituted_n = excluded.substituted_n, s = excluded.s,
       var_s = excluded.var_s, z = excluded.z, p_value = excluded.p_value, tau = excluded.tau,
       sen_slope = excluded.sen_slope, percent_change = excluded.percent_change, category = excluded.category,
       method = excluded.method, has_ties = excluded.has_ties, spike_method = excluded.spike_method,
       spike_round_id = excluded.spike_round_id, spike_statistic = excluded.spike_statistic,
       spike_threshold = excluded.spike_threshold, spike_is_spike = excluded.spike_is_spike,
       spike_baseline_n = excluded.spike_baseline_n, latest_round_id = excluded.latest_round_id,
       inputs_version = excluded.inputs_version, params = excluded.params, scored_at = now()`,
    [
      numberColumn('siteId'),
      textColumn('analyteCode'),
      textColumn('basis'),
      textColumn('unit'),
      numberColumn('n'),
      numberColumn('quantifiedN'),
      numberColumn('substitutedN'),
      numberColumn('s'),
      numberColumn('varS'),
      numberColumn('z'),
      numberColumn('pValue'),
      numberColumn('tau'),
      numberColumn('senSlope'),
      numberColumn('percentChange'),
      textColumn('category'),
      textColumn('method'),
      booleanColumn('hasTies'),
      textColumn('spikeMethod'),
      numberColumn('spikeRoundId'),
      numberColumn('spikeStatistic'),
      numberColumn('spikeThreshold'),
      booleanColumn('spikeIsSpike'),
      numberColumn('spikeBaselineN'),
      numberColumn('latestRoundId'),
      textColumn('inputsVersion'),
      JSON.stringify(SERIES_SCORE_PARAMS),
    ],
  );
}

/** Deletes the scores of series that no longer have any measurement. */
export async function deleteSeriesScores(
  tx: Queryable,
  series: readonly { siteId: number; analyteCode: string }[],
): Promise<void> {
  if (series.length === 0) return;
  await tx.query(
    `delete from series_scores sc using unnest($1::bigint[], $2::text[]) as x(site_id, analyte_code)
      where sc.site_id = x.site_id and sc.analyte_code = x.analyte_code`,
    [series.map((s) => s.siteId), series.map((s) => s.analyteCode)],
  );
}
