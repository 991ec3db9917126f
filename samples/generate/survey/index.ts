import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCameraById } from '@skywater/core/survey/cameras';
import { summariseTrack } from '@skywater/core/survey/flight-log';
import { readImageMetadata } from '@skywater/core/survey/image-metadata';
import { offsetToLonLat } from '@skywater/core/survey/local-tangent-plane';
import { parseFlightLog } from '@skywater/core/survey/parse-flight-log';
import { writeAirdataCsvLog } from './airdata-csv-log';
import { loadDemoAreas, placeBlocks, type DemoArea } from './demo-areas';
import { writeGpxLog } from './gpx-log';
import { writeKmlLog } from './kml-log';
import { planLawnmowerFlight, type LawnmowerSpec, type PlannedPhoto } from './lawnmower';
import { SeededRandom } from '../seeded-random';
import { renderSurveyPhoto } from './survey-photo';

/**
 * Demo drone-survey data for Haikou and Dongfang, deterministic (seed 20250310):
 * per area two lawnmower flights at 100 m AGL with a Phantom 4 RTK over adjacent blocks
 * (5 lines × 5 photos, 20 % overlap), a GPX log each (the second flight in two segments,
 * around a battery swap), the first flight also as Airdata-style CSV and as KML, and 25 small
 * survey JPEGs per flight with DJI EXIF + XMP. The first flight of each area holds one photo
 * with gimbal angles 0/0/0 and one without GPS, for QC.
 *
 * Run: `npx tsx samples/generate/survey/index.ts` → samples/data/survey/ + manifest.json;
 * it reads every photo and log back with core's readers and fails on any mismatch.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.resolve(HERE, '../../data');
const OUT_DIR = path.join(DATA_DIR, 'survey');
const SEED = 20250310;
const UTC_OFFSET_MIN = 480; // Hainan, China Standard Time: DJI writes local time without zone
const SIZE_BUDGET_BYTES = 3 * 1024 * 1024;

const CAMERA = findCameraById('phantom-4-rtk')!;
const EXIF_MODEL = CAMERA.exifModels[0]!;

const LINES = 5;
const PHOTOS_PER_LINE = 5;
const LINE_SPACING_M = 120; // 150 m footprint width × (1 − 20 % side overlap)
const PHOTO_SPACING_M = 80; // 100 m footprint length × (1 − 20 % front overlap)
const BLOCK_WIDTH_M = (PHOTOS_PER_LINE - 1) * PHOTO_SPACING_M + 100;

interface FlightSpec {
  id: string;
  area: DemoArea;
  team: string;
  pilot: string;
  startsAtLocal: string;
  blockIndex: number;
  batterySwap: boolean;
  extraFormats: boolean;
}

const TEAMS: Record<DemoArea['key'], { team: string; pilots: [string, string]; dates: [string, string] }> = {
  haikou: {
    team: '海口市禁毒支队无人机航测队',
    pilots: ['王磊', '陈晓雯'],
    dates: ['2025-03-10T09:30:00', '2025-03-10T14:05:00'],
  },
  dongfang: {
    team: '东方市禁毒大队航测组',
    pilots: ['符海峰', '吉文博'],
    dates: ['2025-03-12T08:50:00', '2025-03-12T10:20:00'],
  },
};

function localToUtc(localIso: string): Date {
  return new Date(Date.parse(`${localIso}Z`) - UTC_OFFSET_MIN * 60_000);
}

/** EXIF DateTimeOriginal "YYYY:MM:DD HH:MM:SS" in local time. */
function exifLocalTime(utc: Date): string {
  const local = new Date(utc.getTime() + UTC_OFFSET_MIN * 60_000).toISOString();
  return `${local.slice(0, 10).replace(/-/g, ':')} ${local.slice(11, 19)}`;
}

