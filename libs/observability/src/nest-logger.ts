import { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's logger (framework messages and every `new Logger(context)`) writing through pino.
 * `logger.warn({ msg, ...fields })` logs the fields; a string is the `msg`; an Error gives `msg` and
 * `stack`. Nest passes the context name last; anything between goes under `detail`.
 */
export class NestPinoLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]) { this.write('info', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.write('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.write('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.write('fatal', message, rest); }

  private write(level: Level, message: unknown, rest: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const entry: Record<string, unknown> = { context };
    if (message instanceof Error) Object.assign(entry, { msg: message.message, stack: message.stack });
    else if (typeof message === 'object' && message !== null) Object.assign(entry, message);
    else entry.msg = String(message);
    if (args.length > 0) entry.detail = args.length === 1 ? args[0] : args;
    this.pino[level](entry);
  }
}
