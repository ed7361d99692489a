import { Attributes } from '@opentelemetry/api';

/**
 * The OpenTelemetry messaging attributes of a span about one event. The spans are made by hand
 * (no kafkajs instrumentation): the trace context is the envelope's, written at the outbox, which
 * must win over whatever a Kafka client would put in the message headers when the relay sends.
 */
export function messagingAttributes(operation: 'create' | 'send' | 'process', topic: string, eventType: string, extra: Attributes = {}): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': operation,
    'messaging.destination.name': topic,
    'cloudevents.event_type': eventType,
    ...extra,
  };
}
