import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { loadConfig, ServiceConfig } from '@mutuals/config';
import { MessagingStarter } from '@mutuals/messaging';
import { AccessRefusals, SecurityEvents } from '@mutuals/security';
import { CorrelationMiddleware, createLogger, Logger, NestPinoLogger, requestLogging, runMain } from '@mutuals/observability';
import { AllExceptionsFilter } from './exception.filter';
import { DocumentedService, openApiDocument } from './openapi';
import { validationPipe } from './validation';

export interface ServiceDefinition<C extends ServiceConfig> {
  name: string;
  title: string;
  description: string;
  configClass: new () => C;
  module: (config: C) => DynamicModule;
}

/** The app's security audit of refused calls, when it has one (SecurityModule). */
function securityEventsOf(app: INestApplication): AccessRefusals | undefined {
  try {
    return new AccessRefusals(app.get(SecurityEvents, { strict: false }));
  } catch {
    return undefined;
  }
}

/** Correlation ids, a log line per request, validation, error shape and the OpenAPI document at /docs. */
export function configureHttp(app: INestApplication, definition: DocumentedService, logger: Logger) {
  const correlation = new CorrelationMiddleware();
  app.use(correlation.use.bind(correlation));
  app.use(requestLogging(logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(securityEventsOf(app)));
  SwaggerModule.setup('docs', app, openApiDocument(app, definition), { jsonDocumentUrl: 'docs/openapi.json' });
}

/**
 * Builds and starts a service: HTTP first (it answers /health at once and reports not ready), then
 * its Kafka side in the background, as the hybrid-app order requires. A broker that is down or
 * topics not created yet delay readiness, never the start. `untilConsuming` waits for the consumer
 * (tests, which publish right after the start); `beforeListen` adds to the app before its routes
 * (tests check every response against the OpenAPI document).
 */
export async function startService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  host = '0.0.0.0',
  {
    untilConsuming = false,
    logger = createLogger(definition.name, config.LOG_LEVEL),
    beforeListen,
  }: { untilConsuming?: boolean; logger?: Logger; beforeListen?: (app: INestApplication) => void } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(definition.module(config), { logger: new NestPinoLogger(logger) });
  configureHttp(app, definition, logger);
  const messaging = app.get(MessagingStarter);
  messaging.attach(app);
  app.enableShutdownHooks();
  beforeListen?.(app);
  await app.listen(config.PORT, host);
  const consuming = messaging.start(app);
  if (untilConsuming) await consuming;
  return app;
}

/** Entry point for main.ts: a bad setting stops the service with a message naming it. */
export function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>): Promise<void> {
  return runMain(definition.name, () => loadConfig(definition.configClass), (config, logger) => startService(definition, config, '0.0.0.0', { logger }));
}
