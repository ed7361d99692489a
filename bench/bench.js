#!/usr/bin/env node
/**
 * End-to-end benchmark of the submission pipeline (HTTP -> PostgreSQL + outbox -> Kafka ->
 * notifications -> SMTP), with raw PostgreSQL, Kafka and HTTP baselines measured in the same run.
 *   node bench/bench.js            full run (a few minutes)
 *   node bench/bench.js --smoke    a few seconds of each, to keep the command working
 * Prints a table and writes bench/results/latest.json (or smoke.json).
 */
const { spawn } = require('node:child_process');
const { generateKeyPairSync, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const os = require('node:os');
const autocannon = require('autocannon');
const { Client, Pool } = require('pg');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
// The KAFKA_SASL_* and KAFKA_TLS* settings reach the bench's own clients and the services it starts;
// on the SASL broker run it as the admin (`scripts/kafka.sh env-sasl admin`): it creates topics of its own.
const { kafkaClientEnv, kafkaSecurityEnv } = require('../scripts/kafka-client-env');
const { SMTPServer } = require('smtp-server');
const jwt = require('jsonwebtoken');

const ROOT = path.resolve(__dirname, '..');
const SMOKE = process.argv.includes('--smoke');
// --profile: CPU profiles of the services for the whole run, in bench/results/profiles, summarised
// at the end; the figures of such a run (slowed by the sampling) go to profile.json, not latest.json.
const PROFILE = process.argv.includes('--profile');
const PROFILE_DIR = path.join(__dirname, 'results/profiles');
const SECONDS = SMOKE ? 2 : 10;
const SCALES = SMOKE ? [100, 1000] : [1000, 10000, 100000];
const BACKLOG = SMOKE ? 500 : 10000;
const STEADY_RATE = 100;
const WARM_UP_SECONDS = SMOKE ? 1 : 3;
const SEND_RATE_LIMIT_PER_MINUTE = 1_000_000;
const CONNECTIONS = 32;
const PG_SERVER = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : new URL('postgres://postgres@127.0.0.1:5432/postgres');
const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
// The bench's own signing key: its services run in production, which refuses the development key.
const BENCH_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const BENCH_KID = `bench-${Date.now()}`;
const BENCH_PUBLIC_KEYS = JSON.stringify({ keys: [{ ...BENCH_KEY.publicKey.export({ format: 'jwk' }), kid: BENCH_KID }] });
const SUBMITTED_TYPE = 'applications.application.submitted.v1';
const SUBMITTED_TOPIC = 'applications.application.v1';
// The bench's own topics on the broker (and its own databases), so a development system on the
// same broker never sees its tens of thousands of events; deleted when the bench ends.
const TOPIC_PREFIX = `bench-${Date.now()}.`;

const dbUrl = (name) => Object.assign(new URL(PG_SERVER.toString()), { pathname: `/${name}` }).toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...args) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

const BENCH_DATABASES = ['mutuals_bench_raw', 'mutuals_applications_bench', 'mutuals_notifications_bench'];

