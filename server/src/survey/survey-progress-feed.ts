import type { Db } from '@skywater/core/db/db';
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
 * someone subscribes (`Db.listen`, the same on PostgreSQL and PGlite, and from workers in other
 * processes); each (re)connection of it is passed on as null, since changes may have been missed.
 */
export class SurveyProgressFeed {
  private readonly listeners = new Set<SurveyProgressListener>();
  private unlisten: Promise<() => Promise<void>> | undefined;

  constructor(private readonly db: Db) {}

  async subscribe(listener: SurveyProgressListener): Promise<() => void> {
    this.listeners.add(listener);
    this.unlisten ??= this.db.listen(SURVEY_PROGRESS_CHANNEL, {
      onNotify: (payload) => {
        const subject = parseSurveyProgressPayload(payload);
        if (subject) this.pass(subject);
      },
      onListening: (listening) => {
        if (listening) this.pass(null);
      },
    });
    try {
      await this.unlisten;
    } catch (error) {
      this.listeners.delete(listener);
      this.unlisten = undefined;
      throw error;
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.unlisten) {
        const stop = this.unlisten;
        this.unlisten = undefined;
        void stop.then((unlisten) => unlisten()).catch(() => undefined);
      }
    };
  }

  private pass(subject: SurveyProgressSubject | null) {
    for (const listener of this.listeners) listener(subject);
  }
}
