import { ALERT_SEVERITIES, type AlertSeverity, type AlertSignal } from './alert-signal';

const severityRank = (s: AlertSeverity) => ALERT_SEVERITIES.indexOf(s);

/**
 * Collapses signals with the same condition key (one live alert per condition): the detail and
 * round of the most severe signal (the latest among equals), and the rounds that showed it.
 * @example mergeSignals([a1, a2]).length // 1 when a1 and a2 share a conditionKey
 */
export function mergeSignals(signals: readonly AlertSignal[]): AlertSignal[] {
  const byKey = new Map<string, { signal: AlertSignal; roundIds: number[] }>();
  for (const signal of signals) {
    const seen = byKey.get(signal.conditionKey);
    if (!seen) {
      byKey.set(signal.conditionKey, { signal, roundIds: [signal.roundId] });
      continue;
    }
    seen.roundIds.push(signal.roundId);
    const rank = severityRank(signal.severity) - severityRank(seen.signal.severity);
    if (rank > 0 || (rank === 0 && signal.roundIndex >= seen.signal.roundIndex)) seen.signal = signal;
  }
  return [...byKey.values()].map(({ signal, roundIds }) =>
    roundIds.length > 1 ? { ...signal, detail: { ...signal.detail, roundIds } } : signal,
  );
}
