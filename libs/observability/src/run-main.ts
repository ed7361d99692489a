import pino from 'pino';
import { ConfigError } from '@mutuals/config';
import { createLogger, Logger } from './logger';
import { NestPinoLogger } from './nest-logger';

/**
 * A service's entry point: its settings, then its start, each failure logged at fatal. A bad
 * setting stops it with EX_CONFIG (78) and a line on stderr naming the setting; a failed start with 1.
 */
export async function runMain<C extends { LOG_LEVEL: string }>(
  service: string,
  load: () => C,
  start: (config: C, logger: Logger) => Promise<{ getUrl(): Promise<string> }>,
): Promise<void> {
  let config: C;
  try {
    config = load();
  } catch (err) {
    if (err instanceof ConfigError) {
      createLogger(service, 'fatal', pino.destination(2)).fatal({ context: 'Bootstrap', msg: err.message, problems: err.problems });
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(service, config.LOG_LEVEL);
  try {
    const app = await start(config, logger);
    logger.info({ context: 'Bootstrap', msg: `${service} listening on ${await app.getUrl()}` });
  } catch (err) {
    // Whatever LOG_LEVEL says: a service that cannot start says why.
    new NestPinoLogger(createLogger(service, 'fatal')).fatal(err instanceof Error ? err : String(err), 'Bootstrap');
    process.exit(1);
  }
}