function write(relative: string, content: string | Buffer): void {
  const file = path.join(OUT_DIR, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

interface ManifestImage {
  file: string;
  sha256: string;
  capturedAt: string;
  lon: number | null;
  lat: number | null;
  heightAboveTakeoffM: number;
  gimbalPitchDeg: number;
  gimbalYawDeg: number;
  expectedQcFlags: string[];
}

async function generateFlight(flight: FlightSpec, origin: { lon: number; lat: number }, prng: SeededRandom) {
  const spec: LawnmowerSpec = {
    // each flight covers its own block, east of the previous one
    origin: blockOrigin(origin, flight.blockIndex * BLOCK_WIDTH_M),
    lines: LINES,
    photosPerLine: PHOTOS_PER_LINE,
    lineSpacingM: LINE_SPACING_M,
    photoSpacingM: PHOTO_SPACING_M,
    heightAglM: 100,
    groundElevationM: flight.area.groundElevationM,
    cruiseSpeedMps: 8,
    climbSpeedMps: 4,
    startsAt: localToUtc(flight.startsAtLocal),
    sampleIntervalS: 2,
    batterySwapAfterLine: flight.batterySwap ? 2 : undefined,
    batterySwapS: 420,
  };
  const plan = planLawnmowerFlight(spec, prng);

  const logs: Record<string, string> = {};
  logs.gpx = `${flight.id}/${flight.id}.gpx`;
  write(logs.gpx, writeGpxLog(`${flight.area.city} ${flight.id}`, plan.segments));
  if (flight.extraFormats) {
    logs.csv = `${flight.id}/${flight.id}-airdata.csv`;
    logs.kml = `${flight.id}/${flight.id}.kml`;
    write(
      logs.csv,
      writeAirdataCsvLog(
        plan.segments,
        plan.photos.map((p) => p.time),
      ),
    );
    write(logs.kml, writeKmlLog(`${flight.area.city} ${flight.id}`, plan.segments));
  }

  const images: ManifestImage[] = [];
  for (const [index, photo] of plan.photos.entries()) {
    const gimbalMissing = flight.extraFormats && index === 7;
    const noGps = flight.extraFormats && index === 13;
    const image = await renderPhoto(photo, gimbalMissing, noGps, prng);
    const file = `${flight.id}/DJI_${String(index + 1).padStart(4, '0')}.JPG`;
    write(file, image.jpeg);
    images.push({
      file,
      sha256: crypto.createHash('sha256').update(image.jpeg).digest('hex'),
      capturedAt: photo.time.toISOString(),
      lon: noGps ? null : round(photo.lon, 7),
      lat: noGps ? null : round(photo.lat, 7),
      heightAboveTakeoffM: 100,
      gimbalPitchDeg: image.gimbalPitchDeg,
      gimbalYawDeg: image.gimbalYawDeg,
      expectedQcFlags: [...(noGps ? ['no_gps'] : []), ...(gimbalMissing ? ['gimbal_missing'] : [])],
    });
  }
  return { plan, logs, images };
}

function blockOrigin(origin: { lon: number; lat: number }, eastM: number): { lon: number; lat: number } {
  const [lon, lat] = offsetToLonLat(origin, eastM, 0);
  return { lon, lat };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

async function renderPhoto(photo: PlannedPhoto, gimbalMissing: boolean, noGps: boolean, prng: SeededRandom) {
  // DJI yaw runs −180..180, 0 = north; the gimbal follows the aircraft within a degree.
  const flightYawDeg = round(photo.headingDeg + prng.between(-1.5, 1.5), 1);
  const gimbalYawDeg = gimbalMissing ? 0 : round(photo.headingDeg + prng.between(-0.5, 0.5), 1);
  const gimbalPitchDeg = gimbalMissing ? 0 : -90;
  const jpeg = await renderSurveyPhoto(
    {
      camera: CAMERA,
      exifModel: EXIF_MODEL,
      dateTimeOriginal: exifLocalTime(photo.time),
      gps: noGps ? null : { lat: photo.lat, lon: photo.lon, altitudeMslM: photo.altitudeMslM },
      xmp: {
        make: 'DJI',
        model: EXIF_MODEL,
        absoluteAltitudeM: photo.altitudeMslM,
        relativeAltitudeM: photo.heightAboveTakeoffM,
        gimbalRollDeg: 0,
        gimbalYawDeg,
        gimbalPitchDeg,
        flightRollDeg: round(prng.between(-2, 2), 1),
        flightYawDeg,
        flightPitchDeg: round(prng.between(-4, -1), 1),
        rtkFlag: 50,
      },
      quality: 62,
    },
    prng,
  );
  return { jpeg, gimbalPitchDeg, gimbalYawDeg };
}

/** Reads every generated photo and log back with core's readers; returns the problems found. */
async function verify(manifest: {
  flights: { logFiles: Record<string, string>; images: ManifestImage[]; segments: number }[];
}) {
  const problems: string[] = [];
  for (const flight of manifest.flights) {
    for (const [format, file] of Object.entries(flight.logFiles)) {
      const { format: detected, track } = await parseFlightLog(
        fs.readFileSync(path.join(OUT_DIR, file)),
        file,
      );
      if (detected !== format) problems.push(`${file}: detected as ${detected}`);
      const expectedSegments = format === 'csv' ? 1 : flight.segments;
      if (track.segments.length !== expectedSegments)
        problems.push(`${file}: ${track.segments.length} segments`);
      const summary = summariseTrack(track);
      if (summary.durationS === null || summary.maxHeightM === null)
        problems.push(`${file}: no times or heights`);
    }
    for (const image of flight.images) {
      const metadata = await readImageMetadata(fs.readFileSync(path.join(OUT_DIR, image.file)), {
        defaultUtcOffsetMinutes: UTC_OFFSET_MIN,
        fileName: image.file,
      });
      const expectGps = image.lat !== null && image.lon !== null;
      if (expectGps !== (metadata.gps !== null)) problems.push(`${image.file}: GPS presence`);
      if (metadata.gps && image.lat !== null && image.lon !== null) {
        if (Math.abs(metadata.gps.lat - image.lat) > 1e-6 || Math.abs(metadata.gps.lon - image.lon) > 1e-6) {
          problems.push(
            `${image.file}: position ${metadata.gps.lat},${metadata.gps.lon} ≠ ${image.lat},${image.lon}`,
          );
        }
      }
      if (metadata.model !== EXIF_MODEL || metadata.make !== 'DJI')
        problems.push(`${image.file}: make/model`);
      if (metadata.heightAboveTakeoffM !== image.heightAboveTakeoffM)
        problems.push(`${image.file}: RelativeAltitude`);
      if (
        metadata.dji?.gimbalPitchDeg !== image.gimbalPitchDeg ||
        metadata.dji?.gimbalYawDeg !== image.gimbalYawDeg
      ) {
        problems.push(`${image.file}: gimbal angles`);
      }
      if (metadata.dji?.rtkFlag !== 50) problems.push(`${image.file}: RtkFlag`);
      if (Math.abs((metadata.capturedAt?.getTime() ?? 0) - Date.parse(image.capturedAt)) >= 1000) {
        problems.push(
          `${image.file}: capture time ${metadata.capturedAt?.toISOString()} ≠ ${image.capturedAt}`,
        );
      }
    }
  }
  return problems;
}

function directoryBytes(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? directoryBytes(full) : fs.statSync(full).size);
  }, 0);
}