async function recreateDatabase(name, { create = true } = {}) {
  const admin = new Client({ connectionString: PG_SERVER.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  if (create) await admin.query(`create database "${name}"`);
  await admin.end();
}

/** Leaves nothing behind: the bench's topics and databases go when it ends, whether it succeeded or not. */
async function cleanUp() {
  await deleteBenchTopics().catch((err) => log(`could not remove the bench's topics: ${err.message}`));
  for (const name of BENCH_DATABASES) await recreateDatabase(name, { create: false }).catch(() => undefined);
}

// ---------------------------------------------------------------- baselines

/** Raw pg: concurrent transactions, each writing the rows a submission writes (the record and one outbox row). */
async function pgBaseline() {
  await recreateDatabase('mutuals_bench_raw');
  const pool = new Pool({ connectionString: dbUrl('mutuals_bench_raw'), max: CONNECTIONS });
  await pool.query('create table rows (id uuid primary key, status text not null, payload jsonb not null, updated_at timestamptz not null default now())');
  await pool.query('create table outbox (seq bigserial primary key, event_id uuid not null unique, topic text not null, envelope jsonb not null, published_at timestamptz)');
  const payload = JSON.stringify({ reference: 'MSF-2026-000123', title: 'Legal and pensions advice for our staff transfer', amountRequestedPence: 2500000 });
  async function run(writeOutbox) {
    let count = 0;
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const client = await pool.connect();
        try {
          while (Date.now() < deadline) {
            const id = randomUUID();
            await client.query('begin');
            await client.query('insert into rows (id, status, payload) values ($1, $2, $3)', [id, 'submitted', payload]);
            if (writeOutbox) await client.query('insert into outbox (event_id, topic, envelope) values ($1, $2, $3)', [randomUUID(), SUBMITTED_TOPIC, payload]);
            await client.query('commit');
            count += 1;
          }
        } finally {
          client.release();
        }
      }),
    );
    return count / SECONDS;
  }
  const singleRow = await run(false);
  const submissionRows = await run(true);
  await pool.end();
  return { singleRowTxPerSec: round(singleRow), submissionRowsTxPerSec: round(submissionRows) };
}

/** Raw kafkajs: produce (acks=all, batches of 500) and consume messages of an event's size. */
async function kafkaBaseline() {
  const kafka = new Kafka({ clientId: 'bench', ...kafkaClientEnv(), brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.raw.${Date.now()}.v1`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  const total = SMOKE ? 5000 : 50000;
  const value = JSON.stringify({ specversion: '1.0', id: randomUUID(), type: SUBMITTED_TYPE, data: { text: 'x'.repeat(600) } });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let start = Date.now();
  for (let sent = 0; sent < total; sent += 500) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 500 }, (_, i) => ({ key: String(sent + i), value })) });
  }
  const produced = total / ((Date.now() - start) / 1000);
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let firstAt = 0;
  await new Promise((resolve) => {
    consumer.run({
      eachMessage: async () => {
        if (received === 0) firstAt = Date.now();
        received += 1;
        if (received === total) resolve();
      },
    });
  });
  const consumed = total / ((Date.now() - firstAt) / 1000);
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { produceMsgPerSec: round(produced), consumeMsgPerSec: round(consumed) };
}

function startProcess(name, script, env) {
  const args = PROFILE ? ['-r', path.join(__dirname, 'cpu-profile-hook.js'), script] : [script];
  const profileEnv = PROFILE ? { BENCH_PROFILE_DIR: PROFILE_DIR, BENCH_PROFILE_NAME: name } : {};
  const child = spawn('node', args, { cwd: ROOT, env: { ...process.env, ...env, ...profileEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = fs.createWriteStream(path.join(ROOT, `.local/bench-${name}.log`));
  child.stdout.pipe(logFile);
  child.stderr.pipe(logFile);
  return child;
}

async function writeProfile(name, pid) {
  const file = path.join(PROFILE_DIR, `${name}-${pid}.cpuprofile`);
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(file); i += 1) await sleep(100);
  await sleep(500); // let the write finish
  profiles.push(file);
}
const profiles = [];

async function waitHealthy(url, seconds = 60) {
  for (let i = 0; i < seconds * 4; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`${url} did not become ready`);
}

function load(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false, outputStream: fs.createWriteStream('/dev/null') });
  });
}

/**
 * Open-loop load at an even pace: request i is due at start + i / rate, whatever the responses
 * before it are doing, and its latency runs from when it was due (so a stall shows in every
 * request it holds up). autocannon's rate limit cannot do this: each connection sends its share
 * of the second back to back and then waits for the next second, so "half of peak" arrives as a
 * burst at full speed followed by idleness.
 */
async function paced({ url, rate, amount, ids, applicant }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(url);
  const body = JSON.stringify({ version: applicant.version });
  const token = applicant.token;
  const latencies = [];
  let errors = 0;
  const send = (id, due) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          agent, host: target.hostname, port: target.port, method: 'POST', path: `/applications/${id}/submit`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode >= 300) errors += 1;
            latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const start = performance.now() + 20;
  const sent = [];
  for (let i = 0; i < amount; i++) {
    const id = ids.pop();
    if (!id) throw new Error('ran out of drafts');
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(send(id, due));
  }
  await Promise.all(sent);
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { requestsPerSec: round(sorted.length / elapsed), p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), errors };
}

const summary = (r) => ({
  requestsPerSec: round(r.requests.average),
  p50Ms: r.latency.p50,
  p95Ms: r.latency.p97_5 ?? r.latency.p95,
  p99Ms: r.latency.p99,
  errors: r.errors + r.non2xx,
});

async function httpBaseline() {
  const port = 3990;
  const child = startProcess('empty-endpoint', 'bench/empty-endpoint.js', { PORT: String(port) });
  await waitHealthy(`http://127.0.0.1:${port}/ping`);
  const result = await load({ url: `http://127.0.0.1:${port}/ping`, duration: SECONDS });
  child.kill('SIGTERM');
  return summary(result);
}

// ---------------------------------------------------------------- the pipeline

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by each process whose command line matches, summed. */
function cpuSeconds(match) {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!match(cmdline, Number(entry))) continue;
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {}
  }
  return total;
}

