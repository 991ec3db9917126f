import { dateTimeFormat } from '../i18n/format-units';
import type { Language } from '../i18n/language';

const dayMs = 86_400_000;

/** Midnight UTC of a `YYYY-MM-DD` day: the chart counts whole days, never hours. */
function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/**
 * A day on the axis, as short as is unambiguous: "3月10日" / "10 Mar", with the year when the
 * flights span more than one (a season flown across New Year).
 */
export function formatAxisDay(valueMs: number, language: Language, withYear: boolean): string {
  return dateTimeFormat(language, {
    timeZone: 'UTC',
    ...(withYear ? { year: 'numeric' } : {}),
    month: 'short',
    day: 'numeric',
  }).format(new Date(valueMs));
}

/** The cumulative covered km² per flown day, as the coverage chart draws it. */
export interface CoverageDayPoint {
  day: string;
  coveredKm2: number;
}

/**
 * The time axis and the stepped line of an area's coverage. The axis runs from the day before
 * the first flight to the day after the last, in whole days: a default time axis over one
 * flown day ticked the hours ("04:00 … 20:00") between two bare day numbers. The line starts
 * from nothing the day before and holds the last figure to the axis end, so one flown day
 * is a step with a level after it, not a vertical edge on the chart's border.
 */
export function coverageTimeAxis(points: readonly CoverageDayPoint[], language: Language) {
  if (points.length === 0) return null;
  const firstMs = dayStartMs(points[0].day);
  const lastMs = dayStartMs(points[points.length - 1].day);
  const minMs = firstMs - dayMs;
  const maxMs = lastMs + dayMs;
  const withYear = new Date(minMs).getUTCFullYear() !== new Date(maxMs).getUTCFullYear();
  const last = points[points.length - 1];
  return {
    axis: {
      type: 'time' as const,
      min: minMs,
      max: maxMs,
      minInterval: dayMs,
      axisLabel: {
        hideOverlap: true,
        formatter: (valueMs: number) => formatAxisDay(valueMs, language, withYear),
      },
    },
    // The two added ends carry no dot: only flown days are marked.
    data: [
      { value: [minMs, 0], symbol: 'none' },
      ...points.map((point) => ({ value: [dayStartMs(point.day), point.coveredKm2] })),
      { value: [maxMs, last.coveredKm2], symbol: 'none' },
    ] as { value: [number, number]; symbol?: 'none' }[],
    formatDay: (valueMs: number) => formatAxisDay(valueMs, language, true),
  };
}
