/** How the bulletins print numbers: one way for the round bulletin and the province bulletin. */

/** A figure with `digits` decimals; a dash when there is none. */
export const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

/** A whole-percent change with its sign; one that rounds to 0 is "0%", not "-0%". */
export const signedPercent = (change: number) => {
  const rounded = Math.round(change);
  return rounded === 0 ? '0%' : `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
};

/** A 95 % interval as printed: "lower–upper" with the figure's digits, a dash when there is none. */
export const rangeText = (r: { lower95: number | null; upper95: number | null } | null, digits = 2) =>
  r === null || r.lower95 === null || r.upper95 === null
    ? '—'
    : `${fmt(r.lower95, digits)}–${fmt(r.upper95, digits)}`;

/** A whole number with thousands separators ("1,234,567"), the same in both languages. */
export const grouped = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : Math.round(v).toLocaleString('en-US', { maximumFractionDigits: 0 });
