import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { scoreEmerging, scoreEmergingIn } from '../../workers/src/scoring/score-emerging';
import { scoreRound } from '../../workers/src/scoring/score-round';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The emerging step as its own job: `score-round` writes a round's Gi* and takes a generation;
 * one `score-emerging` run classifies every site over all rounds and raises the hot spot alerts
 * of every round not yet covered, oldest first; a later job finds its generation covered. Mode
 * 'server' (no workers), so the processors run here and nowhere else.
 */
let app: TestApp;
const rounds: number[] = [];
const ctx = () => ({ db: app.db, log: createLogger('silent'), config: app.config });
const sites: number[] = [];

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  await app.db.transaction(async (tx) => {
    for (let r = 1; r <= 3; r++) {
      const { rows } = await tx.query<{ id: number }>(
        `insert into rounds (name, starts_on, ends_on) values ($1, $2, $2) returning id`,
        [`E${r}`, `2025-0${r}-01`],
      );
      rounds.push(rows[0]!.id);
    }
    // A 6 × 6 grid 500 m apart; the four sites of one corner ten times the others in every round.
    for (let i = 0; i < 36; i++) {
      const { rows } = await tx.query<{ id: number }>(
        `insert into sites (code, name, kind, geom) values ($1, $1, 'sewer', st_setsrid(st_point($2, $3), 4326))
         returning id`,
        [`GRID-${i}`, 111.5 + (i % 6) * 0.0048, 18.5 + Math.floor(i / 6) * 0.0045],
      );
      sites.push(rows[0]!.id);
      const value = ([0, 1, 6, 7].includes(i) ? 400 : 40) * (1 + 0.05 * Math.sin(i * 7));
      for (const [r, roundId] of rounds.entries()) {
        const sample = await tx.query<{ id: number }>(
          `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type)
           values ($1, $2, $3, '2025-01-01T08:00:00+08:00', '2025-01-02T08:00:00+08:00', 'composite_time')
           returning id`,
          [rows[0]!.id, roundId, `G${i}-${r}`],
        );
        await tx.query(
          `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
           values ($1, 'MOR', '=', $2, 0.5, 1)`,
          [sample.rows[0]!.id, value * (1 + 0.02 * r)],
        );
      }
    }
  });
});
afterAll(() => app?.close());

describe('score-emerging', () => {
  it('covers several rounds in one run, oldest first, and a later job stops at once', async () => {
    const generations: number[] = [];
    for (const roundId of rounds) {
      const outcome = await scoreRound({ data: { roundId, distanceBandM: 600 } } as never, ctx());
      generations.push((outcome as { generation: number }).generation);
    }
    expect(generations).toEqual([1, 2, 3]);

    expect(await scoreEmerging({ data: { generation: 1 } } as never, ctx())).toMatchObject({
      status: 'classified',
      generation: 3,
      rounds: [0, 1, 2],
    });
    expect(await scoreEmerging({ data: { generation: 3 } } as never, ctx())).toEqual({
      status: 'covered',
      generation: 3,
    });
    const { rows } = await app.db.query<{
      category: string;
      hot_rounds: number;
      severity: string;
      round_id: number;
    }>(
      `select e.category, e.hot_rounds, a.severity, a.round_id from emerging_hotspots e
         join alerts a on a.site_id = e.site_id and a.kind = 'hotspot'
        where e.site_id = $1 and e.analyte_code = 'MOR'`,
      [sites[0]],
    );
    // Hot in all three rounds: persistent now; the alert keeps round 1's evidence (new at 99 %: high).
    expect(rows).toEqual([
      { category: 'persistent_hot_spot', hot_rounds: 3, severity: 'high', round_id: rounds[0] },
    ]);
    const alerts = await app.db.query<{ n: number }>(
      `select count(*)::int as n from alerts where kind = 'hotspot'`,
    );
    expect(alerts.rows[0]!.n).toBe(4);
  });

  it('rewrites nothing when a round is scored again with the same data', async () => {
    const before = await app.db.query(
      `select site_id, computed_at from hotspot_results where round_id = $1 order by site_id`,
      [rounds[1]],
    );
    const alertsBefore = await app.db.query(
      `select id, severity, round_id, updated_at from alerts order by id`,
    );
    await scoreRound({ data: { roundId: rounds[1], distanceBandM: 600 } } as never, ctx());
    expect(await scoreEmerging({ data: {} } as never, ctx())).toMatchObject({
      status: 'classified',
      rounds: [1],
    });
    const after = await app.db.query(
      `select site_id, computed_at from hotspot_results where round_id = $1 order by site_id`,
      [rounds[1]],
    );
    expect(after.rows).toEqual(before.rows);
    expect(
      (await app.db.query(`select id, severity, round_id, updated_at from alerts order by id`)).rows,
    ).toEqual(alertsBefore.rows);
  });

  it('gives way to a running emerging job instead of waiting on the database', async () => {
    await app.db.query(`update hotspot_generation set generation = generation + 1`);
    if (app.db.backend === 'server') {
      const busy = await app.db.transaction(async (tx) => {
        await tx.query(`select pg_advisory_xact_lock(hashtext('score-emerging'))`);
        return app.db.transaction((other) => scoreEmergingIn(other));
      });
      expect(busy).toBe('busy');
    }
    // PGlite is one session running one transaction at a time: there is never another run to wait for.
    expect(await app.db.transaction((tx) => scoreEmergingIn(tx))).toMatchObject({ status: 'classified' });
  });

  it('refuses a Gi* row for a site that does not exist (the set-wise reference check)', async () => {
    await expect(
      app.db.query(
        `insert into hotspot_results (round_id, analyte_code, site_id, value, basis, gi_z, gi_p, bin, neighbour_count, own_z)
         values ($1, 'MOR', 999999, 1, 'concentration', 0, 1, 0, 0, 0)`,
        [rounds[0]],
      ),
    ).rejects.toThrow(/does not exist/);
  });
});
