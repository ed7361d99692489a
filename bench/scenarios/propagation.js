/**
 * Multi-hop propagation at a steady 20 bids/s: each bid's way through the platform, hop by hop,
 * from the times each service records (all on the one PostgreSQL clock): submitted -> receipt
 * sent (intake -> notifications), screened -> case opened (intake -> awards), case opened ->
 * assessors allocated (awards), allocated -> the assessors' emails sent (awards -> notifications).
 * Baseline in the same run: one raw Kafka hop (produce with acks=all -> consumed) at the same rate.
 */
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Partitioners } = require('kafkajs');
const { SMOKE, log, round, percentiles, connect, kafkaClient, cpuShare, under250MB, formatCores, formatRss, pacedLoad, sleep, topicPrefixOf, connectionStates } = require('../lib/common');
const { BidProgramme, wholeSecondsFromNow, waitForBidsThrough } = require('../lib/bid-programme');

const RATE = 20;
const SECONDS = SMOKE ? 3 : 30;
const WARM_UP_SECONDS = SMOKE ? 1 : 3;

/** One Kafka hop at the same pace: each message produced on its own (acks=all), timed until a consumer has it. */
async function kafkaHopBaseline() {
  const kafka = kafkaClient('bench-hop');
  const topic = `${topicPrefixOf('propagation')}raw-hop.v1`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-hop-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const sentAt = new Map();
  const latencies = [];
  let resolveAll;
  const all = new Promise((r) => (resolveAll = r));
  const total = RATE * SECONDS;
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key.toString();
      if (key === 'ready' || !sentAt.has(key)) return;
      latencies.push(performance.now() - sentAt.get(key));
      if (latencies.length === total) resolveAll();
    },
  });
  // Until the consumer has its partitions, a message would wait for the group to form.
  await sleep(SMOKE ? 3000 : 5000);
  const value = JSON.stringify({ specversion: '1.0', id: randomUUID(), type: 'intake.bid.screened.v1', data: { text: 'x'.repeat(800) } });
  await pacedLoad({
    rate: RATE,
    items: Array.from({ length: total }, (_, i) => String(i)),
    send: async (key) => {
      sentAt.set(key, performance.now());
      await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      return { status: 200 };
    },
  });
  await Promise.race([all, sleep(30000)]);
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const p = percentiles(latencies);
  return { messages: p.count, p50: round(p.p50), p95: round(p.p95), p99: round(p.p99) };
}

const ms = (a, b) => a.getTime() - b.getTime();
const hop = (values) => {
  const p = percentiles(values);
  return { count: p.count, p50: p.p50, p95: p.p95, p99: p.p99, max: p.max };
};

