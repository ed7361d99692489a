import request from 'supertest';
import { AppRoute, routeMetadata, routesOf, RunningService, startTestService } from '@mutuals/testing';
import { applicationsService } from '../../applications/src/service';
import { awardsService } from '../../awards/src/service';
import { intakeService } from '../../intake/src/service';
import { notificationsService } from '../../notifications/src/service';
import { Persona, PERSONAS, platformRoleOf, SignedInUser } from '../src/auth/personas';
import { RunningPortal, sessionOf, startTestPortal } from './portal-harness';

/**
 * The authorisation matrix of the portal, generated from its routes: every page and form Nest
 * registers, with the rule it declares (@PublicPage or @PageFor personas), requested signed out and
 * signed in as each persona, against the real services. A page without a rule fails the test; so
 * does any answer other than the one expected:
 *
 * - @PublicPage: never the refusal page (403) nor the guard's redirect to sign in;
 * - otherwise, signed out: a redirect (303) to the sign-in page, which brings a GET back to the page
 *   afterwards (a form post, whose page cannot be asked for again, back to the start);
 * - signed in as a persona the page is not for: the refusal page, 403;
 * - signed in as a persona it is for: past the guard, to the answer a made-up request gets: 200 for
 *   a page without an id, 404 for a made-up id, and 400 for a form posted empty (it says what is missing).
 *
 * Form posts carry the right CSRF token (the session's, or signed out the sign-in form's), so the
 * answer is the page guard's and not the CSRF check's.
 */
jest.setTimeout(240_000);

const PERSONAS_KEY = 'portal:personas';
const PUBLIC_KEY = 'portal:public';
const MADE_UP_ID = '00000000-0000-4000-8000-000000000000';
const PARAMETER = /:([A-Za-z]+)/g;

type Caller = { name: string; persona?: Persona; cookie?: string; csrf?: string };

describe('portal pages', () => {
  let services: RunningService<any>[] = [];
  let portal: RunningPortal;
  let routes: AppRoute[];
  let callers: Caller[];

  async function signedIn(persona: Persona): Promise<Caller> {
    const user: SignedInUser = { id: `matrix-${persona}`, persona, roles: [platformRoleOf(persona)], name: `Matrix ${persona}`, email: `matrix-${persona}@example.org`, organisationId: persona === 'council' ? 'E10000008' : persona === 'applicant' ? MADE_UP_ID : undefined };
    const { cookie, csrf } = await sessionOf(portal, user);
    return { name: persona, persona, cookie, csrf };
  }

  /** A visitor who has not signed in, holding the sign-in form's CSRF token as a browser would. */
  async function signedOut(): Promise<Caller> {
    const page = await request(portal.url).get('/sign-in').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    return { name: 'signed out', csrf, cookie };
  }

  beforeAll(async () => {
    services = [];
    for (const definition of [applicationsService, intakeService, awardsService, notificationsService]) services.push(await startTestService(definition as any));
    const [applications, intake, awards, notifications] = services;
    portal = await startTestPortal({ APPLICATIONS_URL: applications.url, INTAKE_URL: intake.url, AWARDS_URL: awards.url, NOTIFICATIONS_URL: notifications.url });
    routes = routesOf(portal.app);
    callers = [await signedOut(), ...(await Promise.all(PERSONAS.map(signedIn)))];
  });
  afterAll(async () => {
    await portal?.close();
    for (const service of services) await service.close();
  });

  /** What a caller with a persona the page is for gets from a made-up request. */
  function expectedAnswer(route: AppRoute): number {
    const hasId = /:[A-Za-z]+/.test(route.path);
    if (route.method === 'GET') return hasId ? 404 : 200;
    return hasId ? 404 : 400;
  }

  async function call(route: AppRoute, caller: Caller): Promise<request.Response> {
    const path = route.path.replace(PARAMETER, MADE_UP_ID);
    let req = request(portal.url)[route.method.toLowerCase() as 'get'](path).redirects(0);
    if (caller.cookie) req = req.set('Cookie', caller.cookie);
    if (route.method !== 'GET') req = req.type('form').send({ _csrf: caller.csrf });
    return req;
  }

  it('every page declares who it is for: @PublicPage or @PageFor with at least one persona', () => {
    expect(routes.length).toBeGreaterThan(20);
    const undeclared = routes.filter((r) => !routeMetadata(r, PUBLIC_KEY) && !routeMetadata<Persona[]>(r, PERSONAS_KEY)?.length);
    expect(undeclared.map((r) => `${r.method} ${r.path} (${r.controller})`)).toEqual([]);
  });

  it('every page answers every visitor as its rule says', async () => {
    const unexpected: string[] = [];
    for (const route of routes) {
      const isPublic = Boolean(routeMetadata(route, PUBLIC_KEY));
      const personas = routeMetadata<Persona[]>(route, PERSONAS_KEY) ?? [];
      for (const caller of callers) {
        const res = await call(route, caller);
        const answer = res.status === 303 || res.status === 302 ? `${res.status} ${res.headers.location}` : String(res.status);
        let expected: string;
        if (isPublic) {
          const refused = res.status === 403 || /^\/sign-in\?returnTo=/.test(res.headers.location ?? '');
          expected = refused ? 'not refused' : answer;
        } else if (!caller.persona) {
          const returnTo = route.method === 'GET' ? route.path.replace(PARAMETER, MADE_UP_ID) : '/';
          expected = `303 /sign-in?returnTo=${encodeURIComponent(returnTo)}`;
        } else if (!personas.includes(caller.persona)) expected = '403';
        else expected = String(expectedAnswer(route));
        if (answer !== expected) unexpected.push(`${route.method} ${route.path}, ${caller.name}: ${answer}, expected ${expected}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
