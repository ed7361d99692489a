/**
 * Decisions under contention: 100 officers (each with a token of their own) approving assessed
 * cases of one programme, with more approvals offered than the budget allows, in two phases on two
 * programmes. Capacity: back to back (each officer sends the next as soon as the last is answered),
 * so decisions/s is what one programme's budget row gets through, and the latency is the queue of
 * 100 waiting officers. Paced: the officers together offer 200 decisions/s (each one every 500 ms),
 * latency from when each was due: what an officer waits at the target rate. Afterwards awards'
 * database must show each budget never exceeded: the programme's committed total within it, equal
 * to the approved cases' sum, and no commitment it announced (every BudgetCommittedChanged in its
 * outbox) above it. Baseline in the same run: raw PostgreSQL transactions writing a decision's rows
 * over as many connections, against one budget row.
 */
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { Pool } = require('pg');
const { SMOKE, dbUrl, log, round, recreateDatabase, benchDatabase, connect, cpuShare, under250MB, formatCores, formatRss, benchUser, call, closedLoad, pacedLoad, waitUntil, connectionStates } = require('../lib/common');
const { BidProgramme, ASSESSORS_PER_CASE } = require('../lib/bid-programme');

const OFFICERS = 100;
const CASES = SMOKE ? 400 : 4000;
const AMOUNT_PENCE = 5_000_000;
/** Each budget covers four in five of the approvals offered: the rest must be refused. */
const budgetFor = (cases) => AMOUNT_PENCE * Math.floor(cases * 0.8);
const BUDGET_PENCE = budgetFor(CASES);
/** The paced phase: 100 officers, each deciding once every 500 ms, for 15 s. */
const PACED_RATE = 200;
const PACED_CASES = SMOKE ? 400 : 3000;
const RAW_DB = benchDatabase('raw_decisions');
/** As many connections as a service's pool (libs/persistence). */
const POOL_SIZE = 10;
const ASSESSMENT = {
  criteria: [
    { id: 'ambition', name: 'Ambition and scale of change', weight: 60 },
    { id: 'readiness', name: 'Readiness to deliver', weight: 40 },
  ],
  scaleMax: 5,
  assessorsPerCase: ASSESSORS_PER_CASE,
  moderationThreshold: 20,
};

/**
 * Raw pg, 100 callers sharing 10 connections (a service's pool): per approval the case locked, the
 * budget's conditional update, the case updated, two outbox rows and an audit row.
 */
async function pgBaseline() {
  await recreateDatabase(RAW_DB);
  const pool = new Pool({ connectionString: dbUrl(RAW_DB), max: POOL_SIZE });
  // An idle connection still closing when the database is dropped at the end reports it here.
  pool.on('error', () => undefined);
  await pool.query('create table programmes (id int primary key, budget_pence bigint not null, committed_pence bigint not null default 0, revision int not null default 0)');
  await pool.query('create table cases (id uuid primary key, status text not null, approved_pence bigint, decision jsonb)');
  await pool.query('create table outbox (seq bigserial primary key, event_id uuid not null unique, envelope jsonb not null, published_at timestamptz)');
  await pool.query('create table audit (id bigserial primary key, case_id uuid not null, action text not null, details jsonb not null, at timestamptz not null default now())');
  await pool.query('insert into programmes (id, budget_pence) values (1, $1)', [BUDGET_PENCE]);
  const { rows } = await pool.query(`insert into cases (id, status) select gen_random_uuid(), 'assessed' from generate_series(1, $1) returning id`, [CASES]);
  const decision = JSON.stringify({ outcome: 'approved', amountPence: AMOUNT_PENCE, reason: 'Above the funding line', decidedBy: 'officer' });
  const figures = await closedLoad({
    concurrency: OFFICERS,
    items: rows.map((r) => r.id),
    send: async (id) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('select * from cases where id = $1 for update', [id]);
        const budget = await client.query(
          'update programmes set committed_pence = committed_pence + $1, revision = revision + 1 where id = 1 and committed_pence + $1 <= budget_pence returning committed_pence',
          [AMOUNT_PENCE],
        );
        if (budget.rows.length === 0) {
          await client.query('rollback');
          return { status: 409 };
        }
        await client.query(`update cases set status = 'approved', approved_pence = $2, decision = $3 where id = $1`, [id, AMOUNT_PENCE, decision]);
        await client.query('insert into outbox (event_id, envelope) values ($1, $3), ($2, $3)', [randomUUID(), randomUUID(), decision]);
        await client.query(`insert into audit (case_id, action, details) values ($1, 'decided-approved', $2)`, [id, decision]);
        await client.query('commit');
        return { status: 200 };
      } finally {
        client.release();
      }
    },
    ok: (o) => o.status === 200 || o.status === 409,
  });
  await pool.end();
  await recreateDatabase(RAW_DB, { create: false });
  const { outcomes, ...rest } = figures;
  return { ...rest, approved: outcomes.filter((o) => o.status === 200).length };
}

