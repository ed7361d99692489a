import { INestApplication, ParseUUIDPipe, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { AuthenticatedUser, Role } from '@mutuals/auth';
import { UuidPipe } from '@mutuals/http';

/** One HTTP route of an app, as Nest registered it, with the handler and class its metadata sits on. */
export interface AppRoute {
  method: string;
  /** The route's path with Nest's parameters, e.g. /applications/:id/submit. */
  path: string;
  controller: string;
  handler: string;
  /** The handler takes a request body (@Body), which the validation pipe checks before the handler runs. */
  takesBody: boolean;
  targets: [Function, Function];
}

const joinPath = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
const asList = (value: string | string[] | undefined) => (value === undefined ? [''] : ([] as string[]).concat(value));

/**
 * Every route of every controller of the app, read from Nest's own metadata (not a list kept by
 * hand), so a route added later is in it. Routes outside controllers (the OpenAPI document Swagger
 * mounts, static files) are not Nest routes and are not listed.
 */
export function routesOf(app: INestApplication): AppRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: AppRoute[] = [];
  const seen = new Set<Function>();
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as Function | undefined;
    if (!cls || seen.has(cls)) continue;
    seen.add(cls);
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, cls));
    for (const name of scanner.getAllMethodNames(cls.prototype)) {
      const handler = cls.prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) ?? {};
      const takesBody = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
      for (const prefix of prefixes) {
        for (const path of asList(paths)) routes.push({ method: RequestMethod[method], path: joinPath(prefix, path), controller: cls.name, handler: name, takesBody, targets: [handler, cls] });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The metadata a guard reads with Reflector.getAllAndOverride: the handler's, else the class's. */
export function routeMetadata<T>(route: AppRoute, key: string): T | undefined {
  for (const target of route.targets) {
    const value = Reflect.getMetadata(key, target);
    if (value !== undefined) return value as T;
  }
  return undefined;
}

/** An id no record has, for routes called without one of their own. */
export const MADE_UP_ID = '00000000-0000-4000-8000-000000000000';
/** Ids of another form than a UUID: a dead letter's is <dead-letter topic>:<partition>:<offset>. */
const MADE_UP_IDS_UNDER: Record<string, string> = { '/admin/dead-letters/': 'matrix.made-up.dlq:0:0' };
const ROUTE_PARAMETER = /:([A-Za-z]+)/g;

export const hasPathParameter = (route: Pick<AppRoute, 'path'>) => /:[A-Za-z]+/.test(route.path);

/** The names of the route's path parameters, in the order of the path: `id`, `conditionId`. */
export const pathParametersOf = (route: Pick<AppRoute, 'path'>) => [...route.path.matchAll(ROUTE_PARAMETER)].map(([, name]) => name);

/** A made-up id of the form the route's parameters take. */
export const madeUpIdFor = (route: Pick<AppRoute, 'path'>) => Object.entries(MADE_UP_IDS_UNDER).find(([prefix]) => route.path.startsWith(prefix))?.[1] ?? MADE_UP_ID;

/** The route's path with each parameter replaced by `value` (percent-encoded unless `raw`). */
export function pathWith(route: Pick<AppRoute, 'path'>, value = madeUpIdFor(route), { raw = false } = {}): string {
  return route.path.replace(ROUTE_PARAMETER, raw ? value : encodeURIComponent(value));
}

/** A user of the role with a fixed id; applicants act for an organisation (a council, in intake). */
export function roleUserOf(role: Role, service: string): AuthenticatedUser {
  const organisationId = role === 'applicant' ? (service === 'intake' ? 'E10000008' : MADE_UP_ID) : undefined;
  return { id: `matrix-${role}`, roles: [role], name: `Matrix ${role}`, email: `matrix-${role}@example.org`, organisationId };
}

/**
 * Pipes that parse a UUID. Nest's own ParseUUIDPipe is one, though no route should use it: its
 * refusal names no parameter, and the bad-input test, holding such a route to naming it, fails.
 */
const UUID_PIPES: Function[] = [UuidPipe, ParseUUIDPipe];

/** Whether every path parameter of the route is parsed as a UUID: junk there is a 400 naming it before any lookup. */
export function takesOnlyUuids(route: AppRoute): boolean {
  const [handler, cls] = route.targets;
  const name = Object.getOwnPropertyNames(cls.prototype).find((key) => cls.prototype[key] === handler);
  const args: Record<string, { data?: unknown; pipes?: unknown[] }> = (name && Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name)) ?? {};
  const parsedAsUuid = new Set(
    Object.entries(args)
      .filter(([key, arg]) => key.split(':')[0] === String(RouteParamtypes.PARAM) && (arg.pipes ?? []).some((pipe) => UUID_PIPES.some((uuids) => pipe === uuids || pipe instanceof uuids)))
      .map(([, arg]) => arg.data),
  );
  return pathParametersOf(route).every((parameter) => parsedAsUuid.has(parameter));
}
