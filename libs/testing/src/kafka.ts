import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Kafka, logLevel, Message } from 'kafkajs';
import { waitFor } from './wait-for';

export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const ROOT = resolve(__dirname, '../../..');

export function testKafka(clientId = 'tests'): Kafka {
  return new Kafka({ clientId, brokers: TEST_BROKERS, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

export async function produceRaw(topic: string, messages: Message[]): Promise<void> {
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  offset: string;
}

/** Every message on a topic (all partitions, from the start), read with the admin API's offsets. */
export async function readTopic(topic: string, timeoutMs = 10000): Promise<ReadMessage[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = offsets.filter((o) => Number(o.high) > Number(o.low));
  if (wanted.length === 0) return [];
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}`, allowAutoTopicCreation: false });
  const messages: ReadMessage[] = [];
  const remaining = new Map(wanted.map((o) => [o.partition, Number(o.high)]));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = v === undefined ? '' : String(v);
      messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, offset: message.offset });
      if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
    },
  });
  try {
    await waitFor(() => remaining.size === 0, { timeoutMs, what: `all messages of ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Stops or starts the local broker through the project's script (for outage tests). */
export function localKafka(action: 'stop' | 'start'): void {
  execFileSync('bash', [resolve(ROOT, 'scripts/kafka.sh'), action], { stdio: 'ignore', timeout: 120000 });
}