/** Assessed cases of the programme, written directly (assessing thousands through the API would take longer than the run). */
async function seedAssessedCases(awardsDb, programmeId, count, label) {
  const schemeId = randomUUID();
  await awardsDb.query(`insert into schemes (id, programme_id, name, max_award_pence, assessment) values ($1, $2, $3, 10000000, $4)`, [
    schemeId, programmeId, `Bench round (${label})`, JSON.stringify(ASSESSMENT),
  ]);
  const { rows } = await awardsDb.query(
    `insert into cases (id, source, source_id, reference, programme_id, scheme_id, organisation_code, authority_codes, organisation_name, title, sector, region,
       contact_name, contact_email, amount_requested_pence, max_award_pence, assessment, status, final_score)
     select gen_random_uuid(), 'bid', gen_random_uuid(), 'BEN-D' || g, $1, $2, 'E06000001', '{E06000001}', 'Hartlepool', 'A staff-led mutual for youth services', 'youth', 'north-east',
       'Bench Council Officer', 'bids@e06000001.example.gov.uk', 9500000, 10000000, $3, 'assessed', 80
     from generate_series(1, $4) g returning id`,
    [programmeId, schemeId, JSON.stringify(ASSESSMENT), count],
  );
  return rows.map((r) => r.id);
}

/** A programme set up through the APIs with `count` assessed cases and a budget for four in five of them. */
async function programmeWithCases(services, awardsDb, label, count) {
  const budgetPence = budgetFor(count);
  const programme = new BidProgramme(services, awardsDb, label);
  const programmeId = await programme.create(budgetPence);
  await waitUntil(async () => (await awardsDb.query('select 1 from programmes where id = $1 and budget_pence = $2', [programmeId, budgetPence])).rows.length === 1, {
    timeoutMs: 60000,
    what: `the ${label} programme's budget in awards`,
  });
  const caseIds = await seedAssessedCases(awardsDb, programmeId, count, label);
  programme.close();
  return { programmeId, caseIds, budgetPence };
}

/**
 * From awards' database: the programme's committed total within its budget and equal to the approved
 * cases' sum, and no commitment it announced (every BudgetCommittedChanged in its outbox) above it.
 */
async function budgetCheck(awardsDb, programmeId) {
  const [p] = (await awardsDb.query('select budget_pence, committed_pence from programmes where id = $1', [programmeId])).rows;
  const [sum] = (await awardsDb.query(`select count(*)::int as n, coalesce(sum(approved_pence), 0)::bigint as pence from cases where programme_id = $1 and status = 'approved'`, [programmeId])).rows;
  const [announced] = (
    await awardsDb.query(
      `select coalesce(max((envelope->'data'->>'committedPence')::bigint), 0) as max from outbox_messages
       where envelope->>'type' like 'awards.budget.committed-changed%' and envelope->'data'->>'programmeId' = $1`,
      [programmeId],
    )
  ).rows;
  const b = {
    budgetPence: Number(p.budget_pence),
    committedPence: Number(p.committed_pence),
    approvedCases: sum.n,
    approvedSumPence: Number(sum.pence),
    highestCommittedAnnouncedPence: Number(announced.max),
  };
  return { ...b, neverAboveBudget: b.committedPence <= b.budgetPence && b.highestCommittedAnnouncedPence <= b.budgetPence && b.approvedSumPence === b.committedPence };
}

