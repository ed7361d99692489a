import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_CATALOGUE, STREAM_TOPICS } from './catalogue';

// class-transformer keeps its @Type metadata here; nested payload classes need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage');

const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['specversion', 'id', 'type', 'source', 'subject', 'time', 'datacontenttype', 'correlationid', 'causationid', 'data'],
  properties: {
    specversion: { type: 'string', const: '1.0' },
    id: { type: 'string', format: 'uuid', description: 'Unique per event; consumers de-duplicate on it' },
    type: { type: 'string', description: '<context>.<aggregate>.<event>.v<N>; consumers dispatch on it' },
    source: { type: 'string', example: '/services/applications' },
    subject: { type: 'string', description: 'Aggregate id; also the Kafka message key' },
    time: { type: 'string', format: 'date-time', description: 'UTC' },
    datacontenttype: { type: 'string', const: 'application/json' },
    correlationid: { type: 'string' },
    causationid: { type: 'string' },
    traceparent: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$', description: 'CloudEvents distributed tracing: W3C Trace Context of the work that wrote the event' },
    tracestate: { type: 'string', description: 'CloudEvents distributed tracing: W3C tracestate, with traceparent' },
  },
};

/** The AsyncAPI 2.6 document of every topic and event, generated from the contracts. */
export function asyncApiDocument(): Record<string, unknown> {
  const schemas = validationMetadatasToSchemas({ classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: '#/components/schemas/' });
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const contracts = [...EVENT_CATALOGUE].sort((a, b) => a.type.localeCompare(b.type));
  for (const topic of STREAM_TOPICS) {
    const carried = contracts.filter((c) => c.topic === topic);
    const aggregate = carried[0].aggregate;
    const refs = carried.map((c) => ({ $ref: `#/components/messages/${c.type}` }));
    channels[topic] = {
      description:
        `Every event of one ${aggregate}, in the order it was committed, keyed by the ${aggregate} id; the envelope's type says which event. ` +
        `Carries: ${carried.map((c) => c.event).join(', ')}. Messages a consumer can never handle go to ${carried[0].deadLetterTopic}.`,
      subscribe: { operationId: `on-${topic}`, message: refs.length === 1 ? refs[0] : { oneOf: refs } },
    };
  }
  for (const contract of contracts) {
    const messageName = contract.type;
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
      description:
        'Every event the services publish. One topic per aggregate, `<context>.<aggregate>.v<N>`, carries all of its event types (`<context>.<aggregate>.<event>.v<N>`, in the envelope\'s type) in commit order; dead letters on `<topic>.dlq`.',
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
