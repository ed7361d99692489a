/**
 * Decisions under contention: 100 officers (each with a token of their own) approving assessed
 * cases of one programme as fast as they are answered, with more approvals offered than the budget
 * allows. Afterwards awards' database must show the budget never exceeded: the programme's
 * committed total within it, equal to the approved cases' sum, and no commitment it announced
 * (every BudgetCommittedChanged in its outbox) above it. Baseline in the same run: raw PostgreSQL
 * transactions writing a decision's rows over as many connections, against one budget row.
 */
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { Pool } = require('pg');
const { SMOKE, dbUrl, log, round, recreateDatabase, benchDatabase, connect, cpuShare, under250MB, formatCores, formatRss, benchUser, call, closedLoad, waitUntil, connectionStates } = require('../lib/common');
const { BidProgramme, ASSESSORS_PER_CASE } = require('../lib/bid-programme');

const OFFICERS = 100;
const CASES = SMOKE ? 400 : 4000;
const AMOUNT_PENCE = 5_000_000;
/** The budget covers four in five of the approvals offered: the rest must be refused. */
const BUDGET_PENCE = AMOUNT_PENCE * Math.floor(CASES * 0.8);
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
async function seedAssessedCases(awardsDb, programmeId) {
  const schemeId = randomUUID();
  await awardsDb.query(`insert into schemes (id, programme_id, name, max_award_pence, assessment) values ($1, $2, 'Bench round (decisions)', 10000000, $3)`, [
    schemeId, programmeId, JSON.stringify(ASSESSMENT),
  ]);
  const { rows } = await awardsDb.query(
    `insert into cases (id, source, source_id, reference, programme_id, scheme_id, organisation_code, authority_codes, organisation_name, title, sector, region,
       contact_name, contact_email, amount_requested_pence, max_award_pence, assessment, status, final_score)
     select gen_random_uuid(), 'bid', gen_random_uuid(), 'BEN-D' || g, $1, $2, 'E06000001', '{E06000001}', 'Hartlepool', 'A staff-led mutual for youth services', 'youth', 'north-east',
       'Bench Council Officer', 'bids@e06000001.example.gov.uk', 9500000, 10000000, $3, 'assessed', 80
     from generate_series(1, $4) g returning id`,
    [programmeId, schemeId, JSON.stringify(ASSESSMENT), CASES],
  );
  return rows.map((r) => r.id);
}

