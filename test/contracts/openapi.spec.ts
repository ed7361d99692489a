import { createConfig, lintFromString } from '@redocly/openapi-core';
import { ServiceDefinition } from '@mutuals/http';
import { schemaClassesWhile, schemaNameClashes, serviceOpenApiDocument } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { notificationsService } from '../../apps/notifications/src/service';

const services: ServiceDefinition<any>[] = [applicationsService, intakeService, awardsService, notificationsService];

/** Each service's document, as served at /docs/openapi.json, against Redocly's recommended rules. */
describe('the OpenAPI document of each service', () => {
  it.each(services.map((s) => [s.name, s] as const))('%s lints clean with Redocly recommended (no errors, no warnings)', async (name, service) => {
    const document = await serviceOpenApiDocument(service);
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: `${name}/openapi.json`,
      config: await createConfig({ extends: ['recommended'] }),
    });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it.each(services.map((s) => [s.name, s] as const))('%s builds each schema from a class of its own name', async (_, service) => {
    const classes = await schemaClassesWhile(() => serviceOpenApiDocument(service));
    expect(classes.size).toBeGreaterThan(0);
    expect(schemaNameClashes(classes)).toEqual([]);
  });
});
