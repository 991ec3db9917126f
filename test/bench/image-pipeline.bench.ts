import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { findCameraById } from '@skywater/core/survey/cameras';
import { analyseSurveyImage } from '@skywater/core/survey/image-analysis';
import { readImageMetadata } from '@skywater/core/survey/image-metadata';
import { jpegDimensions } from '@skywater/core/survey/jpeg-structure';
import {
  makePreview,
  makeThumbnail,
  makeThumbnailWithQuality,
  PREVIEW_PX,
  THUMBNAIL_PX,
} from '@skywater/workers/survey/image-derivatives';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { report } from './bench-database';

/**
 * The image pipeline's two costs, on the 100 demo photos (DJI EXIF + XMP, 640×427) and on
 * 20 MP (5472×3648) JPEGs made here:
 * 1. metadata (exifr: EXIF, GPS, XMP) + footprint + QC per photo, in photos/s; anchor: the
 *    bare exifr.parse of the same photos (what any reader must pay).
 * 2. the derivatives, made by two jobs: the thumbnail step (process-image: 256 px straight from
 *    the original, JPEG shrink-on-load at 1/8) vs a bare sharp 256 px thumbnail of the same
 *    files (the issue's anchor, goal ≥ 0.8); the preview step (make-preview: 1280 px,
 *    shrink-on-load at 1/4) vs a bare sharp 1280 px resize; both steps together vs bare sharp
 *    making the same two copies (two resizes), and vs the former single step that made both
 *    from one 1/4-scale decode; and the thumbnail + QC step (sharpness and exposure measured on
 *    the same decoded pixels) vs the bare thumbnail, with what QC adds to the thumbnail step
 *    (goal ≤ 20 %). Ratio = bare time / our time. Sides are interleaved per photo;
 *    medians and the runs' spread are printed, wall and CPU.
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

type Side = { label: string; work: (photo: Buffer) => Promise<unknown> };

/**
 * Runs every side on every photo, interleaved (the order rotates per photo and per run), so a
 * busy machine slows all sides alike; per run, the mean wall and CPU (user + system of this
 * process, libvips threads included) ms per photo of each side. Returns the runs.
 */
async function interleaved(sides: Side[], set: Buffer[], runs: number) {
  for (const side of sides) for (const photo of set.slice(0, 2)) await side.work(photo); // warm-up
  const perRun: { wallMs: number[]; cpuMs: number[] }[] = [];
  for (let r = 0; r < runs; r++) {
    const wall = sides.map(() => 0);
    const cpu = sides.map(() => 0);
    for (let i = 0; i < set.length; i++) {
      for (let k = 0; k < sides.length; k++) {
        const s = (k + r + i) % sides.length;
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        await sides[s]!.work(set[i]!);
        wall[s]! += performance.now() - started;
        const used = process.cpuUsage(cpuStart);
        cpu[s]! += (used.user + used.system) / 1000;
      }
    }
    perRun.push({ wallMs: wall.map((t) => t / set.length), cpuMs: cpu.map((t) => t / set.length) });
  }
  return perRun;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

const LIMIT = 200_000_000;
const bareThumbnail = (photo: Buffer) =>
  sharp(photo).resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside' }).jpeg().toBuffer();
const barePreview = (photo: Buffer) =>
  sharp(photo).resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true }).jpeg().toBuffer();

/**
 * The former single step (before the preview got its own job), kept here as a reference: one
 * decode with shrink-on-load to 1280 px, the preview encoded from it, the thumbnail resized from
 * its pixels (a photo no larger than the preview is its own preview).
 */
async function formerSingleStep(photo: Buffer) {
  const size = jpegDimensions(photo);
  if (size && Math.max(size.widthPx, size.heightPx) <= PREVIEW_PX)
    return [await makeThumbnail(photo, LIMIT), Buffer.from(photo)];
  const { data, info } = await sharp(photo, { limitInputPixels: LIMIT, failOn: 'truncated' })
    .rotate()
    .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  return Promise.all([
    sharp(data, raw).jpeg({ quality: 80 }).toBuffer(),
    sharp(data, raw)
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer(),
  ]);
}

/**
 * Our two steps against bare sharp resizes of the same photos, all sides interleaved per photo:
 * the thumbnail step (process-image) vs a bare 256 px thumbnail (the anchor, goal
 * ≥ 0.8); the preview step (make-preview) vs a bare 1280 px resize; the two steps' sum vs the
 * two bare resizes' sum (the same two copies), and vs the former single step. Ratio = anchor
 * time / our time per run; the median and the spread over the runs are printed, wall and CPU.
 */
