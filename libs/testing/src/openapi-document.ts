import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig, ServiceConfig } from '@mutuals/config';
import { openApiDocument, ServiceDefinition } from '@mutuals/http';
import { testServiceSettings } from './service';

/**
 * The OpenAPI document a service serves at /docs/openapi.json, built from its module without
 * listening or consuming (its database is this worker's test database).
 */
export async function serviceOpenApiDocument<C extends ServiceConfig>(definition: ServiceDefinition<C>): Promise<OpenAPIObject> {
  const config = loadConfig(definition.configClass, testServiceSettings(definition));
  const app = await NestFactory.create(definition.module(config), { logger: false });
  try {
    return openApiDocument(app, definition);
  } finally {
    await app.close();
  }
}
