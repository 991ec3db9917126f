/**
 * A p-value as statistics reports print it: "p < 0.001" below a thousandth (a Mann-Kendall
 * p of 1e-9 is not "p = 0"), else three decimals.
 * @example formatPValue(0.0000003, 'en') // "p < 0.001"; formatPValue(0.0421, 'en') // "p = 0.042"
 */
export function formatPValue(pValue: number, language: string): string {
  if (pValue < 0.001) return `p < ${(0.001).toLocaleString(language)}`;
  return `p = ${pValue.toLocaleString(language, { minimumFractionDigits: 3, maximumFractionDigits: 3 })}`;
}

/**
 * A change in percent with its sign, one decimal, e.g. "+751.4 %" or "−12.0 %" (a minus sign,
 * not a hyphen).
 */
export function formatSignedPercent(percent: number, language: string): string {
  const text = Math.abs(percent).toLocaleString(language, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${text} %`;
}
