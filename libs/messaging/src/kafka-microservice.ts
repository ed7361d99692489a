import { Logger } from '@nestjs/common';
import { KafkaOptions, Transport } from '@nestjs/microservices';
import { logLevel, Partitioners } from 'kafkajs';
import { kafkaLogCreator } from './kafka-connection';
import { kafkaClientSecurity, MessagingOptions } from './messaging-options';

/** Options for the Nest Kafka transport that delivers this service's events to its handlers. */
export function kafkaMicroserviceOptions(options: MessagingOptions): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: {
        clientId: `${options.service}-consumer`,
        brokers: options.brokers,
        ...kafkaClientSecurity(options),
        logLevel: logLevel.WARN,
        logCreator: kafkaLogCreator(new Logger('KafkaConsumer')),
        retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5000 },
      },
      consumer: {
        groupId: options.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: options.sessionTimeoutMs ?? 30000,
        // A few heartbeats per session, as Kafka advises.
        heartbeatInterval: Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 30000) / 3)),
        retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5000 },
      },
      // A new consumer group starts at the beginning, so no event published before it existed is missed.
      subscribe: { fromBeginning: true },
      run: { autoCommit: true, partitionsConsumedConcurrently: 3 },
      // The consumer parses and validates messages itself, so poison messages can be dead-lettered.
      parser: { keepBinary: true },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      producerOnlyMode: false,
    },
  };
}
