/**
 * What every scenario of the bench shares: settings, the services started from dist/ as production
 * processes, load generators, CPU and memory readings, and cleaning up.
 */
const { spawn } = require('node:child_process');
const { generateKeyPairSync } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { Kafka, logLevel } = require('kafkajs');
// The KAFKA_SASL_* and KAFKA_TLS* settings reach the bench's own clients and the services it starts;
// on the SASL broker run it as the admin (`scripts/kafka.sh env-sasl admin`): it creates topics of its own.
const { kafkaClientEnv, kafkaSecurityEnv } = require('../../scripts/kafka-client-env');
// Shared with the tests; plain JavaScript, so no build is needed.
const { inParallel } = require('../../libs/testing/src/in-parallel');
const { SMTPServer } = require('smtp-server');
const jwt = require('jsonwebtoken');

const ROOT = path.resolve(__dirname, '../..');
const SMOKE = process.argv.includes('--smoke');
// --profile: CPU profiles of the services for the whole run, in bench/results/profiles, summarised
// at the end; the figures of such a run (slowed by the sampling) go to profile.json, not latest.json.
const PROFILE = process.argv.includes('--profile');
const PROFILE_DIR = path.join(ROOT, 'bench/results/profiles');
const SEND_RATE_LIMIT_PER_MINUTE = 1_000_000;
const CONNECTIONS = 32;
const PG_SERVER = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : new URL('postgres://postgres@127.0.0.1:5432/postgres');
const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
// The bench's own signing key: its services run in production, which refuses the development key.
const BENCH_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const BENCH_KID = `bench-${Date.now()}`;
const BENCH_PUBLIC_KEYS = JSON.stringify({ keys: [{ ...BENCH_KEY.publicKey.export({ format: 'jwk' }), kid: BENCH_KID }] });
// The bench's own topics on the broker (and its own databases), so a development system on the
// same broker never sees its events; each scenario has topics of its own (bench-<time>-<scenario>.),
// all deleted when the bench ends.
const TOPIC_PREFIX = `bench-${Date.now()}`;
const topicPrefixOf = (scenario) => `${TOPIC_PREFIX}-${scenario}.`;
// Databases of the bench's own; TEST_ISOLATION keeps two people's runs on one server apart.
const DB_SUFFIX = process.env.TEST_ISOLATION ? `_${process.env.TEST_ISOLATION.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}` : '';
const benchDatabase = (name) => `mutuals_${name}_bench${DB_SUFFIX}`;
const createdDatabases = new Set();

const SCRIPTS = {
  applications: 'dist/apps/applications/apps/applications/src/main.js',
  intake: 'dist/apps/intake/apps/intake/src/main.js',
  awards: 'dist/apps/awards/apps/awards/src/main.js',
  notifications: 'dist/apps/notifications/apps/notifications/src/main.js',
};
const AUDIENCES = Object.keys(SCRIPTS);

const dbUrl = (name) => Object.assign(new URL(PG_SERVER.toString()), { pathname: `/${name}` }).toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...args) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

async function recreateDatabase(name, { create = true } = {}) {
  const admin = new Client({ connectionString: PG_SERVER.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  if (create) {
    await admin.query(`create database "${name}"`);
    createdDatabases.add(name);
  }
  await admin.end();
}

async function connect(name) {
  const client = new Client({ connectionString: dbUrl(name) });
  await client.connect();
  return client;
}

/** Leaves nothing behind: the bench's topics and databases go when it ends, whether it succeeded or not. */
async function cleanUp() {
  await deleteBenchTopics().catch((err) => log(`could not remove the bench's topics: ${err.message}`));
  for (const name of createdDatabases) await recreateDatabase(name, { create: false }).catch(() => undefined);
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

const kafkaClient = (clientId) => new Kafka({ clientId, ...kafkaClientEnv(), brokers: BROKERS, logLevel: logLevel.NOTHING });

// ---------------------------------------------------------------- processes

const profiles = [];
// Every process the bench starts, so none outlives it, whatever way it ends.
const children = new Set();
const stopChildren = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
};
process.on('exit', stopChildren);
// Interrupted: the services stop and the bench's topics and databases go, as at a normal end.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    stopChildren();
    cleanUp().finally(() => process.exit(130));
  });
}

