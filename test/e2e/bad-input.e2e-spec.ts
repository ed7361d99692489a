import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import request from 'supertest';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AuthenticatedUser, PUBLIC_KEY, Role, ROLES_KEY } from '@mutuals/auth';
import { openApiDocument } from '@mutuals/http';
import {
  AppRoute,
  draftApplication,
  hasPathParameter,
  inParallel,
  MADE_UP_ID,
  madeUpIdFor,
  openApiPath,
  pathParametersOf,
  pathWith,
  roleUserOf,
  routeMetadata,
  routesOf,
  RunningService,
  startTestService,
  takesOnlyUuids,
  testDatabaseUrl,
  testToken,
  testUser,
  TestUser,
} from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { notificationsService } from '../../apps/notifications/src/service';
import { Persona, PERSONAS, platformRoleOf, SignedInUser } from '../../apps/portal/src/auth/personas';
import { RunningPortal, sessionOf, startTestPortal } from '../../apps/portal/test/portal-harness';

/**
 * Bad input at every door of every service, generated from the routes Nest registers and the
 * OpenAPI document each service publishes: junk path parameters (where a route takes UUIDs, refused
 * as `validation-failed` naming the parameter, as a body field is named), junk bodies (malformed, of the
 * wrong shape, and each documented property given a value of the wrong type or out of range) and
 * junk query parameters, each sent with a token of a role the route allows. Bad input is the
 * caller's fault: the answer is a 4xx with a message saying what is wrong, never a 5xx. Every
 * other answer is listed as a failure, with the method, route and input.
 *
 * The portal's forms likewise: every form posted with a valid session and CSRF token and junk in
 * every field its templates name (missing, repeated, bracketed into objects, of the wrong kind,
 * long) answers with its errors, a refusal or a redirect, never a 5xx.
 */
jest.setTimeout(120_000);

const SERVICES = [applicationsService, intakeService, awardsService, notificationsService];
/** Requests in flight at once: enough to be quick, few enough for a shared two-core machine. */
const CONCURRENCY = 8;
const LONG = 'x'.repeat(100_000);
/** Text no one types: PostgreSQL cannot store it, so validation refuses it. */
const WITH_NUL = 'a\u0000b';
/**
 * Ids of this run's own: a valid body at a made-up id may create a record there (an assessor is
 * registered under the id in the path, an applicant's organisation under the token's), and one
 * under a shared made-up id would be found by other test files expecting a 404.
 */
const OWN_MADE_UP_ID = randomUUID();
const OWN_ORGANISATION_ID = randomUUID();
const madeUpPath = (route: AppRoute) => pathWith(route, madeUpIdFor(route) === MADE_UP_ID ? OWN_MADE_UP_ID : madeUpIdFor(route));

/** A user of the role of this run's own (see OWN_MADE_UP_ID). */
function ownUserOf(role: Role, service: string): AuthenticatedUser {
  const user = roleUserOf(role, service);
  return { ...user, id: `bad-input-${role}-${OWN_MADE_UP_ID.slice(0, 8)}`, organisationId: user.organisationId === MADE_UP_ID ? OWN_ORGANISATION_ID : user.organisationId };
}

type Json = unknown;
type Schema = Record<string, any>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Path parameters that are not what the route takes; `raw` ones are already percent-encoded.
 * `undecodable`: Express refuses it (400) before any pipe can name the parameter.
 */
const JUNK_IDS: { label: string; value: string; raw?: boolean; undecodable?: boolean }[] = [
  { label: 'not a UUID', value: 'not-an-id' },
  { label: 'SQL', value: "1' OR '1'='1; DROP TABLE applications;--" },
  { label: '2,000 characters', value: 'x'.repeat(2000) },
  { label: 'a percent-encoded NUL', value: 'a%00b', raw: true },
  { label: 'unicode', value: 'ünïcødé-✓-😀' },
  { label: 'broken percent-encoding', value: '%E0%A4%A', raw: true, undecodable: true },
];

/** Values of every type and a few out of range: for each property, all but its own type are wrong. */
const JUNK_VALUES: { label: string; value: Json }[] = [
  { label: 'a string', value: 'x' },
  { label: 'an empty string', value: '' },
  { label: 'a 100,000-character string', value: LONG },
  { label: 'text with a NUL character', value: WITH_NUL },
  { label: 'a number', value: 1 },
  { label: 'a negative number', value: -1 },
  { label: 'a fraction', value: 1.5 },
  { label: '1e308', value: 1e308 },
  { label: 'a boolean', value: true },
  { label: 'an object', value: {} },
  { label: 'an array', value: [] },
  { label: 'an array of junk', value: [null, 'x', 1] },
  { label: 'null', value: null },
];

