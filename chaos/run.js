#!/usr/bin/env node
/**
 * The chaos suite: two replicas of each service on their own broker and databases, a mixed load,
 * faults (kill -9, broker restarts, database cuts, consumer pauses, poisoned messages), then a
 * reconciliation of what every service recorded.
 *   node chaos/run.js            full run, ten minutes of faults; writes docs/reliability.md
 *   node chaos/run.js --short    about two minutes (part of npm test)
 * Prints a table, writes .local/chaos/<mode>.json, exits 1 when anything is lost, duplicated,
 * inconsistent or dead-lettered without being poisoned (2 when the run itself could not be made).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, SERVICES, MODES, LOG_DIR, RESULTS_DIR, KAFKA_PORT, KAFKA_BROKERS, budgetsFor, groupId } = require('./settings');
const { Cluster, mainOf } = require('./cluster');
const infra = require('./infra');
const { SmtpSink } = require('./smtp-sink');
const { HttpStats } = require('./api');
const { Load } = require('./load');
const { Faults } = require('./faults');
const { reconcile } = require('./reconcile');
const { table, markdown } = require('./report');

const MODE_NAME = process.argv.includes('--short') ? 'short' : 'full';
const MODE = MODES[MODE_NAME];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
const log = (...args) => console.error(`[chaos ${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s]`, ...args);

/** Quiet: every replica ready, every outbox published, no group behind, no message waiting to be sent. */
async function quietness(cluster, dbs, subscribed) {
  const count = async (service, sql) => (await dbs[service].query(sql)).rows[0].n;
  const ready = (await Promise.all(cluster.replicas.map((r) => r.ready()))).filter(Boolean).length;
  const outbox = {};
  for (const service of ['applications', 'intake', 'awards']) outbox[service] = await count(service, 'select count(*)::int as n from outbox_messages where published_at is null');
  const unsent = await count('notifications', `select count(*)::int as n from deliveries where status in ('created', 'sending', 'temporary-failure')`);
  const lag = await infra.consumerLag(subscribed);
  const quiet = ready === cluster.replicas.length && Object.values(outbox).every((n) => n === 0) && unsent === 0 && Object.values(lag).every((n) => n === 0);
  return { quiet, ready, outbox, unsent, lag };
}

/** Waits (bounded) for three quiet checks in a row; the time to recover runs from `since` to the first of them. */
async function settle(cluster, dbs, subscribed, since) {
  let quietSince = null;
  let quietChecks = 0;
  let state;
  while (Date.now() - since < MODE.settleTimeoutMs) {
    try {
      state = await quietness(cluster, dbs, subscribed);
    } catch (err) {
      state = { quiet: false, error: err.message };
    }
    if (state.quiet) {
      quietSince ??= Date.now();
      if ((quietChecks += 1) === 3) return { settled: true, seconds: (quietSince - since) / 1000, state };
    } else {
      quietSince = null;
      quietChecks = 0;
    }
    await sleep(1000);
  }
  return { settled: false, seconds: MODE.settleTimeoutMs / 1000, state };
}

