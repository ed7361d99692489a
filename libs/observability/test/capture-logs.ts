import { createLogger } from '../src/logger';
import { NestPinoLogger } from '../src/nest-logger';

/** A service logger writing into an array of parsed lines, as an operator's log tooling reads them. */
export function captureLogs(level = 'info', service = 'applications') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(service, level, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger, nest: new NestPinoLogger(logger) };
}