/** Where the CPU went while `work` ran: seconds per component, for the 'what limits it' analysis. */
async function cpuShare(running, work) {
  const parts = {
    applications: (_c, pid) => pid === running.applications.pid,
    notifications: (_c, pid) => pid === running.notifications.pid,
    'kafka broker': (c) => c.includes('kafka.Kafka'),
    postgresql: (c) => c.startsWith('postgres'),
    'load generator (this process)': (_c, pid) => pid === process.pid,
  };
  const before = Object.fromEntries(Object.entries(parts).map(([k, m]) => [k, cpuSeconds(m)]));
  const started = Date.now();
  const result = await work();
  const seconds = (Date.now() - started) / 1000;
  const share = Object.fromEntries(Object.entries(parts).map(([k, m]) => [k, round((cpuSeconds(m) - before[k]) / seconds, 2)]));
  return { result, coresUsed: share };
}

function peakRss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
  } catch {
    return null;
  }
}

async function startPipeline(smtpPort) {
  const run = Date.now();
  await recreateDatabase('mutuals_applications_bench');
  await recreateDatabase('mutuals_notifications_bench');
  // Fresh consumer groups on topics of the bench's own (TOPIC_PREFIX): nothing of earlier runs,
  // tests or a development system is replayed into the measurement, nor anything of it into them.
  const notificationsGroup = `notifications-bench-${run}`;
  const applicationsGroup = `applications-bench-${run}`;
  const common = {
    NODE_ENV: 'production',
    NODE_OPTIONS: imageNodeOptions(),
    AUTH_PUBLIC_KEYS: BENCH_PUBLIC_KEYS,
    LOG_LEVEL: 'warn',
    // A few subjects send thousands of calls a second: the API limit is lifted, its check still runs (docs/performance.md).
    RATE_LIMIT_API_PER_MINUTE: '1000000',
    KAFKA_BROKERS: BROKERS.join(','),
    ...kafkaSecurityEnv(),
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
  };
  const services = {
    applications: {
      port: 3101,
      script: 'dist/apps/applications/apps/applications/src/main.js',
      env: { ...common, PORT: '3101', DATABASE_URL: dbUrl('mutuals_applications_bench'), KAFKA_GROUP_ID: applicationsGroup },
    },
    notifications: {
      port: 3104,
      script: 'dist/apps/notifications/apps/notifications/src/main.js',
      env: {
        ...common,
        PORT: '3104',
        DATABASE_URL: dbUrl('mutuals_notifications_bench'),
        KAFKA_GROUP_ID: notificationsGroup,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        // The default send rate is Notify's quota (3,000 a minute = 50/s), below the 100/s this
        // measures; over SMTP there is no such quota, so the pipeline's own capacity is measured.
        SEND_RATE_LIMIT: String(SEND_RATE_LIMIT_PER_MINUTE),
      },
    },
  };
  const running = {};
  for (const [name, service] of Object.entries(services)) {
    running[name] = startProcess(name, service.script, service.env);
    await waitHealthy(`http://127.0.0.1:${service.port}/health/ready`);
  }
  return {
    services,
    running,
    async restart(name) {
      running[name] = startProcess(name, services[name].script, services[name].env);
      await waitHealthy(`http://127.0.0.1:${services[name].port}/health/ready`);
    },
    async stop(name) {
      const child = running[name];
      if (PROFILE) await writeProfile(name, child.pid);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The Node.js options the image runs the services with (heap size included), from the Dockerfile. */
function imageNodeOptions() {
  const match = /NODE_OPTIONS="([^"]*)"/.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  if (!match) throw new Error('the Dockerfile sets no NODE_OPTIONS');
  return match[1];
}

function smtpSink() {
  const sink = { count: 0 };
  sink.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        sink.count += 1;
        callback();
      });
    },
  });
  return new Promise((resolve) => sink.server.listen(0, '127.0.0.1', () => resolve(Object.assign(sink, { port: sink.server.server.address().port }))));
}

