import { CloudEvent, Kafka, KafkaMessage } from 'cloudevents';
import { ReadMessage } from './kafka';

/**
 * The CloudEvent that the CloudEvents SDK finds in a Kafka record, read as an outside client would
 * (its Kafka protocol binding), checked against the CloudEvents rules. Throws when the record is none.
 */
export function cloudEventOf(record: ReadMessage): CloudEvent<unknown> {
  const message: KafkaMessage<string | null> = { key: record.key ?? '', value: record.value, headers: record.headers, body: record.value };
  const found = Kafka.toEvent(message);
  if (Array.isArray(found)) throw new Error(`a batch of ${found.length} events, not one event`);
  // The binding builds the event without checking it; strict, it is checked as it is built.
  return new CloudEvent(found as CloudEvent<unknown>, true);
}
