import { createHash } from 'node:crypto';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_CATALOGUE, STREAM_TOPICS } from './catalogue';
import { EventContract } from './contract';
import { EventEnvelope } from './envelope';
import { envelopeSchema } from './envelope-schema';
import { CLOUDEVENTS_CONTENT_TYPE, CONTENT_TYPE_HEADER, DEAD_LETTER_HEADERS, DEAD_LETTER_REASONS, DeadLetterHeader, NOT_AN_EVENT_REASONS } from './kafka-records';

// class-transformer keeps its @Type metadata here; nested payload classes need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage');

type Json = Record<string, unknown>;
const SCHEMAS = '#/components/schemas/';
const ref = (pointer: string) => ({ $ref: pointer });
/** JSON Pointer escaping, for names used as keys in references. */
const key = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

const EVENT_HEADERS = {
  type: 'object',
  required: [CONTENT_TYPE_HEADER],
  properties: {
    [CONTENT_TYPE_HEADER]: { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE, description: 'CloudEvents Kafka binding, structured mode: the record value is the whole event' },
  },
};

const DEAD_LETTER_HEADER_SCHEMAS: Record<DeadLetterHeader, Json> = {
  'dlq-reason': { type: 'string', enum: [...DEAD_LETTER_REASONS] },
  'dlq-detail': { type: 'string', maxLength: 2000 },
  'dlq-origin-topic': { type: 'string' },
  'dlq-origin-partition': { type: 'string', pattern: '^[0-9]+$' },
  'dlq-origin-offset': { type: 'string', pattern: '^[0-9]+$' },
  'dlq-consumer-group': { type: 'string' },
  'dlq-failed-at': { type: 'string', format: 'date-time' },
};

const DEAD_LETTER_HEADERS_SCHEMA = {
  type: 'object',
  description: "The original record's headers, kept, plus the dlq-* headers saying why it was given up on.",
  required: Object.keys(DEAD_LETTER_HEADERS),
  properties: {
    [CONTENT_TYPE_HEADER]: {
      type: 'string',
      description: `${CLOUDEVENTS_CONTENT_TYPE} whenever the value is an event, so the dead letter is still a CloudEvent; a record that never was one (${NOT_AN_EVENT_REASONS.join(', ')}) keeps the headers it came with.`,
    },
    ...Object.fromEntries(Object.entries(DEAD_LETTER_HEADER_SCHEMAS).map(([name, schema]) => [name, { ...schema, description: DEAD_LETTER_HEADERS[name as DeadLetterHeader] }])),
  },
};

/** The service that publishes a context's events, where it is not the context's own name. */
const PRODUCER: Record<string, string> = { directory: 'portal' };
const producerOf = (contract: EventContract) => PRODUCER[contract.context] ?? contract.context;

/** A stable UUID for examples, so the generated document only changes when the contracts do. */
function exampleUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A complete envelope as the outbox would publish it, around the contract's own example payload. */
export function exampleEnvelope(contract: EventContract): EventEnvelope {
  // The aggregate's id: `<aggregate>Id`, or the id it is keyed by (a budget by its programme's).
  const ids = Object.entries(contract.example).filter(([name, value]) => name.endsWith('Id') && typeof value === 'string');
  const idField = `${contract.aggregate.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Id`;
  const aggregateId = (ids.find(([name]) => name === idField) ?? ids[0])?.[1];
  return {
    specversion: '1.0',
    id: exampleUuid(contract.type, 'id'),
    type: contract.type,
    source: `/services/${producerOf(contract)}`,
    subject: typeof aggregateId === 'string' ? aggregateId : exampleUuid(contract.type, 'subject'),
    time: '2026-05-14T17:00:00.000Z',
    datacontenttype: 'application/json',
    correlationid: exampleUuid(contract.type, 'correlation'),
    causationid: exampleUuid(contract.type, 'causation'),
    data: contract.example,
  };
}

const kafkaKey = (aggregate: string) => ({ kafka: { key: { type: 'string', description: `The ${aggregate} id (the envelope's subject)` }, bindingVersion: '0.5.0' } });

function eventMessage(contract: EventContract): Json {
  return {
    name: contract.type,
    title: `${contract.aggregate} ${contract.event} (v${contract.version})`,
    summary: contract.description,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: ref(`${SCHEMAS}EventHeaders`),
    payload: ref(`${SCHEMAS}${key(contract.type)}`),
    bindings: kafkaKey(contract.aggregate),
    examples: [{ name: 'example', headers: { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_CONTENT_TYPE }, payload: exampleEnvelope(contract) }],
  };
}

