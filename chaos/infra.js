/**
 * The chaos run's own infrastructure, and the faults done to it: its own Kafka broker (stopped and
 * started with scripts/kafka.sh), its own databases on the machine's PostgreSQL (cut off one at a
 * time while the server stays up), the topics, poisoned messages and the dead letters they cause.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const { Kafka, logLevel, AssignerProtocol } = require('kafkajs');
const { ROOT, SERVICES, KAFKA_PORT, KAFKA_BROKERS, PG_SERVER, databaseName, databaseUrl, groupId } = require('./settings');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the broker

/** Runs scripts/kafka.sh against the chaos broker only (KAFKA_BROKERS names it, so nothing else is touched). */
function kafkaScript(command) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(ROOT, 'scripts/kafka.sh'), command], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_PORT: String(KAFKA_PORT), KAFKA_BROKERS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => (code === 0 ? resolve(output.trim()) : reject(new Error(`kafka.sh ${command} failed: ${output.trim()}`))));
  });
}

/**
 * Starts the broker and waits until it answers. kafka.sh gives a start 90 s; on a busy machine the
 * JVM can take longer to load its logs, and a second `start` waits for the process already started.
 */
async function startBroker(timeoutMs = 300000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await kafkaScript('start');
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

const kafka = () => new Kafka({ clientId: 'chaos', brokers: [KAFKA_BROKERS], logLevel: logLevel.NOTHING, retry: { retries: 5 } });

async function withAdmin(fn) {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Every event topic and its dead-letter topic, from the contracts' catalogue in the build. */
function catalogue() {
  require('reflect-metadata');
  const { EVENT_CATALOGUE } = require(path.join(ROOT, 'dist/apps/awards/libs/contracts/src/catalogue.js'));
  return EVENT_CATALOGUE;
}

/**
 * The topics each service's consumer group subscribes to, as its members told the broker; asked
 * until every group is stable (a member's metadata is empty while its group rebalances).
 */
async function subscriptions(timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  return withAdmin(async (admin) => {
    for (;;) {
      const { groups } = await admin.describeGroups(SERVICES.map(groupId));
      const topics = {};
      for (const g of groups) {
        if (g.state !== 'Stable' || g.members.length === 0) break;
        try {
          topics[g.groupId] = [...new Set(g.members.flatMap((m) => AssignerProtocol.MemberMetadata.decode(m.memberMetadata).topics))].sort();
        } catch {
          break;
        }
      }
      if (Object.keys(topics).length === groups.length) return topics;
      if (Date.now() > deadline) throw new Error(`consumer groups not stable after ${timeoutMs / 1000}s: ${groups.map((g) => `${g.groupId} ${g.state}`).join(', ')}`);
      await sleep(1000);
    }
  });
}

/** Messages each group has still to read, summed over the topics it subscribes to. */
async function consumerLag(subscribed) {
  return withAdmin(async (admin) => {
    const ends = new Map();
    const lag = {};
    for (const [group, topics] of Object.entries(subscribed)) {
      let behind = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics })) {
        if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
        for (const end of ends.get(topic)) {
          const committed = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          behind += Number(end.high) - Math.max(committed, Number(end.low));
        }
      }
      lag[group] = behind;
    }
    return lag;
  });
}

// ---------------------------------------------------------------- poisoned messages and dead letters

/**
 * Messages no consumer can handle, each with a key that marks it as deliberate: one that is not
 * JSON, one of an unknown type, and one whose payload breaks its contract.
 */
function poisonMessages(runId) {
  const envelope = (type, data) =>
    JSON.stringify({
      specversion: '1.0',
      id: `${runId}-${type}`,
      type,
      source: '/chaos',
      subject: 'chaos',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      correlationid: runId,
      causationid: runId,
      data,
    });
  return [
    { topic: 'applications.application.v1', kind: 'not-json', value: '{"this is not": json' },
    { topic: 'intake.bid.v1', kind: 'unknown-type', value: envelope('chaos.unknown.event.v1', { hello: 'world' }) },
    { topic: 'awards.case.v1', kind: 'contract-violation', value: envelope('awards.case.decided.v1', { outcome: 'maybe' }) },
  ].map((m, i) => ({ ...m, key: `chaos-poison-${runId}-${i}` }));
}

