import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted } from '@mutuals/contracts';
import { currentContext } from '@mutuals/observability';
import { RunningService, startTestService } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { createFund, draft, outboxFor, registeredApplicant } from './fixtures';

/**
 * The submission is the busiest write of the programme: its database work is one read for the
 * checks and one statement for the change, audit and event, not a transaction of several round trips.
 */
describe('a submission reaches PostgreSQL in at most two statements', () => {
  let service: RunningService<any>;
  let db: DataSource;
  const sent: Record<string, string[]> = {};
  const originalQuery = Client.prototype.query;

  beforeAll(async () => {
    service = await startTestService(applicationsService);
    db = service.app.get(DataSource);
    // Every statement the service sends while handling a request, by the request's correlation id.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const correlationId = currentContext()?.correlationId;
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (correlationId) (sent[correlationId] ??= []).push(String(text));
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await service?.close();
  });

  it('a complete draft is submitted, audited and published with at most two statements', async () => {
    const fund = await createFund(service);
    const { user } = await registeredApplicant(service);
    const created = await draft(service, user, fund.id);

    const res = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).set('x-correlation-id', `count-${created.id}`).send({ version: created.version }).expect(200);

    expect(res.body).toMatchObject({ status: 'submitted', version: created.version + 1, submittedAt: expect.any(String) });
    expect(sent[`count-${created.id}`].length).toBeLessThanOrEqual(2);
    const [event] = await outboxFor(db, created.id);
    expect(event.envelope).toMatchObject({ type: ApplicationSubmitted.type, correlationid: `count-${created.id}`, data: { applicationId: created.id } });
    const history = await db.query(`select from_state, to_state, actor_id from audit_trail where subject_id = $1 order by id`, [created.id]);
    expect(history).toEqual([
      { from_state: null, to_state: 'draft', actor_id: user.id },
      { from_state: 'draft', to_state: 'submitted', actor_id: user.id },
    ]);
  });

  it('two submissions of the same draft at once: one is taken, the other is a 409, and one event is published', async () => {
    const fund = await createFund(service);
    const { user } = await registeredApplicant(service);
    const created = await draft(service, user, fund.id);

    const submit = () => request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: created.version });
    const answers = await Promise.all([submit(), submit()]);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('stale-version');
    expect(await outboxFor(db, created.id)).toHaveLength(1);
    const [{ count }] = await db.query(`select count(*)::int as count from audit_trail where subject_id = $1 and to_state = 'submitted'`, [created.id]);
    expect(count).toBe(1);
  });

  it('a refused submission is answered from one read', async () => {
    const fund = await createFund(service);
    const { user } = await registeredApplicant(service);
    const created = await draft(service, user, fund.id, { title: 'Legal advice' });

    const res = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).set('x-correlation-id', `refused-${created.id}`).send({ version: created.version }).expect(422);

    expect(res.body.code).toBe('application-incomplete');
    expect(sent[`refused-${created.id}`]).toHaveLength(1);
  });
});
