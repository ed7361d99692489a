import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MutualRegistered, MutualStageRecorded, SupportPackageAwarded } from '@mutuals/contracts';
import { readTopic, RunningService, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { createFund, registeredApplicant, submitted } from '../../apps/applications/test/fixtures';
import { awardsService } from '../../apps/awards/src/service';

jest.setTimeout(300_000);

/**
 * The programme's acceptance story on the real broker and databases: an enquiry becomes a mutual on
 * the register; its application (made in applications) is approved in awards with a package of
 * support in kind; the supplier reports and invoices and the officer pays; the mutual launches with
 * 250 staff and a £12m contract. The portfolio dashboard moves by exactly that mutual, its staff and
 * its contract, and the fund's budget by the package's value.
 */
describe('portfolio: from an enquiry to a launched mutual on the dashboard', () => {
  let applications: RunningService<any>;
  let awards: RunningService<any>;
  let db: DataSource;
  const officer = testUser('programme_officer');
  const api = () => request(awards.url);

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    applications = await startTestService(applicationsService);
    db = awards.app.get(DataSource);
  });
  afterAll(async () => {
    await applications?.close();
    await awards?.close();
  });

  const dashboard = async () => (await api().get('/portfolio/dashboard').set(officer.auth).expect(200)).body;
  const budgetOf = async (programmeId: string) => {
    const [p] = await db.query('select committed_pence, paid_pence from programmes where id = $1', [programmeId]);
    return { committed: Number(p.committed_pence), paid: Number(p.paid_pence) };
  };

  /** A panel of the fund's own, so the application is allocated to assessors this test controls. */
  async function panel(fundId: string): Promise<TestUser[]> {
    const team = [0, 1].map((i) => testUser('assessor', { name: `Portfolio assessor ${i}` }));
    for (const assessor of team) {
      await api()
        .put(`/assessors/${assessor.id}`)
        .set(officer.auth)
        .send({ name: assessor.name, email: assessor.email, sectors: ['youth'], programmeIds: [fundId], capacity: 5, conflicts: [] })
        .expect(200);
    }
    return team;
  }

  async function assess(team: TestUser[], caseId: string) {
    const allocated = await waitFor(
      async () => {
        const rows = await db.query(`select assessor_id from allocations where case_id = $1 and status = 'allocated'`, [caseId]);
        return rows.length >= 2 && rows.map((r: { assessor_id: string }) => r.assessor_id);
      },
      { what: 'the assessors allocated', timeoutMs: 60000 },
    );
    for (const id of allocated) {
      const assessor = team.find((a) => a.id === id)!;
      const view = await api().get(`/assessor/cases/${caseId}`).set(assessor.auth).expect(200);
      const scores = view.body.criteria.map((c: { id: string }) => ({ criterionId: c.id, score: 4, comment: `Strong on ${c.id}` }));
      await api().post(`/assessor/cases/${caseId}/assessment`).set(assessor.auth).send({ scores, recommendation: 'fund' }).expect(201);
    }
  }

  async function stage(mutualId: string, body: Record<string, unknown>) {
    const { version } = (await api().get(`/mutuals/${mutualId}`).set(officer.auth).expect(200)).body;
    return (await api().post(`/mutuals/${mutualId}/stages`).set(officer.auth).send({ ...body, expectedVersion: version }).expect(201)).body;
  }

  it('moves the dashboard by exactly one mutual, 250 staff and £12m, and the budget by the package', async () => {
    const suffix = randomUUID().slice(0, 6);
    const fund = await createFund(applications, { budgetPence: 50_000_000 });
    const team = await panel(fund.id);
    const before = await dashboard();

    // The information service takes the call and puts the youth service on the register.
    const enquiry = (
      await api()
        .post('/enquiries')
        .set(officer.auth)
        .send({
          receivedOn: '2026-09-01',
          enquirerName: 'Kerry Walsh',
          enquirerEmail: 'kerry.walsh@blackpool.example.org',
          organisationName: `Blackpool Youth Mutual ${suffix}`,
          parentBody: 'Blackpool Council',
          parentBodyKind: 'local-government',
          sector: 'youth',
          region: 'north-west',
          topic: 'Spinning the youth service out as a staff mutual',
          triage: 'register-as-mutual',
          adviceGiven: 'Sent the spin-out guide; suggested an options appraisal and the support fund',
        })
        .expect(201)
    ).body;
    const mutualId: string = enquiry.mutualId;
    expect((await api().get(`/mutuals/${mutualId}`).set(officer.auth).expect(200)).body).toMatchObject({ stage: 'enquiry', name: `Blackpool Youth Mutual ${suffix}` });
    await stage(mutualId, { stage: 'exploring', enteredOn: '2026-09-10', evidence: 'Staff meeting minutes' });
    await stage(mutualId, { stage: 'options-appraisal', enteredOn: '2026-09-20', evidence: 'Options appraisal to cabinet', details: { route: 'staff-mutual', reason: 'Staff want to own the service' } });

    // The staff group applies to the support fund; awards opens the case and the officer links it.
    const { user } = await registeredApplicant(applications, { name: `Blackpool youth staff ${suffix}` });
    const application = await submitted(applications, user, fund.id);
    const opened = await waitFor(async () => (await db.query(`select id, status from cases where source_id = $1`, [application.id]))[0], { what: 'the case', timeoutMs: 60000 });
    await api().post(`/mutuals/${mutualId}/links`).set(officer.auth).send({ kind: 'application', refId: application.id }).expect(201);
    await assess(team, opened.id);

    // Approved with support in kind only: 16 days of legal help at £750 a day.
    const supplier = (
      await api()
        .post('/suppliers')
        .set(officer.auth)
        .send({
          name: `Mutual Ventures Legal ${suffix}`,
          companyNumber: `OC${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
          contactName: 'Jo Bloggs',
          contactEmail: 'jo.bloggs@supplier.example.org',
          lots: [{ lot: 'legal', dayRatePence: 75_000, capacityDays: 40 }],
          conflicts: [],
        })
        .expect(201)
    ).body;
    const budgetBefore = await budgetOf(fund.id);
    await api()
      .post(`/cases/${opened.id}/decision`)
      .set(officer.auth)
      .send({ outcome: 'approved', inKind: { supplierId: supplier.id, lots: [{ lot: 'legal', days: 16 }], startOn: '2026-10-01', endOn: '2027-03-31' }, reason: 'Needs legal help to set up the mutual' })
      .expect(200);
    const packageValue = 16 * 75_000;
    const [pkg] = (await api().get(`/support-packages?caseId=${opened.id}`).set(officer.auth).expect(200)).body.items;
    expect(pkg.valuePence).toBe(packageValue);
    expect(await budgetOf(fund.id)).toEqual({ committed: budgetBefore.committed + packageValue, paid: budgetBefore.paid });

    // The supplier delivers, reports and invoices; the officer pays.
    await api().post(`/support-packages/${pkg.id}/reports`).set(officer.auth).send({ lot: 'legal', daysDelivered: 16, summary: 'Society rules and TUPE advice' }).expect(200);
    const invoiced = (await api().post(`/support-packages/${pkg.id}/invoices`).set(officer.auth).send({ supplierReference: `INV-${suffix}`, amountPence: packageValue, days: 16 }).expect(200)).body;
    await api().post(`/support-packages/${pkg.id}/invoices/${invoiced.invoices[0].id}/pay`).set(officer.auth).expect(200);
    expect(await budgetOf(fund.id)).toEqual({ committed: budgetBefore.committed + packageValue, paid: budgetBefore.paid + packageValue });

    // The mutual launches.
    await stage(mutualId, { stage: 'business-case', enteredOn: '2026-10-15', evidence: 'Business case approved' });
    await stage(mutualId, { stage: 'implementation', enteredOn: '2026-11-01', evidence: 'Contract negotiations begun' });
    const launched = await stage(mutualId, {
      stage: 'launched',
      enteredOn: '2026-11-20',
      evidence: 'Contract signed and staff transferred',
      details: {
        launchedOn: '2026-11-20',
        legalForm: 'cic',
        staffTransferred: 250,
        contractValuePence: 1_200_000_000,
        contractMonths: 60,
        commissioningBody: 'Blackpool Council',
        commissioningBodyKind: 'local-government',
      },
    });
    expect(launched).toMatchObject({ stage: 'launched', countsAsMutual: true, staffCount: 250, contractValuePence: 1_200_000_000 });
    expect(launched.stages.map((s: { stage: string }) => s.stage)).toEqual(['enquiry', 'exploring', 'options-appraisal', 'business-case', 'implementation', 'launched']);
    expect(launched.links.applications).toEqual([expect.objectContaining({ id: application.id, caseId: opened.id })]);
    expect(launched.links.supportPackages).toEqual([expect.objectContaining({ packageId: pkg.id, valuePence: packageValue, paidPence: packageValue })]);

    const after = await dashboard();
    expect(after.headline.mutualsLaunched - before.headline.mutualsLaunched).toBe(1);
    expect(after.headline.staffEmployed - before.headline.staffEmployed).toBe(250);
    expect(after.headline.publicSpendingPence - before.headline.publicSpendingPence).toBe(1_200_000_000);
    expect(after.support.totals.inKindValuePence - before.support.totals.inKindValuePence).toBe(packageValue);
    expect(after.support.totals.inKindPaidPence - before.support.totals.inKindPaidPence).toBe(packageValue);
    const youth = (view: { bySector: { code: string; mutuals: number; staff: number }[] }) => view.bySector.find((s) => s.code === 'youth') ?? { mutuals: 0, staff: 0 };
    expect(youth(after).mutuals - youth(before).mutuals).toBe(1);
    expect(youth(after).staff - youth(before).staff).toBe(250);

    // Every step of the journey went out on the broker, keyed by the mutual; the enquirer's email never did.
    const published = async (contract: { topic: string; type: string }, key: string, count: number) =>
      waitFor(
        async () => {
          const events = (await readTopic(contract.topic)).filter((m) => m.key === key).map((m) => JSON.parse(m.value!)).filter((e) => e.type === contract.type);
          return events.length >= count && events;
        },
        { what: `${count} ${contract.type} events`, timeoutMs: 30000 },
      );
    // The registration is itself the enquiry stage; each later stage is one event.
    const stages = await published(MutualStageRecorded, mutualId, 5);
    expect(stages.map((e: { data: { stage: string } }) => e.data.stage)).toEqual(['exploring', 'options-appraisal', 'business-case', 'implementation', 'launched']);
    const [registered] = await published(MutualRegistered, mutualId, 1);
    expect(JSON.stringify(registered)).not.toContain('kerry.walsh@');
    expect(await published(SupportPackageAwarded, pkg.id, 1)).toHaveLength(1);
  });
});
