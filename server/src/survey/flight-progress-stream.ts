import type { Request, Response } from 'express';
import type { Db } from '@skywater/core/db/db';
import type { FlightProgress } from '@skywater/core/survey/flight-view';
import type { Access } from '../http/route-table';
import { openSessionEventStream } from '../http/session-event-stream';
import { getAreaSummary } from '../places/areas';
import { getFlightImageCounts } from './flights';
import type { SurveyProgressFeed } from './survey-progress-feed';

/** A flight's photo counts and its area's coverage figure, or null when there is no such flight. */
export async function readFlightProgress(db: Db, flightId: number): Promise<FlightProgress | null> {
  const counts = await getFlightImageCounts(db, flightId);
  if (!counts) return null;
  const area = counts.areaId === null ? null : await getAreaSummary(db, counts.areaId);
  return { flightId, images: counts.images, area };
}

/**
 * The live progress stream (Server-Sent Events) of one flight: a `progress` event
 * (FlightProgress) when it opens, then again whenever the flight's photos or its area's coverage
 * are notified as changed and the figures differ from the last sent, for as long as the session
 * that opened it holds `access` (session-event-stream.ts) and may see the flight's office
 * (`officeId`: the tree may change under an open stream). The caller has checked the flight
 * exists and is of an office the session may see.
 */
export async function streamFlightProgress(
  req: Request,
  res: Response,
  {
    db,
    feed,
    access,
    flightId,
    officeId,
  }: { db: Db; feed: SurveyProgressFeed; access: Access; flightId: number; officeId: number },
): Promise<void> {
  const stream = openSessionEventStream(req, res, { db, access });
  let areaId: number | null = null;
  let lastSent = '';
  let readWaiting = false;
  const sendProgress = () => {
    // Notifications arriving while a read waits its turn are answered by that read.
    if (readWaiting) return;
    readWaiting = true;
    stream.queue(async () => {
      readWaiting = false;
      if (!stream.visibleOfficeIds.includes(officeId)) return;
      const progress = await readFlightProgress(db, flightId).catch(() => undefined);
      if (!progress) return; // The database did not answer: the next notification reads again.
      areaId = progress.area?.id ?? null;
      const text = JSON.stringify(progress);
      if (text === lastSent) return;
      lastSent = text;
      stream.write('progress', progress);
    });
  };
  const stop = await feed.subscribe((subject) => {
    if (
      subject === null ||
      ('flightId' in subject && subject.flightId === flightId) ||
      ('areaId' in subject && subject.areaId === areaId)
    )
      sendProgress();
  });
  stream.onClose(stop);
  sendProgress();
}