async function run({ platform }) {
  const services = await platform();
  const intakeDb = await connect(services.database('intake'));
  const awardsDb = await connect(services.database('awards'));
  const notificationsDb = await connect(services.database('notifications'));
  const results = { ratePerSec: RATE, seconds: SECONDS };

  log(`propagation: baseline, one raw Kafka hop at ${RATE}/s`);
  results.rawKafkaHopMs = await kafkaHopBaseline();

  const programme = new BidProgramme(services, awardsDb, 'propagation');
  const bids = RATE * (WARM_UP_SECONDS + SECONDS);
  await programme.create(100_000_000_000);
  await programme.openRounds(bids, wholeSecondsFromNow(3600));
  const drafts = await programme.drafts(bids);
  await programme.panel(bids);
  await programme.settingsInAwards();
  const warmUp = drafts.slice(0, RATE * WARM_UP_SECONDS);
  const measuredDrafts = drafts.slice(warmUp.length);

  // The warm-up is not counted: the first bids open the services' SMTP connections and compile their hot paths.
  log(`propagation: ${RATE} bids/s, ${WARM_UP_SECONDS}s of warm-up then ${SECONDS}s measured`);
  await pacedLoad({ rate: RATE, items: warmUp, send: (d) => programme.submit(d) });
  await waitForBidsThrough({ bidIds: warmUp.map((d) => d.bidId), intakeDb, awardsDb, notificationsDb, timeoutMs: 60000 });
  const states = { intake: connectionStates(services.database('intake')), awards: connectionStates(services.database('awards')) };
  const measured = await cpuShare(services.running, () => pacedLoad({ rate: RATE, items: measuredDrafts, send: (d) => programme.submit(d) }));
  const connections = { intake: await states.intake.stop(), awards: await states.awards.stop() };
  const { outcomes, ...submissions } = measured.result;
  const bidIds = measuredDrafts.filter((_, i) => outcomes[i].status === 200).map((d) => d.bidId);
  await waitForBidsThrough({ bidIds, intakeDb, awardsDb, notificationsDb, timeoutMs: 60000 });

  const { rows: bidRows } = await intakeDb.query('select id, submitted_at, screened_at from bids where id = any($1::uuid[])', [bidIds]);
  const { rows: caseRows } = await awardsDb.query(
    `select c.source_id::text as bid_id, c.opened_at, max(a.allocated_at) as allocated_at from cases c join allocations a on a.case_id = c.id
     where c.source = 'bid' and c.source_id = any($1::uuid[]) group by c.source_id, c.opened_at`,
    [bidIds],
  );
  const { rows: emailRows } = await notificationsDb.query(
    `select subject_id, template_id, max(sent_at) as sent_at from deliveries
     where subject_id = any($1::text[]) and template_id in ('bid-received', 'assessor-allocated') and status = 'sent' group by subject_id, template_id`,
    [bidIds],
  );
  const cases = new Map(caseRows.map((r) => [r.bid_id, r]));
  const emails = new Map(emailRows.map((r) => [`${r.subject_id} ${r.template_id}`, r.sent_at]));
  const hops = { receipt: [], cased: [], allocated: [], assessorEmails: [], endToEnd: [] };
  for (const b of bidRows) {
    const c = cases.get(b.id);
    const receipt = emails.get(`${b.id} bid-received`);
    const assessorEmails = emails.get(`${b.id} assessor-allocated`);
    hops.receipt.push(ms(receipt, b.submitted_at));
    hops.cased.push(ms(c.opened_at, b.screened_at));
    hops.allocated.push(ms(c.allocated_at, c.opened_at));
    hops.assessorEmails.push(ms(assessorEmails, c.allocated_at));
    hops.endToEnd.push(ms(assessorEmails, b.submitted_at));
  }
  results.submissions = { ...submissions, coresUsed: measured.coresUsed, connections };
  results.hopsMs = Object.fromEntries(Object.entries(hops).map(([k, v]) => [k, hop(v)]));
  results.rssMiB = services.rssMiB();
  const perHop = ['receipt', 'cased', 'allocated', 'assessorEmails'];
  results.targets = {
    [`every bid through (${bidIds.length} of ${measuredDrafts.length})`]: bidIds.length === measuredDrafts.length,
    [`per hop p99 < 200 ms at ${RATE}/s`]: perHop.every((k) => results.hopsMs[k].p99 < 200),
    'every service < 250 MB RSS': under250MB(results.rssMiB),
  };
  programme.close();
  await intakeDb.end();
  await awardsDb.end();
  await notificationsDb.end();
  return results;
}

function rows(r) {
  const h = (k) => `${r.hopsMs[k].p50}/${r.hopsMs[k].p95}/${r.hopsMs[k].p99}`;
  return [
    [`raw Kafka hop at ${r.ratePerSec}/s: p50/p95/p99 ms`, `${r.rawKafkaHopMs.p50}/${r.rawKafkaHopMs.p95}/${r.rawKafkaHopMs.p99}`, 'baseline'],
    [`bid submit at ${r.ratePerSec}/s: p50/p95/p99 ms`, `${r.submissions.p50Ms}/${r.submissions.p95Ms}/${r.submissions.p99Ms}`, `errors ${r.submissions.errors}`],
    ['submitted -> receipt sent: p50/p95/p99 ms', h('receipt'), `${r.hopsMs.receipt.count} bids`],
    ['screened -> case opened: p50/p95/p99 ms', h('cased'), ''],
    ['case opened -> assessors allocated', h('allocated'), 'one transaction'],
    ["allocated -> assessors' emails sent", h('assessorEmails'), ''],
    ["submitted -> last assessor's email sent", h('endToEnd'), ''],
    ['cores used', formatCores(r.submissions.coresUsed), ''],
    ...Object.entries(r.submissions.connections).map(([service, c]) => [
      `${service}'s connections: running/waiting for a lock/idle in tx`,
      `${c.active}/${c.waitingForLock}/${c.idleInTransaction}`,
      `on average; lock waits ${JSON.stringify(c.lockWaitsBy)}`,
    ]),
    ['peak RSS MiB (MB)', formatRss(r.rssMiB), ''],
  ];
}

module.exports = { sharesPlatform: true, name: 'propagation', title: 'Multi-hop propagation (bid -> receipt, case, allocation, assessor emails) at 20/s', run, rows };