async function main() {
  const missing = SERVICES.filter((s) => !fs.existsSync(mainOf(s)));
  if (missing.length > 0) {
    console.error(`chaos: build the services first (npm run build); no build of ${missing.join(', ')}`);
    process.exit(2);
  }
  const runId = Date.now().toString(36);
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });

  log(`${MODE_NAME} run ${runId}: a fresh broker on ${KAFKA_BROKERS} and fresh databases`);
  await infra.kafkaScript('reset');
  await infra.startBroker();
  await infra.createCatalogueTopics();
  await infra.recreateDatabases();
  const sink = await new SmtpSink().start();
  const cluster = new Cluster({ smtpUrl: sink.url, restartAfterMs: MODE.restartAfterMs });
  let dbs;
  let cleanedUp = false;
  const cleanUp = async () => {
    cleanedUp = true;
    await cluster.stopAll().catch(() => undefined);
    await infra.allowAllConnections().catch(() => undefined);
    await Promise.all(Object.values(dbs ?? {}).map((db) => db.end().catch(() => undefined)));
    await sink.stop().catch(() => undefined);
    await infra.kafkaScript('stop').catch(() => undefined);
  };
  process.once('SIGINT', () => cleanUp().finally(() => process.exit(130)));
  // Should the run itself crash, its replicas and broker must not outlive it (the next run drops
  // the databases, so one left cut off does not matter).
  process.once('exit', () => {
    if (cleanedUp) return;
    cluster.killAll();
    spawnSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'stop'], { env: { ...process.env, KAFKA_PORT: String(KAFKA_PORT), KAFKA_BROKERS }, stdio: 'ignore' });
  });

  try {
    log('starting two replicas of each service');
    cluster.startAll();
    await cluster.waitReady(240000);
    log('setting up: contacts, assessors, a fund and a bid programme');
    const stats = new HttpStats();
    const budgets = budgetsFor(MODE);
    const load = new Load({ cluster, stats, runId, budgets, log });
    await load.setup();
    const faultWindowMs = MODE.faultSeconds * 1000;
    await load.openRound(Date.now() + faultWindowMs * MODE.roundClosesAtShare);
    // Which groups read which topics, as the members told the broker: the dead letters a poisoned message is owed.
    const subscribed = await infra.subscriptions();
    const poison = infra.poisonMessages(runId);

    log(`load and faults for ${MODE.faultSeconds} s; the round closes at ${new Date(load.roundClosesAt).toISOString()}`);
    const faults = new Faults({ cluster, mode: MODE, log });
    const startsAt = Date.now();
    const endsAt = startsAt + faultWindowMs;
    load.start(MODE);
    // The machine's load during the faults: on a shared two-core box it decides how long starts take.
    const loads = [];
    const progress = setInterval(() => {
      loads.push(os.loadavg()[0]);
      const done = Object.values(load.tally.kinds).reduce((n, k) => n + k.done, 0);
      log(`progress: ${done} operations done, ${cluster.replicas.filter((r) => r.live).length}/8 replicas live, ${sink.received.length} emails`);
    }, 15000);
    await faults.run(startsAt, endsAt, poison);
    await sleep(Math.max(0, endsAt - Date.now()));
    clearInterval(progress);
    const faultsEndedAt = Date.now();
    log('faults over; stopping the load and waiting for the system to settle');
    await load.stop();
    dbs = await infra.openServiceDatabases();
    const recovery = await settle(cluster, dbs, subscribed, faultsEndedAt);
    log(recovery.settled ? `settled ${recovery.seconds.toFixed(1)} s after the last fault` : `not settled after ${recovery.seconds} s: ${JSON.stringify(recovery.state)}`);

    log('reconciling');
    const deadLetters = await infra.readDeadLetters();
    const verdict = await reconcile({ dbs, mails: sink.received, deadLetters, poison, subscribed });
    const passed = recovery.settled && verdict.lost + verdict.duplicated + verdict.inconsistent + verdict.deadLetters === 0;
    const results = {
      mode: MODE_NAME,
      runId,
      startedAt: new Date(started).toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        loadAverage: Math.round((loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)) * 10) / 10,
      },
      settings: MODE,
      budgets,
      faults: { counts: faults.counts, summary: faults.summary(), timeline: faults.timeline.map((t) => ({ ...t, at: Math.round((t.at - startsAt) / 100) / 10 })) },
      crashes: cluster.crashes,
      restarts: cluster.restarts,
      operations: { kinds: load.tally.kinds, http: stats },
      recovery,
      verdict: { lost: verdict.lost, duplicated: verdict.duplicated, inconsistent: verdict.inconsistent, deadLetters: verdict.deadLetters },
      checks: verdict.checks,
      figures: verdict.figures,
      subscriptions: Object.fromEntries(SERVICES.map((s) => [s, subscribed[groupId(s)] ?? []])),
      passed,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const out = process.env.CHAOS_RESULTS_FILE || path.join(RESULTS_DIR, `${MODE_NAME}.json`);
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    if (MODE_NAME === 'full') fs.writeFileSync(path.join(ROOT, 'docs/reliability.md'), markdown(results));
    console.log(table(results));
    return passed ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
