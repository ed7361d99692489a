/**
 * Deadline-day surge: councils' bids submitted through the last minute before the rounds close
 * (drafts written ahead, as councils do), evenly paced; then the time from the deadline until
 * every bid is screened (intake, in the submission), cased and allocated (awards). Baseline in the
 * same run: raw PostgreSQL transactions writing a submission's rows at the same pace.
 */
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Pool } = require('pg');
const { SMOKE, dbUrl, log, round, recreateDatabase, benchDatabase, connect, cpuShare, under250MB, formatCores, formatRss, pacedLoad, sleep } = require('../lib/common');
const { BidProgramme, wholeSecondsFromNow, waitForBidsThrough } = require('../lib/bid-programme');

const BIDS = SMOKE ? 60 : 500;
const WINDOW_SECONDS = SMOKE ? 6 : 60;
/** Time to write the drafts and register the panel before the last minute starts. */
const SET_UP_SECONDS = SMOKE ? 15 : 30;
const RAW_DB = benchDatabase('raw_surge');

/** Raw pg at the surge's pace: per bid, the bid row locked and updated, its two history rows and two outbox rows (submitted, screened). */
async function pgBaseline(rate) {
  await recreateDatabase(RAW_DB);
  const pool = new Pool({ connectionString: dbUrl(RAW_DB), max: 10 });
  // An idle connection still closing when the database is dropped at the end reports it here.
  pool.on('error', () => undefined);
  await pool.query('create table bids (id uuid primary key, status text not null, screened_at timestamptz, payload jsonb not null)');
  await pool.query('create table history (id bigserial primary key, subject_id uuid not null, action text not null, at timestamptz not null default now())');
  await pool.query('create table outbox (seq bigserial primary key, event_id uuid not null unique, envelope jsonb not null, published_at timestamptz)');
  const payload = JSON.stringify({ reference: 'BEN-000123', title: 'A staff-led mutual for youth services', amountRequestedPence: 9_500_000, sector: 'youth' });
  const ids = Array.from({ length: BIDS }, () => randomUUID());
  for (const id of ids) await pool.query(`insert into bids (id, status, payload) values ($1, 'draft', $2)`, [id, payload]);
  const figures = await pacedLoad({
    rate,
    items: ids,
    send: async (id) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('select status from bids where id = $1 for update', [id]);
        await client.query(`update bids set status = 'eligible', screened_at = clock_timestamp() where id = $1`, [id]);
        await client.query(`insert into history (subject_id, action) values ($1, 'submitted'), ($1, 'eligible')`, [id]);
        await client.query('insert into outbox (event_id, envelope) values ($1, $3), ($2, $3)', [randomUUID(), randomUUID(), payload]);
        await client.query('commit');
        return { status: 200 };
      } finally {
        client.release();
      }
    },
  });
  await pool.end();
  await recreateDatabase(RAW_DB, { create: false });
  const { outcomes, ...rest } = figures;
  return rest;
}

