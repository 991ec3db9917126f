import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Db, Queryable } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import { insertArea } from '../places/areas';
import { officeDefaultCampaign } from '../offices/office-campaigns';
import { ALL_FINDINGS, createFinding, recordFindingStep } from '../survey/findings';
import { type DemoSiteProperties, insertDemoSites } from './demo-sites';

/**
 * The province's offices beyond Haikou's and Dongfang's samples (samples/README.md): their
 * territories, Qionghai's sites and campaigns, Yazhou's grid cells; then, outside the places'
 * transaction, Yazhou's planting-base inspections through the findings use-case.
 */

/**
 * Each demo office's territory: its city's outline in `districts` (Haikou's four districts
 * joined), Yazhou's from its own outline. An office that has one keeps it.
 */
export async function setDemoTerritories(
  tx: Queryable,
  officeByCity: Map<string, number>,
  dataDir: string,
): Promise<void> {
  for (const [city, officeId] of officeByCity) {
    await tx.query(
      `update offices set territory = (select st_multi(st_collectionextract(st_makevalid(st_union(geom)), 3))
                                         from districts where city = $2 having count(*) > 0)
        where id = $1 and territory is null`,
      [officeId, city],
    );
  }
  const yazhou = readJson<FeatureCollection<MultiPolygon>>(dataDir, 'yazhou/district.geojson').features[0]!;
  await tx.query(
    `update offices set territory = st_multi(st_collectionextract(st_makevalid(
        st_setsrid(st_geomfromgeojson($2), 4326)), 3))
      where id = $1 and territory is null`,
    [officeByCity.get('崖州区'), JSON.stringify(yazhou.geometry)],
  );
}

/** Qionghai's sites, its quarterly campaign and its follow-up campaign with their rounds. */
export async function loadQionghaiPlaces(tx: Queryable, officeId: number, dataDir: string): Promise<void> {
  const sites = readJson<FeatureCollection<Point, QionghaiSite>>(dataDir, 'qionghai/sites.geojson');
  await insertDemoSites(tx, sites, () => ({ areaId: null, officeId }));

  // The office's default campaign first, so a round its users create without one lands there.
  await officeDefaultCampaign(tx, officeId);
  const campaigns = readJson<
    Array<{
      name: string;
      cadence: string;
      rounds: Array<{ name: string; startsOn: string; endsOn: string }>;
    }>
  >(dataDir, 'qionghai/campaigns.json');
  for (const c of campaigns) {
    const { rows } = await tx.query<{ id: number }>(
      `insert into campaigns (name, cadence, office_id) values ($1, $2, $3) returning id`,
      [c.name, c.cadence, officeId],
    );
    for (const r of c.rounds)
      await tx.query(`insert into rounds (name, starts_on, ends_on, campaign_id) values ($1, $2, $3, $4)`, [
        r.name,
        r.startsOn,
        r.endsOn,
        rows[0]!.id,
      ]);
  }
}

/**
 * Yazhou's 211 grid cells (网格), each a survey area of the district office: an area is the
 * survey model's unit (its own coverage, gaps, findings totals, office), and one area whose parts
 * were the cells would be invalid (a MultiPolygon's parts may not share edges) and nameless.
 */
export async function loadYazhouCells(tx: Queryable, officeId: number, dataDir: string): Promise<void> {
  const cells = readJson<FeatureCollection<MultiPolygon, { name: string }>>(
    dataDir,
    'yazhou/grid-cells.geojson',
  );
  for (const cell of cells.features)
    await insertArea(tx, { name: cell.properties.name, city: '三亚市', geometry: cell.geometry, officeId });
}

/**
 * The 8 research planting bases inspected on foot (March 2024), as the product records a ground
 * inspection: a finding on the base's outline (crop `other`, recorded by the office), then its
 * verification step by the team, outcome `not_found`, which closes it (`rejected`). Once per base.
 */
export async function loadYazhouInspections(db: Db, log: Logger, dataDir: string): Promise<void> {
  const bases = readJson<FeatureCollection<Polygon, YazhouBase>>(dataDir, 'yazhou/planting-bases.geojson');
  const { rows: office } = await db.query<{ id: number }>(
    `select id::int as id from offices where code = 'sanya-yazhou'`,
  );
  if (!office[0]) return;
  let recorded = 0;
  for (const base of bases.features) {
    const note = `${base.properties.name}（${base.properties.code}）：科研种植基地，实地踏查 / research planting base, inspected on foot`;
    const done = await db.query(`select 1 from findings where note = $1`, [note]);
    if (done.rows.length) continue;
    const finding = await createFinding(
      db,
      { geometry: base.geometry, crop: 'other', confidence: 0, source: 'analyst', evidence: [], note },
      null,
      undefined,
      [office[0].id],
    );
    await recordFindingStep(
      db,
      finding.id as number,
      'verify',
      { ...base.properties.inspection, photos: [] },
      null,
      ALL_FINDINGS,
    );
    recorded++;
  }
  if (recorded) log.info({ bases: recorded }, 'demo planting-base inspections recorded');
}

function readJson<T>(dataDir: string, relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(dataDir, relative), 'utf8')) as T;
}

type QionghaiSite = DemoSiteProperties;

interface YazhouBase {
  code: string;
  name: string;
  inspection: { team: string; at: string; outcome: 'not_found'; note: string };
}