const refusedOverBudget = (o) => o.status === 409 && o.body?.code === 'budget-exceeded';
const answered = (o) => o.status === 200 || refusedOverBudget(o);

/** How many were approved and refused, and whether exactly the approvals the budget allows went through. */
function tally(outcomes, cases) {
  const approved = outcomes.filter((o) => o.status === 200).length;
  const refused = outcomes.filter(refusedOverBudget).length;
  const allows = budgetFor(cases) / AMOUNT_PENCE;
  return { approved, refusedOverBudget: refused, approvalsTheBudgetAllows: allows, budgetUsedExactly: approved === allows && refused === cases - approved };
}

async function run({ platform }) {
  const services = await platform();
  const awardsDb = await connect(services.database('awards'));
  const results = { officers: OFFICERS, cases: CASES, amountPence: AMOUNT_PENCE, budgetPence: BUDGET_PENCE, approvalsTheBudgetAllows: BUDGET_PENCE / AMOUNT_PENCE };

  log(`decisions: baseline, raw PostgreSQL, ${OFFICERS} callers on ${POOL_SIZE} connections`);
  results.rawPg = await pgBaseline();

  // Two programmes, so each phase starts with a budget of its own and is checked on its own.
  const capacity = await programmeWithCases(services, awardsDb, 'decisions', CASES);
  const paced = await programmeWithCases(services, awardsDb, 'decisions-paced', PACED_CASES);
  await awardsDb.query('analyze cases');

  const officers = Array.from({ length: OFFICERS }, (_, i) => benchUser({ subject: `bench-officer-${i + 1}`, roles: ['programme_officer'] }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: OFFICERS });
  const url = services.url('awards');
  const body = { outcome: 'approved', amountPence: AMOUNT_PENCE, reason: 'Above the funding line; strong staff support' };
  const decide = (id, officer) => call(agent, url, 'POST', `/cases/${id}/decision`, officers[officer].token, body);

  log(`decisions: capacity, ${OFFICERS} officers approving ${CASES} cases back to back, budget for ${results.approvalsTheBudgetAllows}`);
  let sampler = connectionStates(services.database('awards'));
  const measured = await cpuShare(services.running, () => closedLoad({ concurrency: OFFICERS, items: capacity.caseIds, send: decide, ok: answered }));
  const { outcomes, ...figures } = measured.result;
  results.decisions = { ...figures, decisionsPerSec: figures.requestsPerSec, coresUsed: measured.coresUsed, awardsConnections: await sampler.stop() };
  Object.assign(results, tally(outcomes, CASES));
  if (figures.errors > 0) log('decisions: unexpected answers, e.g.', outcomes.find((o) => !answered(o))?.body);
  results.budgetCheck = await budgetCheck(awardsDb, capacity.programmeId);
  results.neverAboveBudget = results.budgetCheck.neverAboveBudget;

  // The paced phase starts once the relay has sent the capacity phase's events, so it measures decisions alone.
  await waitUntil(async () => (await awardsDb.query('select count(*)::int as n from outbox_messages where published_at is null')).rows[0].n === 0, {
    timeoutMs: 120000,
    what: "awards' outbox to drain",
  });
  log(`decisions: paced, ${OFFICERS} officers each deciding every ${(1000 * OFFICERS) / PACED_RATE} ms (${PACED_RATE}/s), ${PACED_CASES} cases`);
  const items = paced.caseIds.map((id, i) => ({ id, officer: i % OFFICERS }));
  sampler = connectionStates(services.database('awards'));
  const pacedRun = await cpuShare(services.running, () => pacedLoad({ rate: PACED_RATE, items, send: ({ id, officer }) => decide(id, officer), ok: answered }));
  agent.destroy();
  const { outcomes: pacedOutcomes, ...pacedFigures } = pacedRun.result;
  results.paced = {
    cases: PACED_CASES,
    offeredPerSec: PACED_RATE,
    ...pacedFigures,
    coresUsed: pacedRun.coresUsed,
    awardsConnections: await sampler.stop(),
    ...tally(pacedOutcomes, PACED_CASES),
    budgetCheck: await budgetCheck(awardsDb, paced.programmeId),
  };
  if (pacedFigures.errors > 0) log('decisions (paced): unexpected answers, e.g.', pacedOutcomes.find((o) => !answered(o))?.body);

  results.rssMiB = services.rssMiB();
  results.targets = {
    'capacity: decisions >= 200/s in one programme (closed loop)': results.decisions.decisionsPerSec >= 200,
    [`paced: ${PACED_RATE} decisions/s offered, p99 < 100 ms`]: results.paced.p99Ms < 100 && results.paced.errors === 0,
    'committed never above the budget (awards database, both phases)': results.neverAboveBudget && results.paced.budgetCheck.neverAboveBudget,
    'the budget used up exactly, the rest refused (both phases)': results.budgetUsedExactly && results.paced.budgetUsedExactly,
    'every service < 250 MB RSS': under250MB(results.rssMiB),
  };
  await awardsDb.end();
  return results;
}