async function run({ platform }) {
  const services = await platform();
  const intakeDb = await connect(services.database('intake'));
  const awardsDb = await connect(services.database('awards'));
  const rate = BIDS / (WINDOW_SECONDS - 1);
  const results = { bids: BIDS, windowSeconds: WINDOW_SECONDS, ratePerSec: round(rate, 2) };

  log(`deadline surge: baseline, raw PostgreSQL at ${results.ratePerSec}/s`);
  results.rawPg = await pgBaseline(rate);

  const programme = new BidProgramme(services, awardsDb, 'surge');
  const deadline = wholeSecondsFromNow(SET_UP_SECONDS + WINDOW_SECONDS);
  await programme.create(100_000_000_000);
  const rounds = await programme.openRounds(BIDS, deadline);
  log(`deadline surge: ${BIDS} councils' drafts in ${rounds.length} rounds closing at ${deadline.toISOString()}`);
  const drafts = await programme.drafts(BIDS);
  results.assessors = await programme.panel(BIDS);
  await programme.settingsInAwards();
  const surgeStart = deadline.getTime() - WINDOW_SECONDS * 1000;
  log(`deadline surge: set up with ${round((surgeStart - Date.now()) / 1000)}s to spare`);
  if (Date.now() > surgeStart) throw new Error(`setting up took longer than the ${SET_UP_SECONDS}s allowed before the surge`);
  await sleep(surgeStart - Date.now());

  log(`deadline surge: ${BIDS} bids in the last ${WINDOW_SECONDS}s (${results.ratePerSec}/s)`);
  const measured = await cpuShare(services.running, () =>
    pacedLoad({ rate, items: drafts, send: (d) => programme.submit(d), startAt: performance.now() + (surgeStart - Date.now()) }),
  );
  const { outcomes, ...figures } = measured.result;
  results.surge = { ...figures, coresUsed: measured.coresUsed };
  const accepted = drafts.filter((_, i) => outcomes[i].status === 200).map((d) => d.bidId);
  results.accepted = accepted.length;
  if (accepted.length !== BIDS) log(`deadline surge: only ${accepted.length} of ${BIDS} bids accepted`, outcomes.find((o) => o.status !== 200)?.body);

  await waitForBidsThrough({ bidIds: accepted, intakeDb, awardsDb, timeoutMs: 120000 });
  const after = async (db, sql) => Number((await db.query(sql, [accepted, deadline])).rows[0].ms);
  results.afterDeadlineMs = {
    lastScreened: await after(intakeDb, `select extract(epoch from max(screened_at) - $2) * 1000 as ms from bids where id = any($1::uuid[])`),
    lastCased: await after(awardsDb, `select extract(epoch from max(opened_at) - $2) * 1000 as ms from cases where source = 'bid' and source_id = any($1::uuid[])`),
    lastAllocated: await after(
      awardsDb,
      `select extract(epoch from max(a.allocated_at) - $2) * 1000 as ms from allocations a join cases c on c.id = a.case_id where c.source = 'bid' and c.source_id = any($1::uuid[])`,
    ),
  };
  for (const [k, v] of Object.entries(results.afterDeadlineMs)) results.afterDeadlineMs[k] = Math.round(v);
  results.rssMiB = services.rssMiB();
  results.targets = {
    [`${BIDS} bids in ${WINDOW_SECONDS}s, all accepted`]: accepted.length === BIDS,
    'surge p99 < 100 ms': results.surge.p99Ms < 100,
    'every bid screened, cased and allocated within 10 s of the deadline': Math.max(...Object.values(results.afterDeadlineMs)) <= 10000,
    'every service < 250 MB RSS': under250MB(results.rssMiB),
  };
  programme.close();
  await intakeDb.end();
  await awardsDb.end();
  return results;
}

function rows(r) {
  const a = r.afterDeadlineMs;
  return [
    [`raw pg: a bid's rows at ${r.ratePerSec}/s: p50/p95/p99 ms`, `${r.rawPg.p50Ms}/${r.rawPg.p95Ms}/${r.rawPg.p99Ms}`, 'baseline'],
    [`bids submitted in the last ${r.windowSeconds}s: bids/s`, r.surge.requestsPerSec, `${r.accepted} of ${r.bids} accepted, errors ${r.surge.errors}`],
    ['  p50/p95/p99 ms', `${r.surge.p50Ms}/${r.surge.p95Ms}/${r.surge.p99Ms}`, ''],
    ['deadline -> last screened/cased/allocated ms', `${a.lastScreened}/${a.lastCased}/${a.lastAllocated}`, 'negative: before the deadline'],
    ['cores used during the surge', formatCores(r.surge.coresUsed), ''],
    ['peak RSS MiB (MB)', formatRss(r.rssMiB), ''],
  ];
}

module.exports = { sharesPlatform: true, name: 'deadline-surge', title: "Deadline-day surge (councils' bids in the last minute)", run, rows };
