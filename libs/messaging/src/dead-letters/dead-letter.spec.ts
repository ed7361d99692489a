import type { KafkaMessage } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, DEAD_LETTER_HEADERS } from '@mutuals/contracts';
import { DEAD_LETTER_ID_PATTERN, deadLetterFrom, deadLetterHeaders, DeadLetterFailure, deadLetterTopicOf, envelopeFieldsOf, isDeadLetterTopic, REPLAYED_FROM_HEADER, replayOf } from './dead-letter';

const TOPIC = 'applications.application.v1';

function record(headers: Record<string, string>, value: string | null = '{"id":"e-1","type":"applications.application.submitted.v1"}'): KafkaMessage {
  return {
    key: Buffer.from('application-1'),
    value: value === null ? null : Buffer.from(value),
    timestamp: String(Date.parse('2026-05-14T17:00:00Z')),
    attributes: 0,
    offset: '42',
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

const DLQ_HEADERS = {
  'content-type': CLOUDEVENTS_CONTENT_TYPE,
  'dlq-reason': 'handler-failed',
  'dlq-detail': '5 attempts failed',
  'dlq-origin-topic': TOPIC,
  'dlq-origin-partition': '2',
  'dlq-origin-offset': '1234',
  'dlq-consumer-group': 'notifications',
  'dlq-failed-at': '2026-05-14T17:00:01.000Z',
};

describe('dead letters as records on a dead-letter topic', () => {
  it('reads the origin and the reason from the headers, and names the letter by where it is', () => {
    const letter = deadLetterFrom(`${TOPIC}.dlq`, 1, record(DLQ_HEADERS))!;
    expect(letter).toMatchObject({
      id: `${TOPIC}.dlq:1:42`,
      reason: 'handler-failed',
      originTopic: TOPIC,
      originPartition: 2,
      originOffset: '1234',
      consumerGroup: 'notifications',
      failedAt: '2026-05-14T17:00:01.000Z',
    });
    expect(letter.id).toMatch(DEAD_LETTER_ID_PATTERN);
    expect(letter.key?.toString()).toBe('application-1');
  });

  it('ignores a record without dead-letter headers, and falls back to the record time when the failure time is missing', () => {
    expect(deadLetterFrom(`${TOPIC}.dlq`, 0, record({ 'content-type': 'application/json' }))).toBeUndefined();
    const { 'dlq-failed-at': _, ...withoutTime } = DLQ_HEADERS;
    expect(deadLetterFrom(`${TOPIC}.dlq`, 0, record(withoutTime))!.failedAt).toBe('2026-05-14T17:00:00.000Z');
  });

  it('replays the original message: key, value and its own headers to the origin partition, marked with where it came from', () => {
    const letter = deadLetterFrom(`${TOPIC}.dlq`, 1, record({ ...DLQ_HEADERS, [REPLAYED_FROM_HEADER]: 'an-earlier-letter' }))!;
    const { topic, message } = replayOf(letter);
    expect(topic).toBe(TOPIC);
    expect(message.partition).toBe(2);
    expect(message.key).toBe(letter.key);
    expect(message.value).toBe(letter.value);
    expect(message.headers).toEqual({ 'content-type': CLOUDEVENTS_CONTENT_TYPE, [REPLAYED_FROM_HEADER]: letter.id });
  });

  it('replays an event as a CloudEvent even when its dead letter lost the content type, and a non-event as it came', () => {
    const { 'content-type': _, ...withoutContentType } = DLQ_HEADERS;
    expect(replayOf(deadLetterFrom(`${TOPIC}.dlq`, 1, record(withoutContentType))!).message.headers).toEqual({
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      [REPLAYED_FROM_HEADER]: `${TOPIC}.dlq:1:42`,
    });
    const poison = deadLetterFrom(`${TOPIC}.dlq`, 1, record({ ...withoutContentType, 'dlq-reason': 'not-json' }, 'not json'))!;
    expect(replayOf(poison).message.headers).toEqual({ [REPLAYED_FROM_HEADER]: poison.id });
  });

  it('leaves the partition to the key when the origin partition is unknown', () => {
    const { 'dlq-origin-partition': _, ...withoutPartition } = DLQ_HEADERS;
    expect(replayOf(deadLetterFrom(`${TOPIC}.dlq`, 0, record(withoutPartition))!).message.partition).toBeUndefined();
  });

  it('accepts a topic by its dead-letter name or its origin name, and finds dead-letter topics under the prefix', () => {
    expect(deadLetterTopicOf(TOPIC)).toBe(`${TOPIC}.dlq`);
    expect(deadLetterTopicOf(`${TOPIC}.dlq`)).toBe(`${TOPIC}.dlq`);
    expect(isDeadLetterTopic(`${TOPIC}.dlq`, '')).toBe(true);
    expect(isDeadLetterTopic(TOPIC, '')).toBe(false);
    expect(isDeadLetterTopic(`${TOPIC}.dlq`, 'staging.')).toBe(false);
    expect(isDeadLetterTopic(`staging.${TOPIC}.dlq`, 'staging.')).toBe(true);
  });

  it('tells ids from other strings', () => {
    expect(`${TOPIC}.dlq:0:0`).toMatch(DEAD_LETTER_ID_PATTERN);
    for (const bad of [TOPIC, `${TOPIC}:0:1`, `${TOPIC}.dlq:x:1`, `${TOPIC}.dlq:0`, `a b.dlq:0:1`]) expect(bad).not.toMatch(DEAD_LETTER_ID_PATTERN);
  });

  it('finds the envelope id and type in a JSON payload, and nothing in one that is not', () => {
    expect(envelopeFieldsOf(Buffer.from('{"id":"e-1","type":"t.a.b.v1"}'))).toMatchObject({ eventId: 'e-1', eventType: 't.a.b.v1' });
    expect(envelopeFieldsOf(Buffer.from('not json'))).toEqual({ eventId: null, eventType: null, json: undefined });
    expect(envelopeFieldsOf(Buffer.from('[1]'))).toMatchObject({ eventId: null, eventType: null });
    expect(envelopeFieldsOf(null).eventId).toBeNull();
  });
});

describe('the headers a consumer writes on a dead letter', () => {
  const failure: DeadLetterFailure = {
    reason: 'handler-failed',
    detail: 'x'.repeat(3000),
    originTopic: TOPIC,
    originPartition: 2,
    originOffset: '1234',
    consumerGroup: 'notifications',
    failedAt: new Date('2026-05-14T17:00:01Z'),
  };

  it('keep every original header and add why, where from and when', () => {
    const headers = deadLetterHeaders({ traceparent: Buffer.from('00-abc-def-01'), 'content-type': Buffer.from(CLOUDEVENTS_CONTENT_TYPE) }, failure);
    expect(headers.traceparent.toString()).toBe('00-abc-def-01');
    expect(Object.keys(headers)).toEqual(expect.arrayContaining(Object.keys(DEAD_LETTER_HEADERS)));
    expect(headers).toMatchObject({ 'dlq-reason': 'handler-failed', 'dlq-origin-partition': '2', 'dlq-origin-offset': '1234', 'dlq-failed-at': '2026-05-14T17:00:01.000Z' });
    expect(headers['dlq-detail']).toHaveLength(2000);
  });

  it("give an event the CloudEvents content type, even when its producer left it out or named another", () => {
    expect(deadLetterHeaders(undefined, failure)['content-type']).toBe(CLOUDEVENTS_CONTENT_TYPE);
    expect(deadLetterHeaders({ 'content-type': 'application/json' }, { ...failure, reason: 'contract-violation' })['content-type']).toBe(CLOUDEVENTS_CONTENT_TYPE);
  });

  it('do not claim a record that never was an event is a CloudEvent', () => {
    for (const reason of ['not-json', 'no-value', 'invalid-envelope'] as const) {
      expect(deadLetterHeaders({ 'content-type': 'text/plain' }, { ...failure, reason })['content-type']).toBe('text/plain');
      expect(deadLetterHeaders(undefined, { ...failure, reason })['content-type']).toBeUndefined();
    }
  });
});
