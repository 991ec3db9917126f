import {
  ALERT_SEVERITIES,
  maxSeverity,
  type AlertSeverity,
  type AlertSignal,
} from '@skywater/core/alerts/alert-signal';
import type { Queryable } from '@skywater/core/db/db';
import { numberArrayLiteral as numbers, textArrayLiteral as texts } from '@skywater/core/db/pg-array-literal';
import { roundOrderSql } from '../scoring/round-order';

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
  /** Live alerts a later scoring no longer found, resolved by the system (resolve-alerts.ts). */
  resolved?: number;
}

export interface RaiseOptions {
  /**
   * The signals are the whole judgement of their conditions (a series scored again from its
   * first round): a live alert takes the signal's severity, detail and round, even a lower
   * severity, so the alerts are the same whatever order the rounds were scored in. Without it
   * (hot spots raised round by round) the severity of a live alert never drops.
   */
  replaceLive?: boolean;
}

/** The live alert of one condition as the signals so far leave it (stored, or about to be inserted). */
interface LiveState {
  /** The stored alert, or null for one this call inserts. */
  stored: StoredAlert | null;
  /** The signal that raises it, for one this call inserts. */
  signal: AlertSignal | null;
  severity: AlertSeverity;
  detail: unknown;
  roundId: number | null;
  roundIndex: number;
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
 * Signals are applied in order, as if raised one by one (two signals of one condition, e.g. the
 * AMP/METH ratio from the AMP and from the METH series of a batch, fold into one alert), then
 * written in bulk: one read, one update, one insert and one audit insert, whatever the count.
 * Call inside the transaction that wrote the scores the signals come from.
 */
export async function raiseAlerts(
  tx: Queryable,
  signals: readonly AlertSignal[],
  options: RaiseOptions = {},
): Promise<RaiseOutcome> {
  const outcome: RaiseOutcome = { created: 0, refreshed: 0, unchanged: 0, keptDismissed: 0 };
  if (signals.length === 0) return outcome;
  const { rows } = await tx.query<StoredAlert>(
    `with round_order as (${roundOrderSql(
      `array(select coalesce(w.area_id, -1) from alerts l left join sites w on w.id = l.site_id
              where l.condition_key = any($1::text[]) and l.status <> 'resolved')`,
    )})
     select a.id, a.condition_key, a.status, a.severity, a.detail, a.round_id, ro.idx as round_index
       from alerts a left join sites st on st.id = a.site_id
       left join round_order ro on ro.id = a.round_id and ro.area = coalesce(st.area_id, -1)
      where a.condition_key = any($1::text[]) and a.status <> 'resolved'`,
    [texts([...new Set(signals.map((s) => s.conditionKey))])],
  );
  const storedByKey = new Map<string, StoredAlert[]>();
  for (const row of rows) {
    const list = storedByKey.get(row.condition_key);
    if (list) list.push(row);
    else storedByKey.set(row.condition_key, [row]);
  }
  const live = new Map<string, LiveState>();
  for (const [key, stored] of storedByKey) {
    const alert = stored.find((r) => r.status !== 'dismissed');
    if (alert)
      live.set(key, {
        stored: alert,
        signal: null,
        severity: alert.severity,
        detail: alert.detail,
        roundId: alert.round_id,
        roundIndex: alert.round_index ?? -1,
      });
  }

  const replaced = new Set<string>();
  for (const signal of signals) {
    const state = live.get(signal.conditionKey);
    if (state && options.replaceLive && state.stored && !replaced.has(signal.conditionKey)) {
      replaced.add(signal.conditionKey);
      if (
        signal.severity === state.severity &&
        signal.roundId === state.roundId &&
        sameJson(signal.detail, state.detail)
      ) {
        outcome.unchanged++;
        continue;
      }
      state.severity = signal.severity;
      state.detail = signal.detail;
      state.roundId = signal.roundId;
      state.roundIndex = signal.roundIndex;
      outcome.refreshed++;
      continue;
    }
    if (state) {
      const takesOver =
        rank(signal.severity) > rank(state.severity) ||
        (rank(signal.severity) === rank(state.severity) && signal.roundIndex >= state.roundIndex);
      const severity = maxSeverity(state.severity, signal.severity);
      const detail = takesOver ? signal.detail : state.detail;
      const roundId = takesOver ? signal.roundId : state.roundId;
      if (severity === state.severity && roundId === state.roundId && sameJson(detail, state.detail)) {
        outcome.unchanged++;
        continue;
      }
      state.severity = severity;
      state.detail = detail;
      state.roundId = roundId;
      if (takesOver) state.roundIndex = signal.roundIndex;
      if (state.stored) outcome.refreshed++;
      continue;
    }
    const dismissedCovering = (storedByKey.get(signal.conditionKey) ?? []).some(
      (r) => r.status === 'dismissed' && (r.round_index ?? -1) >= signal.roundIndex,
    );
    if (dismissedCovering) {
      outcome.keptDismissed++;
      continue;
    }
    live.set(signal.conditionKey, {
      stored: null,
      signal,
      severity: signal.severity,
      detail: signal.detail,
      roundId: signal.roundId,
      roundIndex: signal.roundIndex,
    });
  }

  const updates = [...live.values()].filter(
    (s) =>
      s.stored &&
      (s.severity !== s.stored.severity ||
        s.roundId !== s.stored.round_id ||
        !sameJson(s.detail, s.stored.detail)),
  );
  if (updates.length > 0)
    await tx.query(
      `update alerts a set severity = u.severity, detail = u.detail::jsonb, round_id = u.round_id, updated_at = now()
         from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) as u(id, severity, detail, round_id)
        where a.id = u.id`,
      [
        numbers(updates.map((s) => s.stored!.id)),
        texts(updates.map((s) => s.severity)),
        texts(updates.map((s) => JSON.stringify(s.detail))),
        numbers(updates.map((s) => s.roundId)),
      ],
    );

  const inserts = [...live.values()].filter((s) => !s.stored);
  if (inserts.length > 0) {
    const raising = inserts.map((s) => s.signal!);
    const inserted = await tx.query<{ id: number; condition_key: string; kind: string; severity: string }>(
      `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity, detail)
       select x.kind, x.condition_key, x.site_id, x.analyte_code, x.round_id, x.severity, x.detail::jsonb
         from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[])
              with ordinality as x(kind, condition_key, site_id, analyte_code, round_id, severity, detail, ord)
        order by x.ord
       on conflict (condition_key) where status not in ('dismissed', 'resolved') do nothing
       returning id, condition_key, kind, severity`,
      [
        texts(raising.map((s) => s.kind)),
        texts(raising.map((s) => s.conditionKey)),
        numbers(raising.map((s) => s.siteId)),
        texts(raising.map((s) => s.analyteCode)),
        numbers(inserts.map((s) => s.roundId)),
        texts(inserts.map((s) => s.severity)),
        texts(inserts.map((s) => JSON.stringify(s.detail))),
      ],
    );
    // A condition raised meanwhile by a concurrent job: the unique index kept its alert.
    outcome.unchanged += inserts.length - inserted.rows.length;
    outcome.created += inserted.rows.length;
    if (inserted.rows.length > 0) await auditRaised(tx, inserted.rows);
  }
  return outcome;
}

/**
 * One audit row per raised alert (actor: the system), in one statement: the rows recordAudit
 * (core/src/audit/audit-log.ts) would write one by one. A system entry belongs to the office of
 * the alert it raised (its site's), so that office's admins read it in their audit view.
 */
async function auditRaised(
  tx: Queryable,
  raised: readonly { id: number; condition_key: string; kind: string; severity: string }[],
): Promise<void> {
  await tx.query(
    `insert into audit_log (actor_id, actor_name, action, entity, entity_id, after, office_id)
     select null, 'system', 'raise', 'alert', x.entity_id, x.after::jsonb, a.office_id
       from unnest($1::text[], $2::text[]) with ordinality as x(entity_id, after, ord)
       join alerts a on a.id = x.entity_id::bigint
      order by x.ord`,
    [
      texts(raised.map((r) => String(r.id))),
      texts(
        raised.map((r) =>
          JSON.stringify({ kind: r.kind, conditionKey: r.condition_key, severity: r.severity }),
        ),
      ),
    ],
  );
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