function startProcess(name, script, env) {
  const args = PROFILE ? ['-r', path.join(ROOT, 'bench/cpu-profile-hook.js'), script] : [script];
  const profileEnv = PROFILE ? { BENCH_PROFILE_DIR: PROFILE_DIR, BENCH_PROFILE_NAME: name } : {};
  const child = spawn('node', args, { cwd: ROOT, env: { ...process.env, ...env, ...profileEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = fs.createWriteStream(path.join(ROOT, `.local/bench-${name}.log`));
  child.stdout.pipe(logFile);
  child.stderr.pipe(logFile);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function writeProfile(name, pid) {
  const file = path.join(PROFILE_DIR, `${name}-${pid}.cpuprofile`);
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(file); i += 1) await sleep(100);
  if (!fs.existsSync(file)) return log(`${name} wrote no profile within 10 s`);
  await sleep(500); // let the write finish
  profiles.push(file);
}

/** SIGTERM, as an orchestrator stops a container, and SIGKILL if the process is still there after 30 s. */
async function terminate(child, name) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`${name} did not stop within 30 s of SIGTERM: killed`);
    child.kill('SIGKILL');
  }, 30_000);
  await exited;
  clearTimeout(timer);
}

async function waitHealthy(url, seconds = 90, child) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (child && child.exitCode !== null) throw new Error(`${child.spawnargs.at(-1)} exited (${child.exitCode}) before it was ready: see .local/bench-*.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`${url} did not become ready`);
}

/** A port nobody listens on now, so runs side by side on one machine do not collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The Node.js options the image runs the services with (heap size included), from the Dockerfile. */
function imageNodeOptions() {
  const match = /NODE_OPTIONS="([^"]*)"/.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  if (!match) throw new Error('the Dockerfile sets no NODE_OPTIONS');
  return match[1];
}

/**
 * Starts the services as production processes on fresh databases of their own and the scenario's
 * own topics, `replicas` processes of each (same database and consumer group, ports of their own).
 * Services listed in `later` are set up but not started (start them with `start(name)`).
 */
async function startServices(scenario, { services, replicas = 1, smtpPort, later = [], env = {} }) {
  const run = Date.now();
  const common = {
    NODE_ENV: 'production',
    NODE_OPTIONS: imageNodeOptions(),
    AUTH_PUBLIC_KEYS: BENCH_PUBLIC_KEYS,
    LOG_LEVEL: 'warn',
    // A few subjects send thousands of calls a second: the API limit is lifted, its check still runs (docs/performance.md).
    RATE_LIMIT_API_PER_MINUTE: '1000000',
    KAFKA_BROKERS: BROKERS.join(','),
    ...kafkaSecurityEnv(),
    // Fresh consumer groups on topics of the scenario's own: nothing of other scenarios, tests or a
    // development system is replayed into the measurement, nor anything of it into them.
    KAFKA_TOPIC_PREFIX: topicPrefixOf(scenario),
  };
  const own = {
    intake: { ROUND_SCHEDULER_POLL_MS: '100' },
    notifications: {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // The default send rate is Notify's quota (3,000 a minute = 50/s); over SMTP there is no such
      // quota, so the pipeline's own capacity is measured.
      SEND_RATE_LIMIT: String(SEND_RATE_LIMIT_PER_MINUTE),
    },
  };
  const specs = {};
  for (const name of services) {
    await recreateDatabase(benchDatabase(name));
    specs[name] = [];
    for (let i = 0; i < replicas; i += 1) {
      const port = await freePort();
      specs[name].push({
        label: replicas > 1 ? `${scenario}-${name}-${i + 1}` : `${scenario}-${name}`,
        port,
        url: `http://127.0.0.1:${port}`,
        env: { ...common, ...own[name], ...env[name], PORT: String(port), DATABASE_URL: dbUrl(benchDatabase(name)), KAFKA_GROUP_ID: `${name}-bench-${run}` },
      });
    }
  }
  const running = {};
  const start = async (name) => {
    running[name] = specs[name].map((s) => startProcess(s.label, SCRIPTS[name], s.env));
    await Promise.all(specs[name].map((s, i) => waitHealthy(`${s.url}/health/ready`, 90, running[name][i])));
  };
  const stop = async (name) => {
    await Promise.all(
      (running[name] ?? []).map(async (child, i) => {
        // Nest re-raises SIGTERM, so a stopped service has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (PROFILE) await writeProfile(specs[name][i].label, child.pid);
        await terminate(child, specs[name][i].label);
      }),
    );
  };
  for (const name of services) if (!later.includes(name)) await start(name);
  return {
    running,
    urls: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, s.map((x) => x.url)])),
    url: (name) => specs[name][0].url,
    database: (name) => benchDatabase(name),
    start,
    stop,
    async restart(name) {
      await stop(name);
      await start(name);
    },
    async stopAll() {
      for (const name of Object.keys(running)) await stop(name);
    },
    /** Peak resident set of each process so far, MiB. */
    rssMiB() {
      const out = {};
      for (const [name, children] of Object.entries(running)) {
        children.forEach((child, i) => (out[children.length > 1 ? `${name} ${i + 1}` : name] = round(peakRss(child.pid) ?? NaN)));
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------- readings

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

/**
 * Where the CPU went while `work` ran: cores used per component (each service's processes summed,
 * the broker, PostgreSQL and the load generator), for the 'what limits it' analysis.
 */
async function cpuShare(running, work) {
  const parts = {};
  for (const [name, children] of Object.entries(running)) {
    const list = Array.isArray(children) ? children : [children];
    const pids = new Set(list.map((c) => c.pid));
    parts[list.length > 1 ? `${name} (${list.length} processes)` : name] = (_c, pid) => pids.has(pid);
  }
  Object.assign(parts, {
    'kafka broker': (c) => c.includes('kafka.Kafka'),
    postgresql: (c) => c.startsWith('postgres'),
    'load generator (this process)': (_c, pid) => pid === process.pid,
  });
  const before = Object.fromEntries(Object.entries(parts).map(([k, m]) => [k, cpuSeconds(m)]));
  const machineBefore = machineSeconds();
  const started = Date.now();
  const result = await work();
  const seconds = (Date.now() - started) / 1000;
  // A process that exits meanwhile (a PostgreSQL backend) takes its seconds with it: never below 0.
  const share = Object.fromEntries(Object.entries(parts).map(([k, m]) => [k, round(Math.max(0, cpuSeconds(m) - before[k]) / seconds, 2)]));
  // On a shared machine other work takes cores too: what nothing of the bench used, and what was idle.
  const machine = machineSeconds();
  const busy = (machine.busy - machineBefore.busy) / seconds;
  share['other processes'] = round(Math.max(0, busy - Object.values(share).reduce((a, b) => a + b, 0)), 2);
  share.idle = round((machine.idle - machineBefore.idle) / seconds, 2);
  return { result, coresUsed: share };
}

/** CPU seconds the whole machine spent busy and idle so far (/proc/stat). */
function machineSeconds() {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = fields[3] + fields[4];
  return { idle: idle / TICKS_PER_SECOND, busy: (fields.reduce((a, b) => a + b, 0) - idle) / TICKS_PER_SECOND };
}

function peakRss(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
  } catch {
    return null;
  }
}

/** The target is in megabytes (10^6 bytes), stricter than the mebibytes the RSS is read in. */
const under250MB = (rssMiB) => Object.values(rssMiB).every((v) => (v * 2 ** 20) / 1e6 < 250);
const formatCores = (cores) => Object.entries(cores).map(([k, v]) => `${k} ${v}`).join(', ');
const formatRss = (rssMiB) => Object.entries(rssMiB).map(([k, v]) => `${k} ${v} (${round((v * 2 ** 20) / 1e6)})`).join(', ');

// ---------------------------------------------------------------- load

/** A token for the bench's services, signed with the bench's key (every service's audience). */
function sign({ subject, roles, org, name = 'Bench', email = `${subject}@example.org` }) {
  return jwt.sign({ roles, name, email, ...(org ? { org } : {}) }, BENCH_KEY.privateKey, {
    algorithm: 'ES256', keyid: BENCH_KID, subject, issuer: 'mutuals-platform', audience: AUDIENCES, expiresIn: 300,
  });
}

/** A user whose token is re-signed once it is a few minutes old (tokens live five minutes at most). */
function benchUser(claims) {
  let token;
  let signedAt = 0;
  return {
    ...claims,
    get token() {
      if (Date.now() - signedAt > 180_000) {
        token = sign(claims);
        signedAt = Date.now();
      }
      return token;
    },
  };
}

const CALL_TIMEOUT_MS = 60_000;

/** One JSON call, over a keep-alive agent: { status, body }. */
function call(agent, baseUrl, method, route, token, body) {
  const target = new URL(baseUrl);
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent, host: target.hostname, port: target.port, method, path: route,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let parsed;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('error', (err) => resolve({ status: 0, body: { message: err.message } }));
    // A call never answered counts as an error instead of holding the run up.
    req.setTimeout(CALL_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${CALL_TIMEOUT_MS / 1000}s`)));
    req.end(payload);
  });
}

/** A call that must succeed (setting a scenario up): its body, or an error naming the call. */
async function must(agent, baseUrl, method, route, token, body) {
  const res = await call(agent, baseUrl, method, route, token, body);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const latencySummary = (latencies, elapsedSeconds, errors) => {
  const p = percentiles(latencies);
  return { requestsPerSec: round(p.count / elapsedSeconds), p50Ms: Math.round(p.p50), p95Ms: Math.round(p.p95), p99Ms: Math.round(p.p99), errors };
};

/**
 * Open-loop load at an even pace: item i is sent at start + i / rate, whatever the responses
 * before it are doing, and its latency runs from when it was due (so a stall shows in every
 * request it holds up). `send(item)` resolves to an outcome with a `status`; `ok(outcome)` says
 * whether it counts as an error. autocannon's rate limit cannot do this: each connection sends its
 * share of the second back to back and then waits for the next second.
 */
async function pacedLoad({ rate, items, send, ok = (o) => o.status >= 200 && o.status < 300, startAt }) {
  const start = startAt ?? performance.now() + 20;
  const latencies = [];
  const outcomes = new Array(items.length);
  let errors = 0;
  const sent = [];
  for (let i = 0; i < items.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(
      send(items[i]).then((outcome) => {
        latencies.push(performance.now() - due);
        outcomes[i] = { ...outcome, sentAt: Date.now() };
        if (!ok(outcome)) errors += 1;
      }),
    );
  }
  await Promise.all(sent);
  return { ...latencySummary(latencies, (performance.now() - start) / 1000, errors), outcomes };
}

/** Closed-loop load: `concurrency` workers, each sending its next item as soon as the last is answered. */
async function closedLoad({ concurrency, items, send, ok = (o) => o.status >= 200 && o.status < 300 }) {
  const latencies = [];
  const outcomes = new Array(items.length);
  let errors = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < items.length) {
        const i = next++;
        const sentAt = performance.now();
        const outcome = await send(items[i], worker);
        latencies.push(performance.now() - sentAt);
        outcomes[i] = outcome;
        if (!ok(outcome)) errors += 1;
      }
    }),
  );
  return { ...latencySummary(latencies, (performance.now() - start) / 1000, errors), outcomes };
}

function autocannonLoad(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false, outputStream: fs.createWriteStream('/dev/null') });
  });
}

const autocannonSummary = (r) => ({
  requestsPerSec: round(r.requests.average),
  p50Ms: r.latency.p50,
  p95Ms: r.latency.p97_5 ?? r.latency.p95,
  p99Ms: r.latency.p99,
  errors: r.errors + r.non2xx,
});

async function waitUntil(check, { timeoutMs, what, everyMs = 100 }) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * What a service's connections to its database do while a measurement runs, sampled every 50 ms
 * from pg_stat_activity: on average how many run a statement, how many wait for a lock (and which
 * kind), and how many sit idle in a transaction (waiting for the service's next statement).
 */
function connectionStates(database) {
  let running = true;
  const samples = [];
  const done = (async () => {
    const client = await connect('postgres');
    while (running) {
      const { rows } = await client.query(
        `select state, wait_event_type, wait_event from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        [database],
      );
      samples.push(rows);
      await sleep(50);
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await done;
      const per = (match) => round(samples.reduce((n, rows) => n + rows.filter(match).length, 0) / Math.max(1, samples.length), 2);
      const lockEvents = {};
      for (const rows of samples) for (const r of rows) if (r.wait_event_type === 'Lock') lockEvents[r.wait_event] = (lockEvents[r.wait_event] ?? 0) + 1;
      return {
        samples: samples.length,
        active: per((r) => r.state === 'active' && r.wait_event_type !== 'Lock'),
        waitingForLock: per((r) => r.wait_event_type === 'Lock'),
        idleInTransaction: per((r) => r.state === 'idle in transaction'),
        lockWaitsBy: lockEvents,
      };
    },
  };
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

module.exports = {
  ROOT, SMOKE, PROFILE, PROFILE_DIR, SEND_RATE_LIMIT_PER_MINUTE, CONNECTIONS, TOPIC_PREFIX, topicPrefixOf,
  dbUrl, sleep, log, round, percentiles, recreateDatabase, connect, cleanUp, kafkaClient, benchDatabase,
  startProcess, profiles, waitHealthy, startServices, cpuShare, peakRss, under250MB, formatCores, formatRss,
  sign, benchUser, call, must, connectionStates, inParallel, pacedLoad, closedLoad, autocannonLoad, autocannonSummary, waitUntil, smtpSink,
};

/** The baseline HTTP server (a NestJS app with one empty endpoint), on a port of its own. */
async function emptyEndpoint() {
  const port = await freePort();
  const child = startProcess('empty-endpoint', 'bench/empty-endpoint.js', { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(`${url}/ping`);
  return { url, child, stop: () => child.kill('SIGTERM') };
}

module.exports.emptyEndpoint = emptyEndpoint;
