import { UnprocessableError } from '../errors/app-error';

/**
 * The life of a finding (a suspected illicit-crop plot, docs/design.md §5) as a state machine:
 *
 *   suspected ──verify(confirmed)──> verified ──eradicate──> eradicated ──resurvey(clear)──> resurveyed
 *       │  └────verify(not_found)──> rejected          ▲                        │
 *       └──reject──> rejected                           └──resurvey(regrowth)────┘ (back to verified)
 *   verified ──reject──> rejected;  resurveyed ──resurvey──> resurveyed | verified
 *
 * `rejected` is final. Every step is an appended event; nothing is deleted or rewritten.
 */
export const FINDING_STATUSES = ['suspected', 'verified', 'rejected', 'eradicated', 'resurveyed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const FINDING_ACTIONS = ['verify', 'eradicate', 'reject', 'resurvey'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

/** What a ground team found where a plot was suspected. */
export const VERIFY_OUTCOMES = ['confirmed', 'not_found'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

/** What a re-survey of an eradicated plot saw. */
export const RESURVEY_OUTCOMES = ['clear', 'regrowth'] as const;

/** Outcome of a ground verification or a re-survey, where the action has one. */
export const FINDING_OUTCOMES = [...VERIFY_OUTCOMES, ...RESURVEY_OUTCOMES] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

const ALLOWED_FROM: Record<FindingAction, readonly FindingStatus[]> = {
  verify: ['suspected'],
  reject: ['suspected', 'verified'],
  eradicate: ['verified'],
  resurvey: ['eradicated', 'resurveyed'],
};

const OUTCOMES: Record<FindingAction, readonly FindingOutcome[] | null> = {
  verify: VERIFY_OUTCOMES,
  reject: null,
  eradicate: null,
  resurvey: RESURVEY_OUTCOMES,
};

/**
 * The status after `action` with `outcome`; throws UnprocessableError (422,
 * `invalid_transition`) when the action is impossible from `from` or the outcome does not fit.
 *
 * @example nextFindingStatus('suspected', 'verify', 'confirmed') // 'verified'
 */
export function nextFindingStatus(
  from: FindingStatus,
  action: FindingAction,
  outcome?: FindingOutcome,
): FindingStatus {
  if (!ALLOWED_FROM[action].includes(from)) {
    throw new UnprocessableError(
      'invalid_transition',
      `A ${from} finding cannot be ${PAST[action]} (allowed from: ${ALLOWED_FROM[action].join(', ')})`,
      { from, action },
    );
  }
  const outcomes = OUTCOMES[action];
  if (outcomes && (!outcome || !outcomes.includes(outcome))) {
    throw new UnprocessableError(
      'invalid_outcome',
      `${action} needs an outcome: one of ${outcomes.join(', ')}`,
      { action, outcome },
    );
  }
  switch (action) {
    case 'verify':
      return outcome === 'confirmed' ? 'verified' : 'rejected';
    case 'reject':
      return 'rejected';
    case 'eradicate':
      return 'eradicated';
    case 'resurvey':
      return outcome === 'regrowth' ? 'verified' : 'resurveyed';
  }
}

const PAST: Record<FindingAction, string> = {
  verify: 'verified',
  reject: 'rejected',
  eradicate: 'eradicated',
  resurvey: 're-surveyed',
};

/** The finding_events.kind recorded for an action. */
export function findingEventKind(
  action: FindingAction,
): 'verification' | 'eradication' | 'rejection' | 'resurvey' {
  return (
    { verify: 'verification', eradicate: 'eradication', reject: 'rejection', resurvey: 'resurvey' } as const
  )[action];
}
