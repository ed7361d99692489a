import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-connection';

/** What the on-call engineer sees of kafkajs: errors only for what does not recover by itself. */
describe('kafkajs logs', () => {
  const logged: { level: 'error' | 'warn'; msg: string }[] = [];
  const logger = { error: (o: { msg: string }) => logged.push({ level: 'error', msg: o.msg }), warn: (o: { msg: string }) => logged.push({ level: 'warn', msg: o.msg }) } as unknown as Logger;
  const write = kafkaLogCreator(logger)();
  beforeEach(() => (logged.length = 0));

  it('a broker answer kafkajs retries (no leader during an election, coordinator loading) is a warning', () => {
    write({ level: logLevel.ERROR, log: { message: 'Response Metadata(key: 3, version: 6)', error: 'There is no leader for this topic-partition as we are in the middle of a leadership election' } });
    write({ level: logLevel.ERROR, log: { message: 'Response FindCoordinator(key: 10, version: 2)', error: 'The group coordinator is not available' } });
    write({ level: logLevel.ERROR, log: { message: 'Restarting the consumer in 1200ms', retryCount: 1 } });
    expect(logged.map((l) => l.level)).toEqual(['warn', 'warn', 'warn']);
  });

  it('an error kafkajs does not retry stays an error, and debug and info are not logged', () => {
    write({ level: logLevel.ERROR, log: { message: 'Response SaslAuthenticate(key: 36, version: 1)', error: 'SASL Authentication failed' } });
    write({ level: logLevel.ERROR, log: { message: 'Crash: KafkaJSNonRetriableError: Topic authorization failed' } });
    write({ level: logLevel.INFO, log: { message: 'Consumer has joined the group' } });
    write({ level: logLevel.DEBUG, log: { message: 'Request Metadata' } });
    expect(logged).toEqual([
      { level: 'error', msg: 'Response SaslAuthenticate(key: 36, version: 1)' },
      { level: 'error', msg: 'Crash: KafkaJSNonRetriableError: Topic authorization failed' },
    ]);
  });
});