/**
 * One organisation, one open fund and one complete draft made through the API, as an applicant
 * would; every other application is a copy of that draft written directly, so seeding 100,000
 * rows takes seconds and the copies pass the same submission checks.
 */
async function prepareApplicant(url, sign) {
  const organisationId = randomUUID();
  const applicantToken = () => sign({ subject: 'bench', roles: ['applicant'], org: organisationId });
  const applicant = applicantToken();
  const officer = sign({ subject: 'bench-officer', roles: ['programme_officer'] });
  const call = async (token, method, route, body) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  await call(applicant, 'POST', '/organisations', {
    name: 'Bench Mutual',
    type: 'live-mutual',
    legalForm: 'company-limited-by-guarantee',
    parentBody: 'Bench Borough Council',
    servicesInScope: ['Adult social care'],
    employeeSharePercent: 100,
    stillOnOriginalContract: true,
  });
  const fund = await call(officer, 'POST', '/funds', {
    name: `Bench Support Fund ${Date.now()}`,
    capPerApplicationPence: 2_500_000,
    budgetPence: 100_000_000_000,
    open: true,
    matchFundingRequired: false,
    questions: [],
  });
  const draft = await call(applicant, 'POST', '/applications', {
    fundId: fund.id,
    title: 'Legal and pensions advice for our staff transfer',
    supportTypes: ['hr-and-pensions'],
    amountRequestedPence: 2_500_000,
    subsidyReceivedPence: 0,
    servicesDeliveredInEngland: true,
  });
  // Tokens live five minutes at most: each run of load reads a fresh one.
  return { get token() { return applicantToken(); }, templateId: draft.id, version: draft.version };
}

/** Copies of the template draft: drafts to submit, or submitted applications as background data. */
async function seedApplications(db, templateId, count, status) {
  const { rows: columns } = await db.query(
    `select column_name from information_schema.columns where table_name = 'applications' and table_schema = current_schema() order by ordinal_position`,
  );
  const fresh = {
    id: 'gen_random_uuid()',
    reference: `'BENCH-' || nextval('application_reference_seq')`,
    status: '$3',
    created_at: `now() - (g || ' seconds')::interval`,
    updated_at: 'now()',
    status_changed_at: 'now()',
    submitted_at: `case when $3 = 'submitted' then now() - (g || ' seconds')::interval end`,
  };
  const names = columns.map((c) => c.column_name);
  const { rows } = await db.query(
    `insert into applications (${names.join(', ')})
     select ${names.map((n) => fresh[n] ?? `t.${n}`).join(', ')}
     from applications t, generate_series(1, $2) g
     where t.id = $1
     returning id`,
    [templateId, count, status],
  );
  return rows.map((r) => r.id);
}

