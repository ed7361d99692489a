import { randomUUID } from 'node:crypto';
import { EventContract, EventEnvelope } from '@mutuals/contracts';
import type { Kafka } from 'kafkajs';
import { produceRaw, testEnvelope } from '@mutuals/testing';

export const envelope = <T extends object>(contract: EventContract<T>, data: T, id?: string): EventEnvelope<T> => testEnvelope(contract, data, { id });

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
