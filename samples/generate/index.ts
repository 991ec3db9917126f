import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { districtsAsFeatures, readHainanDistricts } from './boundaries';
import { buildLabRows, labRowsToCsv, ROUNDS } from './lab-results';
import { SeededRandom } from './seeded-random';
import { buildSites } from './sites';
import { generateSurveySamples } from './survey/index';
import { buildSurveyArea, SURVEY_AREA_SPECS } from './survey-areas';
import { generateQionghai } from './qionghai';
import { generateYazhou } from './yazhou';
import { writeDongfangDem } from './terrain/dongfang-dem';

/**
 * Writes the demo data under samples/data/ — deterministic (seed 20250324), so a re-run
 * reproduces the committed files byte for byte. Run: `npm run samples:generate`.
 */
export const SAMPLES_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data');

function write(relative: string, content: string) {
  const file = path.join(SAMPLES_DATA_DIR, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  process.stdout.write(`wrote samples/data/${relative}\n`);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;

export async function generate() {
  const random = new SeededRandom(20250324);
  const districts = readHainanDistricts();
  write('districts.geojson', json({ type: 'FeatureCollection', features: districtsAsFeatures(districts) }));

  const areas: FeatureCollection = {
    type: 'FeatureCollection',
    features: SURVEY_AREA_SPECS.map((spec) => {
      const { geometry, areaKm2 } = buildSurveyArea(spec, districts);
      return {
        type: 'Feature',
        properties: { name: spec.name, city: spec.city, areaKm2: Math.round(areaKm2 * 100) / 100 },
        geometry,
      };
    }),
  };
  write('areas.geojson', json(areas));

  const sites = buildSites(districts, random);
  write(
    'sites.geojson',
    json({
      type: 'FeatureCollection',
      features: sites.map(({ lon, lat, ...properties }) => ({
        type: 'Feature',
        properties,
        geometry: { type: 'Point', coordinates: [lon, lat] },
      })),
    }),
  );
  write('rounds.json', json(ROUNDS.map(({ name, startsOn, endsOn }) => ({ name, startsOn, endsOn }))));

  const rows = buildLabRows(sites, random);
  rows.forEach((roundRows, index) => {
    const roundNo = index + 1;
    // Rounds 1-3 come with English headers, later rounds with Chinese ones, as labs send them.
    const csv = labRowsToCsv(roundRows, roundNo <= 3 ? 'en' : 'zh');
    write(roundNo <= 6 ? `lab-results/round-${roundNo}.csv` : `next-round/round-${roundNo}.csv`, csv);
  });
  // Flights and survey photos over parts of the areas just written.
  await generateSurveySamples();
  // The synthetic DEM of Dongfang's hills under those flights.
  writeDongfangDem(SAMPLES_DATA_DIR);
  // The province's other offices, each with its own seed (the files above stay as they were).
  writeQionghai(districts);
  writeYazhou();
}

const pointFeatures = (sites: { lon: number; lat: number }[]) => ({
  type: 'FeatureCollection',
  features: sites.map(({ lon, lat, ...properties }) => ({
    type: 'Feature',
    properties,
    geometry: { type: 'Point', coordinates: [lon, lat] },
  })),
});

/** Qionghai: its plants, venues, hotels and upstream manholes, its two campaigns, the lab's files. */
function writeQionghai(districts: ReturnType<typeof readHainanDistricts>) {
  const qionghai = generateQionghai(districts);
  write('qionghai/sites.geojson', json(pointFeatures(qionghai.sites)));
  write(
    'qionghai/campaigns.json',
    json(
      qionghai.campaigns.map((c) => ({
        ...c,
        rounds: c.rounds.map(({ name, startsOn, endsOn }) => ({ name, startsOn, endsOn })),
      })),
    ),
  );
  for (const file of qionghai.files)
    write(`qionghai/lab-results/${file.name}`, labRowsToCsv(file.rows, 'zh'));
}

/** Sanya's Yazhou district: its outline, its 211 grid cells, its 8 research planting bases. */
function writeYazhou() {
  const yazhou = generateYazhou();
  write(
    'yazhou/district.geojson',
    json({ type: 'FeatureCollection', features: districtsAsFeatures([yazhou.district]) }),
  );
  write(
    'yazhou/grid-cells.geojson',
    json({
      type: 'FeatureCollection',
      features: yazhou.cells.map(({ geometry, ...properties }) => ({
        type: 'Feature',
        properties,
        geometry,
      })),
    }),
  );
  write(
    'yazhou/planting-bases.geojson',
    json({
      type: 'FeatureCollection',
      features: yazhou.bases.map(({ geometry, ...properties }) => ({
        type: 'Feature',
        properties,
        geometry,
      })),
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await generate();
