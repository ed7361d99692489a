import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Kafka, logLevel, Message } from 'kafkajs';
import { testRunPrefix, testTopic } from './test-run';
import { waitFor } from './wait-for';

export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const ROOT = resolve(__dirname, '../../..');

export function testKafka(clientId = 'tests', brokers = TEST_BROKERS): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

/**
 * Produces messages as they are, to a platform topic of this worker's services (named as the
 * contracts name it; the run's prefix is added here).
 */
export async function produceRaw(topic: string, messages: Message[], kafka = testKafka()): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: testTopic(topic), messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  offset: string;
  partition: number;
}

/**
 * Every message on a platform topic of this worker's services (all partitions, from the start: the
 * topics are the run's own, so this reads only what this worker's tests produced).
 */
export async function readTopic(topic: string, timeoutMs = 10000, kafka = testKafka()): Promise<ReadMessage[]> {
  const name = testTopic(topic);
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(name).finally(() => admin.disconnect());
  const wanted = offsets.filter((o) => Number(o.high) > Number(o.low));
  if (wanted.length === 0) return [];
  // Named with the run's prefix, so the global teardown deletes the group with the run's topics.
  const consumer = kafka.consumer({ groupId: `${testRunPrefix()}reader-${Date.now()}-${Math.random().toString(36).slice(2)}`, allowAutoTopicCreation: false });
  const messages: ReadMessage[] = [];
  const remaining = new Map(wanted.map((o) => [o.partition, Number(o.high)]));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = v === undefined ? '' : String(v);
        messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, offset: message.offset, partition });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
      },
    });
    await waitFor(() => remaining.size === 0, { timeoutMs, what: `all messages of ${name}` });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** True when the broker answers an admin request within `timeoutMs` (a produce or admin call would work). */
export async function brokerAnswers(brokers = TEST_BROKERS, timeoutMs = 3000): Promise<boolean> {
  const admin = new Kafka({ clientId: 'tests-probe', brokers, logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Stops or starts a local broker through the project's script (for outage tests): the shared one
 * on 127.0.0.1:9092, or with `port`, a broker of the test's own on that port (and port + 1).
 */
export function localKafka(action: 'stop' | 'start' | 'reset', { port }: { port?: number } = {}): void {
  const env = port === undefined ? process.env : { ...process.env, KAFKA_PORT: String(port), KAFKA_BROKERS: `127.0.0.1:${port}` };
  execFileSync('bash', [resolve(ROOT, 'scripts/kafka.sh'), action], { stdio: 'ignore', timeout: 120000, env });
}
