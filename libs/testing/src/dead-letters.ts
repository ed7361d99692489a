import { testTopic } from './test-run';
import { CLOUDEVENTS_CONTENT_TYPE, EventContract, EventEnvelope } from '@mutuals/contracts';
import { testKafka } from './kafka';

export interface DeadLetterOptions {
  /** The consumer group that gave up on it: the service whose dead letter it is. */
  consumerGroup: string;
  reason?: string;
  detail?: string;
  originPartition?: number;
  originOffset?: string;
  /** The dead-letter topic's partition to write to. */
  partition?: number;
}

/**
 * Writes a dead letter as a service's consumer does when a handler keeps failing (its database
 * was down, say), for an event that would go through now. Returns its id.
 */
export async function produceDeadLetter<T extends object>(contract: EventContract<T>, event: EventEnvelope<T> | { subject: string; raw: string }, options: DeadLetterOptions): Promise<string> {
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const [meta] = await producer.send({
      topic: testTopic(contract.deadLetterTopic),
      acks: -1,
      messages: [
        {
          key: event.subject,
          value: 'raw' in event ? event.raw : JSON.stringify(event),
          partition: options.partition ?? 0,
          headers: {
            'content-type': CLOUDEVENTS_CONTENT_TYPE,
            'dlq-reason': options.reason ?? 'handler-failed',
            'dlq-detail': options.detail ?? '5 attempts failed; last: Connection terminated unexpectedly',
            'dlq-origin-topic': testTopic(contract.topic),
            'dlq-origin-partition': String(options.originPartition ?? 0),
            'dlq-origin-offset': options.originOffset ?? '1234',
            'dlq-consumer-group': options.consumerGroup,
            'dlq-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
    return `${testTopic(contract.deadLetterTopic)}:${meta.partition}:${meta.baseOffset}`;
  } finally {
    await producer.disconnect();
  }
}
