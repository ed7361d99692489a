/**
 * /health/ready as an operator reads it: the database, Kafka, the consumer and the outbox relay,
 * each named; when the relay cannot publish for longer than OUTBOX_STALL_SECONDS the service is
 * not ready and the body says the outbox is the dependency down, and why; once the relay publishes
 * again it is ready again.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startTestService, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';

jest.setTimeout(120000);

describe('readiness', () => {
  let service: RunningService<any>;
  const stuckEvent = randomUUID();

  beforeAll(async () => {
    service = await startTestService(applicationsService, { OUTBOX_STALL_SECONDS: 2 });
  });

  afterAll(async () => {
    await service?.app.get(DataSource).query('delete from outbox_messages where event_id = $1', [stuckEvent]);
    await service?.close();
  });

  it('reports the database, Kafka, the consumer and the outbox relay', async () => {
    await waitFor(async () => (await request(service.url).get('/health/ready')).body.details?.outbox?.state === 'relaying', { what: 'the relay to complete a pass' });
    const ready = await request(service.url).get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      kafka: { status: 'up' },
      consumer: { status: 'up', state: 'running' },
      outbox: { status: 'up', state: 'relaying', lastRelayedAt: expect.any(String) },
    });
  });

  it('is not ready while the relay cannot publish, names the outbox and why, and is ready again once it can', async () => {
    // An event for a topic the broker does not have (and will not create): every publish fails.
    const db = service.app.get(DataSource);
    await db.query(`insert into outbox_messages (event_id, topic, message_key, envelope) values ($1::uuid, 'applications.no-such-stream.v1', $1::text, '{}')`, [stuckEvent]);
    let body: any;
    await waitFor(
      async () => {
        const res = await request(service.url).get('/health/ready');
        body = res.body;
        return res.status === 503;
      },
      { what: 'readiness to fail', timeoutMs: 60000 },
    );
    expect(body).toMatchObject({ code: 'not-ready', message: 'Not ready: outbox down' });
    expect(body.details).toMatchObject({
      database: { status: 'up' },
      kafka: { status: 'up' },
      consumer: { status: 'up' },
      outbox: { status: 'down', state: 'failing', detail: expect.stringMatching(/^publishing has failed for \d+ s, events wait in the outbox: .+/) },
    });

    await db.query('delete from outbox_messages where event_id = $1', [stuckEvent]);
    await waitFor(async () => (await request(service.url).get('/health/ready')).status === 200, { what: 'ready again', timeoutMs: 30000 });
  });
});