async function compareDerivatives(label: string, set: Buffer[], runs: number) {
  const sides: Side[] = [
    { label: 'thumbnail step', work: (photo) => makeThumbnail(photo, LIMIT) },
    { label: 'bare thumbnail', work: bareThumbnail },
    { label: 'preview step', work: (photo) => makePreview(photo, LIMIT) },
    { label: 'bare preview', work: barePreview },
    { label: 'former single step', work: formerSingleStep },
    { label: 'thumbnail + QC step', work: (photo) => makeThumbnailWithQuality(photo, LIMIT) },
  ];
  const perRun = await interleaved(sides, set, runs);
  // Per run, ms per photo of a side, or of the sum of sides (both steps; both bare copies).
  const per = (ks: number[], kind: 'wallMs' | 'cpuMs') =>
    perRun.map((r) => ks.reduce((sum, k) => sum + r[kind][k]!, 0));
  const figure = (ks: number[]) =>
    `${median(per(ks, 'wallMs')).toFixed(1)} ms wall, ${median(per(ks, 'cpuMs')).toFixed(1)} ms CPU per photo`;
  const ratios = (ours: number[], anchor: number[], kind: 'wallMs' | 'cpuMs') => {
    const a = per(anchor, kind);
    return per(ours, kind).map((o, r) => a[r]! / o);
  };
  const comparisons = [
    [
      [0],
      'thumbnail step (process-image: 256 px from the original, shrink-on-load)',
      [1],
      'bare sharp resize to a 256 px thumbnail of the same files (the issue’s anchor)',
      'ratio ≥ 0.8 (ours within 80 % of bare)',
    ],
    [
      [2],
      'preview step (make-preview: 1280 px, shrink-on-load; a photo ≤ 1280 px is copied as is)',
      [3],
      'bare sharp resize to a 1280 px preview',
      undefined,
    ],
    [
      [0, 2],
      'both steps (thumbnail + preview: two decodes, one for a photo ≤ 1280 px)',
      [1, 3],
      'bare sharp making the same two copies (two resizes)',
      undefined,
    ],
    [
      [0, 2],
      'both steps (thumbnail + preview: two decodes, one for a photo ≤ 1280 px)',
      [4],
      'former single step (both copies from one 1/4-scale decode)',
      undefined,
    ],
    [
      [5],
      'thumbnail + QC step (process-image: the thumbnail, and sharpness and exposure of the same decoded pixels)',
      [1],
      'bare sharp resize to a 256 px thumbnail of the same files (the issue’s anchor)',
      'QC adds ≤ 20 % to the thumbnail step',
    ],
  ] as const;
  for (const [ours, ourLabel, anchor, anchorLabel, goal] of comparisons) {
    const wall = ratios([...ours], [...anchor], 'wallMs');
    const cpu = ratios([...ours], [...anchor], 'cpuMs');
    report(
      `${ourLabel}, ${label}, median of ${runs} interleaved runs`,
      figure([...ours]),
      anchorLabel,
      figure([...anchor]),
      median(wall),
      goal,
    );
    process.stdout.write(
      `  ratio per run: wall ${median(wall).toFixed(2)} (runs ${spread(wall)}), CPU ${median(cpu).toFixed(2)} (runs ${spread(cpu)})\n`,
    );
  }
  // What QC (luma, Laplacian, exposure; one decode shared with the thumbnail) adds to the
  // thumbnail step, per run: (thumbnail + QC) / thumbnail − 1.
  const added = (kind: 'wallMs' | 'cpuMs') =>
    per([5], kind).map((withQc, r) => (withQc / per([0], kind)[r]! - 1) * 100);
  const percent = (xs: number[]) =>
    `${median(xs).toFixed(1)} % (runs ${Math.min(...xs).toFixed(1)} to ${Math.max(...xs).toFixed(1)} %)`;
  process.stdout.write(
    `  QC added to the thumbnail step, ${label}: wall ${percent(added('wallMs'))}, CPU ${percent(added('cpuMs'))} (goal ≤ 20 %)\n`,
  );
}

await compareDerivatives(`demo photos 640×427 (${photos.length})`, photos, 5);

// A real 12 MP drone photo: the Zenmuse XT2 test photo of exifr's fork (test/fixtures/survey).
const xt2 = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/survey/dji-zenmuse-xt2.jpg'));
await compareDerivatives(
  'the real Zenmuse XT2 photo 4000×3000 (2.3 MB), ×8',
  Array(8).fill(xt2) as Buffer[],
  5,
);

// 20 MP (5472×3648, Phantom 4 RTK) JPEGs: the demo photos enlarged with a fine grain (textured
// like ground imagery, a few MB each), and pure noise (the costliest to entropy-decode).
const grain = await sharp({
  create: {
    width: 5472,
    height: 3648,
    channels: 3,
    background: '#808080',
    noise: { type: 'gaussian', mean: 128, sigma: 30 },
  },
})
  .png({ compressionLevel: 0 })
  .toBuffer();
const photoLike = await Promise.all(
  photos.slice(0, 6).map((photo) =>
    sharp(photo)
      .resize(5472, 3648)
      .composite([{ input: grain, blend: 'soft-light' }])
      .keepMetadata()
      .jpeg({ quality: 92 })
      .toBuffer(),
  ),
);
const noise = await Promise.all(
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
const mb = (set: Buffer[]) => (set.reduce((n, b) => n + b.length, 0) / set.length / 1e6).toFixed(1);
await compareDerivatives(`20 MP 5472×3648 photo-like JPEGs (${mb(photoLike)} MB each)`, photoLike, 5);
await compareDerivatives(`20 MP 5472×3648 pure-noise JPEGs (${mb(noise)} MB each)`, noise, 3);