/** `refused`: a 400 whatever the parameter takes. */
const JUNK_QUERY: { label: string; query: (name: string) => string; refused?: boolean }[] = [
  { label: "'x'", query: (n) => `${n}=x` },
  { label: "'-1'", query: (n) => `${n}=-1` },
  { label: "'1e309'", query: (n) => `${n}=1e309` },
  { label: 'empty', query: (n) => `${n}=` },
  { label: '8,000 characters', query: (n) => `${n}=${'x'.repeat(8000)}` },
  { label: 'repeated', query: (n) => `${n}=1&${n}=2` },
  { label: 'a bracketed object', query: (n) => `${n}[a]=1` },
  { label: 'a NUL character', query: (n) => `${n}=a%00b`, refused: true },
];

interface Probe {
  route: AppRoute;
  input: string;
  path: string;
  token: string;
  query?: string;
  /** A JSON value to send, or raw text sent as JSON. */
  body?: { json: Json } | { raw: string };
  allowed: number[];
  /** The answer must be a 400 validation-failed whose details name only these parameters (any of them, as the first refused). */
  names?: string[];
}

interface Finding {
  probe: Probe;
  problem: string;
}

/** The document's schema behind a $ref, or the schema itself. */
function resolve(document: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema?.allOf?.length === 1 ? resolve(document, schema.allOf[0]) : schema;
  return resolve(document, (document.components?.schemas as Record<string, Schema>)[schema.$ref.split('/').pop()!]);
}

/** A value the schema accepts, as far as its example, enum, format and bounds say: the body junk replaces one part of. */
function exampleOf(document: OpenAPIObject, given: Schema | undefined, depth = 0): Json {
  const schema = resolve(document, given);
  if (!schema) return 'x';
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.oneOf?.length || schema.anyOf?.length) return exampleOf(document, (schema.oneOf ?? schema.anyOf)[0], depth);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 3 ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleOf(document, schema.items, depth + 1));
    case 'string':
      return ({ uuid: madeUpIdFor({ path: '' }), 'date-time': '2030-01-01T00:00:00.000Z', date: '2030-01-01', email: 'someone@example.org', uri: 'https://example.org' } as Record<string, string>)[schema.format] ?? 'text';
    default:
      if (!schema.properties || depth > 3) return {};
      return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, exampleOf(document, property as Schema, depth + 1)]));
  }
}

interface BodyProperty {
  name: string;
  schema: Schema | undefined;
  required: boolean;
  set: (value: Json) => Record<string, Json>;
}

/** The body's documented properties, and those one level into nested objects and arrays of objects: each a way to set it. */
function propertiesOf(document: OpenAPIObject, body: Schema, example: Record<string, Json>): BodyProperty[] {
  const found: BodyProperty[] = [];
  const required = (schema: Schema | undefined, name: string) => Boolean(schema?.required?.includes(name));
  for (const [name, property] of Object.entries<Schema>(resolve(document, body)?.properties ?? {})) {
    found.push({ name, schema: resolve(document, property), required: required(resolve(document, body), name), set: (value) => ({ ...example, [name]: value }) });
    const resolved = resolve(document, property);
    const nested = resolved?.type === 'array' ? resolve(document, resolved.items) : resolved;
    if (!nested?.properties) continue;
    const inner = exampleOf(document, nested) as Record<string, Json>;
    for (const [child, childSchema] of Object.entries<Schema>(nested.properties)) {
      const withChild = (value: Json) => ({ ...inner, [child]: value });
      found.push({ name: `${name}${resolved?.type === 'array' ? '[0]' : ''}.${child}`, schema: resolve(document, childSchema), required: required(nested, child), set: (value) => ({ ...example, [name]: resolved?.type === 'array' ? [withChild(value)] : withChild(value) }) });
    }
  }
  return found;
}

/** Whether the value is of the schema's own type (an undocumented type counts as any). */
function ofType(value: Json, schema: Schema | undefined): boolean {
  const type = schema?.type;
  if (!type || schema?.oneOf || schema?.anyOf) return true;
  if (value === null) return Boolean(schema?.nullable);
  // Nothing takes a 100,000-character string, text with a NUL or a number past 2^53: they are junk whatever the type.
  if (value === LONG || value === WITH_NUL || (typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER)) return false;
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && !Array.isArray(value);
  return typeof value === type;
}

