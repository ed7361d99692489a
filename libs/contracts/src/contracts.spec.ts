import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { asyncApiDocument } from './asyncapi';
import { contractsOfTopic, EVENT_CATALOGUE, STREAM_TOPICS } from './catalogue';
import { defineEvent, EVENT_TYPE_PATTERN, TOPIC_NAME_PATTERN, validatePayload } from './contract';
import { envelopeProblems } from './envelope';

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
    expect(Object.keys(committed.channels).sort()).toEqual([...STREAM_TOPICS]);
  });
});
