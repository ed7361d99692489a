import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';

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