function operationOf(document: OpenAPIObject, route: AppRoute): Schema | undefined {
  return (document.paths[openApiPath(route.path)] as Record<string, Schema> | undefined)?.[route.method.toLowerCase()];
}

/** A role the route allows, the broadest first (officers see every record); public routes get an officer's token too. */
function roleFor(route: AppRoute): Role {
  const roles = routeMetadata<Role[]>(route, ROLES_KEY) ?? [];
  return (['programme_officer', 'admin', 'assessor', 'applicant'] as Role[]).find((r) => roles.includes(r)) ?? 'programme_officer';
}

/** Records of the test's own making, by the path up to the route's parameter, with a user who may act on them. */
type RealRecords = Record<string, { id: string; users: Partial<Record<Role, TestUser>> }>;

function realRecordFor(records: RealRecords, route: AppRoute): { path: string; token: string } | undefined {
  const parameters = route.path.match(/:[A-Za-z]+/g) ?? [];
  if (parameters.length !== 1) return undefined;
  const prefix = route.path.slice(0, route.path.indexOf(parameters[0]) + parameters[0].length);
  const record = records[prefix];
  const roles = routeMetadata<Role[]>(route, ROLES_KEY) ?? [];
  const role = (['applicant', 'programme_officer', 'admin', 'assessor'] as Role[]).find((r) => roles.includes(r) && record?.users[r]);
  if (!record || !role) return undefined;
  return { path: route.path.replace(parameters[0], record.id), token: record.users[role]!.token };
}

function probesFor(service: string, document: OpenAPIObject, routes: AppRoute[], records: RealRecords): { concurrent: Probe[]; inOrder: Probe[] } {
  const concurrent: Probe[] = [];
  const inOrder: Probe[] = [];
  for (const route of routes) {
    const isPublic = Boolean(routeMetadata(route, PUBLIC_KEY));
    // A provider's callback answers 401 to every platform caller: its own check comes first.
    const refusedAnyway = isPublic && route.method !== 'GET' ? [401] : [];
    const token = testToken(ownUserOf(roleFor(route), service), service);
    const operation = operationOf(document, route);
    const bodySchema: Schema | undefined = operation?.requestBody?.content?.['application/json']?.schema;
    const example = bodySchema ? (exampleOf(document, bodySchema) as Record<string, Json>) : undefined;
    const base = { route, token };

    // An id of another form (an assessor's is the identity provider's) may take these values: then any answer but a 5xx will do.
    // Where the route takes UUIDs, junk is refused before any lookup, naming the parameter as a body's refusal names the field.
    const uuidsOnly = takesOnlyUuids(route);
    const pathAllowed = uuidsOnly ? [400, 404, ...refusedAnyway] : [];
    for (const junk of hasPathParameter(route) ? JUNK_IDS : []) {
      const names = uuidsOnly && refusedAnyway.length === 0 && !junk.undecodable ? pathParametersOf(route) : undefined;
      concurrent.push({ ...base, input: `path parameters ${junk.label}`, path: pathWith(route, junk.value, { raw: junk.raw }), body: route.takesBody ? { json: example ?? {} } : undefined, allowed: pathAllowed, names });
    }

    if (route.takesBody) {
      const bodyAllowed = [400, 404, 409, 413, 422, ...refusedAnyway];
      const places = [{ where: 'a made-up id', path: madeUpPath(route), token, into: concurrent }];
      const real = realRecordFor(records, route);
      if (real) places.push({ where: 'a record of its own', path: real.path, token: real.token, into: inOrder });
      for (const place of places) {
        const at = (input: string, body: Probe['body']) => place.into.push({ route, token: place.token, path: place.path, input: `${input}, at ${place.where}`, body, allowed: bodyAllowed });
        at('malformed JSON', { raw: '{"title": "unfinished' });
        at('a JSON array', { json: [example ?? {}] });
        at('a JSON string', { raw: '"text"' });
        at('a JSON number', { raw: '42' });
        at('JSON null', { raw: 'null' });
        at('an empty object', { json: {} });
        for (const property of bodySchema && example ? propertiesOf(document, bodySchema, example) : []) {
          for (const junk of JUNK_VALUES) {
            // A value of the property's own type may be one it takes, and null one an optional property takes
            // for "not given": then any answer but a 5xx will do.
            const allowed = ofType(junk.value, property.schema) || (junk.value === null && !property.required) ? [] : bodyAllowed;
            place.into.push({ route, token: place.token, path: place.path, input: `${property.name} ${junk.label}, at ${place.where}`, body: { json: property.set(junk.value) }, allowed });
          }
        }
      }
    }

    for (const parameter of (operation?.parameters ?? []).filter((p: Schema) => p.in === 'query')) {
      const real = realRecordFor(records, route);
      for (const junk of JUNK_QUERY) {
        concurrent.push({ ...base, path: real?.path ?? madeUpPath(route), token: real?.token ?? token, input: `query ${parameter.name} ${junk.label}`, query: junk.query(parameter.name), allowed: junk.refused ? [400] : [] });
      }
    }
  }
  return { concurrent, inOrder };
}

