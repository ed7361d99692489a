/**
 * The faults, each on its own schedule for the length of the run, so they overlap as real
 * incidents do: kill -9 of a random replica every few seconds, the broker stopped and started,
 * each service's database cut off in turn for 20 s, and a replica paused (SIGSTOP) for longer than
 * the consumer session timeout. Every fault is undone before the run's fault window ends.
 */
const { SERVICES } = require('./settings');
const { kafkaScript, startBroker, cutDatabase, producePoison } = require('./infra');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const between = (low, high) => low + Math.random() * (high - low);
const pick = (items) => items[Math.floor(Math.random() * items.length)];
const shuffled = (items) => [...items].sort(() => Math.random() - 0.5);

class Faults {
  constructor({ cluster, mode, log }) {
    this.cluster = cluster;
    this.mode = mode;
    this.log = log;
    this.counts = {
      kills: Object.fromEntries(SERVICES.map((s) => [s, 0])),
      brokerRestarts: 0,
      /** Seconds from each stop to the broker answering again (stopping and starting included). */
      brokerAwaySeconds: [],
      databaseCuts: Object.fromEntries(SERVICES.map((s) => [s, 0])),
      sessionsTerminated: 0,
      pauses: Object.fromEntries(SERVICES.map((s) => [s, 0])),
      poisonedMessages: 0,
    };
    this.timeline = [];
    this.brokerDown = false;
  }

  note(kind, target, detail = '') {
    this.timeline.push({ at: Date.now(), kind, target, detail });
    this.log(`fault: ${kind} ${target} ${detail}`.trim());
  }

  /** Runs every fault schedule until `endsAt`; resolves once every fault has been undone. */
  run(startsAt, endsAt, poison) {
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    return Promise.all([this.kills(), this.databaseCuts(), this.brokerRestarts(), this.pauses(), this.poison(poison)]);
  }

  /** Whether a fault lasting `ms`, started now, ends inside the window. */
  fits(ms) {
    return Date.now() + ms <= this.endsAt;
  }

  async waitUntil(offsetMs) {
    await sleep(Math.max(0, this.startsAt + offsetMs - Date.now()));
  }

  /** Waits before the next fault of a kind, but never past the end of the window. */
  async rest(ms) {
    await sleep(Math.max(0, Math.min(ms, this.endsAt - Date.now())));
  }

  /**
   * A replica that can go without taking its service down: it and its sibling are live (a replica
   * still starting, or unable to start while the broker or its database is away, does not count).
   */
  expendable() {
    return this.cluster.replicas.filter((r) => this.cluster.ofService(r.service).every((s) => s.live));
  }

  async kills() {
    const [low, high] = this.mode.killEveryMs;
    for (;;) {
      await this.rest(between(low, high));
      if (!this.fits(this.mode.restartAfterMs)) return;
      const victim = pick(this.expendable());
      if (!victim || !victim.kill()) continue;
      this.counts.kills[victim.service] += 1;
      this.note('kill -9', victim.name);
    }
  }

  async databaseCuts() {
    await this.waitUntil(this.mode.firstCutAtMs);
    const cuts = [];
    for (let order = shuffled(SERVICES); ; order = shuffled(SERVICES)) {
      for (const service of order) {
        if (!this.fits(this.mode.databaseCutMs)) return Promise.all(cuts);
        this.counts.databaseCuts[service] += 1;
        this.note('database cut', service, `${this.mode.databaseCutMs / 1000}s`);
        cuts.push(
          cutDatabase(service, this.mode.databaseCutMs).then((terminated) => {
            this.counts.sessionsTerminated += terminated;
            this.note('database back', service, `${terminated} sessions terminated`);
          }),
        );
        await this.rest(this.mode.databaseCutEveryMs);
      }
    }
  }

  async brokerRestarts() {
    await this.waitUntil(this.mode.firstBrokerRestartAtMs);
    // Stopping (graceful) and starting take a few seconds each on top of the time it is down.
    while (this.fits(this.mode.brokerDownMs + 30000)) {
      this.brokerDown = true;
      const stoppedAt = Date.now();
      this.note('broker stop', 'kafka');
      await kafkaScript('stop');
      await sleep(this.mode.brokerDownMs);
      await startBroker();
      this.brokerDown = false;
      this.counts.brokerRestarts += 1;
      this.counts.brokerAwaySeconds.push(Math.round((Date.now() - stoppedAt) / 1000));
      this.note('broker started', 'kafka');
      await this.rest(this.mode.brokerRestartEveryMs);
    }
  }

  async pauses() {
    await this.waitUntil(this.mode.firstPauseAtMs);
    while (this.fits(this.mode.pauseMs)) {
      const victim = pick(this.expendable());
      if (victim?.pause()) {
        this.counts.pauses[victim.service] += 1;
        this.note('pause (SIGSTOP)', victim.name, `${this.mode.pauseMs / 1000}s`);
        await sleep(this.mode.pauseMs);
        victim.resume();
        this.note('resume (SIGCONT)', victim.name);
      }
      await this.rest(victim ? this.mode.pauseEveryMs : 1000);
    }
  }

  /** The deliberately poisoned messages, sent once part-way through (when the broker is up). */
  async poison(messages) {
    await this.waitUntil(this.mode.poisonAtMs);
    for (;;) {
      try {
        if (!this.brokerDown) {
          await producePoison(messages);
          this.counts.poisonedMessages += messages.length;
          this.note('poisoned messages', messages.map((m) => m.topic).join(', '));
          return;
        }
      } catch (err) {
        this.log(`poison: ${err.message}; trying again`);
      }
      await sleep(1000);
    }
  }

  /** Faults in total, by kind. */
  summary() {
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    return {
      kills: sum(this.counts.kills),
      brokerRestarts: this.counts.brokerRestarts,
      databaseCuts: sum(this.counts.databaseCuts),
      pauses: sum(this.counts.pauses),
      poisonedMessages: this.counts.poisonedMessages,
    };
  }
}

module.exports = { Faults };
