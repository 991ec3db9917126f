import type { Db } from '@skywater/core/db/db';
import { SharedListen } from '@skywater/core/db/shared-listen';
import {
  parseSurveyProgressPayload,
  SURVEY_PROGRESS_CHANNEL,
  type SurveyProgressSubject,
} from '@skywater/core/survey/survey-progress-channel';

/** A change to follow, or null when notifications may have been missed (anything may have moved). */
export type SurveyProgressListener = (subject: SurveyProgressSubject | null) => void;

/**
 * The survey progress notifications (survey-progress-channel.ts), passed on to the flight
 * streams of this server process. One listener on the database for all subscribers, only while
 * someone subscribes (shared-listen.ts; from workers in other processes too); each
 * (re)connection of it is passed on as null, since changes may have been missed.
 */
export class SurveyProgressFeed {
  private readonly channel: SharedListen<SurveyProgressSubject | null>;

  constructor(db: Db) {
    this.channel = new SharedListen(db, SURVEY_PROGRESS_CHANNEL, {
      onNotify: (payload) => {
        const subject = parseSurveyProgressPayload(payload);
        if (subject) this.channel.pass(subject);
      },
      onListening: (listening) => {
        if (listening) this.channel.pass(null);
      },
    });
  }

  subscribe(listener: SurveyProgressListener): Promise<() => void> {
    return this.channel.subscribe(listener);
  }
}
