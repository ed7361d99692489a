import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventContract, EventEnvelope } from '@mutuals/contracts';
import { eventsHandled } from './database';
import { produceRaw } from './kafka';

/** An event as another service's outbox would publish it (a fresh id, and by default a fresh subject). */
export function testEnvelope<T extends object>(
  contract: EventContract<T>,
  data: T,
  { subject = randomUUID(), id = randomUUID(), source = `/services/${contract.context}` }: { subject?: string; id?: string; source?: string } = {},
): EventEnvelope<T> {
  return {
    specversion: '1.0',
    id,
    type: contract.type,
    source,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: randomUUID(),
    causationid: randomUUID(),
    data,
  };
}

/**
 * Produces events of one aggregate in this order (one key, so one partition) and waits until the
 * service has handled them. An event type it does not handle leaves no trace in its inbox, so such
 * an event must be followed by one it does: that one handled proves the earlier one was read.
 */
export async function deliverInOrder(db: DataSource, contract: EventContract<any>, subject: string, events: EventEnvelope<object>[], notHandled: EventContract<any>[] = []): Promise<void> {
  await produceRaw(contract.topic, events.map((e) => ({ key: subject, value: JSON.stringify(e) })));
  await eventsHandled(db, events.filter((e) => !notHandled.some((c) => c.type === e.type)).map((e) => e.id), 60000);
}
