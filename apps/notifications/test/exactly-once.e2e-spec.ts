import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ApplicationSubmitted } from '@mutuals/contracts';
import { BuiltService, rowsOf, sleep, SmtpTestServer, startBuiltService, startTestService, takeDatabaseAway, testDatabasePool, waitFor } from '@mutuals/testing';
import { DeliveriesRepository } from '../src/deliveries/deliveries.repository';
import { notificationsService } from '../src/service';
import { CATALOGUE } from '../src/templates/catalogue';
import { envelope, publish, uniqueEmail } from './support/events';
import { NotifyTestServer } from './support/notify-test-server';
import { deliveriesTo, markerSent, settled } from './support/service';

const receiptFor = (email: string) =>
  envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex Morgan', email } });

describe('exactly one message per event, template and recipient', () => {
  const notify = new NotifyTestServer(CATALOGUE);
  const smtp = new SmtpTestServer();
  const settings = { DELIVERY_LEASE_SECONDS: 2, DELIVERY_RETRY_BASE_SECONDS: 1, KAFKA_SESSION_TIMEOUT_SECONDS: 6 };
  const notifySettings = () => ({ ...settings, NOTIFY_API_KEY: notify.apiKey, NOTIFY_BASE_URL: notify.url });
  const smtpSettings = () => ({ ...settings, SMTP_URL: smtp.url });
  let db: Pool;
  const children: BuiltService[] = [];

  /** The built service as a child process, killed at the end of the test if it is still running. */
  async function startChild(overrides: Record<string, unknown>): Promise<BuiltService> {
    const child = await startBuiltService(notificationsService, overrides);
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    await notify.start();
    await smtp.start();
    db = testDatabasePool(notificationsService);
  });

  afterEach(async () => {
    notify.onAccepted = undefined;
    smtp.onAccepted = undefined;
    await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
  });

  afterAll(async () => {
    await db?.end();
    await notify.stop();
    await smtp.stop();
  });

  /**
   * Kills the service (kill -9) the moment the provider has stored the message to `email`, before
   * the service hears it was accepted, so it cannot have recorded it. Resolves with how it exited.
   */
  function killWhenAccepted<M>(provider: { onAccepted?: (message: M) => unknown }, child: BuiltService, isTheMessage: (message: M) => boolean) {
    provider.onAccepted = (message) => {
      if (isTheMessage(message)) child.child.kill('SIGKILL');
    };
    return child.exited;
  }

  describe('over GOV.UK Notify', () => {
    it('a sender killed (kill -9) between Notify accepting and recording: the restarted service finds it by reference and sends nothing again', async () => {
      const email = uniqueEmail('crash');
      const first = await startChild(notifySettings());
      const died = killWhenAccepted(notify, first, (n) => n.email_address === email);
      await publish(ApplicationSubmitted, [receiptFor(email)]);
      expect(await died).toEqual({ code: null, signal: 'SIGKILL' });
      // The fault: Notify has the message, our record still says it is being sent by the first attempt.
      expect(notify.to(email)).toHaveLength(1);
      expect((await deliveriesTo(db, email)).map((d) => [d.status, d.attempts])).toEqual([['sending', 1]]);

      await startChild(notifySettings());
      // The dead sender's lease runs out; the message is claimed again, looked up, and recorded.
      const [delivery] = await settled(db, email, ['sent']);
      expect(delivery.attempts).toBe(2);
      expect(delivery.provider_id).toBe(notify.to(email)[0].id);
      expect(notify.to(email)).toHaveLength(1);
    }, 120000);

    it('the same event delivered again, before and after a restart, sends one message', async () => {
      const email = uniqueEmail('redelivered');
      const event = receiptFor(email);
      const first = await startTestService(notificationsService, notifySettings());
      await publish(ApplicationSubmitted, [event, event]);
      await settled(first, email, ['sent']);
      await first.close();

      await publish(ApplicationSubmitted, [event]);
      const restarted = await startTestService(notificationsService, notifySettings());
      try {
        await publish(ApplicationSubmitted, [event]);
        // A marker on the event's key (its partition), sent once the redeliveries before it are handled.
        await markerSent(restarted, event.subject);
        expect((await rowsOf(db, 'select consumer from inbox_messages where event_id = $1', [event.id])).length).toBe(1);
        expect(await settled(restarted, email, ['sent'])).toHaveLength(1);
        expect(notify.to(email)).toHaveLength(1);
      } finally {
        await restarted.close();
      }
    });
  });

  describe('over SMTP', () => {
    it('a sender killed (kill -9) between the SMTP server accepting and recording: sent again with the same Message-ID, so one message, never none', async () => {
      const email = uniqueEmail('smtp-crash');
      const first = await startChild(smtpSettings());
      const died = killWhenAccepted(smtp, first, (m) => m.to.includes(email));
      await publish(ApplicationSubmitted, [receiptFor(email)]);
      expect(await died).toEqual({ code: null, signal: 'SIGKILL' });
      expect(smtp.to(email)).toHaveLength(1);
      expect((await deliveriesTo(db, email)).map((d) => [d.status, d.attempts])).toEqual([['sending', 1]]);

      await startChild(smtpSettings());
      const [delivery] = await settled(db, email, ['sent']);
      expect(delivery.attempts).toBe(2);
      // SMTP cannot be asked what it already has: the resend is the same message (one Message-ID).
      const messageIds = new Set(smtp.to(email).map((m) => m.messageId));
      expect(messageIds).toEqual(new Set([`<${delivery.id}@mutuals-platform>`]));
    }, 120000);

    it('the database lost right after the SMTP server accepted: the record waits for it, and the message is not sent again', async () => {
      const email = uniqueEmail('smtp-db-lost');
      const service = await startTestService(notificationsService, smtpSettings());
      const deliveries = service.app.get(DeliveriesRepository);
      const record = deliveries.markSent.bind(deliveries);
      let failedRecords = 0;
      deliveries.markSent = (...args) => record(...args).catch((err) => ((failedRecords += 1), Promise.reject(err)));
      let outage: { restore: () => Promise<void>; since: number } | undefined;
      smtp.onAccepted = async (mail) => {
        if (!outage && mail.to.includes(email)) outage = { restore: await takeDatabaseAway(service.config.DATABASE_URL), since: Date.now() };
      };
      try {
        await publish(ApplicationSubmitted, [receiptFor(email)]);
        await waitFor(() => outage, { what: 'the message at the SMTP server', intervalMs: 20 });
        // An outage longer than the claim's lease (2 s): the message is due to be claimed again when the database is back.
        await sleep(outage!.since + 4000 - Date.now());
        await outage!.restore();
        const [delivery] = await settled(service, email, ['sent']);
        // The record failed while the database was away, and was retried: never the send (one attempt, one message).
        expect(failedRecords).toBeGreaterThan(0);
        expect(delivery.attempts).toBe(1);
        expect(smtp.to(email)).toHaveLength(1);
      } finally {
        await outage?.restore().catch(() => undefined);
        await service.close();
      }
    }, 90000);
  });
});