/** What is wrong with the answer, if anything: a 5xx, a value only the database refused, or a 4xx other than those allowed or without a message. */
async function send(url: string, probe: Probe): Promise<Finding | undefined> {
  let req = request(url)[probe.route.method.toLowerCase() as Method](probe.path).set('Authorization', `Bearer ${probe.token}`);
  if (probe.query) req = req.query(probe.query);
  if (probe.body && 'raw' in probe.body) req = req.set('Content-Type', 'application/json').send(probe.body.raw);
  else if (probe.body) req = req.send(probe.body.json as object);
  const res = await req;
  const message = typeof res.body?.message === 'string' && res.body.message.length > 0;
  if (res.status >= 500) return { probe, problem: `${res.status} ${res.body?.code ?? ''} ${res.body?.message ?? res.text.slice(0, 200)}` };
  if (res.status >= 400 && !message) return { probe, problem: `${res.status} without a message: ${res.text.slice(0, 200)}` };
  // The database's refusal is a backstop logged as an error: validation should have said which field is wrong.
  if (res.body?.code === 'invalid-value') return { probe, problem: `${res.status} invalid-value: validation let it through to the database (${res.body.message})` };
  if (probe.allowed.length && !probe.allowed.includes(res.status)) return { probe, problem: `${res.status}, expected one of ${probe.allowed.join('/')}` };
  if (probe.names) {
    const named: unknown[] = Array.isArray(res.body?.details) ? res.body.details.map((d: { field?: unknown }) => d.field) : [];
    const naming = res.status === 400 && res.body?.code === 'validation-failed' && named.length > 0 && named.every((field) => probe.names!.includes(field as string));
    if (!naming) return { probe, problem: `${res.status} ${res.body?.code ?? ''} naming ${JSON.stringify(named)}, expected validation-failed naming ${probe.names.join(' or ')}` };
  }
  return undefined;
}

const describeFinding = ({ probe, problem }: Finding) => `${probe.route.method} ${probe.route.path} with ${probe.input}: ${problem}`;

/** The applications service's records a caller can make cheaply: a draft application, its organisation and its fund. */
async function applicationRecords(url: string): Promise<RealRecords> {
  const applicant = testUser('applicant');
  const officer = testUser('programme_officer');
  const draft = await draftApplication(url, applicant);
  const application = (await request(url).get(`/applications/${draft.id}`).set(applicant.auth).expect(200)).body;
  const organisations = (await request(url).get('/organisations').set(applicant.auth).expect(200)).body.items;
  return {
    '/applications/:id': { id: draft.id, users: { applicant, programme_officer: officer } },
    '/funds/:id': { id: application.fundId, users: { programme_officer: officer } },
    '/organisations/:id': { id: organisations[0].id, users: { applicant, programme_officer: officer } },
  };
}

/**
 * The services, started once: each is probed on its own, and the portal calls all four. On databases
 * of their own: every probe a service accepts makes a record (hundreds of funds, programmes, assessors),
 * which would crowd the first page of other files' lists on this worker's databases.
 */
const running = new Map<string, RunningService<any>>();

beforeAll(async () => {
  for (const definition of SERVICES) {
    const ownDatabase = testDatabaseUrl(new definition.configClass().DATABASE_URL, 'badinput');
    running.set(definition.name, await startTestService(definition as any, { DATABASE_URL: ownDatabase }));
  }
});
afterAll(async () => {
  for (const service of running.values()) await service.close();
});

describe.each(SERVICES.map((definition) => [definition.name, definition] as const))('%s', (name, definition) => {
  it('answers bad input at every route with a 4xx saying what is wrong, never a 5xx', async () => {
    const service = running.get(name)!;
    const routes = routesOf(service.app);
    const document = openApiDocument(service.app, definition);
    const records = name === 'applications' ? await applicationRecords(service.url) : {};
    const { concurrent, inOrder } = probesFor(name, document, routes, records);
    expect(concurrent.length).toBeGreaterThan(routes.length);
    const findings = [
      ...(await inParallel(concurrent.map((probe) => () => send(service.url, probe)), CONCURRENCY)),
      // Junk sent to a record of the test's own, one at a time: an answer never depends on which went first.
      ...(await inParallel(inOrder.map((probe) => () => send(service.url, probe)), 1)),
    ].filter((f): f is Finding => Boolean(f));
    expect(findings.map(describeFinding)).toEqual([]);
  });
});