export async function generateSurveySamples(): Promise<void> {
  const prng = new SeededRandom(SEED);
  const { areas, source } = loadDemoAreas(path.join(DATA_DIR, 'areas.geojson'));
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const flights: Record<string, unknown>[] = [];
  const verifiable: { logFiles: Record<string, string>; images: ManifestImage[]; segments: number }[] = [];
  for (const area of areas) {
    const facts = TEAMS[area.key];
    const origin = placeBlocks(area, BLOCK_WIDTH_M, (LINES - 1) * LINE_SPACING_M + 150, 2, prng);
    for (const blockIndex of [0, 1]) {
      const flight: FlightSpec = {
        id: `${area.key}-2025-flight-${blockIndex + 1}`,
        area,
        team: facts.team,
        pilot: facts.pilots[blockIndex]!,
        startsAtLocal: facts.dates[blockIndex]!,
        blockIndex,
        batterySwap: blockIndex === 1,
        extraFormats: blockIndex === 0,
      };
      const { plan, logs, images } = await generateFlight(flight, origin, prng);
      const summary = summariseTrack({
        heightReference: 'above_sea_level',
        segments: plan.segments.map((s) =>
          s.map((p) => ({ lon: p.lon, lat: p.lat, heightM: p.altitudeMslM, time: p.time })),
        ),
      });
      flights.push({
        id: flight.id,
        areaName: area.name,
        city: area.city,
        cameraModel: CAMERA.id,
        exifModel: EXIF_MODEL,
        team: flight.team,
        pilot: flight.pilot,
        heightAglM: 100,
        startedAt: summary.startedAt?.toISOString(),
        endedAt: summary.endedAt?.toISOString(),
        durationS: summary.durationS,
        distanceM: Math.round(summary.distanceM),
        segments: plan.segments.length,
        logFile: logs.gpx,
        logFiles: logs,
        images,
      });
      verifiable.push({ logFiles: logs, images, segments: plan.segments.length });
    }
  }
  const manifest = {
    description:
      'Demo drone-survey flights (synthetic): lawnmower flights at 100 m AGL, Phantom 4 RTK, 20 % overlap; small JPEGs (640×427 copies of a 5472×3648 capture) with DJI EXIF GPS and drone-dji XMP. Times in UTC; EXIF DateTimeOriginal in local time (UTC+8).',
    generator: 'samples/generate/survey/index.ts',
    seed: SEED,
    areasSource: source,
    camera: CAMERA,
    flights,
  };
  write('manifest.json', `${JSON.stringify(manifest, null, 1)}\n`);

  const problems = await verify({ flights: verifiable });
  const bytes = directoryBytes(OUT_DIR);
  const imageCount = verifiable.reduce((n, f) => n + f.images.length, 0);
  process.stdout.write(
    `wrote samples/data/survey/: ${flights.length} flights, ${imageCount} photos, ${(bytes / 1024 / 1024).toFixed(2)} MB (areas from ${source})\n`,
  );
  if (bytes > SIZE_BUDGET_BYTES)
    problems.push(`output is ${bytes} bytes, over the ${SIZE_BUDGET_BYTES} budget`);
  if (problems.length > 0) {
    process.stderr.write(`verification failed:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('verified: every photo reads back its position, time and XMP; every log parses\n');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  await generateSurveySamples();
