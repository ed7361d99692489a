import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_CATALOGUE } from './catalogue';

// class-transformer keeps its @Type metadata here; nested payload classes need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage');

const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['specversion', 'id', 'type', 'source', 'subject', 'time', 'datacontenttype', 'correlationid', 'causationid', 'data'],
  properties: {
    specversion: { type: 'string', const: '1.0' },
    id: { type: 'string', format: 'uuid', description: 'Unique per event; consumers de-duplicate on it' },
    type: { type: 'string', description: '<context>.<aggregate>.<event>.v<N>, also the topic' },
    source: { type: 'string', example: '/services/applications' },
    subject: { type: 'string', description: 'Aggregate id; also the Kafka message key' },
    time: { type: 'string', format: 'date-time', description: 'UTC' },
    datacontenttype: { type: 'string', const: 'application/json' },
    correlationid: { type: 'string' },
    causationid: { type: 'string' },
  },
};

/** The AsyncAPI 2.6 document of every topic and event, generated from the contracts. */
export function asyncApiDocument(): Record<string, unknown> {
  const schemas = validationMetadatasToSchemas({ classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: '#/components/schemas/' });
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const contracts = [...EVENT_CATALOGUE].sort((a, b) => a.type.localeCompare(b.type));
  for (const contract of contracts) {
    const messageName = contract.type;
    channels[contract.topic] = {
      description: `${contract.description} Keyed by the ${contract.aggregate} id. Poison messages go to ${contract.deadLetterTopic}.`,
      subscribe: { operationId: `on-${contract.type}`, message: { $ref: `#/components/messages/${messageName}` } },
    };
    messages[messageName] = {
      name: messageName,
      title: `${contract.aggregate} ${contract.event} (v${contract.version})`,
      contentType: 'application/cloudevents+json',
      summary: contract.description,
      payload: {
        allOf: [
          { $ref: '#/components/schemas/EventEnvelope' },
          { type: 'object', properties: { type: { const: contract.type }, data: { $ref: `#/components/schemas/${contract.payload.name}` } } },
        ],
      },
      examples: [{ name: 'example', payload: { type: contract.type, data: contract.example } }],
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
    asyncapi: '2.6.0',
    info: {
      title: 'Mutuals funding platform events',
      version: '1.0.0',
      description: 'Every event the services publish. Topics are `<context>.<aggregate>.<event>.v<N>`; dead letters on `<topic>.dlq`.',
    },
    servers: { local: { url: '127.0.0.1:9092', protocol: 'kafka' } },
    defaultContentType: 'application/cloudevents+json',
    channels,
    components: {
      messages,
      schemas: { EventEnvelope: ENVELOPE_SCHEMA, ...Object.fromEntries([...used].sort().map((n) => [n, schemas[n]])) },
    },
  };
}
