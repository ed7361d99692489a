import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { testUser, TestUser } from './auth';

/**
 * A complete draft application of the applicant's, ready to submit, made through the applications
 * service's API: the applicant's organisation, and an open fund of its own (so each test owns its data).
 */
export async function draftApplication(applicationsUrl: string, user: TestUser): Promise<{ id: string; version: number }> {
  await request(applicationsUrl)
    .post('/organisations')
    .set(user.auth)
    .send({
      name: '3BM',
      type: 'live-mutual',
      legalForm: 'company-limited-by-guarantee',
      parentBody: 'Bath and North East Somerset Council',
      servicesInScope: ['School business management'],
      employeeSharePercent: 100,
      stillOnOriginalContract: true,
    })
    .expect(201);
  const fund = await request(applicationsUrl)
    .post('/funds')
    .set(testUser('programme_officer').auth)
    .send({ name: `Mutuals Interim Support Fund ${randomUUID()}`, capPerApplicationPence: 2_500_000, budgetPence: 100_000_000, open: true, matchFundingRequired: false, questions: [] })
    .expect(201);
  const created = await request(applicationsUrl)
    .post('/applications')
    .set(user.auth)
    .send({
      fundId: fund.body.id,
      title: 'Pensions advice for our staff transfer',
      supportTypes: ['hr-and-pensions'],
      amountRequestedPence: 2_500_000,
      subsidyReceivedPence: 0,
      servicesDeliveredInEngland: true,
    })
    .expect(201);
  return created.body;
}
