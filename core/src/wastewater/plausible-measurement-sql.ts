import { DEFAULT_PLAUSIBILITY_BOUNDS } from './plausibility-bounds';

const widest = (quantity: string) =>
  Math.max(...DEFAULT_PLAUSIBILITY_BOUNDS.filter((b) => b.quantity === quantity).map((b) => b.hardMax));

/**
 * A SQL condition that keeps a measurement (alias `m`) of a sample (alias `s`) only when its
 * numbers are finite and within the widest hard bounds. The parsers refuse anything else, but a
 * store may hold such a value from before: PostgreSQL raises "value out of range: overflow" when
 * 1e300 ng/L is multiplied by a flow, which turned every tile and report that touches the row
 * into a 500. In PostgreSQL NaN sorts above every number, so `<=` drops NaN and Infinity alike.
 * @example `... where s.site_id = $1 and ${plausibleMeasurementSql()}`
 */
export function plausibleMeasurementSql(m = 'm', s = 's'): string {
  const concentration = widest('concentration');
  const flow = widest('flow');
  return `(coalesce(${m}.value_ng_l, 0) <= ${concentration} and coalesce(${m}.loq_ng_l, 0) <= ${concentration}
    and coalesce(${m}.lod_ng_l, 0) <= ${concentration} and coalesce(${m}.uloq_ng_l, 0) <= ${concentration}
    and coalesce(${s}.flow_m3_per_day, 0) <= ${flow})`;
}