async function run({ platform }) {
  const services = await platform();
  const awardsDb = await connect(services.database('awards'));
  const results = { officers: OFFICERS, cases: CASES, amountPence: AMOUNT_PENCE, budgetPence: BUDGET_PENCE, approvalsTheBudgetAllows: BUDGET_PENCE / AMOUNT_PENCE };

  log(`decisions: baseline, raw PostgreSQL, ${OFFICERS} callers on ${POOL_SIZE} connections`);
  results.rawPg = await pgBaseline();

  const programme = new BidProgramme(services, awardsDb, 'decisions');
  const programmeId = await programme.create(BUDGET_PENCE);
  await waitUntil(async () => (await awardsDb.query('select 1 from programmes where id = $1 and budget_pence = $2', [programmeId, BUDGET_PENCE])).rows.length === 1, {
    timeoutMs: 60000,
    what: "the programme's budget in awards",
  });
  const caseIds = await seedAssessedCases(awardsDb, programmeId);
  await awardsDb.query('analyze cases');
  programme.close();

  log(`decisions: ${OFFICERS} officers approving ${CASES} cases, budget for ${results.approvalsTheBudgetAllows}`);
  const officers = Array.from({ length: OFFICERS }, (_, i) => benchUser({ subject: `bench-officer-${i + 1}`, roles: ['programme_officer'] }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: OFFICERS });
  const url = services.url('awards');
  const body = { outcome: 'approved', amountPence: AMOUNT_PENCE, reason: 'Above the funding line; strong staff support' };
  const sampler = connectionStates(services.database('awards'));
  const measured = await cpuShare(services.running, () =>
    closedLoad({
      concurrency: OFFICERS,
      items: caseIds,
      send: (id, officer) => call(agent, url, 'POST', `/cases/${id}/decision`, officers[officer].token, body),
      ok: (o) => o.status === 200 || (o.status === 409 && o.body?.code === 'budget-exceeded'),
    }),
  );
  agent.destroy();
  const { outcomes, ...figures } = measured.result;
  results.decisions = { ...figures, decisionsPerSec: figures.requestsPerSec, coresUsed: measured.coresUsed, awardsConnections: await sampler.stop() };
  results.approved = outcomes.filter((o) => o.status === 200).length;
  results.refusedOverBudget = outcomes.filter((o) => o.status === 409 && o.body?.code === 'budget-exceeded').length;
  if (figures.errors > 0) log('decisions: unexpected answers, e.g.', outcomes.find((o) => !(o.status === 200 || o.status === 409))?.body);

  const [p] = (await awardsDb.query('select budget_pence, committed_pence from programmes where id = $1', [programmeId])).rows;
  const [sum] = (await awardsDb.query(`select count(*)::int as n, coalesce(sum(approved_pence), 0)::bigint as pence from cases where programme_id = $1 and status = 'approved'`, [programmeId])).rows;
  const [announced] = (
    await awardsDb.query(
      `select coalesce(max((envelope->'data'->>'committedPence')::bigint), 0) as max from outbox_messages
       where envelope->>'type' like 'awards.budget.committed-changed%' and envelope->'data'->>'programmeId' = $1`,
      [programmeId],
    )
  ).rows;
  results.budgetCheck = {
    budgetPence: Number(p.budget_pence),
    committedPence: Number(p.committed_pence),
    approvedCases: sum.n,
    approvedSumPence: Number(sum.pence),
    highestCommittedAnnouncedPence: Number(announced.max),
  };
  const b = results.budgetCheck;
  results.neverAboveBudget = b.committedPence <= b.budgetPence && b.highestCommittedAnnouncedPence <= b.budgetPence && b.approvedSumPence === b.committedPence;
  results.rssMiB = services.rssMiB();
  results.targets = {
    'decisions >= 200/s in one programme': results.decisions.decisionsPerSec >= 200,
    'decision p99 < 100 ms': results.decisions.p99Ms < 100,
    'committed never above the budget (awards database)': results.neverAboveBudget,
    'the budget used up exactly, the rest refused': results.approved === results.approvalsTheBudgetAllows && results.refusedOverBudget === CASES - results.approved,
    'every service < 250 MB RSS': under250MB(results.rssMiB),
  };
  await awardsDb.end();
  return results;
}

function rows(r) {
  return [
    [`raw pg: a decision's rows, ${r.officers} callers, 10 connections: tx/s`, r.rawPg.requestsPerSec, `p50/p95/p99 ${r.rawPg.p50Ms}/${r.rawPg.p95Ms}/${r.rawPg.p99Ms} ms (baseline)`],
    [`decisions/s, ${r.officers} officers, one programme`, r.decisions.decisionsPerSec, `${round(r.decisions.decisionsPerSec / r.rawPg.requestsPerSec, 2)}x raw pg, errors ${r.decisions.errors}`],
    ['  p50/p95/p99 ms', `${r.decisions.p50Ms}/${r.decisions.p95Ms}/${r.decisions.p99Ms}`, ''],
    ['approved / refused over budget', `${r.approved}/${r.refusedOverBudget}`, `budget allows ${r.approvalsTheBudgetAllows}`],
    ['committed never above budget', r.neverAboveBudget ? 'yes' : 'NO', `committed ${r.budgetCheck.committedPence} of ${r.budgetCheck.budgetPence} pence`],
    ['cores used while deciding', formatCores(r.decisions.coresUsed), ''],
    [
      "awards' connections: running/waiting for a lock/idle in tx",
      `${r.decisions.awardsConnections.active}/${r.decisions.awardsConnections.waitingForLock}/${r.decisions.awardsConnections.idleInTransaction}`,
      `on average, of its pool of ${POOL_SIZE}`,
    ],
    ['peak RSS MiB (MB)', formatRss(r.rssMiB), ''],
  ];
}

module.exports = { sharesPlatform: true, name: 'decisions', title: 'Decisions under contention (100 officers, one programme)', run, rows };
