/**
 * Traffic for the screenshot: the chaos suite's mixed load (chaos/load.js: staff groups applying
 * to a fund, councils bidding in a round, assessors scoring, officers deciding) sent to the
 * development services, steady for the run with one burst of applications half-way through, so the
 * outbox, the consumers' lag and the emails have something to show.
 */
const { HttpStats } = require('../../chaos/api');
const { Load } = require('../../chaos/load');
const { SERVICE_PORTS } = require('./prometheus');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const BURST = 60;

async function runLoad({ minutes, log = console.log }) {
  const runId = `dash${Date.now().toString(36)}`;
  const cluster = { portsOf: (service) => [SERVICE_PORTS[service]] };
  const stats = new HttpStats();
  const load = new Load({ cluster, stats, runId, log, budgets: { fundBudgetPence: 200 * 1_750_000, programmeBudgetPence: 20 * 6_000_000 } });
  await load.setup();
  const durationMs = minutes * 60000;
  await load.openRound(Date.now() + durationMs);
  log(`load: an application every 1.5 s and a bid every 4 s for ${minutes} min (run ${runId})`);
  load.start({ applicantEveryMs: 1500, councilEveryMs: 4000 });
  await sleep(durationMs / 2);
  log(`load: a burst of ${BURST} applications`);
  const burst = Promise.allSettled(Array.from({ length: BURST }, () => load.applicant()));
  await sleep(durationMs / 2);
  await load.stop();
  await burst;
  const done = Object.values(load.tally.kinds).reduce((n, k) => n + k.done, 0);
  log(`load: ${done} operations done, ${stats.requests} requests`);
}

module.exports = { runLoad };
