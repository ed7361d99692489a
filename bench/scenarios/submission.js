/**
 * The submission pipeline end to end (HTTP -> PostgreSQL + outbox -> Kafka -> notifications ->
 * SMTP), with raw PostgreSQL, Kafka and HTTP baselines measured in the same run: peak and half-peak
 * submissions, commit-to-receipt propagation, a backlog drained, and 1x/10x/100x data.
 */
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { Pool } = require('pg');
const { Partitioners } = require('kafkajs');
const {
  SMOKE, CONNECTIONS, dbUrl, sleep, log, round, percentiles, recreateDatabase, connect, kafkaClient, benchDatabase, startServices,
  cpuShare, under250MB, formatCores, formatRss, benchUser, call, must, pacedLoad, autocannonLoad, autocannonSummary, emptyEndpoint,
} = require('../lib/common');

const SECONDS = SMOKE ? 2 : 10;
const SCALES = SMOKE ? [100, 1000] : [1000, 10000, 100000];
const BACKLOG = SMOKE ? 500 : 10000;
const STEADY_RATE = 100;
const WARM_UP_SECONDS = SMOKE ? 1 : 3;
const SUBMITTED_TYPE = 'applications.application.submitted.v1';
const SUBMITTED_TOPIC = 'applications.application.v1';
const RAW_DB = benchDatabase('raw');

// ---------------------------------------------------------------- baselines

/** Raw pg: concurrent transactions, each writing the rows a submission writes (the record and one outbox row). */
async function pgBaseline() {
  await recreateDatabase(RAW_DB);
  const pool = new Pool({ connectionString: dbUrl(RAW_DB), max: CONNECTIONS });
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
  const kafka = kafkaClient('bench');
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

async function httpBaseline() {
  const endpoint = await emptyEndpoint();
  const result = await autocannonLoad({ url: `${endpoint.url}/ping`, duration: SECONDS });
  endpoint.stop();
  return autocannonSummary(result);
}

/** Submissions of the applicant's drafts at an even pace (see pacedLoad). */
async function paced({ url, rate, amount, ids, applicant }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const items = [];
  for (let i = 0; i < amount; i++) {
    const id = ids.pop();
    if (!id) throw new Error('ran out of drafts');
    items.push(id);
  }
  const token = applicant.token;
  const { outcomes, ...figures } = await pacedLoad({ rate, items, send: (id) => call(agent, url, 'POST', `/applications/${id}/submit`, token, { version: applicant.version }) });
  agent.destroy();
  return figures;
}

// ---------------------------------------------------------------- the pipeline

/**
 * One organisation, one open fund and one complete draft made through the API, as an applicant
 * would; every other application is a copy of that draft written directly, so seeding 100,000
 * rows takes seconds and the copies pass the same submission checks.
 */
async function prepareApplicant(url) {
  const organisationId = randomUUID();
  const applicant = benchUser({ subject: 'bench', roles: ['applicant'], org: organisationId });
  const officer = benchUser({ subject: 'bench-officer', roles: ['programme_officer'] });
  const agent = new http.Agent({ keepAlive: true });
  const callAs = (user, method, route, body) => must(agent, url, method, route, user.token, body);
  await callAs(applicant, 'POST', '/organisations', {
    name: 'Bench Mutual',
    type: 'live-mutual',
    legalForm: 'company-limited-by-guarantee',
    parentBody: 'Bench Borough Council',
    servicesInScope: ['Adult social care'],
    employeeSharePercent: 100,
    stillOnOriginalContract: true,
  });
  const fund = await callAs(officer, 'POST', '/funds', {
    name: `Bench Support Fund ${Date.now()}`,
    capPerApplicationPence: 2_500_000,
    budgetPence: 100_000_000_000,
    open: true,
    matchFundingRequired: false,
    questions: [],
  });
  const draft = await callAs(applicant, 'POST', '/applications', {
    fundId: fund.id,
    title: 'Legal and pensions advice for our staff transfer',
    supportTypes: ['hr-and-pensions'],
    amountRequestedPence: 2_500_000,
    subsidyReceivedPence: 0,
    servicesDeliveredInEngland: true,
  });
  agent.destroy();
  // Tokens live five minutes at most: each run of load reads a fresh one.
  return { get token() { return applicant.token; }, templateId: draft.id, version: draft.version };
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

async function run({ sink }) {
  const results = {};
  log('baseline: raw PostgreSQL transactions');
  results.pg = await pgBaseline();
  log('baseline: raw Kafka produce and consume');
  results.kafka = await kafkaBaseline();
  log('baseline: empty NestJS endpoint');
  results.http = await httpBaseline();

  log('starting applications and notifications');
  const pipeline = await startServices('submission', { services: ['applications', 'notifications'], smtpPort: sink.port });
  const appsDb = await connect(pipeline.database('applications'));
  const notificationsDb = await connect(pipeline.database('notifications'));
  const url = pipeline.url('applications');
  const emailsBefore = sink.count;
  const applicant = await prepareApplicant(url);
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
  await autocannonLoad({ url, ...submitRequests([...backlogIds], applicant), amount: BACKLOG });
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
    const measured = await cpuShare(pipeline.running, () => autocannonLoad({ url, ...submitRequests(peakIds, applicant), duration: SECONDS }));
    const peak = { ...autocannonSummary(measured.result), coresUsed: measured.coresUsed };
    // The peak leaves receipts still to send; half of peak is measured once they are out.
    await waitForDeliveries(notificationsDb, await receiptsOwed(appsDb), 120000);
    log(`scaling: ${scale}: half of peak (${Math.round(peak.requestsPerSec / 2)}/s)`);
    const halfRate = Math.max(1, Math.round(peak.requestsPerSec / 2));
    const half = await paced({ url, rate: halfRate, amount: halfRate * SECONDS, ids: await ownDrafts(halfRate * SECONDS), applicant });
    results.scaling.push({ applications: scale, peak, halfPeak: half });
  }
  results.rssMiB = pipeline.rssMiB();
  results.emailsReceived = sink.count - emailsBefore;

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
    'every service < 250 MB RSS': under250MB(results.rssMiB),
  };
  await pipeline.stopAll();
  await appsDb.end();
  await notificationsDb.end();
  return results;
}

function rows(r) {
  return [
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
    ['cores used at peak (1x data)', formatCores(r.scaling[0].peak.coresUsed), ''],
    ['peak RSS MiB (MB)', formatRss(r.rssMiB), ''],
  ];
}

module.exports = {
  name: 'submission',
  title: 'Submission pipeline (applications -> notifications)',
  run,
  rows,
};
