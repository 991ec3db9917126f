import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { findCameraById } from '@skywater/core/survey/cameras';
import { analyseSurveyImage } from '@skywater/core/survey/image-analysis';
import { readImageMetadata } from '@skywater/core/survey/image-metadata';
import { makeImageDerivatives, PREVIEW_PX, THUMBNAIL_PX } from '@skywater/workers/survey/image-derivatives';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { report } from './bench-database';

/**
 * The image pipeline's two costs, on the 100 demo photos (DJI EXIF + XMP, 640×427) and on
 * full-size 5472×3648 JPEGs made here:
 * 1. metadata (exifr: EXIF, GPS, XMP) + footprint + QC per photo, in photos/s; anchor: the
 *    bare exifr.parse of the same photos (what any reader must pay).
 * 2. thumbnail + preview (our derivatives step) vs bare sharp resizes making the same two copies
 *    (`resize(256)` and `resize(1280)`), and vs a bare thumbnail alone; ratio = bare time / our
 *    time (goal ≥ 0.8).
 */
const surveyDir = path.join(SAMPLES_DATA_DIR, 'survey');
const manifest = JSON.parse(fs.readFileSync(path.join(surveyDir, 'manifest.json'), 'utf8')) as {
  flights: { images: { file: string }[] }[];
};
const photos = manifest.flights.flatMap((f) =>
  f.images.map((i) => fs.readFileSync(path.join(surveyDir, i.file))),
);
const camera = findCameraById('phantom-4-rtk')!;
const flight = { startedAt: new Date('2025-03-10T01:30:00Z'), endedAt: new Date('2025-03-10T02:30:00Z') };

async function timeLoop(rounds: number, work: (photo: Buffer) => Promise<unknown>, set: Buffer[] = photos) {
  for (const photo of set.slice(0, 10)) await work(photo); // warm-up
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const photo of set) await work(photo);
  return (performance.now() - started) / 1000;
}

const rounds = 20;
const analysed = rounds * photos.length;
const ours = await timeLoop(rounds, async (photo) => {
  const metadata = await readImageMetadata(photo);
  return analyseSurveyImage(metadata, { camera, maxGsdCm: 10, flight, duplicate: false });
});
const bare = await timeLoop(rounds, (photo) => exifr.parse(photo, { xmp: true, gps: true }));
report(
  'metadata (EXIF + XMP) + footprint + QC',
  `${Math.round(analysed / ours)} photos/s (${analysed} photos in ${ours.toFixed(2)} s)`,
  'bare exifr.parse of the same photos',
  `${Math.round(analysed / bare)} photos/s`,
  ours > 0 ? bare / ours : 0,
  '≥ 500 photos/s',
);

async function compareThumbnails(label: string, set: Buffer[], rounds: number) {
  const n = rounds * set.length;
  const perPhoto = (secs: number) =>
    `${(n / secs).toFixed(1)} photos/s (${((1000 * secs) / n).toFixed(1)} ms each)`;
  const ourSeconds = await timeLoop(rounds, (photo) => makeImageDerivatives(photo, 200_000_000), set);
  const bareThumbSeconds = await timeLoop(
    rounds,
    (photo) => sharp(photo).resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside' }).jpeg().toBuffer(),
    set,
  );
  const bareBothSeconds = await timeLoop(
    rounds,
    (photo) =>
      Promise.all([
        sharp(photo).resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside' }).jpeg().toBuffer(),
        sharp(photo)
          .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
          .jpeg()
          .toBuffer(),
      ]),
    set,
  );
  report(
    `thumbnail + 1280 px preview, ${label}`,
    perPhoto(ourSeconds),
    'bare sharp resizes making the same two copies',
    perPhoto(bareBothSeconds),
    bareBothSeconds / ourSeconds,
    'ratio ≥ 0.8 (ours within 80 % of bare)',
  );
  report(
    `  same, against a bare thumbnail alone (${label})`,
    perPhoto(ourSeconds),
    'bare sharp resize to a 256 px thumbnail only',
    perPhoto(bareThumbSeconds),
    bareThumbSeconds / ourSeconds,
  );
}

await compareThumbnails('demo photos 640×427', photos, 5);
const fullSize = await Promise.all(
  Array.from({ length: 6 }, (_, i) =>
    sharp({
      create: {
        width: 5472,
        height: 3648,
        channels: 3 as const,
        background: '#000',
        noise: { type: 'gaussian', mean: 110 + i * 5, sigma: 40 },
      },
    })
      .jpeg({ quality: 90 })
      .toBuffer(),
  ),
);
await compareThumbnails('full-size 5472×3648 (Phantom 4 RTK) JPEGs', fullSize, 3);