function deadLetterMessage(topic: string, carried: EventContract[]): Json {
  const original = carried[0];
  return {
    name: `${original.deadLetterTopic}.dead-letter`,
    title: `Dead letter of ${topic}`,
    summary: `A record of ${topic} that a consumer will never handle: key, value and headers as they were, plus why. An operator replays it to ${topic} or discards it.`,
    description: `The value is the original event, byte for byte; only a record that was never an event (${NOT_AN_EVENT_REASONS.join(', ')}) carries whatever value it came with.`,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: ref(`${SCHEMAS}DeadLetterHeaders`),
    payload: carried.length === 1 ? ref(`${SCHEMAS}${key(original.type)}`) : { oneOf: carried.map((c) => ref(`${SCHEMAS}${key(c.type)}`)) },
    bindings: kafkaKey(original.aggregate),
    examples: [
      {
        name: 'handler-failed',
        headers: {
          [CONTENT_TYPE_HEADER]: CLOUDEVENTS_CONTENT_TYPE,
          'dlq-reason': 'handler-failed',
          'dlq-detail': '5 attempts failed; last: Connection terminated unexpectedly',
          'dlq-origin-topic': topic,
          'dlq-origin-partition': '2',
          'dlq-origin-offset': '1234',
          'dlq-consumer-group': 'notifications',
          'dlq-failed-at': '2026-05-14T17:00:05.000Z',
        } satisfies Record<DeadLetterHeader | typeof CONTENT_TYPE_HEADER, string>,
        payload: exampleEnvelope(original),
      },
    ],
  };
}

/** The AsyncAPI 3.0 document of every topic, dead-letter topic and event, generated from the contracts. */
export function asyncApiDocument(): Json {
  const schemas = validationMetadatasToSchemas({ classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: SCHEMAS });
  const contracts = [...EVENT_CATALOGUE].sort((a, b) => a.type.localeCompare(b.type));
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const eventSchemas: Json = {};
  for (const contract of contracts) {
    messages[contract.type] = eventMessage(contract);
    eventSchemas[contract.type] = {
      allOf: [ref(`${SCHEMAS}EventEnvelope`), { type: 'object', properties: { type: { const: contract.type }, data: ref(`${SCHEMAS}${contract.payload.name}`) } }],
    };
  }
  for (const topic of STREAM_TOPICS) {
    const carried = contracts.filter((c) => c.topic === topic);
    const { aggregate, deadLetterTopic } = carried[0];
    channels[topic] = {
      address: topic,
      description:
        `Every event of one ${aggregate}, in the order it was committed, keyed by the ${aggregate} id; the envelope's type says which event. ` +
        `Carries: ${carried.map((c) => c.event).join(', ')}. Messages a consumer can never handle go to ${deadLetterTopic}.`,
      messages: Object.fromEntries(carried.map((c) => [c.type, ref(`#/components/messages/${key(c.type)}`)])),
    };
    operations[`publish-${topic}`] = {
      action: 'send',
      channel: ref(`#/channels/${key(topic)}`),
      summary: `The ${producerOf(carried[0])} service publishes each committed ${aggregate} event, at least once (consumers de-duplicate on the id).`,
      messages: carried.map((c) => ref(`#/channels/${key(topic)}/messages/${key(c.type)}`)),
    };
    const letter = `${deadLetterTopic}.dead-letter`;
    messages[letter] = deadLetterMessage(topic, carried);
    channels[deadLetterTopic] = {
      address: deadLetterTopic,
      description: `Records of ${topic} that a consumer gave up on (one it can never handle), so its partition moves on. Each service's operators list, replay and discard its own at /admin/dead-letters.`,
      messages: { [letter]: ref(`#/components/messages/${key(letter)}`) },
    };
    operations[`dead-letter-${topic}`] = {
      action: 'send',
      channel: ref(`#/channels/${key(deadLetterTopic)}`),
      summary: `A consuming service writes a record of ${topic} it will never handle here, then moves on.`,
      messages: [ref(`#/channels/${key(deadLetterTopic)}/messages/${key(letter)}`)],
    };
  }
  const used = new Set<string>();
  const collect = (name: string) => {
    if (used.has(name) || !schemas[name]) return;
    used.add(name);
    for (const match of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/(\w+)/g)) collect(match[1]);
  };
  contracts.forEach((c) => collect(c.payload.name));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Mutuals funding platform events',
      version: '1.0.0',
      description:
        'Every event the services publish. One topic per aggregate, `<context>.<aggregate>.v<N>`, carries all of its event types (`<context>.<aggregate>.<event>.v<N>`, in the envelope\'s type) in commit order; dead letters on `<topic>.dlq`. ' +
        `Each record is a CloudEvent under the Kafka protocol binding in structured mode: the JSON envelope is the value, the subject the key, and the \`${CONTENT_TYPE_HEADER}\` header is \`${CLOUDEVENTS_CONTENT_TYPE}\`.`,
      license: { name: 'MIT' },
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The local broker of docker-compose.yml' } },
    channels,
    operations,
    components: {
      messages,
      schemas: {
        EventEnvelope: envelopeSchema(),
        EventHeaders: EVENT_HEADERS,
        DeadLetterHeaders: DEAD_LETTER_HEADERS_SCHEMA,
        ...eventSchemas,
        ...Object.fromEntries([...used].sort().map((n) => [n, schemas[n]])),
      },
    },
  };
}
