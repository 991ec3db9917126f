import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSeriesIn } from '../../workers/src/scoring/score-series';
import { startTestApp, type TestApp } from '../support/test-app';

/** The alert API: list, detail, life (open → acknowledged → escalated / dismissed), notes, roles, live stream. */
let app: TestApp;
let roundId: number;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  const { rows } = await app.db.query<{ id: number }>(
    `insert into rounds (name, starts_on, ends_on) values ('R1', '2025-01-01', '2025-01-02') returning id`,
  );
  roundId = rows[0]!.id;
});
afterAll(() => app?.close());

let seq = 0;
/** A site whose etomidate result after two non-detects raises a high first detection. */
async function raiseEtomidateAlert(): Promise<number> {
  seq++;
  const siteId = await app.db.transaction(async (tx) => {
    const site = await tx.query<{ id: number }>(
      `insert into sites (code, name, kind, geom) values ($1, $1, 'venue', st_setsrid(st_point(110.3, 20), 4326)) returning id`,
      [`A-${seq}`],
    );
    const id = site.rows[0]!.id;
    const rounds = [roundId];
    for (let r = 2; r <= 3; r++) {
      const round = await tx.query<{ id: number }>(
        `insert into rounds (name, starts_on, ends_on) values ($1, $2, $2) returning id`,
        [`R${seq}-${r}`, `2025-0${r}-0${seq}`],
      );
      rounds.push(round.rows[0]!.id);
    }
    for (const [i, round] of rounds.entries()) {
      const s = await tx.query<{ id: number }>(
        `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type)
         values ($1, $2, $3, now(), now(), 'grab') returning id`,
        [id, round, `L${seq}-${i}`],
      );
      await tx.query(
        `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, loq_ng_l) values ($1, 'ETO-ACID', $2, $3, 1)`,
        [s.rows[0]!.id, i < 2 ? 'ND' : '=', i < 2 ? null : 12],
      );
    }
    return id;
  });
  await app.db.transaction((tx) => scoreSeriesIn(tx, siteId, 'ETO-ACID'));
  const { rows } = await app.db.query<{ id: number }>(`select id from alerts where site_id = $1`, [siteId]);
  return rows[0]!.id;
}

describe('alert routes', () => {
  it('lists alerts for analysts with the docs/api-contract.md fields, and refuses lab users', async () => {
    const id = await raiseEtomidateAlert();
    const analyst = await app.client('analyst');
    const list = await analyst.get(`/api/alerts?status=open&kind=first_detection`);
    expect(list.status).toBe(200);
    const alert = list.body.find((a: { id: number }) => a.id === id);
    expect(alert).toMatchObject({
      kind: 'first_detection',
      analyte: 'ETO-ACID',
      severity: 'high',
      status: 'open',
    });
    for (const field of [
      'id',
      'kind',
      'siteId',
      'analyte',
      'roundId',
      'severity',
      'status',
      'createdAt',
      'detail',
    ])
      expect(alert).toHaveProperty(field);
    expect((await (await app.client('lab')).get('/api/alerts')).status).toBe(403);
    expect((await (await app.client('pilot')).get('/api/alerts/summary')).status).toBe(403);
    const summary = await analyst.get('/api/alerts/summary');
    expect(summary.body.openBySeverity.high).toBeGreaterThanOrEqual(1);
  });

  it('walks open → acknowledged → escalated → dismissed, each an event and an audit row; 422 on an impossible step', async () => {
    const id = await raiseEtomidateAlert();
    const analyst = await app.client('analyst');
    const ack = await analyst.post(`/api/alerts/${id}/acknowledge`, { reason: '已通知辖区派出所' });
    expect(ack.body).toMatchObject({ status: 'acknowledged', ownerName: 'analyst' });
    expect((await analyst.post(`/api/alerts/${id}/acknowledge`, { reason: 'again' })).status).toBe(422);
    expect((await analyst.post(`/api/alerts/${id}/escalate`, {})).status).toBe(400);
    expect((await analyst.post(`/api/alerts/${id}/escalate`, { reason: '上报市禁毒办' })).body.status).toBe(
      'escalated',
    );
    expect((await analyst.post(`/api/alerts/${id}/dismiss`, { reason: '已处置' })).body.status).toBe(
      'dismissed',
    );
    const refused = await analyst.post(`/api/alerts/${id}/escalate`, { reason: 'too late' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('alert_transition_refused');
    const note = await analyst.post(`/api/alerts/${id}/notes`, { body: '现场复采样品已送检' });
    expect(note.status).toBe(201);
    const detail = await analyst.get(`/api/alerts/${id}`);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual([
      'acknowledge',
      'escalate',
      'dismiss',
      'note',
    ]);
    expect(detail.body.events[0]).toMatchObject({ reason: '已通知辖区派出所', actorName: 'analyst' });
    expect(detail.body.notes).toEqual([
      expect.objectContaining({ body: '现场复采样品已送检', authorName: 'analyst' }),
    ]);
    const audit = await app.db.query<{ action: string }>(
      `select action from audit_log where entity = 'alert' and entity_id = $1 order by id`,
      [String(id)],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['raise', 'acknowledge', 'escalate', 'dismiss', 'note']);
    expect((await analyst.get('/api/alerts/999999')).status).toBe(404);
  });

  it('does not raise a dismissed condition again from the same evidence', async () => {
    const id = await raiseEtomidateAlert();
    const analyst = await app.client('analyst');
    await analyst.post(`/api/alerts/${id}/dismiss`, { reason: '实验室污染' });
    const { rows } = await app.db.query<{ site_id: number }>(`select site_id from alerts where id = $1`, [
      id,
    ]);
    await app.db.query(`update series_scores set inputs_version = 'stale' where site_id = $1`, [
      rows[0]!.site_id,
    ]);
    await app.db.transaction((tx) => scoreSeriesIn(tx, rows[0]!.site_id, 'ETO-ACID'));
    const after = await app.db.query(`select id from alerts where site_id = $1`, [rows[0]!.site_id]);
    expect(after.rows).toEqual([{ id }]);
  });

  it('pushes a new alert on the live stream (Server-Sent Events)', async () => {
    const analyst = await app.client('analyst');
    const controller = new AbortController();
    const response = await fetch(`${app.baseUrl}/api/alerts/stream`, {
      headers: { cookie: analyst.cookie! },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    expect(text).toContain(': connected');
    const id = await raiseEtomidateAlert();
    const deadline = Date.now() + 15_000;
    while (!text.includes(`"id":${id},`) && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    controller.abort();
    const event = text.split('\n\n').find((e) => e.includes(`"id":${id},`))!;
    expect(event).toMatch(/^id: \d+-\d+\nevent: alert\ndata: /);
    expect(JSON.parse(event.split('data: ')[1]!)).toMatchObject({
      id,
      kind: 'first_detection',
      severity: 'high',
    });
  });
});
