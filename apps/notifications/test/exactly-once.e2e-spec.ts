import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted } from '@mutuals/contracts';
import { RunningService, sleep, SmtpTestServer, startTestService } from '@mutuals/testing';
import { MESSAGE_CHANNEL, MessageChannel } from '../src/channels/channel';
import { NotificationsConfig } from '../src/config';
import { notificationsService } from '../src/service';
import { CATALOGUE } from '../src/templates/catalogue';
import { envelope, publish, uniqueEmail } from './support/events';
import { NotifyTestServer } from './support/notify-test-server';
import { settled } from './support/service';

const receiptFor = (email: string) =>
  envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex Morgan', email } });

/**
 * Makes the instance die right after the provider accepts the message to `email` and before it
 * records that: its database goes away under it, so nothing can be written, and it is then shut down.
 */
function dieAfterSendingTo(service: RunningService<NotificationsConfig>, email: string): Promise<void> {
  const channel = service.app.get<MessageChannel>(MESSAGE_CHANNEL);
  const send = channel.send.bind(channel);
  return new Promise((died) => {
    channel.send = async (message) => {
      const result = await send(message);
      if (message.to !== email) return result;
      await service.app.get(DataSource).destroy();
      died();
      throw new Error('the process died');
    };
  });
}

async function kill(service: RunningService<NotificationsConfig>) {
  await service.close().catch(() => undefined); // its database is already gone
}

describe('exactly one message per event, template and recipient', () => {
  const notify = new NotifyTestServer(CATALOGUE);
  const smtp = new SmtpTestServer();
  const settings = { DELIVERY_LEASE_SECONDS: 2, DELIVERY_RETRY_BASE_SECONDS: 1 };

  beforeAll(async () => {
    await notify.start();
    await smtp.start();
  });

  afterAll(async () => {
    await notify.stop();
    await smtp.stop();
  });

  describe('over GOV.UK Notify', () => {
    const notifySettings = () => ({ ...settings, NOTIFY_API_KEY: notify.apiKey, NOTIFY_BASE_URL: notify.url });

    it('a sender killed between Notify accepting and recording: the restarted service finds it by reference and sends nothing again', async () => {
      const email = uniqueEmail('crash');
      const first = await startTestService(notificationsService, notifySettings());
      const died = dieAfterSendingTo(first, email);
      await publish(ApplicationSubmitted, [receiptFor(email)]);
      await died;
      await kill(first);
      expect(notify.to(email)).toHaveLength(1);

      const restarted = await startTestService(notificationsService, notifySettings());
      try {
        // The dead sender's lease runs out; the message is claimed again, looked up, and recorded.
        const [delivery] = await settled(restarted, email, ['sent']);
        expect(delivery.attempts).toBe(2);
        expect(delivery.provider_id).toBe(notify.to(email)[0].id);
        await sleep(1500);
        expect(notify.to(email)).toHaveLength(1);
      } finally {
        await restarted.close();
      }
    });

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
        const inbox = async () =>
          (await restarted.app.get(DataSource).query('select count(*)::int as n from inbox_messages where event_id = $1', [event.id]))[0].n;
        expect(await inbox()).toBe(1);
        await sleep(2000);
        await settled(restarted, email, ['sent']);
        expect(notify.to(email)).toHaveLength(1);
      } finally {
        await restarted.close();
      }
    });
  });

  describe('over SMTP', () => {
    it('a sender killed between the SMTP server accepting and recording: sent again with the same Message-ID, so one message, never none', async () => {
      const email = uniqueEmail('smtp-crash');
      const first = await startTestService(notificationsService, { ...settings, SMTP_URL: smtp.url });
      const died = dieAfterSendingTo(first, email);
      await publish(ApplicationSubmitted, [receiptFor(email)]);
      await died;
      await kill(first);

      const restarted = await startTestService(notificationsService, { ...settings, SMTP_URL: smtp.url });
      try {
        const [delivery] = await settled(restarted, email, ['sent']);
        expect(delivery.attempts).toBe(2);
        // SMTP cannot be asked what it already has: the resend is the same message (one Message-ID).
        const messageIds = new Set(smtp.to(email).map((m) => m.messageId));
        expect(messageIds).toEqual(new Set([`<${delivery.id}@mutuals-platform>`]));
      } finally {
        await restarted.close();
      }
    });
  });
});