function rows(r) {
  const connections = (c) => `${c.active}/${c.waitingForLock}/${c.idleInTransaction}`;
  return [
    [`raw pg: a decision's rows, ${r.officers} callers, 10 connections: tx/s`, r.rawPg.requestsPerSec, `p50/p95/p99 ${r.rawPg.p50Ms}/${r.rawPg.p95Ms}/${r.rawPg.p99Ms} ms (baseline)`],
    [`capacity: decisions/s, ${r.officers} officers back to back, one programme`, r.decisions.decisionsPerSec, `${round(r.decisions.decisionsPerSec / r.rawPg.requestsPerSec, 2)}x raw pg, errors ${r.decisions.errors}`],
    ['  p50/p95/p99 ms (queueing: every officer waiting)', `${r.decisions.p50Ms}/${r.decisions.p95Ms}/${r.decisions.p99Ms}`, `${r.officers} in flight / ${r.decisions.decisionsPerSec} per s = ${Math.round((1000 * r.officers) / r.decisions.decisionsPerSec)} ms`],
    ['  approved / refused over budget', `${r.approved}/${r.refusedOverBudget}`, `budget allows ${r.approvalsTheBudgetAllows}`],
    ['  committed never above budget', r.neverAboveBudget ? 'yes' : 'NO', `committed ${r.budgetCheck.committedPence} of ${r.budgetCheck.budgetPence} pence`],
    ['  cores used', formatCores(r.decisions.coresUsed), ''],
    ["  awards' connections: running/waiting for a lock/idle in tx", connections(r.decisions.awardsConnections), `on average, of its pool of ${POOL_SIZE}`],
    [`paced: ${r.paced.offeredPerSec} decisions/s offered (${r.officers} officers, one each every ${(1000 * r.officers) / r.paced.offeredPerSec} ms)`, r.paced.requestsPerSec, `${r.paced.cases} cases, errors ${r.paced.errors}`],
    ['  p50/p95/p99 ms (from when each was due)', `${r.paced.p50Ms}/${r.paced.p95Ms}/${r.paced.p99Ms}`, ''],
    ['  approved / refused over budget', `${r.paced.approved}/${r.paced.refusedOverBudget}`, `budget allows ${r.paced.approvalsTheBudgetAllows}`],
    ['  committed never above budget', r.paced.budgetCheck.neverAboveBudget ? 'yes' : 'NO', `committed ${r.paced.budgetCheck.committedPence} of ${r.paced.budgetCheck.budgetPence} pence`],
    ['  cores used', formatCores(r.paced.coresUsed), ''],
    ["  awards' connections: running/waiting for a lock/idle in tx", connections(r.paced.awardsConnections), `on average, of its pool of ${POOL_SIZE}`],
    ['peak RSS MiB (MB)', formatRss(r.rssMiB), ''],
  ];
}

module.exports = { sharesPlatform: true, name: 'decisions', title: 'Decisions under contention (100 officers, one programme)', run, rows };