function submitRequests(ids, applicant) {
  return {
    headers: { authorization: `Bearer ${applicant.token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        body: JSON.stringify({ version: applicant.version }),
        setupRequest: (request) => {
          const id = ids.pop();
          if (!id) throw new Error('ran out of drafts');
          return { ...request, path: `/applications/${id}/submit` };
        },
      },
    ],
  };
}

const RECEIPT = `template_id = 'application-received' and status = 'sent'`;

/** One receipt is owed for every submission made through the API (seeded rows publish nothing). */
async function receiptsOwed(appsDb) {
  const { rows } = await appsDb.query("select count(*)::int as n from outbox_messages where envelope->>'type' = $1", [SUBMITTED_TYPE]);
  return rows[0].n;
}

async function waitForDeliveries(notificationsDb, expected, timeoutMs) {
  const start = Date.now();
  for (;;) {
    const { rows } = await notificationsDb.query(`select count(*)::int as sent from deliveries where ${RECEIPT}`);
    if (rows[0].sent >= expected) return (Date.now() - start) / 1000;
    if (Date.now() - start > timeoutMs) throw new Error(`only ${rows[0].sent} of ${expected} receipts sent in ${timeoutMs / 1000}s`);
    await sleep(100);
  }
}

async function main() {
  fs.mkdirSync(path.join(ROOT, '.local'), { recursive: true });
  if (PROFILE) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const results = {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version },
    mode: SMOKE ? 'smoke' : 'full',
    sendRateLimitPerMinute: SEND_RATE_LIMIT_PER_MINUTE,
    startedAt: new Date().toISOString(),
  };
  log('baseline: raw PostgreSQL transactions');
  results.pg = await pgBaseline();
  log('baseline: raw Kafka produce and consume');
  results.kafka = await kafkaBaseline();
  log('baseline: empty NestJS endpoint');
  results.http = await httpBaseline();

  const sink = await smtpSink();
  log('starting applications and notifications');
  const pipeline = await startPipeline(sink.port);
  const appsDb = new Client({ connectionString: dbUrl('mutuals_applications_bench') });
  const notificationsDb = new Client({ connectionString: dbUrl('mutuals_notifications_bench') });
  await appsDb.connect();
  await notificationsDb.connect();
  const url = `http://127.0.0.1:${pipeline.services.applications.port}`;
  const sign = ({ subject, roles, org }) =>
    jwt.sign({ roles, name: 'Bench', email: `${subject}@example.org`, org }, BENCH_KEY.privateKey, {
      algorithm: 'ES256', keyid: BENCH_KID, subject, issuer: 'mutuals-platform', audience: 'applications', expiresIn: 300,
    });
  const applicant = await prepareApplicant(url, sign);
  const ownDrafts = (n) => seedApplications(appsDb, applicant.templateId, n, 'draft');

  // Propagation at a steady rate, on the smallest data set, after a warm-up at the same rate that
  // is not counted: a freshly started service opens its SMTP connections (each waiting out the
  // server's greeting pause) and compiles its hot paths in the first second. Cold starts are what
  // the backlog figure measures.
  log(`propagation: ${STEADY_RATE} submissions/s, ${WARM_UP_SECONDS}s of warm-up then ${SECONDS}s measured`);
  const steadyAt = (seconds) => ({ url, rate: STEADY_RATE, amount: STEADY_RATE * seconds, applicant });
  await paced({ ...steadyAt(WARM_UP_SECONDS), ids: await ownDrafts(STEADY_RATE * WARM_UP_SECONDS) });
  await waitForDeliveries(notificationsDb, STEADY_RATE * WARM_UP_SECONDS, 60000);
  const steadyStart = new Date();
  await paced({ ...steadyAt(SECONDS), ids: await ownDrafts(STEADY_RATE * SECONDS) });
  const submittedIds = (await appsDb.query(`select id from applications where status = 'submitted' and submitted_at >= $1`, [steadyStart])).rows.map((r) => r.id);
  await waitForDeliveries(notificationsDb, STEADY_RATE * WARM_UP_SECONDS + submittedIds.length, 60000);
  const { rows: sentRows } = await notificationsDb.query(`select subject_id, sent_at from deliveries where ${RECEIPT}`);
  const sentAt = new Map(sentRows.map((r) => [r.subject_id, r.sent_at.getTime()]));
  const { rows: submittedRows } = await appsDb.query(`select id, submitted_at from applications where id = any($1::uuid[])`, [submittedIds]);
  const missing = submittedRows.filter((r) => !sentAt.has(r.id)).length;
  if (missing > 0) throw new Error(`${missing} submitted applications have no receipt recorded`);
  results.propagation = { ratePerSec: STEADY_RATE, ...percentiles(submittedRows.map((r) => sentAt.get(r.id) - r.submitted_at.getTime())) };

  // Backlog: the notifications service is down while submissions pile up, then drains them.
  log(`backlog: ${BACKLOG} events`);
  await pipeline.stop('notifications');
  const backlogIds = await ownDrafts(BACKLOG);
  await load({ url, ...submitRequests([...backlogIds], applicant), amount: BACKLOG });
  for (;;) {
    const { rows } = await appsDb.query('select count(*)::int as waiting from outbox_messages where published_at is null');
    if (rows[0].waiting === 0) break;
    await sleep(200);
  }
  const alreadySent = sentRows.length;
  const drainStart = Date.now();
  await pipeline.restart('notifications');
  await waitForDeliveries(notificationsDb, alreadySent + BACKLOG, 300000);
  results.backlog = { events: BACKLOG, drainSeconds: round((Date.now() - drainStart) / 1000, 2), includesServiceStart: true };

  // Throughput and latency as the data grows.
  results.scaling = [];
  let existing = (await appsDb.query('select count(*)::int as n from applications')).rows[0].n;
  for (const scale of SCALES) {
    if (existing < scale) await seedApplications(appsDb, applicant.templateId, scale - existing, 'submitted');
    existing = Math.max(existing, scale);
    await appsDb.query('analyze applications');
    log(`scaling: ${scale} applications in the database: peak`);
    const peakIds = await ownDrafts(Math.ceil(results.pg.submissionRowsTxPerSec * SECONDS * 1.5) + 1000);
    const measured = await cpuShare(pipeline.running, () => load({ url, ...submitRequests(peakIds, applicant), duration: SECONDS }));
    const peak = { ...summary(measured.result), coresUsed: measured.coresUsed };
    // The peak leaves receipts still to send; half of peak is measured once they are out.
    await waitForDeliveries(notificationsDb, await receiptsOwed(appsDb), 120000);
    log(`scaling: ${scale}: half of peak (${Math.round(peak.requestsPerSec / 2)}/s)`);
    const halfRate = Math.max(1, Math.round(peak.requestsPerSec / 2));
    const half = await paced({ url, rate: halfRate, amount: halfRate * SECONDS, ids: await ownDrafts(halfRate * SECONDS), applicant });
    results.scaling.push({ applications: scale, peak, halfPeak: half });
  }
  results.rssMiB = Object.fromEntries(Object.entries(pipeline.running).map(([name, child]) => [name, round(peakRss(child.pid) ?? NaN)]));
  results.emailsReceived = sink.count;

  const first = results.scaling[0];
  const last = results.scaling[results.scaling.length - 1];
  results.ratios = {
    submissionVsRawPg: round(first.peak.requestsPerSec / results.pg.submissionRowsTxPerSec, 3),
    submissionVsEmptyEndpoint: round(first.peak.requestsPerSec / results.http.requestsPerSec, 3),
    backlogDrainVsRawConsume: round(BACKLOG / results.backlog.drainSeconds / results.kafka.consumeMsgPerSec, 4),
    throughputAtLargestVsSmallest: round(last.peak.requestsPerSec / first.peak.requestsPerSec, 3),
    p99AtLargestVsSmallest: round(last.halfPeak.p99Ms / Math.max(1, first.halfPeak.p99Ms), 3),
  };
  results.targets = {
    'submission throughput >= 0.5 x raw pg': results.ratios.submissionVsRawPg >= 0.5,
    'p99 at half of peak < 50 ms': first.halfPeak.p99Ms < 50,
    'propagation p99 < 200 ms at 100/s': results.propagation.p99 < 200,
    [`backlog of ${BACKLOG} drained < 30 s`]: results.backlog.drainSeconds < 30,
    'largest data: throughput within 20%': results.ratios.throughputAtLargestVsSmallest >= 0.8,
    'largest data: p99 within 20%': results.ratios.p99AtLargestVsSmallest <= 1.2,
    // The target is in megabytes (10^6 bytes), stricter than the mebibytes the RSS is read in.
    'every service < 250 MB RSS': Object.values(results.rssMiB).every((v) => (v * 2 ** 20) / 1e6 < 250),
  };
  results.finishedAt = new Date().toISOString();

  for (const name of Object.keys(pipeline.running)) await pipeline.stop(name);
  await appsDb.end();
  await notificationsDb.end();
  sink.server.close();
  await cleanUp();

  const outDir = path.join(__dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, PROFILE ? 'profile.json' : SMOKE ? 'smoke.json' : 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(table(results));
  if (PROFILE) {
    const { summarise } = require('./profile-summary');
    for (const file of profiles) console.log(`\n${summarise(file)}`);
  }
}

function table(r) {
  const rows = [
    ['raw pg: single-row insert transactions/s', r.pg.singleRowTxPerSec, ''],
    ['raw pg: submission rows (record + outbox) tx/s', r.pg.submissionRowsTxPerSec, 'baseline'],
    ['raw kafkajs: produce msg/s (acks=all)', r.kafka.produceMsgPerSec, ''],
    ['raw kafkajs: consume msg/s', r.kafka.consumeMsgPerSec, 'baseline'],
    ['empty NestJS endpoint: req/s', r.http.requestsPerSec, `p99 ${r.http.p99Ms} ms`],
    ...r.scaling.flatMap((s) => [
      [`submissions/s at peak (${s.applications} in db)`, s.peak.requestsPerSec, `${round(s.peak.requestsPerSec / r.pg.submissionRowsTxPerSec, 2)}x raw pg, p99 ${s.peak.p99Ms} ms, errors ${s.peak.errors}`],
      [`  at half of peak: p50/p95/p99 ms`, `${s.halfPeak.p50Ms}/${s.halfPeak.p95Ms}/${s.halfPeak.p99Ms}`, `${s.halfPeak.requestsPerSec}/s, errors ${s.halfPeak.errors}`],
    ]),
    [`commit -> receipt sent at ${r.propagation.ratePerSec}/s: p50/p95/p99 ms`, `${r.propagation.p50}/${r.propagation.p95}/${r.propagation.p99}`, `${r.propagation.count} receipts`],
    [`backlog of ${r.backlog.events} drained (s)`, r.backlog.drainSeconds, `${round(r.backlog.events / r.backlog.drainSeconds)}/s = ${r.ratios.backlogDrainVsRawConsume}x raw consume`],
    ['cores used at peak (1x data)', Object.entries(r.scaling[0].peak.coresUsed).map(([k, v]) => `${k} ${v}`).join(', '), `of ${r.machine.cpus}`],
    ['peak RSS MiB (MB)', Object.entries(r.rssMiB).map(([k, v]) => `${k} ${v} (${round((v * 2 ** 20) / 1e6)})`).join(', '), ''],
  ];
  const width = Math.max(...rows.map((x) => x[0].length));
  const lines = rows.map(([k, v, note]) => `${k.padEnd(width)}  ${String(v).padStart(14)}  ${note}`);
  const targets = Object.entries(r.targets).map(([k, ok]) => `  [${ok ? 'met' : 'MISSED'}] ${k}`);
  return [`Mutuals pipeline benchmark (${r.mode}, ${r.machine.cpus} cores, ${r.machine.cpuModel})`, ...lines, 'Targets:', ...targets].join('\n');
}

/** Deletes the bench's own topics, so the broker keeps nothing of the run. */
async function deleteBenchTopics() {
  const admin = new Kafka({ clientId: 'bench-cleanup', ...kafkaClientEnv(), brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(TOPIC_PREFIX));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    log(`removed the bench's ${topics.length} topics (${TOPIC_PREFIX}*)`);
  } finally {
    await admin.disconnect();
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanUp();
  process.exit(1);
});
