import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig, ServiceConfig } from '@mutuals/config';
import { MessagingStarter } from '@mutuals/messaging';
import { CorrelationMiddleware, JsonLogger } from '@mutuals/observability';
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

/** Validation, error shape, correlation ids and the OpenAPI document at /docs. */
export function configureHttp(app: INestApplication, definition: DocumentedService) {
  const correlation = new CorrelationMiddleware();
  app.use(correlation.use.bind(correlation));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
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
  { untilConsuming = false, beforeListen }: { untilConsuming?: boolean; beforeListen?: (app: INestApplication) => void } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(definition.module(config), {
    logger: new JsonLogger(definition.name, config.LOG_LEVEL),
  });
  configureHttp(app, definition);
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
export async function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>): Promise<void> {
  let config: C;
  try {
    config = loadConfig(definition.configClass);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(JSON.stringify({ level: 'fatal', service: definition.name, msg: err.message, problems: err.problems }) + '\n');
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  try {
    const app = await startService(definition, config);
    new JsonLogger(definition.name, config.LOG_LEVEL).log(`${definition.name} listening on ${await app.getUrl()}`, 'Bootstrap');
  } catch (err) {
    new JsonLogger(definition.name).fatal(err instanceof Error ? err : String(err), 'Bootstrap');
    process.exit(1);
  }
}
