import request from 'supertest';
import { RunningService, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { createFund, registeredApplicant, submitted } from '../../apps/applications/test/fixtures';
import { awardsService } from '../../apps/awards/src/service';
import { freshOrgId } from '../../apps/awards/test/awards-fixtures';
import { bidContent, council, openRound, startIntake } from '../../apps/intake/test/support';

jest.setTimeout(400_000);

/**
 * The awarding journey across services, on real PostgreSQL and Kafka: a council's eligible bid
 * (intake) and a staff group's application (applications) each become a case in awards, are
 * assessed, decided within budget, offered, accepted and paid, and the applicant's own view in
 * intake or applications follows to acceptance. (The intermediate "in assessment" status travels on
 * awards.case.opened, which every test run on the shared broker floods; the views are checked at
 * acceptance, whose topic stays quiet, and intake and applications handle events in any order.)
 */
describe('awarding journey: bid or application to paid award', () => {
  let intake: RunningService<any>;
  let applications: RunningService<any>;
  let awards: RunningService<any>;
  const officer = testUser('programme_officer');
  const moderator = testUser('programme_officer');

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    intake = await startIntake();
    applications = await startTestService(applicationsService);
  });
  afterAll(async () => {
    await applications?.close();
    await intake?.close();
    await awards?.close();
  });

  const awardsApi = () => request(awards.url);

  async function panel(programmeId: string, size: number, conflicts: { kind: string; value: string }[][] = []): Promise<TestUser[]> {
    const team: TestUser[] = [];
    for (let i = 0; i < size; i += 1) {
      const assessor = testUser('assessor', { name: `Panel assessor ${i}` });
      await awardsApi()
        .put(`/assessors/${assessor.id}`)
        .set(officer.auth)
        .send({ name: assessor.name, email: assessor.email, sectors: ['youth'], programmeIds: [programmeId], capacity: 5, conflicts: conflicts[i] ?? [] })
        .expect(200);
      team.push(assessor);
    }
    return team;
  }

  async function caseOf(programmeId: string, sourceId: string, status: string) {
    return waitFor(
      async () => {
        const res = await awardsApi().get(`/cases?programmeId=${programmeId}`).set(officer.auth);
        return res.body.items?.find((c: { sourceId: string; status: string }) => c.sourceId === sourceId && c.status === status);
      },
      { what: `the awards case of ${sourceId} (${status})`, timeoutMs: 150000, intervalMs: 500 },
    );
  }

  async function score(assessor: TestUser, caseId: string, points: number[]) {
    const view = await awardsApi().get(`/assessor/cases/${caseId}`).set(assessor.auth).expect(200);
    const scores = view.body.criteria.map((c: { id: string }, i: number) => ({ criterionId: c.id, score: points[i], comment: `Assessed ${c.id}` }));
    return awardsApi().post(`/assessor/cases/${caseId}/assessment`).set(assessor.auth).send({ scores, recommendation: 'fund' }).expect(201);
  }

  /** Decision to payment, the same for either source; returns the award once fully paid. */
  async function decideOfferAndPay(caseId: string, amountPence: number, applicant: TestUser, orgId: string) {
    await awardsApi().post(`/cases/${caseId}/decision`).set(officer.auth).send({ outcome: 'approved', amountPence, reason: 'Above the funding line' }).expect(200);
    const check = await awardsApi().post(`/cases/${caseId}/due-diligence`).set(officer.auth).send({ recipientOrgIdentifier: orgId, subsidyDeclaredPence: 0 }).expect(201);
    expect(check.body.passed).toBe(true);
    const offer = await awardsApi()
      .post(`/cases/${caseId}/offer`)
      .set(officer.auth)
      .send({ conditions: ['Report on outcomes after six months'], expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString() })
      .expect(201);
    const mine = await awardsApi().get('/awards').set(applicant.auth).expect(200);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(offer.body.id);
    await awardsApi().post(`/awards/${offer.body.id}/accept`).set(applicant.auth).expect(200);
    const half = Math.floor(amountPence / 2);
    const scheduled = await awardsApi()
      .put(`/awards/${offer.body.id}/milestones`)
      .set(officer.auth)
      .send({ milestones: [{ name: 'On signing', amountPence: half, dueOn: '2026-07-01' }, { name: 'On the business plan', amountPence: amountPence - half, dueOn: '2026-10-01' }] })
      .expect(200);
    for (const milestone of scheduled.body.milestones) {
      await awardsApi().post(`/awards/${offer.body.id}/milestones/${milestone.id}/pay`).set(officer.auth).expect(200);
    }
    return (await awardsApi().get(`/awards/${offer.body.id}`).set(applicant.auth).expect(200)).body;
  }

  it("a council's eligible bid: non-conflicted assessors, moderation, ranking, approval, offer, acceptance, payments; intake shows each step", async () => {
    const roundId = await openRound(intake.url);
    const round = await request(intake.url).get(`/rounds/${roundId}`).set(officer.auth).expect(200);
    const programmeId: string = round.body.programmeId;
    const lead = council();
    // the first assessor once worked for this council
    const team = await panel(programmeId, 3, [[{ kind: 'authority', value: lead.organisationId! }]]);

    const created = await request(intake.url).post(`/rounds/${roundId}/bids`).set(lead.auth).send(bidContent(lead.organisationId!)).expect(201);
    await request(intake.url).post(`/bids/${created.body.id}/submit`).set(lead.auth).expect(200);

    const opened = await caseOf(programmeId, created.body.id, 'in-assessment');
    const detail = await awardsApi().get(`/cases/${opened.id}`).set(officer.auth).expect(200);
    expect(detail.body.allocations.map((a: { assessorId: string }) => a.assessorId).sort()).toEqual([team[1].id, team[2].id].sort());

    // 5/5 and 1/1 on the round's two criteria: 100 and 20 are further apart than its threshold of 20
    await score(team[1], opened.id, [5, 5]);
    await score(team[2], opened.id, [1, 1]);
    await caseOf(programmeId, created.body.id, 'moderation');
    await awardsApi().post(`/cases/${opened.id}/moderation`).set(moderator.auth).send({ agreedScore: 72.5, reason: 'Agreed at panel' }).expect(204);
    const ranking = await awardsApi().get(`/programmes/${programmeId}/ranking?roundId=${roundId}`).set(officer.auth).expect(200);
    expect(ranking.body.cases).toEqual([expect.objectContaining({ caseId: opened.id, finalScore: 72.5, aboveFundingLine: true })]);

    const award = await decideOfferAndPay(opened.id, 9_500_000, lead, freshOrgId());
    expect(award).toMatchObject({ status: 'completed', awardedPence: 9_500_000, paidPence: 9_500_000, outstandingPence: 0 });
    await waitFor(async () => (await request(intake.url).get(`/bids/${created.body.id}`).set(lead.auth)).body.status === 'accepted', { what: 'intake: accepted', timeoutMs: 60000, intervalMs: 500 });
    const tracking = await awardsApi().get(`/programmes/${programmeId}`).set(officer.auth).expect(200);
    expect(tracking.body).toMatchObject({ budgetPence: 100_000_000, committedPence: 9_500_000, paidPence: 9_500_000, remainingPence: 90_500_000 });
  });

  it("a staff group's application: assessed, approved, offered, accepted and paid; the applications view follows", async () => {
    const fund = await createFund(applications);
    const team = await panel(fund.id, 2);
    await waitFor(async () => (await awardsApi().get(`/programmes/${fund.id}`).set(officer.auth)).body.budgetPence === 100_000_000, { what: 'the fund’s budget in awards', timeoutMs: 150000, intervalMs: 500 });
    const { user } = await registeredApplicant(applications);
    const application = await submitted(applications, user, fund.id);

    const opened = await caseOf(fund.id, application.id, 'in-assessment');
    const statusOf = async () => (await request(applications.url).get(`/applications/${application.id}`).set(user.auth).expect(200)).body.status;
    for (const assessor of team) {
      const view = await awardsApi().get(`/assessor/cases/${opened.id}`).set(assessor.auth).expect(200);
      expect(view.body).not.toHaveProperty('contact');
      await score(assessor, opened.id, view.body.criteria.map(() => 4));
    }
    await caseOf(fund.id, application.id, 'assessed');

    const award = await decideOfferAndPay(opened.id, 2_500_000, user, freshOrgId());
    expect(award).toMatchObject({ status: 'completed', paidPence: 2_500_000 });
    await waitFor(async () => (await statusOf()) === 'accepted', { what: 'applications: accepted', timeoutMs: 60000, intervalMs: 500 });
    const history = await awardsApi().get(`/cases/${opened.id}/history`).set(officer.auth).expect(200);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual([
      'opened',
      'assessors-allocated',
      'assessment-submitted',
      'assessment-submitted',
      'assessed',
      'decided-approved',
      'due-diligence-passed',
      'offered',
      'accepted',
      'payments-scheduled',
      'payment-made',
      'payment-made',
    ]);
  });
});
