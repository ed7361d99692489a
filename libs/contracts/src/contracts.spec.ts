import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { asyncApiDocument, exampleEnvelope } from './asyncapi';
import { contractsOfTopic, EVENT_CATALOGUE, STREAM_TOPICS } from './catalogue';
import { defineEvent, EVENT_TYPE_PATTERN, TOPIC_NAME_PATTERN, validatePayload } from './contract';
import { envelopeProblems } from './envelope';
import { envelopeSchema } from './envelope-schema';
import { CLOUDEVENTS_CONTENT_TYPE, CONTENT_TYPE_HEADER, DEAD_LETTER_HEADERS } from './kafka-records';

const ASYNCAPI_FILE = resolve(__dirname, '../../../docs/asyncapi.yaml');

describe('event contracts', () => {
  it('every event type follows <context>.<aggregate>.<event>.v<N> and is unique', () => {
    const types = EVENT_CATALOGUE.map((c) => c.type);
    for (const type of types) expect(type).toMatch(EVENT_TYPE_PATTERN);
    expect(new Set(types).size).toBe(types.length);
  });

  it('all events of one aggregate share one stream topic, so their order is kept', () => {
    for (const contract of EVENT_CATALOGUE) {
      expect(contract.topic).toMatch(TOPIC_NAME_PATTERN);
      expect(contract.topic).toBe(`${contract.context}.${contract.aggregate}.v1`);
      expect(contract.deadLetterTopic).toBe(`${contract.topic}.dlq`);
    }
    expect(contractsOfTopic('applications.application.v1').map((c) => c.type).sort()).toEqual([
      'applications.application.submitted.v1',
      'applications.application.withdrawn.v1',
    ]);
  });

  it('a contract with a badly named event is refused', () => {
    expect(() => defineEvent({ ...EVENT_CATALOGUE[0], event: 'Submitted!' } as never)).toThrow(/does not follow/);
  });

  it.each(EVENT_CATALOGUE.map((c) => [c.type, c]))('%s: its example satisfies its own rules', async (_, contract) => {
    const result = await validatePayload(contract, contract.example);
    expect(result).toEqual(expect.objectContaining({ ok: true }));
  });

  it('a payload that breaks the contract is reported field by field', async () => {
    const contract = EVENT_CATALOGUE[0];
    const result = await validatePayload(contract, { ...contract.example, amountRequestedPence: -1, reference: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toMatch(/amountRequestedPence.*reference|reference.*amountRequestedPence/);
  });

  it('envelopes read off the wire are checked for every attribute', () => {
    expect(envelopeProblems('text')).toEqual(['message is not a JSON object']);
    expect(envelopeProblems({ specversion: '1.0', data: {} })).toEqual(
      expect.arrayContaining(['id is missing', 'type is missing', 'subject is missing', 'correlationid is missing']),
    );
  });

  it('envelopes may carry the CloudEvents distributed-tracing attributes; those without them stay valid', () => {
    const envelope = { specversion: '1.0', id: 'e-1', type: 't', source: '/services/applications', subject: 's', time: new Date().toISOString(), datacontenttype: 'application/json', correlationid: 'c', causationid: 'c', data: {} };
    expect(envelopeProblems(envelope)).toEqual([]);
    expect(envelopeProblems({ ...envelope, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=x' })).toEqual([]);
    expect(envelopeProblems({ ...envelope, traceparent: 7 })).toEqual(['traceparent is not a string']);
  });

  it('docs/asyncapi.yaml describes exactly the contracts (UPDATE_ASYNCAPI=1 rewrites it)', () => {
    const generated = asyncApiDocument();
    if (process.env.UPDATE_ASYNCAPI === '1') writeFileSync(ASYNCAPI_FILE, stringify(generated, { lineWidth: 0 }));
    const committed = parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
  });
});

describe('the AsyncAPI document, as outside clients read it', () => {
  let parsed: Awaited<ReturnType<Parser['parse']>>;
  beforeAll(async () => {
    parsed = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
  }, 60000);

  it('passes the official AsyncAPI parser without an error or a warning', () => {
    // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
    const findings = parsed.diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.severity === 0 ? 'error' : 'warning'} ${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(findings).toEqual([]);
    expect(parsed.document?.version()).toBe('3.0.0');
  });

  it('declares every stream and every dead-letter topic as a channel, each with its messages', () => {
    const document = parsed.document!;
    const addresses = document.channels().all().map((c) => c.address());
    expect(addresses.sort()).toEqual([...STREAM_TOPICS, ...STREAM_TOPICS.map((t) => `${t}.dlq`)].sort());
    for (const topic of STREAM_TOPICS) {
      const stream = document.channels().all().find((c) => c.address() === topic)!;
      expect(stream.messages().all().map((m) => m.name()).sort()).toEqual(contractsOfTopic(topic).map((c) => c.type).sort());
      const deadLetters = document.channels().all().find((c) => c.address() === `${topic}.dlq`)!;
      expect(deadLetters.messages().all()).toHaveLength(1);
      expect(Object.keys(deadLetters.messages().all()[0].headers()!.properties()!)).toEqual(expect.arrayContaining(Object.keys(DEAD_LETTER_HEADERS)));
      expect(deadLetters.operations().all().map((o) => o.action())).toEqual(['send']);
    }
  });

  it('gives every event a complete envelope as its example, with the CloudEvents content type', () => {
    const envelope = parse(readFileSync(ASYNCAPI_FILE, 'utf8')).components.schemas.EventEnvelope;
    for (const contract of EVENT_CATALOGUE) {
      const message = parsed.document!.messages().all().find((m) => m.name() === contract.type)!;
      const [example] = message.examples().all();
      expect(Object.keys(example.payload()!)).toEqual(expect.arrayContaining(envelope.required));
      expect(envelopeProblems(example.payload())).toEqual([]);
      expect(example.headers()).toEqual({ [CONTENT_TYPE_HEADER]: CLOUDEVENTS_CONTENT_TYPE });
    }
  });

  // The parser checks the examples of an AsyncAPI 2 document but not yet of a 3.0 one: check them here.
  it('every example satisfies its message: headers and payload', () => {
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    const problems: string[] = [];
    for (const message of parsed.document!.messages().all()) {
      for (const example of message.examples().all()) {
        for (const [part, schema, value] of [['headers', message.headers(), example.headers()], ['payload', message.payload(), example.payload()]] as const) {
          const validate = ajv.compile(schema!.json() as object);
          if (!validate(value)) problems.push(`${message.name()} ${part}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const broken = ajv.compile(parsed.document!.messages().all().find((m) => m.name() === EVENT_CATALOGUE[0].type)!.payload()!.json() as object);
    expect(broken({ ...exampleEnvelope(EVENT_CATALOGUE[0]), subject: undefined })).toBe(false);
  });

  it('documents the envelope from its declaration, so an attribute added there appears without a second list', () => {
    const schema = envelopeSchema() as { required: string[]; properties: Record<string, { description?: string }> };
    expect(schema.required).toEqual(expect.arrayContaining(['specversion', 'id', 'type', 'source', 'subject', 'time', 'datacontenttype', 'correlationid', 'causationid', 'data']));
    expect(schema.properties.subject.description).toMatch(/aggregate id/);
    const withTracing = envelopeSchema(`export interface EventEnvelope<T> {\n  id: string;\n  /** W3C trace context. */\n  traceparent?: string;\n  data: T;\n}`);
    expect(withTracing).toEqual({
      type: 'object',
      required: ['id', 'data'],
      properties: { id: { type: 'string', format: 'uuid' }, traceparent: { type: 'string', description: 'W3C trace context.' }, data: { type: 'object' } },
    });
  });
});
