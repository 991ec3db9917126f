import type { Language } from './language';

/**
 * Units as each language writes them. The load unit follows the wastewater-based
 * epidemiology convention mg/day/1000 inhabitants (EUDA/SCORE), "mg/d/1000人" in Chinese reports.
 */
const unitLabels = {
  'zh-CN': { km2: 'km²', loadPer1000: 'mg/d/1000人', ngPerL: 'ng/L' },
  en: { km2: 'km²', loadPer1000: 'mg/day/1000 people', ngPerL: 'ng/L' },
} as const satisfies Record<Language, Record<string, string>>;

/** Fewer decimals for larger numbers: 850 km², 12.5 km², 0.84 km². */
function fractionDigitsFor(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return 0;
  if (magnitude >= 1) return 1;
  return 2;
}

/**
 * Intl formatters made once per locale and options, on first use: making one costs far more than
 * formatting with it (Node 20: a number ≈ 30 µs made and formatted against 0.5 µs formatted, a
 * date ≈ 150 µs against 2 µs), and a table or the map's labels format hundreds of figures.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (!made) {
    made = make();
    formatters.set(key, made);
  }
  return made;
}

/** The `Intl.NumberFormat` for `language` and `options`, made once (see `formatters`). */
export function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return formatter(
    `number ${language} ${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(language, options),
  );
}

export function formatNumber(
  value: number,
  language: Language,
  maximumFractionDigits = fractionDigitsFor(value),
): string {
  return numberFormat(language, { maximumFractionDigits }).format(value);
}

/**
 * An area in square kilometres.
 * @example formatAreaKm2(1130, 'zh-CN') // "1,130 km²"
 */
export function formatAreaKm2(areaKm2: number, language: Language): string {
  return `${formatNumber(areaKm2, language)} ${unitLabels[language].km2}`;
}

/**
 * Covered area against the total, as the survey teams report it.
 * @example formatCoveredOfTotalKm2(612, 850, 'zh-CN') // "612 / 850 km²"
 */
export function formatCoveredOfTotalKm2(coveredKm2: number, totalKm2: number, language: Language): string {
  // A first small flight (0.03 km²) must not read as nothing covered.
  const coveredDigits = coveredKm2 > 0 && coveredKm2 < 1 ? 2 : fractionDigitsFor(totalKm2);
  return `${formatNumber(coveredKm2, language, coveredDigits)} / ${formatNumber(totalKm2, language, fractionDigitsFor(totalKm2))} ${unitLabels[language].km2}`;
}

/**
 * A percentage given on the 0-100 scale, at most one decimal.
 * @example formatPercent(72.04, 'en') // "72%"
 */
export function formatPercent(percent: number, language: Language): string {
  // Below the shown precision but not zero: say so rather than print 0 %.
  const percentFormat = numberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  if (percent > 0 && percent < 0.05) return `<${percentFormat.format(0.001)}`;
  return percentFormat.format(percent / 100);
}

/** A population-normalised mass load, e.g. "35.2 mg/d/1000人". */
export function formatLoadPer1000(loadMgPerDayPer1000: number, language: Language): string {
  return `${formatNumber(loadMgPerDayPer1000, language)} ${unitLabels[language].loadPer1000}`;
}

/** A concentration in wastewater, e.g. "48.5 ng/L". */
export function formatConcentrationNgL(valueNgL: number, language: Language): string {
  return `${formatNumber(valueNgL, language)} ${unitLabels[language].ngPerL}`;
}

/** The `Intl.DateTimeFormat` for `locale` and `options`, made once (see `formatters`). */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return formatter(
    `date ${locale} ${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

/**
 * The calendar day of `instant` (in `timeZone`, else the browser's) as `2026-03-10`: how dates
 * are written in forms and tables in both languages (GB/T 7408, ISO 8601), and what the date
 * fields take.
 */
function isoDay(instant: Date, timeZone?: string): string {
  // en-CA writes year-month-day with two-digit month and day, whatever the browser's locale.
  return dateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(
    instant,
  );
}

/**
 * An ISO 8601 instant as a local date and time, "2024-03-05 14:30" (24-hour clock) in either
 * language: the form the date fields take (DateInput, DateTimeInput), so what a table shows can
 * be typed back; the text as given when it does not parse.
 */
export function formatDateTime(iso: string, timeZone?: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return `${isoDay(instant, timeZone)} ${clockTime(instant, timeZone)}`;
}

/** The hour and minute of `instant` as `14:30` (in `timeZone`, else the browser's). */
function clockTime(instant: Date, timeZone?: string): string {
  return dateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    instant,
  );
}

/**
 * A file size in binary units (1 KB = 1024 bytes, as file managers show them).
 * @example formatBytes(1536, 'en') // "1.5 KB"
 */
export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, language, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * A WGS84 position (`[lon, lat]`, as GeoJSON orders it) as the field teams read it, latitude
 * first: "19.8231°N 110.4212°E" (`fractionDigits` at most: 5 ≈ 1 m, 4 ≈ 10 m).
 */
export function formatPosition(lonLat: readonly number[], language: Language, fractionDigits = 5): string {
  return `${formatNumber(lonLat[1]!, language, fractionDigits)}°N ${formatNumber(lonLat[0]!, language, fractionDigits)}°E`;
}

/** A length in metres, as kilometres from 1 km on: "850 m", "2.9 km". */
export function formatDistanceM(distanceM: number, language: Language): string {
  return distanceM >= 1000
    ? `${formatNumber(distanceM / 1000, language, 1)} km`
    : `${formatNumber(distanceM, language, 0)} m`;
}

/** A duration in seconds as minutes and seconds, e.g. "6 min 57 s" / "6分57秒". */
export function formatDurationS(durationS: number, language: Language): string {
  const minutes = Math.floor(durationS / 60);
  const seconds = Math.round(durationS - minutes * 60);
  return language === 'zh-CN' ? `${minutes}分${seconds}秒` : `${minutes} min ${seconds} s`;
}

/**
 * A calendar date (`YYYY-MM-DD` or ISO instant) as `2026-03-10` in either language: one form
 * wherever a date is shown or typed (the date fields take it: DateInput), never the browser's
 * locale ("Mar 10, 2026" beside a field reading 2026-03-10).
 */
export function formatDate(isoDate: string): string {
  const instant = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T00:00:00` : isoDate);
  if (Number.isNaN(instant.getTime())) return isoDate;
  return isoDay(instant);
}
