import request from 'supertest';
import { DataSource } from 'typeorm';
import { MUTUAL_ROUTES } from '@mutuals/domain';
import { RunningService, testUser } from '@mutuals/testing';
import { DD_ROUND, DEMO_ASSESSORS, DemoDataSeeder } from '../src/demo/demo-data.seeder';
import { BASE_LAUNCHED, demoRegister } from '../src/demo/demo-register';
import { DEMO_SUPPLIERS } from '../src/demo/demo-suppliers';
import { DemoServices, eventually, startDemoServices } from './demo-services';

jest.setTimeout(600_000); // three services seeding and a round of 148 bids assessed, on a shared machine

const officer = testUser('programme_officer');

/** The awards demo is the applications and intake demos' story carried on through their events, not a story of its own. */
describe('awards demo data', () => {
  let applications: RunningService<any>;
  let intake: RunningService<any>;
  let awards: RunningService<any>;
  let demo: DemoServices | undefined;

  beforeAll(async () => {
    demo = await startDemoServices('demo_story');
    ({ applications, intake, awards } = demo);
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  const awardsDb = () => awards.app.get(DataSource);

  it('has every eligible bid of Delivering Differently 2014 allocated, scored and decided by a panel large enough for it', async () => {
    const rounds = (await request(intake.url).get('/rounds').query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items;
    const dd = rounds.find((r: { name: string }) => r.name === DD_ROUND);
    const figures = (await request(intake.url).get(`/rounds/${dd.id}/figures`).set(officer.auth).expect(200)).body;
    const decided = await eventually(
      'every eligible bid decided',
      async () => (await awardsDb().query(`select status, final_score from cases where scheme_id = $1 and status not in ('ineligible', 'withdrawn')`, [dd.id])) as { status: string; final_score: string | null }[],
      (rows) => rows.length === figures.byStatus.eligible && rows.every((r) => ['approved', 'reserve', 'rejected'].includes(r.status)),
      420_000,
    );
    expect(decided.every((c) => c.final_score !== null)).toBe(true);
    const byStatus = decided.reduce((n: Record<string, number>, c: { status: string }) => ({ ...n, [c.status]: (n[c.status] ?? 0) + 1 }), {});
    expect(byStatus.approved).toBeGreaterThan(0);
    expect(byStatus.reserve).toBe(5);
    const [{ blocked }] = await awardsDb().query(`select count(*)::int as blocked from audit_trail where action = 'allocation-blocked'`);
    expect(blocked).toBe(0);
    const programme = (await request(awards.url).get(`/programmes/${dd.programmeId}`).set(officer.auth).expect(200)).body;
    expect(programme.committedPence).toBeLessThanOrEqual(programme.budgetPence);

    // The panel is the demo's own, each assessor once.
    const [{ assessors }] = await awardsDb().query('select count(*)::int as assessors from assessors');
    expect(assessors).toBe(DEMO_ASSESSORS.length);
  });

  it('carries the support fund’s own applications to an offer and a payment, with one fund on the dashboard', async () => {
    const funds = (await request(applications.url).get('/funds').query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items;
    const fund = funds.find((f: { name: string }) => f.name === 'Mutuals Interim Support Fund');
    const applicationsOf = async () => (await request(applications.url).get('/applications').query({ fundId: fund.id, pageSize: 100 }).set(officer.auth).expect(200)).body.items;

    const cases = await eventually(
      'the planned support-fund cases reaching their offers',
      async () => (await awardsDb().query(`select reference, organisation_name, status, source_id from cases where programme_id = $1 order by reference`, [fund.id])) as { reference: string; organisation_name: string; status: string; source_id: string }[],
      (rows) =>
        ['3BM', 'Blackpool youth service staff group'].every((name) => rows.some((r) => r.organisation_name === name && r.status === 'offered')),
    );
    // The cases are the applications: same ids and references, nothing the applications service does not have.
    const submitted = (await applicationsOf()).filter((a: { status: string }) => a.status !== 'draft');
    expect(cases.map((c) => [c.source_id, c.reference]).sort()).toEqual(submitted.map((a: { id: string; reference: string }) => [a.id, a.reference]).sort());

    const tracking = (await request(awards.url).get('/programmes').query({ pageSize: 200 }).set(officer.auth).expect(200)).body;
    const named = tracking.items.filter((p: { name: string }) => p.name.startsWith('Mutuals Interim Support Fund'));
    expect(named.map((p: { id: string }) => p.id)).toEqual([fund.id]);
    expect(tracking.total).toBe(tracking.items.length);

    const fundFigures = await eventually(
      'the first payment to Blackpool',
      async () => (await request(awards.url).get(`/programmes/${fund.id}`).set(officer.auth).expect(200)).body as { paidPence: number; committedPence: number },
      (p) => p.paidPence > 0,
    );
    expect(fundFigures.committedPence).toBeGreaterThan(fundFigures.paidPence);
    // The applications service hears the offers and the acceptance through the awards events.
    await eventually(
      'the applications following their offers',
      applicationsOf,
      (apps: { organisationName: string; status: string }[]) =>
        apps.some((a) => a.organisationName === '3BM' && a.status === 'offer_issued') && apps.some((a) => a.organisationName === 'Blackpool youth service staff group' && a.status === 'accepted'),
    );
  });
  const REGISTER_TABLES = ['mutuals', 'mutual_stages', 'mutual_figures', 'enquiries', 'mutual_links'];
  const registerCounts = async (db: { query: DataSource['query'] } = awardsDb()) => {
    const counts: Record<string, number> = {};
    for (const table of REGISTER_TABLES) counts[table] = (await db.query(`select count(*)::int as n from ${table}`))[0].n;
    counts.audit = (await db.query(`select count(*)::int as n from audit_trail where subject_type in ('mutual', 'enquiry')`))[0].n;
    return counts;
  };
  const launchedFigures = async (db: { query: DataSource['query'] } = awardsDb()) =>
    (
      await db.query(
        `select count(*)::int as mutuals, coalesce(sum(staff_count), 0)::int as staff, coalesce(sum(contract_value_pence), 0)::bigint as pence
         from mutuals where launched_on is not null and route = any($1)`,
        [MUTUAL_ROUTES],
      )
    )[0] as { mutuals: number; staff: number; pence: string };
  const ddRound = async () => ((await request(intake.url).get('/rounds').query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items as { id: string; name: string }[]).find((r) => r.name === DD_ROUND)!;

  it('pays the support consortium for packages in kind through the budget the bids were funded from', async () => {
    const dd = await ddRound();
    const suppliers = (await request(awards.url).get('/suppliers').query({ pageSize: 200 }).set(officer.auth).expect(200)).body;
    expect(suppliers.items.map((s: { companyNumber: string }) => s.companyNumber).sort()).toEqual(DEMO_SUPPLIERS.map((s) => s.companyNumber).sort());
    expect(new Set(suppliers.items.flatMap((s: { lots: { lot: string }[] }) => s.lots.map((l) => l.lot)))).toEqual(new Set(['legal', 'finance', 'hr-and-pensions', 'governance', 'business-planning']));

    const packages = await eventually(
      'the packages delivered, invoiced and paid',
      async () =>
        (await awardsDb().query(
          `select p.id, p.status, p.value_pence::bigint as value, p.invoiced_pence::bigint as invoiced, p.paid_pence::bigint as paid,
             (select count(*)::int from delivery_reports d where d.package_id = p.id) as reports
           from support_packages p join cases c on c.id = p.case_id where c.scheme_id = $1`,
          [dd.id],
        )) as { id: string; status: string; value: string; invoiced: string; paid: string; reports: number }[],
      (rows) => rows.some((p) => p.status === 'completed') && rows.some((p) => Number(p.invoiced) > Number(p.paid)) && rows.some((p) => p.status === 'active' && Number(p.paid) > 0),
    );
    expect(packages.some((p) => p.reports > 0 && Number(p.invoiced) === 0)).toBe(true);
    // Cash and kind together are what each funded bid asked; the invoices paid are what the programme has paid.
    const [budget] = await awardsDb().query(
      'select committed_pence::bigint as committed, paid_pence::bigint as paid from programmes where id = (select programme_id from cases where scheme_id = $1 limit 1)',
      [dd.id],
    );
    const [funded] = await awardsDb().query(
      `select coalesce(sum(c.approved_pence + coalesce(p.value_pence, 0)), 0)::bigint as committed, coalesce(sum(c.amount_requested_pence), 0)::bigint as asked
       from cases c left join support_packages p on p.case_id = c.id where c.scheme_id = $1 and c.status = 'approved'`,
      [dd.id],
    );
    expect(Number(budget.committed)).toBe(Number(funded.committed));
    expect(Number(funded.committed)).toBe(Number(funded.asked));
    expect(Number(budget.paid)).toBe(packages.reduce((sum, p) => sum + Number(p.paid), 0));
    expect(Number(budget.paid)).toBeGreaterThan(0);
  });

  it('has the register of mutuals the programme quoted in 2014: about 100 launched, 35,000 staff, £1.5bn, half NHS and central government', async () => {
    const dd = await ddRound();
    // The bids' outcomes are recorded once every bid is decided; they add a few mutuals of their own.
    await eventually('the 2014 bids linked to what became of them', async () => (await awardsDb().query(`select count(*)::int as n from mutual_links where kind = 'bid'`))[0].n as number, (n) => n > 0);
    // The same on every run: bids tied on score at the funding line rank by reference, not by their random case ids.
    const figures = await launchedFigures();
    expect(figures).toEqual({ mutuals: 99, staff: 35_030, pence: String(1_490_170_000_00) });

    const shareOf = async (column: string) =>
      Object.fromEntries(
        (await awardsDb().query(`select ${column} as key, count(*)::int as n from mutuals where launched_on is not null and route = any($1) group by 1 order by 2 desc`, [MUTUAL_ROUTES])).map(
          (r: { key: string; n: number }) => [r.key, r.n],
        ),
      ) as Record<string, number>;
    const kinds = await shareOf('commissioning_body_kind');
    const nhsAndCentral = ((kinds.nhs ?? 0) + (kinds['central-government'] ?? 0)) / figures.mutuals;
    expect(nhsAndCentral).toBeGreaterThanOrEqual(0.4);
    expect(nhsAndCentral).toBeLessThanOrEqual(0.6);
    expect(Object.keys(kinds)[0]).toBe('local-government');
    expect(Object.keys(await shareOf('sector'))[0]).toBe('adult-social-care');

    // Every launched one has its launch figures as its current ones, and a dated journey ending where it is.
    const [{ inconsistent }] = await awardsDb().query(
      `select count(*)::int as inconsistent from mutuals m
       where m.launched_on is not null and (
         not exists (select 1 from mutual_figures f where f.mutual_id = m.id and f.source = 'launch' and f.staff_count = m.staff_count and f.contract_value_pence = m.contract_value_pence and f.as_of = m.launched_on)
         or not exists (select 1 from mutual_stages s where s.mutual_id = m.id and s.stage = 'launched' and s.entered_on = m.launched_on)
         or (select s.stage from mutual_stages s where s.mutual_id = m.id order by s.entered_on desc limit 1) <> m.stage
         or (select count(*) from audit_trail a where a.subject_type = 'mutual' and a.subject_id = m.id::text and a.action = 'stage-recorded') <> (select count(*) from mutual_stages s where s.mutual_id = m.id))`,
    );
    expect(inconsistent).toBe(0);
    const [pipeline] = await awardsDb().query(
      `select count(*) filter (where launched_on is null and stage <> 'not-proceeding')::int as pipeline, count(*) filter (where stage = 'not-proceeding')::int as stopped from mutuals`,
    );
    expect(pipeline.pipeline).toBeGreaterThanOrEqual(50);
    expect(pipeline.stopped).toBeGreaterThanOrEqual(3);
    const [enquiries] = await awardsDb().query(`select count(*)::int as n, count(mutual_id)::int as linked, count(distinct triage)::int as triages from enquiries`);
    expect(enquiries.n).toBeGreaterThanOrEqual(140);
    expect(enquiries.linked).toBeGreaterThan(0);
    expect(enquiries.triages).toBe(4);

    // The support fund's applicants are in the register, linked to their applications and cases.
    const applicants = await awardsDb().query(
      `select m.name, array_agg(l.kind order by l.kind) as kinds from mutuals m join mutual_links l on l.mutual_id = m.id where m.name in ('3BM', 'Blackpool youth service staff group') group by m.name order by m.name`,
    );
    expect(applicants.map((a: { name: string; kinds: string[] }) => [a.name, a.kinds])).toEqual([
      ['3BM', ['application', 'case']],
      ['Blackpool youth service staff group', ['application', 'case']],
    ]);

    // The 148 bids of 2014: each with at most one outcome, the outcome a council's own, of every kind.
    const bids = (await request(intake.url).get(`/rounds/${dd.id}/bids`).query({ pageSize: 200 }).set(officer.auth).expect(200)).body.items as { id: string; status: string }[];
    const submitted = new Map(bids.filter((b) => b.status !== 'draft').map((b) => [b.id, b.status]));
    expect(submitted.size).toBe(148);
    const outcomes: { ref_id: string; route: string | null; stage: string; launched_on: string | null; parent_body_kind: string; bids: number; case_status: string | null }[] = await awardsDb().query(
      `select l.ref_id, m.route, m.stage, m.launched_on, m.parent_body_kind, (select count(*)::int from mutual_links b where b.mutual_id = m.id and b.kind = 'bid') as bids,
         (select c.status from cases c where c.source = 'bid' and c.source_id = l.ref_id) as case_status
       from mutual_links l join mutuals m on m.id = l.mutual_id where l.kind = 'bid'`,
    );
    expect(outcomes.every((o) => submitted.has(o.ref_id) && o.bids === 1 && o.parent_body_kind === 'local-government')).toBe(true);
    expect(new Set(outcomes.map((o) => o.ref_id)).size).toBe(outcomes.length);
    expect(outcomes.length).toBeLessThan(148);
    const kindOf = (o: (typeof outcomes)[number]) => (o.launched_on ? `launched ${o.route}` : o.stage === 'not-proceeding' ? `stayed ${o.route}` : 'under way');
    const byKind = new Set(outcomes.map(kindOf));
    for (const k of ['launched staff-mutual', 'launched local-authority-trading-company', 'stayed in-house', 'stayed outsourcing', 'under way']) expect(byKind).toContain(k);
    expect(outcomes.filter((o) => o.case_status === 'withdrawn').every((o) => kindOf(o) === 'stayed in-house')).toBe(true);
    // Funded bids that took support in kind lead to their case, and through it to their package.
    const [{ supported }] = await awardsDb().query(
      `select count(*)::int as supported from support_packages p join cases c on c.id = p.case_id
       join mutual_links b on b.kind = 'bid' and b.ref_id = c.source_id
       join mutual_links k on k.kind = 'case' and k.ref_id = c.id and k.mutual_id = b.mutual_id
       where c.scheme_id = $1`,
      [dd.id],
    );
    expect(supported).toBeGreaterThan(0);
    const linkKinds: { kind: string }[] = await awardsDb().query(`select distinct kind from mutual_links order by kind`);
    expect(linkKinds.map((k) => k.kind)).toEqual(['application', 'bid', 'case']);
  });

  it('seeds the register within a few seconds, and seeding again adds nothing', async () => {
    const seeder = awards.app.get(DemoDataSeeder);
    const before = await registerCounts();
    await awardsDb().transaction((m) => seeder.seedRegister(m));
    expect(await seeder.linkDeliveringDifferently()).toBe(true);
    expect(await registerCounts()).toEqual(before);

    // From empty, inside a transaction rolled back afterwards, so the demo keeps its register.
    const runner = awardsDb().createQueryRunner();
    await runner.startTransaction();
    try {
      for (const table of [...REGISTER_TABLES].reverse()) await runner.query(`delete from ${table}`);
      await runner.query(`delete from audit_trail where subject_type in ('mutual', 'enquiry')`);
      const started = Date.now();
      const written = await seeder.seedRegister(runner.manager);
      expect(Date.now() - started).toBeLessThan(5_000);
      const { mutuals, enquiries } = demoRegister();
      expect(written).toEqual({ mutuals: mutuals.length, enquiries: enquiries.length, links: 0 });
      expect(await launchedFigures(runner)).toEqual({ mutuals: BASE_LAUNCHED.count, staff: BASE_LAUNCHED.staff, pence: String(BASE_LAUNCHED.contractPence) });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
