import { randomUUID } from 'node:crypto';
import { EventContract, EventEnvelope } from '@mutuals/contracts';
import type { Kafka } from 'kafkajs';
import { produceRaw } from '@mutuals/testing';

export function envelope<T extends object>(contract: EventContract<T>, data: T, id = randomUUID()): EventEnvelope<T> {
  return {
    specversion: '1.0',
    id,
    type: contract.type,
    source: `/services/${contract.context}`,
    subject: randomUUID(),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: randomUUID(),
    causationid: randomUUID(),
    data,
  };
}

/** Produces events to their topic in batches, as the other services' outbox relays would. */
export async function publish<T extends object>(contract: EventContract<T>, events: EventEnvelope<T>[], batchSize = 500, kafka?: Kafka): Promise<void> {
  for (let i = 0; i < events.length; i += batchSize) {
    await produceRaw(
      contract.topic,
      events.slice(i, i + batchSize).map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
      kafka,
    );
  }
}

export const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.org`;
