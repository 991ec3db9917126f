import {
  ALERT_SEVERITIES,
  maxSeverity,
  type AlertSeverity,
  type AlertSignal,
} from '@skywater/core/alerts/alert-signal';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';

interface StoredAlert {
  id: number;
  condition_key: string;
  status: string;
  severity: AlertSeverity;
  detail: Record<string, unknown>;
  round_id: number | null;
  round_index: number | null;
}

export interface RaiseOutcome {
  created: number;
  refreshed: number;
  unchanged: number;
  /** Signals whose condition an analyst dismissed, with no newer evidence: not raised again. */
  keptDismissed: number;
}

const rank = (s: AlertSeverity) => ALERT_SEVERITIES.indexOf(s);

/**
 * Stores signals as alerts, idempotently (BullMQ delivers at least once):
 * - a live alert (open, acknowledged, escalated) with the same condition key is refreshed: the
 *   severity never drops while it lives, and its detail and round follow the most severe
 *   evidence (the latest among equals); nothing is written when nothing changed, so re-running
 *   a job adds nothing and touches nothing;
 * - a condition an analyst dismissed comes back only with evidence from a later round than the
 *   dismissed alert's;
 * - otherwise a new open alert, which the unique index (one live alert per condition) guards
 *   against a concurrent job raising the same condition.
 * Call inside the transaction that wrote the scores the signals come from.
 */
export async function raiseAlerts(tx: Queryable, signals: readonly AlertSignal[]): Promise<RaiseOutcome> {
  const outcome: RaiseOutcome = { created: 0, refreshed: 0, unchanged: 0, keptDismissed: 0 };
  if (signals.length === 0) return outcome;
  const { rows } = await tx.query<StoredAlert>(
    `with round_order as (select id, (row_number() over (order by starts_on, id))::int - 1 as idx from rounds)
     select a.id, a.condition_key, a.status, a.severity, a.detail, a.round_id, ro.idx as round_index
       from alerts a left join round_order ro on ro.id = a.round_id
      where a.condition_key = any($1::text[])`,
    [signals.map((s) => s.conditionKey)],
  );
  for (const signal of signals) {
    const stored = rows.filter((r) => r.condition_key === signal.conditionKey);
    const live = stored.find((r) => r.status !== 'dismissed');
    if (live) {
      const liveIndex = live.round_index ?? -1;
      const takesOver =
        rank(signal.severity) > rank(live.severity) ||
        (rank(signal.severity) === rank(live.severity) && signal.roundIndex >= liveIndex);
      const severity = maxSeverity(live.severity, signal.severity);
      const detail = takesOver ? signal.detail : live.detail;
      const roundId = takesOver ? signal.roundId : live.round_id;
      if (severity === live.severity && roundId === live.round_id && sameJson(detail, live.detail)) {
        outcome.unchanged++;
        continue;
      }
      await tx.query(
        `update alerts set severity = $2, detail = $3, round_id = $4, updated_at = now() where id = $1`,
        [live.id, severity, JSON.stringify(detail), roundId],
      );
      outcome.refreshed++;
      continue;
    }
    const dismissedCovering = stored.some(
      (r) => r.status === 'dismissed' && (r.round_index ?? -1) >= signal.roundIndex,
    );
    if (dismissedCovering) {
      outcome.keptDismissed++;
      continue;
    }
    const inserted = await tx.query<{ id: number }>(
      `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity, detail)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (condition_key) where status <> 'dismissed' do nothing
       returning id`,
      [
        signal.kind,
        signal.conditionKey,
        signal.siteId,
        signal.analyteCode,
        signal.roundId,
        signal.severity,
        JSON.stringify(signal.detail),
      ],
    );
    if (inserted.rows.length === 0) {
      outcome.unchanged++;
      continue;
    }
    await recordAudit(tx, {
      actor: null,
      action: 'raise',
      entity: 'alert',
      entityId: inserted.rows[0]!.id,
      after: { kind: signal.kind, conditionKey: signal.conditionKey, severity: signal.severity },
    });
    outcome.created++;
  }
  return outcome;
}

/** Key order does not matter (jsonb reorders keys). */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
