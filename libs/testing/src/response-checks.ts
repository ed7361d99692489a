import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiPath, ResponseContract } from './openapi-responses';

// On globalThis: the jest hooks (setupFilesAfterEnv) and the test file see the same list.
const VIOLATIONS = Symbol.for('mutuals.openapi.response-violations');
const recorded = (): string[] => ((globalThis as Record<symbol, string[]>)[VIOLATIONS] ??= []);

/** The responses that broke their declared schema since the last call, emptied. */
export function takeResponseViolations(): string[] {
  return recorded().splice(0);
}

/**
 * Checks every JSON response of the app against its operation in `document` and records what
 * breaks it (asserted after each test by libs/testing/jest/response-contract.ts). Routes the
 * document leaves out on purpose (/docs, /metrics, /health) are not checked.
 */
export function checkResponsesAgainst(app: INestApplication, document: OpenAPIObject): void {
  const contract = new ResponseContract(document);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const route = req.route?.path;
      const path = typeof route === 'string' ? openApiPath(`${req.baseUrl ?? ''}${route}`) : undefined;
      if (path && document.paths[path]) {
        // What the client receives: dates as strings, undefined fields gone.
        const received = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
        recorded().push(...contract.problems(req.method, path, res.statusCode, received));
      }
      return json(body);
    };
    next();
  });
}
