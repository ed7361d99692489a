/**
 * What a chaos run starts and how hard it pushes: the full run (`npm run chaos`, ten minutes of
 * faults) and the short one (`-- --short`, about two minutes, part of `npm test`).
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['applications', 'intake', 'awards', 'notifications'];
const REPLICAS = 2;

/**
 * Its own broker, databases, ports and consumer groups: nothing else on the machine is touched.
 * TEST_ISOLATION (as for the other tests) gives a parallel run (another checkout's npm test) its
 * own set: databases named after it, and a broker and ports in a slot derived from it.
 */
const ISOLATION = (process.env.TEST_ISOLATION ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
const SLOT = ISOLATION ? 1 + ([...ISOLATION].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 7) % 45) : 0;
const KAFKA_PORT = 19092 + SLOT * 10;
const KAFKA_BROKERS = `127.0.0.1:${KAFKA_PORT}`;
const PG_SERVER = process.env.CHAOS_DATABASE_SERVER || 'postgres://postgres@127.0.0.1:5432/postgres';
const FIRST_PORT = 4101 + SLOT * 100;

const databaseName = (service) => `mutuals_${service}_chaos${ISOLATION ? `_${ISOLATION}` : ''}`;
const databaseUrl = (service) => Object.assign(new URL(PG_SERVER), { pathname: `/${databaseName(service)}` }).toString();
const groupId = (service) => `chaos-${service}`;
/** applications 4101-4102, intake 4111-4112, awards 4121-4122, notifications 4131-4132. */
const portOf = (service, index) => FIRST_PORT + SERVICES.indexOf(service) * 10 + index;

const SECOND = 1000;

/**
 * Fault cadence. The pause outlasts the consumer session timeout (30 s in
 * libs/messaging/src/kafka-microservice.ts), so the group rebalances without the paused member.
 */
const MODES = {
  full: {
    faultSeconds: 600,
    killEveryMs: [4 * SECOND, 8 * SECOND],
    restartAfterMs: 2 * SECOND,
    // Each service's database is cut in turn, one every 45 s: about three cuts per service.
    databaseCutMs: 20 * SECOND,
    databaseCutEveryMs: 45 * SECOND,
    firstCutAtMs: 20 * SECOND,
    brokerDownMs: 10 * SECOND,
    brokerRestartEveryMs: 150 * SECOND,
    firstBrokerRestartAtMs: 60 * SECOND,
    pauseMs: 40 * SECOND,
    pauseEveryMs: 90 * SECOND,
    firstPauseAtMs: 35 * SECOND,
    poisonAtMs: 180 * SECOND,
    // Load: a new applicant and a new council every so often; the round closes at 60% of the run.
    applicantEveryMs: 1500,
    councilEveryMs: 2500,
    roundClosesAtShare: 0.6,
    settleTimeoutMs: 300 * SECOND,
  },
  short: {
    faultSeconds: 65,
    killEveryMs: [4 * SECOND, 7 * SECOND],
    restartAfterMs: 2 * SECOND,
    // Cuts overlap (a new one every 11 s), so each service's database is cut once.
    databaseCutMs: 20 * SECOND,
    databaseCutEveryMs: 11 * SECOND,
    firstCutAtMs: 5 * SECOND,
    brokerDownMs: 8 * SECOND,
    brokerRestartEveryMs: 120 * SECOND,
    firstBrokerRestartAtMs: 18 * SECOND,
    pauseMs: 40 * SECOND,
    pauseEveryMs: 120 * SECOND,
    firstPauseAtMs: 12 * SECOND,
    poisonAtMs: 22 * SECOND,
    applicantEveryMs: 1500,
    councilEveryMs: 2500,
    roundClosesAtShare: 0.6,
    settleTimeoutMs: 240 * SECOND,
  },
};

/**
 * The budgets are sized to run out during the load: roughly half of what the officers would
 * approve fits, so the last approvals meet the budget's limit (and are rejected instead).
 */
function budgetsFor(mode) {
  const applications = (mode.faultSeconds * 1000) / mode.applicantEveryMs;
  const bids = (mode.faultSeconds * 1000 * mode.roundClosesAtShare) / mode.councilEveryMs;
  return {
    fundBudgetPence: Math.round(applications * 0.3) * 1_750_000,
    programmeBudgetPence: Math.max(2, Math.round(bids * 0.3)) * 6_000_000,
  };
}

module.exports = {
  ROOT,
  SERVICES,
  REPLICAS,
  KAFKA_PORT,
  KAFKA_BROKERS,
  PG_SERVER,
  MODES,
  databaseName,
  databaseUrl,
  groupId,
  portOf,
  budgetsFor,
  LOG_DIR: path.join(ROOT, `.local/chaos${ISOLATION ? `-${ISOLATION}` : ''}/logs`),
  RESULTS_DIR: path.join(ROOT, `.local/chaos${ISOLATION ? `-${ISOLATION}` : ''}`),
};
