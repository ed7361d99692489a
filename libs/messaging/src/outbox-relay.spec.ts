import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { KafkaConnection } from './kafka-connection';
import { MessagingOptions } from './messaging-options';
import { OutboxHealth } from './outbox-health';
import { OutboxRelay } from './outbox-relay';

/**
 * The relay's pipeline against an outbox held in memory and a broker that acknowledges when told:
 * what is read while a batch is at the broker, what is marked, and in what order rows go out.
 */
describe('the outbox relay, pipelined', () => {
  const options: MessagingOptions = { service: 'applications', brokers: [], groupId: 'applications', produces: [], consumes: [] };

  beforeAll(() => Logger.overrideLogger(false));

  interface Row {
    seq: number;
    key: string;
    published: boolean;
  }

  function outbox(count: number, keys = 7): Row[] {
    return Array.from({ length: count }, (_, i) => ({ seq: i + 1, key: `aggregate-${i % keys}`, published: false }));
  }

  /** A connection to the outbox: the relay's lock, reads and marks, logged in the order they run. */
  function database(rows: Row[], log: string[]): DataSource {
    const runner = {
      connect: async () => undefined,
      release: async () => undefined,
      query: async (sql: string, params: unknown[] = []) => {
        if (sql.includes('advisory_lock(')) return [{ locked: true }];
        if (sql.startsWith('select seq')) {
          const [limit, inFlight] = params as [number, string[]];
          const found = rows.filter((r) => !r.published && !inFlight.includes(String(r.seq))).slice(0, limit);
          log.push(`read ${found.length ? `${found[0].seq}-${found[found.length - 1].seq}` : 'none'}`);
          return found.map((r) => ({ seq: String(r.seq), topic: 'applications.application.v1', message_key: r.key, envelope: JSON.stringify({ seq: r.seq }), event_id: `e${r.seq}`, type: 't', traceparent: null, tracestate: null }));
        }
        if (sql.startsWith('update outbox_messages')) {
          const seqs = (params[0] as string[]).map(Number);
          for (const row of rows) if (seqs.includes(row.seq)) row.published = true;
          log.push(`marked ${seqs[0]}-${seqs[seqs.length - 1]}`);
        }
        return [];
      },
    };
    return { subscribers: [], createQueryRunner: () => runner } as unknown as DataSource;
  }

  /** A broker whose `fail` decides, per batch, whether it refuses it; it logs each acknowledgement. */
  function broker(sent: { key: string; seq: number }[], log: string[], fail: (batch: number) => boolean = () => false): KafkaConnection {
    let batches = 0;
    return {
      topicsReady: true,
      topic: (name: string) => name,
      resetProducer: async () => undefined,
      getProducer: async () => ({
        sendBatch: async ({ topicMessages }: { topicMessages: { messages: { key: string; value: string }[] }[] }) => {
          batches += 1;
          const messages = topicMessages.flatMap((t) => t.messages);
          const range = `${JSON.parse(messages[0].value).seq}-${JSON.parse(messages[messages.length - 1].value).seq}`;
          await new Promise((r) => setTimeout(r, 20));
          if (fail(batches)) {
            log.push(`refused ${range}`);
            throw new Error('the broker is away');
          }
          sent.push(...messages.map((m) => ({ key: m.key, seq: JSON.parse(m.value).seq })));
          log.push(`acked ${range}`);
        },
      }),
    } as unknown as KafkaConnection;
  }

  const relayOf = (db: DataSource, kafka: KafkaConnection) => new OutboxRelay(db, kafka, new OutboxHealth(options), options);

  it('reads the next batch while one is at the broker, and marks rows only once acknowledged, every row once and in order', async () => {
    const rows = outbox(1200);
    const log: string[] = [];
    const sent: { key: string; seq: number }[] = [];
    expect(await relayOf(database(rows, log), broker(sent, log)).relayOnce()).toBe(1200);

    expect(log).toEqual(['read 1-500', 'read 501-1000', 'acked 1-500', 'marked 1-500', 'read 1001-1200', 'acked 501-1000', 'marked 501-1000', 'acked 1001-1200', 'marked 1001-1200']);
    expect(sent.map((m) => m.seq)).toEqual(rows.map((r) => r.seq));
    expect(rows.every((r) => r.published)).toBe(true);
  });

  it('never lets a later batch overtake one the broker refused, so each aggregate keeps its order', async () => {
    const rows = outbox(1200);
    const log: string[] = [];
    const sent: { key: string; seq: number }[] = [];
    const db = database(rows, log);
    await expect(relayOf(db, broker(sent, log, (batch) => batch === 2)).relayOnce()).rejects.toThrow('the broker is away');
    expect(log.filter((l) => !l.startsWith('read'))).toEqual(['acked 1-500', 'marked 1-500', 'refused 501-1000']);
    expect(rows.filter((r) => r.published).map((r) => r.seq)).toEqual(rows.slice(0, 500).map((r) => r.seq));

    // Once the broker is back, the refused batch goes out first.
    expect(await relayOf(db, broker(sent, log)).relayOnce()).toBe(700);
    for (const key of new Set(rows.map((r) => r.key))) {
      const seqs = sent.filter((m) => m.key === key).map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(sent).toHaveLength(1200);
    expect(rows.every((r) => r.published)).toBe(true);
  });
});