async function producePoison(messages) {
  const producer = kafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const m of messages) await producer.send({ topic: m.topic, acks: -1, messages: [{ key: m.key, value: m.value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Every message on every dead-letter topic, with the headers the consumer put on it. */
async function readDeadLetters() {
  const dlqTopics = [...new Set(catalogue().map((c) => c.deadLetterTopic))];
  const ends = await withAdmin(async (admin) => {
    const all = [];
    // A stream nobody reads has no dead-letter topic: the services create those of what they consume.
    const existing = new Set(await admin.listTopics());
    for (const topic of dlqTopics.filter((t) => existing.has(t))) {
      for (const o of await admin.fetchTopicOffsets(topic)) if (Number(o.high) > Number(o.low)) all.push({ topic, partition: o.partition, high: Number(o.high) });
    }
    return all;
  });
  if (ends.length === 0) return [];
  const consumer = kafka().consumer({ groupId: `chaos-dlq-reader-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  const letters = [];
  const remaining = new Map(ends.map((e) => [`${e.topic}/${e.partition}`, e.high]));
  try {
    await consumer.subscribe({ topics: [...new Set(ends.map((e) => e.topic))], fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('reading the dead-letter topics took over 60 s')), 60000);
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const header = (name) => message.headers?.[name]?.toString();
          letters.push({
            topic,
            key: message.key?.toString() ?? null,
            reason: header('dlq-reason'),
            detail: header('dlq-detail'),
            group: header('dlq-consumer-group'),
            originTopic: header('dlq-origin-topic'),
          });
          const id = `${topic}/${partition}`;
          if (Number(message.offset) + 1 >= remaining.get(id)) remaining.delete(id);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return letters;
}

// ---------------------------------------------------------------- databases

async function withPostgres(url, fn) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fresh, empty databases for every run, so runs are independent of each other. */
async function recreateDatabases() {
  await withPostgres(PG_SERVER, async (db) => {
    for (const service of SERVICES) {
      const name = databaseName(service);
      await db.query(`drop database if exists "${name}" with (force)`);
      await db.query(`create database "${name}"`);
    }
  });
}

/** Lets connections in again (after an interrupted run left a database cut off). */
async function allowAllConnections() {
  await withPostgres(PG_SERVER, async (db) => {
    for (const service of SERVICES) await db.query(`alter database "${databaseName(service)}" with allow_connections true`).catch(() => undefined);
  });
}

/**
 * A database outage while the server stays up: new connections are refused and every session is
 * terminated, again each second of the window (a session may have slipped in while the first
 * terminations ran), then connections are allowed again. Returns the sessions terminated.
 */
async function cutDatabase(service, holdMs) {
  const name = databaseName(service);
  return withPostgres(PG_SERVER, async (db) => {
    await db.query(`alter database "${name}" with allow_connections false`);
    let terminated = 0;
    try {
      const until = Date.now() + holdMs;
      while (Date.now() < until) {
        const { rows } = await db.query(
          `select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
          [name],
        );
        terminated += rows[0].n;
        await sleep(Math.max(0, Math.min(1000, until - Date.now())));
      }
    } finally {
      await db.query(`alter database "${name}" with allow_connections true`);
    }
    return terminated;
  });
}

/** One client per service database, for reading what each service recorded. */
async function openServiceDatabases() {
  const entries = await Promise.all(
    SERVICES.map(async (service) => {
      const client = new Client({ connectionString: databaseUrl(service) });
      await client.connect();
      return [service, client];
    }),
  );
  return Object.fromEntries(entries);
}

module.exports = {
  kafkaScript,
  startBroker,
  subscriptions,
  consumerLag,
  poisonMessages,
  producePoison,
  readDeadLetters,
  recreateDatabases,
  allowAllConnections,
  cutDatabase,
  openServiceDatabases,
  withPostgres,
};