/** Every field name the portal's forms use, read from its templates (inputs written out and those of the Design System's macros). */
function portalFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.njk')) {
        for (const [, name] of readFileSync(path, 'utf8').matchAll(/name(?:="|: *['"])([A-Za-z][A-Za-z0-9_.-]*)['"]/g)) names.add(name);
      }
    }
  };
  walk(resolvePath(__dirname, '../../apps/portal/src/views'));
  names.delete('_csrf');
  return [...names].sort();
}

/** Form bodies of junk, each field of every form at once: urlencoded as a browser sends them. */
function portalJunk(fields: string[], csrf: string): { label: string; form: string }[] {
  const token = `_csrf=${encodeURIComponent(csrf)}`;
  const each = (value: (field: string) => string) => [token, ...fields.map(value)].join('&');
  return [
    { label: 'every field missing', form: token },
    { label: 'every field repeated (a=1&a=2)', form: each((f) => `${f}=1&${f}=2`) },
    { label: 'every field an object (a[b]=1)', form: each((f) => `${f}[b]=1`) },
    { label: "every field 'x'", form: each((f) => `${f}=x`) },
    { label: "every field '-1'", form: each((f) => `${f}=-1`) },
    { label: "every field '1e309'", form: each((f) => `${f}=1e309`) },
    { label: 'every field empty', form: each((f) => `${f}=`) },
    { label: 'every field 600 characters', form: each((f) => `${f}=${'x'.repeat(600)}`) },
    { label: 'every field with a NUL character', form: each((f) => `${f}=a%00b`) },
    { label: 'one field of 100,000 characters', form: `${token}&${fields.map((f) => `${f}=x`).join('&')}&reason=${LONG}` },
    { label: 'the CSRF token repeated', form: `${token}&${token}` },
  ];
}

describe('portal', () => {
  let portal: RunningPortal;

  beforeAll(async () => {
    const url = (name: string) => running.get(name)!.url;
    portal = await startTestPortal({ APPLICATIONS_URL: url('applications'), INTAKE_URL: url('intake'), AWARDS_URL: url('awards'), NOTIFICATIONS_URL: url('notifications') });
  });
  afterAll(() => portal?.close());

  it('answers junk posted to every form with its errors, a refusal or a redirect, never a 5xx', async () => {
    const fields = portalFieldNames();
    expect(fields.length).toBeGreaterThan(50);
    const forms = routesOf(portal.app).filter((route) => route.method === 'POST');
    expect(forms.length).toBeGreaterThan(20);
    // The sign-in form's token and cookie, as a browser holding it has them, for the forms anyone may post.
    const signIn = await request(portal.url).get('/sign-in').expect(200);
    const signedOut = {
      csrf: /name="_csrf" value="([^"]+)"/.exec(signIn.text)![1],
      cookie: ([] as string[]).concat(signIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '),
    };
    const sessions = new Map<Persona, { cookie: string; csrf: string }>();
    for (const persona of PERSONAS) {
      const id = `bad-input-${persona}-${OWN_MADE_UP_ID.slice(0, 8)}`;
      const user: SignedInUser = { id, persona, roles: [platformRoleOf(persona)], name: `Bad input ${persona}`, email: `${id}@example.org`, organisationId: persona === 'council' ? 'E10000008' : persona === 'applicant' ? OWN_ORGANISATION_ID : undefined };
      sessions.set(persona, await sessionOf(portal, user));
    }
    const probes = forms.flatMap((route) => {
      const persona = routeMetadata<Persona[]>(route, 'portal:personas')?.[0];
      const caller = persona ? sessions.get(persona)! : signedOut;
      return portalJunk(fields, caller.csrf).map((junk) => ({ route, caller, junk }));
    });
    const findings = await inParallel(
      probes.map(({ route, caller, junk }) => async () => {
        const res = await request(portal.url).post(madeUpPath(route)).redirects(0).set('Cookie', caller.cookie).type('form').send(junk.form);
        return res.status >= 500 ? `POST ${route.path} with ${junk.label}: ${res.status}` : undefined;
      }),
      CONCURRENCY,
    );
    expect(findings.filter(Boolean)).toEqual([]);
  });
});
