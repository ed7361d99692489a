import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted } from '@mutuals/contracts';
import { oneAtATime, RunningService, SmtpTestServer, startTestService, waitFor } from '@mutuals/testing';
import { NotificationsConfig } from '../src/config';
import { notificationsService } from '../src/service';
import { envelope, publish } from './support/events';

// Its assertions are about rates: it runs alone among such tests.
oneAtATime('timing');

/**
 * A burst of 5,000 receipts against a limit of 3,000 per rolling window. The window is 30 seconds
 * rather than Notify's 60 so the test takes one minute, not two; the code is the same.
 */
describe('the send-rate limit under a burst', () => {
  const LIMIT = 3000;
  const WINDOW_SECONDS = 30;
  const BURST = 5000;
  const smtp = new SmtpTestServer();
  let service: RunningService<NotificationsConfig>;

  beforeAll(async () => {
    await smtp.start();
    service = await startTestService(notificationsService, { SMTP_URL: smtp.url, SEND_RATE_LIMIT: LIMIT, SEND_RATE_WINDOW_SECONDS: WINDOW_SECONDS });
  });

  const run = randomUUID().slice(0, 8);
  const pattern = `burst-${run}-%`;
  const progress = async () =>
    (await service.app.get(DataSource).query(`select count(*) filter (where status = 'sent')::int as sent, count(*)::int as recorded from deliveries where recipient like $1`, [pattern]))[0];

  afterAll(async () => {
    // Whatever happened, the next test files of this worker share the database: leave them no backlog to send.
    await service?.app.get(DataSource).query(`delete from deliveries where recipient like $1 and status <> 'sent'`, [pattern]);
    await service?.close();
    await smtp.stop();
  });

  it(`sends all ${BURST} messages, each once, never more than ${LIMIT} in any ${WINDOW_SECONDS} seconds`, async () => {
    const emails = Array.from({ length: BURST }, (_, i) => `burst-${run}-${i}@example.org`);
    // The sender waits for the rate bucket's row while the burst is recorded: the whole burst is then
    // queued when sending starts, so the limit paces it, not how fast a busy machine records events.
    const bucket = new Client({ connectionString: service.config.DATABASE_URL });
    await bucket.connect();
    try {
      await bucket.query('begin');
      await bucket.query('select tokens from send_rate where id = 1 for update');
      await publish(
        ApplicationSubmitted,
        emails.map((email) => envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex', email } })),
      );
      // While the burst waits its turn, the recorded messages queue up rather than fail.
      await waitFor(async () => (await progress()).recorded === BURST, { what: 'every event recorded', timeoutMs: 240000, intervalMs: 1000 });
      expect((await progress()).sent).toBe(0);
    } finally {
      await bucket.query('rollback');
      await bucket.end();
    }
    await waitFor(async () => (await progress()).sent === BURST, { what: 'every message sent', timeoutMs: 180000, intervalMs: 1000 });

    // The ceiling is the service's, whoever the messages are for: every message sent counts.
    const [{ most, seconds }] = await service.app.get(DataSource).query(
      `with burst as (select min(sent_at) as first, max(sent_at) as last from deliveries where recipient like $1),
       windows as (
         select d.sent_at, count(*) over (order by d.sent_at range between make_interval(secs => $2) preceding and current row) as in_window
         from deliveries d, burst where d.sent_at between burst.first - make_interval(secs => $2) and burst.last)
       select max(in_window)::int as most, (select extract(epoch from last - first)::float from burst) as seconds from windows`,
      [pattern, WINDOW_SECONDS],
    );
    expect(most).toBeLessThanOrEqual(LIMIT);
    // The limit was what held the burst back (not a slow pipeline), and the rest waited their turn.
    expect(most).toBeGreaterThan(LIMIT * 0.8);
    expect(seconds).toBeGreaterThan(WINDOW_SECONDS);

    const received = smtp.received.filter((m) => m.to[0]?.startsWith(`burst-${run}-`));
    expect(received).toHaveLength(BURST);
    expect(new Set(received.map((m) => m.to[0])).size).toBe(BURST);
  }, 480000);
});
