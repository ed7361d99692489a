import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { createFund, officer, registeredApplicant, submitted } from '../../apps/applications/test/fixtures';
import { awardsService } from '../../apps/awards/src/service';

jest.setTimeout(300_000);

/**
 * A fund's budget across services: applications owns it, awards commits against it. Once awards has
 * approved money on the fund, applications refuses to lower the budget below what is committed,
 * naming the amount, and accepts lowering it to exactly that.
 */
describe('a budget cannot be lowered below what awards has committed', () => {
  let applications: RunningService<any>;
  let awards: RunningService<any>;

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    applications = await startTestService(applicationsService);
  });
  afterAll(async () => {
    await applications?.close();
    await awards?.close();
  });

  async function panel(fundId: string, size: number): Promise<TestUser[]> {
    const team: TestUser[] = [];
    for (let i = 0; i < size; i += 1) {
      const assessor = testUser('assessor', { name: `Fund assessor ${i}` });
      await request(awards.url)
        .put(`/assessors/${assessor.id}`)
        .set(officer.auth)
        .send({ name: assessor.name, email: assessor.email, sectors: ['youth'], programmeIds: [fundId], capacity: 5, conflicts: [] })
        .expect(200);
      team.push(assessor);
    }
    return team;
  }

  it('commit some budget, try to lower the budget below it: refused with the figure; lower it to exactly that: accepted', async () => {
    const fund = await createFund(applications, { budgetPence: 10_000_000, capPerApplicationPence: 2_500_000 });
    const team = await panel(fund.id, 2);
    const { user } = await registeredApplicant(applications);
    const application = await submitted(applications, user, fund.id);

    const opened = await waitFor(
      async () => (await request(awards.url).get('/cases').query({ programmeId: fund.id, status: 'in-assessment' }).set(officer.auth)).body.items?.find((c: { sourceId: string }) => c.sourceId === application.id),
      { what: 'the case in awards', timeoutMs: 120000, intervalMs: 300 },
    );
    for (const assessor of team) {
      const view = await request(awards.url).get(`/assessor/cases/${opened.id}`).set(assessor.auth).expect(200);
      const scores = view.body.criteria.map((c: { id: string }) => ({ criterionId: c.id, score: 4, comment: `Assessed ${c.id}` }));
      await request(awards.url).post(`/assessor/cases/${opened.id}/assessment`).set(assessor.auth).send({ scores, recommendation: 'fund' }).expect(201);
    }
    await waitFor(async () => (await request(awards.url).get(`/programmes/${fund.id}`).set(officer.auth)).body.budgetPence === 10_000_000, { what: 'awards to have the fund’s budget', timeoutMs: 120000, intervalMs: 300 });
    await request(awards.url).post(`/cases/${opened.id}/decision`).set(officer.auth).send({ outcome: 'approved', amountPence: 1_875_050, reason: 'Above the funding line' }).expect(200);

    // Applications hears of the commitment through awards.budget.committed-changed.
    const db = applications.app.get(DataSource);
    await waitFor(async () => (await db.query('select committed_pence from fund_commitments where fund_id = $1', [fund.id]))[0]?.committed_pence === '1875050', {
      what: 'applications to know what awards committed',
      timeoutMs: 120000,
      intervalMs: 300,
    });

    const change = (budgetPence: number, version: number) => request(applications.url).patch(`/funds/${fund.id}`).set(officer.auth).send({ version, budgetPence, capPerApplicationPence: 1_000_000 });
    const refused = await change(1_875_049, fund.version).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'budget-below-committed', details: { committedPence: 1_875_050, budgetPence: 1_875_049 } });
    expect(refused.body.message).toBe(`£18,750.50 is already committed on ${fund.name}: its budget cannot be lowered below that (£18,750.49 was asked for)`);
    const accepted = await change(1_875_050, fund.version).expect(200);
    expect(accepted.body).toMatchObject({ budgetPence: 1_875_050 });

    // Awards takes the new budget: fully committed, not over-committed.
    await waitFor(async () => (await request(awards.url).get(`/programmes/${fund.id}`).set(officer.auth)).body.budgetPence === 1_875_050, { what: 'awards to have the lower budget', timeoutMs: 120000, intervalMs: 300 });
    const tracked = await request(awards.url).get(`/programmes/${fund.id}`).set(officer.auth).expect(200);
    expect(tracked.body).toMatchObject({ committedPence: 1_875_050, remainingPence: 0, overCommittedPence: 0 });
  });
});
