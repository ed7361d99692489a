import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApplicationSubmitted, BidScreened, FundPublished } from '@mutuals/contracts';
import { testUser, TestUser } from '@mutuals/testing';
import { addDays, addMonths } from '../../awards/src/monitoring/monitoring-schedule';
import { AwardsApi, freshOrgId, produce, screenedBid } from '../../awards/test/awards-fixtures';
import { SignedInUser } from '../src/auth/personas';

/** Awards set up through the awards service's API, for the browser tests of what comes after them. */

/** A bid of the test's own programme, assessed and waiting for a decision. */
export async function assessedBid(api: AwardsApi, budgetPence: number) {
  const round = await api.bidProgramme(budgetPence);
  const sector = `inkind-${round.programmeId.slice(0, 6)}`;
  const team = await api.team(round.programmeId, sector, 2);
  const bid = screenedBid(round, sector, { amountRequestedPence: 3_000_000 });
  await produce(BidScreened, bid.bidId, bid);
  const kase = await api.caseFor(bid.bidId, 'in-assessment');
  await api.assess(team, kase.id);
  await api.caseFor(bid.bidId, 'assessed');
  return { round, bid, caseId: kase.id };
}

/** A mutual's application to a fund of the test's own, assessed; its applicant as the portal signs them in, and as the service's token. */
export async function assessedApplication(api: AwardsApi, budgetPence: number) {
  const fundId = randomUUID();
  const sector = `award-${fundId.slice(0, 8)}`;
  await api.handled(await produce(FundPublished, fundId, { ...FundPublished.example, fundId, name: `Support fund ${fundId.slice(0, 6)}`, budgetPence, revision: 1 }));
  const team = await api.team(fundId, sector, 2);
  const applicationId = randomUUID();
  const token = testUser('applicant', { organisationId: randomUUID(), name: 'Alex Morgan' });
  const reference = `MSF-${applicationId.slice(0, 8)}`;
  await produce(ApplicationSubmitted, applicationId, { ...ApplicationSubmitted.example, applicationId, reference, applicantId: token.id, organisationId: token.organisationId, fundId, sector });
  const kase = await api.caseFor(applicationId, 'in-assessment');
  await api.assess(team, kase.id);
  await api.caseFor(applicationId, 'assessed');
  return { fundId, caseId: kase.id, reference, token, applicant: applicantUser(token) };
}

export const applicantUser = (t: TestUser): SignedInUser => ({ id: t.id, persona: 'applicant', roles: ['applicant'], name: t.name, email: t.email, organisationId: t.organisationId });

/** The case approved for `amountPence`, checked and offered with these conditions (each with its due date or null), and accepted by the applicant. */
export async function acceptedAward(api: AwardsApi, caseId: string, applicant: TestUser, amountPence: number, conditions: [string, string | null][]): Promise<{ id: string }> {
  const http = () => request(api.url);
  await http().post(`/cases/${caseId}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence, reason: 'Above the line' }).expect(200);
  await http().post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
  const offer = { conditions: conditions.map(([text]) => text), conditionsDueOn: conditions.map(([, dueOn]) => dueOn), expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() };
  const { id } = (await http().post(`/cases/${caseId}/offer`).set(api.officer.auth).send(offer).expect(201)).body;
  await http().post(`/awards/${id}/accept`).set(applicant.auth).expect(200);
  return { id };
}

/** Monthly returns, each due 30 days after its month: the first two past their due date, the third due in about a fortnight. */
export async function monthlyReturns(api: AwardsApi, awardId: string): Promise<void> {
  const startOn = addDays(addMonths(new Date().toISOString().slice(0, 10), -2), -45);
  await request(api.url).put(`/awards/${awardId}/monitoring`).set(api.officer.auth).send({ intervalMonths: 1, returns: 3, startOn }).expect(200);
}
