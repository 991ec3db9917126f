import type { Queryable } from '../db/db';

/**
 * The channel on which the survey's writers say that a flight's photo counts or an area's
 * coverage changed: the server's image upload and the workers' image and coverage jobs notify
 * it, the server's flight progress streams (`GET /api/flights/:id/stream`) follow it.
 */
export const SURVEY_PROGRESS_CHANNEL = 'skywater_survey_progress';

/** What changed: one flight's photos (uploaded, processed, failed) or one area's coverage. */
export type SurveyProgressSubject = { flightId: number } | { areaId: number };

export function surveyProgressPayload(subject: SurveyProgressSubject): string {
  return 'flightId' in subject ? `flight:${subject.flightId}` : `area:${subject.areaId}`;
}

/** The subject a payload names, or null for one this version does not read. */
export function parseSurveyProgressPayload(payload: string): SurveyProgressSubject | null {
  const match = /^(flight|area):(\d+)$/.exec(payload);
  if (!match) return null;
  const id = Number(match[2]);
  return match[1] === 'flight' ? { flightId: id } : { areaId: id };
}

/** Notifies the change; inside a transaction it is delivered when the transaction commits. */
export async function notifySurveyProgress(db: Queryable, subject: SurveyProgressSubject): Promise<void> {
  await db.query(`select pg_notify($1, $2)`, [SURVEY_PROGRESS_CHANNEL, surveyProgressPayload(subject)]);
}
