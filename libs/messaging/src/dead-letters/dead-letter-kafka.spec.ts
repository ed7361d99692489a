import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { KafkaConnection } from '../kafka-connection';
import { DeadLetterKafka } from './dead-letter-kafka';

describe('the dead-letter tools without a broker', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('say Kafka is not available (a 503) instead of failing as a bug', async () => {
    const options = { service: 'test', brokers: ['127.0.0.1:9'], groupId: 'test', produces: [], consumes: [] };
    const connection = new KafkaConnection(options);
    const kafka = new DeadLetterKafka(connection, options);
    await expect(kafka.deadLetterTopics('')).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(kafka.send([{ topic: 'a.b.c.v1', message: { value: 'x' } }])).rejects.toThrow(/Kafka is not available/);
    await connection.onApplicationShutdown();
  });
});
