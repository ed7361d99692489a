import request from 'supertest';
import { DataSource } from 'typeorm';
import { RoundPublished } from '@mutuals/contracts';
import { RunningService } from '@mutuals/testing';
import { createProgramme, officer, outboxEvents, roundSettings, startIntake, wholeSecondsFromNow } from './support';

/** Setting up programmes and rounds: the reference lists page through every row, and each change to a round is audited and published. */
describe('programmes and rounds set up by officers', () => {
  let service: RunningService<any>;
  let db: DataSource;

  beforeAll(async () => {
    service = await startIntake();
    db = service.app.get(DataSource);
  });
  afterAll(() => service?.close());

  it('lists programmes newest first and rounds soonest closing first, a page at a time, with the true total', async () => {
    const programmeId = await createProgramme(service.url);
    for (const hours of [30, 10, 20]) {
      await request(service.url).post(`/programmes/${programmeId}/rounds`).set(officer.auth).send({ ...roundSettings(wholeSecondsFromNow(60), wholeSecondsFromNow(hours * 3600)), name: `Round closing in ${hours}h` }).expect(201);
    }
    const rounds = await request(service.url).get('/rounds').query({ programmeId, pageSize: 2 }).set(officer.auth).expect(200);
    expect(rounds.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(rounds.body.items.map((r: { name: string }) => r.name)).toEqual(['Round closing in 10h', 'Round closing in 20h']);
    const second = await request(service.url).get('/rounds').query({ programmeId, pageSize: 2, page: 2 }).set(officer.auth).expect(200);
    expect(second.body.items.map((r: { name: string }) => r.name)).toEqual(['Round closing in 30h']);

    const newer = await createProgramme(service.url);
    const programmes = await request(service.url).get('/programmes').query({ pageSize: 1 }).set(officer.auth).expect(200);
    expect(programmes.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(programmes.body.total).toBeGreaterThanOrEqual(2);
    expect(programmes.body.items.map((p: { id: string }) => p.id)).toEqual([newer]);
    await request(service.url).get('/programmes').query({ pageSize: 500 }).set(officer.auth).expect(400);
  });

  it('names the fields at fault when a round’s criteria weights do not add up to 100', async () => {
    const programmeId = await createProgramme(service.url);
    const settings = roundSettings(wholeSecondsFromNow(60), wholeSecondsFromNow(3600));
    const res = await request(service.url)
      .post(`/programmes/${programmeId}/rounds`)
      .set(officer.auth)
      .send({ ...settings, assessment: { ...settings.assessment, criteria: [{ id: 'ambition', name: 'Ambition', weight: 60 }, { id: 'readiness', name: 'Readiness', weight: 30 }] } })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'invalid-round-settings',
      message: 'the criteria weights (Ambition 60, Readiness 30) add up to 90; they must add up to 100',
      details: { fields: ['assessment.criteria.0.weight', 'assessment.criteria.1.weight'] },
    });
  });

  it('publishes a round’s settings when it is added, changed and scheduled, and keeps who did it in its history', async () => {
    const programmeId = await createProgramme(service.url);
    const created = await request(service.url).post(`/programmes/${programmeId}/rounds`).set(officer.auth).send(roundSettings(wholeSecondsFromNow(3600), wholeSecondsFromNow(7200))).expect(201);
    const id = created.body.id;
    await request(service.url).patch(`/rounds/${id}`).set(officer.auth).send({ places: 12, reason: 'Two more places funded' }).expect(200);
    await request(service.url).post(`/rounds/${id}/status`).set(officer.auth).send({ status: 'scheduled' }).expect(200);
    const events = await outboxEvents(db, RoundPublished.type, id);
    expect(events.map((e) => [e.data.status, e.data.places, e.data.changedBy])).toEqual([
      ['draft', 10, officer.id],
      ['draft', 12, officer.id],
      ['scheduled', 12, officer.id],
    ]);
    expect(events[0].data).toMatchObject({ roundId: id, programmeId, referencePrefix: 'DDT', closesAt: created.body.closesAt, questions: 1 });
    const history: { action: string; actor_id: string; detail: Record<string, unknown> | null }[] = await db.query(`select action, actor_id, detail from audit_entries where subject_type = 'round' and subject_id = $1 order by at, id`, [id]);
    expect(history.map((h) => [h.action, h.actor_id])).toEqual([
      ['created', officer.id],
      ['changed', officer.id],
      ['moved', officer.id],
    ]);
    expect(history[1].detail).toEqual({ places: 12, reason: 'Two more places funded' });
  });
});
