import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import type { ObjectStorage } from '@skywater/core/storage/object-storage';
import { findFlightByLog, importFlight } from './flights';
import type { ImageUploadReply } from '@skywater/core/survey/image-view';
import { receiveImage, recordImages, type StoredUpload } from './image-upload';

interface DemoFlight {
  id: string;
  areaName: string;
  cameraModel: string;
  team: string;
  pilot: string;
  logFile: string;
  images: { file: string }[];
}

const DEMO_ACTOR = { id: null, username: 'demo-loader' };

/**
 * Loads the demo survey (samples/data/survey/manifest.json) through the same use-cases as a
 * pilot's uploads: each flight log via importFlight, its photos via receiveImage + recordImages
 * (stored, checked, `pending`, one process-image job each); the workers then compute
 * footprints and coverage. Idempotent: a flight already stored (same log SHA-256) is reused and
 * photos already in it are skipped, so a restart or a crash half-way loads only what is missing.
 */
export async function loadDemoSurvey(
  db: Db,
  log: Logger,
  storage: ObjectStorage,
  surveyDir: string,
): Promise<void> {
  const manifestPath = path.join(surveyDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) return;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { flights: DemoFlight[] };
  const started = performance.now();
  let imagesQueued = 0;
  for (const flight of manifest.flights) {
    const logContent = fs.readFileSync(path.join(surveyDir, flight.logFile));
    const sha256 = createHash('sha256').update(logContent).digest('hex');
    let flightId = await findFlightByLog(db, sha256);
    if (flightId === null) {
      const area = await db.query<{ id: number }>(`select id from survey_areas where name = $1`, [
        flight.areaName,
      ]);
      const imported = await importFlight(
        db,
        {
          areaId: area.rows[0]?.id,
          cameraModel: flight.cameraModel,
          team: flight.team,
          pilot: flight.pilot,
          coordinateSystem: 'wgs84',
        },
        { fileName: path.basename(flight.logFile), content: logContent },
        DEMO_ACTOR,
      );
      flightId = imported.id;
    }
    const stored: StoredUpload[] = [];
    const rejected: ImageUploadReply['rejected'] = [];
    const seen = new Set<string>();
    for (const image of flight.images) {
      const outcome = await receiveImage(
        db,
        storage,
        flightId,
        path.basename(image.file),
        fs.createReadStream(path.join(surveyDir, image.file)),
        seen,
        // The product's own photos: the workers still check each against IMAGE_MAX_PIXELS.
        Number.POSITIVE_INFINITY,
      );
      if ('code' in outcome) {
        if (outcome.code !== 'duplicate') rejected.push(outcome);
      } else stored.push(outcome);
    }
    try {
      const reply = await recordImages(db, storage, flightId, stored, rejected, DEMO_ACTOR, undefined);
      imagesQueued += reply.accepted.length;
      if (rejected.length) log.warn({ flight: flight.id, rejected }, 'demo survey: photos refused');
    } catch (error) {
      await Promise.all(stored.map((s) => storage.delete(s.key)));
      throw error;
    }
  }
  if (imagesQueued > 0)
    log.info({ imagesQueued, ms: Math.round(performance.now() - started) }, 'demo survey flights loaded');
}
