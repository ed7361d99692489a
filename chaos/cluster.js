/**
 * The services under test: two replicas of each, run from the build, supervised as an orchestrator
 * would: a replica that exits (killed, or crashed on its own) is started again after a short delay.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, SERVICES, REPLICAS, KAFKA_BROKERS, LOG_DIR, databaseUrl, groupId, portOf } = require('./settings');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mainOf = (service) => path.join(ROOT, `dist/apps/${service}/apps/${service}/src/main.js`);

/** The Node.js options the image runs the services with (heap size included), from the Dockerfile. */
function imageNodeOptions() {
  const match = /NODE_OPTIONS="([^"]*)"/.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  return match ? match[1] : '';
}

function serviceEnv(service, port, smtpUrl) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    NODE_OPTIONS: imageNodeOptions(),
    PORT: String(port),
    DATABASE_URL: databaseUrl(service),
    KAFKA_BROKERS,
    KAFKA_GROUP_ID: groupId(service),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    OUTBOX_POLL_MS: '100',
    ROUND_SCHEDULER_POLL_MS: '200',
    SMTP_URL: smtpUrl,
    // Over SMTP there is no provider quota; the limit must not hold messages back in the count.
    SEND_RATE_LIMIT: '1000000',
    // The mixed load uses a few subjects: the API limit is lifted (its check still runs).
    RATE_LIMIT_API_PER_MINUTE: '1000000',
  };
}

class Replica {
  constructor(cluster, service, index, smtpUrl) {
    this.cluster = cluster;
    this.service = service;
    this.index = index;
    this.port = portOf(service, index);
    this.name = `${service}-${index + 1}`;
    this.env = serviceEnv(service, this.port, smtpUrl);
    this.child = null;
    this.paused = false;
    /** Answering /health/live lately: its HTTP server is up (not starting, not paused). */
    this.live = false;
    /** Starts in a row that exited before the replica ever answered. */
    this.failedStarts = 0;
    this.starts = 0;
    this.log = fs.createWriteStream(path.join(LOG_DIR, `${this.name}.log`), { flags: 'a' });
  }

  get running() {
    return this.child !== null;
  }

  start() {
    this.starts += 1;
    this.log.write(`\n--- start ${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [mainOf(this.service)], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.child = child;
    this.paused = false;
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      this.live = false;
      this.log.write(`--- exit code ${code} signal ${signal} at ${new Date().toISOString()}\n`);
      this.cluster.exited(this, child);
    });
  }

  /** kill -9: no shutdown hooks, no flush, whatever was in flight is cut off. */
  kill() {
    if (!this.child) return false;
    this.child.killedByChaos = true;
    this.child.kill('SIGKILL');
    this.live = false;
    return true;
  }

  pause() {
    if (!this.child) return false;
    this.child.kill('SIGSTOP');
    this.paused = true;
    this.live = false;
    return true;
  }

  resume() {
    if (this.child && this.paused) this.child.kill('SIGCONT');
    this.paused = false;
  }

  async checkLive() {
    const child = this.child;
    if (!child || this.paused) return;
    let answered = false;
    try {
      answered = (await fetch(`http://127.0.0.1:${this.port}/health/live`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {}
    // An answer that was already on its way when the replica was killed or paused does not count.
    this.live = answered && this.child === child && !child.killedByChaos && !this.paused;
    if (this.live) this.failedStarts = 0;
  }

  async ready() {
    try {
      return (await fetch(`http://127.0.0.1:${this.port}/health/ready`, { signal: AbortSignal.timeout(3000) })).ok;
    } catch {
      return false;
    }
  }
}

class Cluster {
  constructor({ smtpUrl, restartAfterMs }) {
    fs.mkdirSync(LOG_DIR, { recursive: true });
    this.restartAfterMs = restartAfterMs;
    this.stopping = false;
    this.replicas = SERVICES.flatMap((service) => Array.from({ length: REPLICAS }, (_, i) => new Replica(this, service, i, smtpUrl)));
    /** Exits nobody asked for (a crash, or a start that failed during an outage), by service. */
    this.crashes = Object.fromEntries(SERVICES.map((s) => [s, 0]));
    this.restarts = 0;
  }

  ofService(service) {
    return this.replicas.filter((r) => r.service === service);
  }

  portsOf(service) {
    return this.ofService(service).map((r) => r.port);
  }

  startAll() {
    for (const replica of this.replicas) replica.start();
    this.watch = setInterval(() => this.replicas.forEach((r) => r.checkLive()), 1000);
  }

  async waitReady(timeoutMs, replicas = this.replicas) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(replicas.map((r) => r.ready()));
      if (states.every(Boolean)) return;
      if (Date.now() > deadline) {
        const late = replicas.filter((_, i) => !states[i]).map((r) => r.name);
        throw new Error(`not ready after ${timeoutMs / 1000}s: ${late.join(', ')} (logs in ${path.relative(ROOT, LOG_DIR)})`);
      }
      await sleep(500);
    }
  }

  /**
   * Every exit leads to a restart after a short delay, until the run stops the cluster. A replica
   * that keeps exiting before it ever answers (it cannot start while the broker or its database
   * is away) backs off, doubling up to 30 s as a crash-looping pod would, so that its start-ups do
   * not take the machine's two cores from the broker and database it is waiting for.
   */
  exited(replica, child) {
    if (this.stopping) return;
    if (!child.killedByChaos) this.crashes[replica.service] += 1;
    const delay = Math.min(this.restartAfterMs * 2 ** replica.failedStarts, 30000);
    replica.failedStarts += 1;
    setTimeout(() => {
      if (this.stopping || replica.running) return;
      this.restarts += 1;
      replica.start();
    }, delay);
  }

  /** Last resort when the run itself dies: no replica may outlive it. Synchronous, for process 'exit'. */
  killAll() {
    this.stopping = true;
    for (const replica of this.replicas) {
      replica.resume();
      replica.child?.kill('SIGKILL');
    }
  }

  async stopAll() {
    this.stopping = true;
    clearInterval(this.watch);
    await Promise.all(
      this.replicas.map(async (replica) => {
        const child = replica.child;
        if (!child) return;
        const exited = new Promise((r) => child.once('exit', r));
        replica.resume();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(timer);
      }),
    );
    for (const replica of this.replicas) replica.log.end();
  }
}

module.exports = { Cluster, mainOf };
