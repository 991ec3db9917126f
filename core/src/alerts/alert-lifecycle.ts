import { UnprocessableError } from '../errors/app-error';

export const ALERT_STATUSES = ['open', 'acknowledged', 'escalated', 'dismissed', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** What an analyst may do to a live alert (`POST /api/alerts/:id/<action>`, `POST /api/alerts/bulk`). */
export const ALERT_ACTIONS = ['acknowledge', 'escalate', 'dismiss'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/**
 * The life of an alert (docs/design.md §4): open → acknowledged → escalated or dismissed. An open
 * alert may also be escalated or dismissed at once (an analyst need not acknowledge first);
 * escalated may still be dismissed (handled elsewhere); dismissed is final. The system resolves a
 * live alert whose condition a later scoring of its series no longer finds (`resolved`, final;
 * the condition may be raised again as a new alert); no analyst action leads there or out.
 */
const TRANSITIONS: Record<AlertAction, { from: readonly AlertStatus[]; to: AlertStatus }> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  escalate: { from: ['open', 'acknowledged'], to: 'escalated' },
  dismiss: { from: ['open', 'acknowledged', 'escalated'], to: 'dismissed' },
};

/**
 * The status after `action`, or a 422 `alert_transition_refused` naming both.
 * @example nextAlertStatus('open', 'acknowledge') // 'acknowledged'
 */
export function nextAlertStatus(current: AlertStatus, action: AlertAction): AlertStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw new UnprocessableError(
      'alert_transition_refused',
      `An alert that is ${current} cannot be ${rule.to} (${action}); allowed from: ${rule.from.join(', ')}`,
      { status: current, action, allowedFrom: rule.from },
    );
  }
  return rule.to;
}
