import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createArea, rectangle } from './survey-helpers';

// `GET /api/areas/:id/gaps?partKm=`: the gaps cut into squares a team can fly one at a time.
let app: TestApp;
let pilot: TestClient;
let areaId: number;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  pilot = await app.client('admin');
  // 0.2° × 0.1° at 20°N: ≈ 20.9 km × 11.1 km ≈ 232 km², never flown.
  areaId = await createArea(pilot, 'Gap parts area', rectangle(110.2, 19.7, 110.4, 19.8));
});
afterAll(() => app?.close());

describe('gaps cut into parts', () => {
  it('gives an unflown area as one gap the size of the area', async () => {
    const whole = await pilot.get(`/api/areas/${areaId}/gaps`);
    expect(whole.status).toBe(200);
    expect(whole.body.features).toHaveLength(1);
    expect(whole.body.features[0].properties.areaM2 / 1e6).toBeGreaterThan(225);
  });

  it('cuts it into 2 km squares that add up to the whole, none larger than a square', async () => {
    const whole = (await pilot.get(`/api/areas/${areaId}/gaps`)).body.features[0].properties.areaM2 as number;
    const parts = await pilot.get(`/api/areas/${areaId}/gaps?partKm=2&minAreaM2=0`);
    expect(parts.status).toBe(200);
    expect(parts.body.properties.partKm).toBe(2);
    const areas = parts.body.features.map((f: { properties: { areaM2: number } }) => f.properties.areaM2);
    // 2 km of latitude by 2 km of longitude-degrees at 19.75°N: ≤ 2 × 2 / cos(19.75°) ≈ 4.25 km².
    for (const area of areas) expect(area / 1e6).toBeLessThanOrEqual(4.3);
    expect(areas.length).toBeGreaterThan(50);
    const sum = areas.reduce((total: number, area: number) => total + area, 0);
    expect(Math.abs(sum - whole) / whole).toBeLessThan(0.001);
    expect(parts.body.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual(
      areas.map((_: unknown, i: number) => i + 1),
    );
  });

  it('refuses a part size out of range with 400 and names the field', async () => {
    const reply = await pilot.get(`/api/areas/${areaId}/gaps?partKm=0`);
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('partKm');
  });
});
