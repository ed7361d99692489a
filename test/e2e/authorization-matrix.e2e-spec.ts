import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, mintToken, PUBLIC_KEY, Role, Roles, ROLES, ROLES_KEY, SERVICE_AUDIENCES } from '@mutuals/auth';
import { ServiceConfig } from '@mutuals/config';
import { AppRoute, hasPathParameter, pathWith, roleUserOf, routeMetadata, routesOf, RunningService, startTestService, TEST_SIGNING, testToken } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { notificationsService } from '../../apps/notifications/src/service';

/**
 * The authorisation matrix of every service, generated from the routes themselves: every route
 * Nest registers, with the rule it declares (@Public or @Roles), called with no token, an expired
 * token, a token for another service, a token signed by another key, a token living longer than
 * services accept, and a valid token of each
 * role. A route without a rule fails the test; so does any answer other than the one expected:
 *
 * - @Public: the same answer whatever token the caller sends, for the token plays no part: 200 for
 *   a GET (health, metrics), and 401 for a provider's callback, which has a check of its own that
 *   no platform token passes;
 * - otherwise, no token, expired, another audience, another key, too long a life: 401;
 * - a role the route does not declare: 403;
 * - a role it declares gets past the guard, to the answer a made-up request gets (expectedAnswer):
 *   200 for a GET without an id, 404 for a made-up id, and 400 for a write with a body, which is
 *   sent with a field no route knows (the body is checked before anything is looked up).
 */
jest.setTimeout(180_000);

const SERVICES = [applicationsService, intakeService, awardsService, notificationsService];
class ExampleConfig extends ServiceConfig {
  override AUTH_AUDIENCE = 'example';
}

type Caller = { name: string; token?: string; role?: Role };

function callersFor(service: string): Caller[] {
  const officer = roleUserOf('programme_officer', service);
  const otherKey = { ...TEST_SIGNING, key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
  const anotherService = SERVICE_AUDIENCES.find((s) => s !== service)!;
  return [
    { name: 'no token' },
    { name: 'an expired token', token: mintToken(officer, TEST_SIGNING, service, -120) },
    { name: `a token for ${anotherService}`, token: mintToken(officer, TEST_SIGNING, anotherService) },
    { name: 'a token signed by another key', token: mintToken(officer, otherKey, service) },
    { name: 'a token living an hour', token: mintToken(officer, TEST_SIGNING, service, 3600) },
    ...ROLES.map((role) => ({ name: role, role, token: testToken(roleUserOf(role, service), service) })),
  ];
}

/** What a caller with a declared role gets from a made-up request: the route's kind decides. */
function expectedAnswer(route: AppRoute): number {
  if (route.takesBody) return 400;
  return hasPathParameter(route) ? 404 : 200;
}

function call(url: string, route: AppRoute, caller: Caller): Promise<request.Response> {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = request(url)[method](pathWith(route));
  if (caller.token) req = req.set('Authorization', `Bearer ${caller.token}`);
  if (route.takesBody) req = req.send({ notAFieldOfAnyRoute: true });
  return req;
}

/** Routes that declare neither @Public nor a role: each fails the test. */
const undeclared = (routes: AppRoute[]) =>
  routes.filter((r) => !routeMetadata(r, PUBLIC_KEY) && !routeMetadata<Role[]>(r, ROLES_KEY)?.length).map((r) => `${r.method} ${r.path} (${r.controller})`);

describe('a route added without a declared rule', () => {
  @Controller('reports')
  class ReportsController {
    @Get()
    @Roles('programme_officer')
    list() {
      return [];
    }

    @Get('forgotten')
    forgotten() {
      return { secret: true };
    }
  }

  @Module({ imports: [AuthModule.forRoot(new ExampleConfig().tokenVerification)], controllers: [ReportsController] })
  class ExampleModule {}

  it('is found in the routes and fails the matrix, and the guard refuses it to every role meanwhile', async () => {
    const app = await NestFactory.create(ExampleModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      expect(undeclared(routesOf(app))).toEqual(['GET /reports/forgotten (ReportsController)']);
      const officer = testToken(roleUserOf('programme_officer', 'example'), 'example');
      await request(app.getHttpServer()).get('/reports').set('Authorization', `Bearer ${officer}`).expect(200);
      for (const role of ROLES) {
        await request(app.getHttpServer()).get('/reports/forgotten').set('Authorization', `Bearer ${testToken(roleUserOf(role, 'example'), 'example')}`).expect(403);
      }
    } finally {
      await app.close();
    }
  });
});

describe.each(SERVICES.map((definition) => [definition.name, definition] as const))('%s', (name, definition) => {
  let service: RunningService<any>;
  let routes: AppRoute[];

  beforeAll(async () => {
    service = await startTestService(definition as any);
    routes = routesOf(service.app);
  });
  afterAll(() => service?.close());

  it('every route declares who may call it: @Public or @Roles with at least one role', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(undeclared(routes)).toEqual([]);
  });

  it('every route answers every caller as its rule says', async () => {
    const callers = callersFor(name);
    const unexpected: string[] = [];
    const table: string[] = [];
    for (const route of routes) {
      const isPublic = Boolean(routeMetadata(route, PUBLIC_KEY));
      const roles = routeMetadata<Role[]>(route, ROLES_KEY) ?? [];
      const row: string[] = [];
      for (const caller of callers) {
        const status = (await call(service.url, route, caller)).status;
        row.push(`${caller.name}=${status}`);
        let expected: number;
        if (isPublic) expected = route.method === 'GET' ? 200 : 401;
        else if (!caller.role) expected = 401;
        else if (!roles.includes(caller.role)) expected = 403;
        else expected = expectedAnswer(route);
        if (status !== expected) unexpected.push(`${route.method} ${route.path}, ${caller.name}: ${status}, expected ${expected}`);
      }
      table.push(`${route.method} ${route.path} [${isPublic ? 'public' : roles.join(',')}] ${row.join(' ')}`);
    }
    if (process.env.MATRIX_TABLE) console.log(table.join('\n'));
    expect(unexpected).toEqual([]);
  });
});
