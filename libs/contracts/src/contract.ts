import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';

/** Event types: `<context>.<aggregate>.<event>.v<N>`. */
export const EVENT_TYPE_PATTERN = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/;
/** Topics: `<context>.<aggregate>.v<N>`, one stream per aggregate carrying all its event types. */
export const TOPIC_NAME_PATTERN = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/;
/** Version of the stream topics' layout; a breaking change to it would be a new stream. */
export const STREAM_VERSION = 1;

export interface EventContract<T extends object = object> {
  /** `<context>.<aggregate>.<event>.v<N>`: the event type, carried in the envelope. */
  readonly type: string;
  /**
   * `<context>.<aggregate>.v1`: the aggregate's stream. Every event type of one aggregate shares it,
   * keyed by the aggregate id, so a consumer sees one aggregate's events in the order they were committed.
   */
  readonly topic: string;
  /** `<topic>.dlq`: where a consumer puts a message of this stream that will never succeed. */
  readonly deadLetterTopic: string;
  /** Before streams, each event type had a topic of its own (named as the type); read while it exists. */
  readonly legacyTopic: string;
  readonly context: string;
  readonly aggregate: string;
  readonly event: string;
  readonly version: number;
  readonly description: string;
  readonly payload: new () => T;
  readonly example: T;
}

export interface ContractDefinition<T extends object> {
  context: string;
  aggregate: string;
  /** Past tense, kebab-case: `submitted`, `offer-accepted`. */
  event: string;
  version: number;
  description: string;
  payload: new () => T;
  example: T;
}

export function defineEvent<T extends object>(definition: ContractDefinition<T>): EventContract<T> {
  const type = `${definition.context}.${definition.aggregate}.${definition.event}.v${definition.version}`;
  if (!EVENT_TYPE_PATTERN.test(type)) {
    throw new Error(`Event type ${type} does not follow <context>.<aggregate>.<event>.v<N>`);
  }
  const topic = streamTopic(definition.context, definition.aggregate);
  return { ...definition, type, topic, deadLetterTopic: `${topic}.dlq`, legacyTopic: type };
}

export function streamTopic(context: string, aggregate: string): string {
  return `${context}.${aggregate}.v${STREAM_VERSION}`;
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? `${prefix ? prefix + '.' : ''}${m}` : `${path}: ${m}`));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Validates a payload against its contract; returns the instance or the problems. */
export async function validatePayload<T extends object>(
  contract: EventContract<T>,
  data: unknown,
): Promise<{ ok: true; value: T } | { ok: false; problems: string[] }> {
  if (typeof data !== 'object' || data === null) return { ok: false, problems: ['data must be an object'] };
  const value = plainToInstance(contract.payload, data);
  const errors = await validate(value, { whitelist: false, forbidUnknownValues: true });
  return errors.length === 0 ? { ok: true, value } : { ok: false, problems: flatten(errors) };
}
