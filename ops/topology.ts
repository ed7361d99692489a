/**
 * Which service writes and reads which streams, read from the services' own module definitions
 * (the `MessagingModule.forRoot` options in each app.module.ts), so the Kafka ACLs, topics and
 * autoscalers generated from it can never drift from the code.
 */
import { DynamicModule } from '@nestjs/common';
import { loadConfig } from '@mutuals/config';
import { EVENT_CATALOGUE, STREAM_TOPICS } from '@mutuals/contracts';
import { ServiceDefinition } from '@mutuals/http';
import { MESSAGING_OPTIONS, MessagingModule, MessagingOptions } from '@mutuals/messaging';
import { applicationsService } from '../apps/applications/src/service';
import { awardsService } from '../apps/awards/src/service';
import { intakeService } from '../apps/intake/src/service';
import { notificationsService } from '../apps/notifications/src/service';
import { AppModule as PortalModule } from '../apps/portal/src/app.module';
import { PortalConfig } from '../apps/portal/src/config';

export interface ServiceTopology {
  service: string;
  port: number;
  /** Streams it writes (its outbox). */
  produces: string[];
  /** Streams it reads. */
  consumes: string[];
  /** Its consumer group (the service name in a deployment). */
  group: string;
}

function messagingOptionsOf(module: DynamicModule): MessagingOptions {
  for (const imported of module.imports ?? []) {
    const dynamic = imported as DynamicModule;
    if (dynamic?.module !== MessagingModule) continue;
    const provider = (dynamic.providers ?? []).find((p) => typeof p === 'object' && 'provide' in p && p.provide === MESSAGING_OPTIONS);
    if (provider && 'useValue' in provider) return provider.useValue as MessagingOptions;
  }
  throw new Error(`${module.module.name} has no MessagingModule.forRoot`);
}

const DEFINITIONS: ServiceDefinition<any>[] = [applicationsService, intakeService, awardsService, notificationsService];

/** The services with a Kafka side, in a fixed order. */
export function topology(): ServiceTopology[] {
  return DEFINITIONS.map((definition) => {
    const config = loadConfig(definition.configClass, {}, {});
    const options = messagingOptionsOf(definition.module(config));
    const sorted = (topics: string[]) => [...new Set(topics)].sort();
    return {
      service: definition.name,
      port: config.PORT,
      produces: sorted(options.produces.map((c) => c.topic)),
      consumes: sorted(options.consumes.map((c) => c.topic)),
      group: options.groupId,
    };
  });
}

/** The portal: it writes the user directory's streams (its outbox) and reads none, so it has no consumer group. */
export function portalTopology(): ServiceTopology {
  const config = loadConfig(PortalConfig, {}, {});
  const options = messagingOptionsOf(PortalModule.forRoot(config));
  return { service: 'portal', port: config.PORT, produces: [...new Set(options.produces.map((c) => c.topic))].sort(), consumes: [], group: '' };
}

/** Every topic of the platform: the streams of the contracts and their dead-letter topics. */
export function platformTopics(): { stream: string[]; deadLetter: string[] } {
  const deadLetter = [...new Set(EVENT_CATALOGUE.map((c) => c.deadLetterTopic))].sort();
  return { stream: [...STREAM_TOPICS], deadLetter };
}
