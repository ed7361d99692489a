import { EventContract } from './contract';
import { APPLICATIONS_EVENTS } from './events/applications';
import { AWARDS_EVENTS } from './events/awards';
import { DIRECTORY_EVENTS } from './events/directory';
import { INTAKE_EVENTS } from './events/intake';
import { NOTIFICATIONS_EVENTS } from './events/notifications';

/**
 * Every event the platform publishes. Adding an event: define its contract in
 * events/<context>/<aggregate>-<event>.v<N>.ts, list it in that folder's index, then
 * regenerate docs/asyncapi.yaml with `UPDATE_ASYNCAPI=1 npx jest libs/contracts`.
 */
export const EVENT_CATALOGUE: readonly EventContract[] = [...APPLICATIONS_EVENTS, ...INTAKE_EVENTS, ...AWARDS_EVENTS, ...DIRECTORY_EVENTS, ...NOTIFICATIONS_EVENTS];

export function contractForType(type: string): EventContract | undefined {
  return EVENT_CATALOGUE.find((c) => c.type === type);
}

/** Every aggregate stream topic, each once. */
export const STREAM_TOPICS: readonly string[] = [...new Set(EVENT_CATALOGUE.map((c) => c.topic))].sort();

export function contractsOfTopic(topic: string): EventContract[] {
  return EVENT_CATALOGUE.filter((c) => c.topic === topic);
}
