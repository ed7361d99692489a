import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AwardOffered, AwardWithdrawn, BudgetCommittedChanged, CaseDecided, CaseOpened, EventContract, EventEnvelope } from '@mutuals/contracts';
import { RunningService, startTestService, deliverInOrder as deliverEventsInOrder, testEnvelope } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { createFund, officer, registeredApplicant, submitted } from './fixtures';

jest.setTimeout(180_000);

/**
 * The applications service's side of events that arrive in a bad order: a fund's budget is never
 * lowered below what awards has committed, whatever order awards' figures arrive in; an application
 * withdrawn before its service heard of the decision stays withdrawn when the decision comes.
 */
describe('applications and awards events in a bad order', () => {
  let service: RunningService<any>;
  let db: DataSource;

  beforeAll(async () => {
    service = await startTestService(applicationsService);
    db = service.app.get(DataSource);
  });
  afterAll(() => service?.close());

  const envelope = <T extends object>(contract: EventContract<T>, subject: string, data: T) => testEnvelope(contract, data, { subject });

  const deliverInOrder = (contract: EventContract<any>, subject: string, events: EventEnvelope<object>[], notHandled: EventContract<any>[] = []) =>
    deliverEventsInOrder(db, contract, subject, events, notHandled);

  const committed = (fundId: string, committedPence: number, revision: number, kind: 'bid-programme' | 'fund' = 'fund') =>
    envelope(BudgetCommittedChanged, fundId, { programmeId: fundId, kind, committedPence, budgetPence: 100_000_000, revision, changedAt: new Date().toISOString() });

  it("refuses to lower a fund's budget below what awards has committed, naming it; down to exactly that is accepted", async () => {
    const fund = await createFund(service);
    // The newest figure first, then an older one replayed late, then a programme's figure under the same id: only the newest counts.
    await deliverInOrder(BudgetCommittedChanged, fund.id, [committed(fund.id, 60_000_001, 2), committed(fund.id, 10_000_000, 1), committed(fund.id, 99_000_000, 3, 'bid-programme')]);

    const refused = await request(service.url).patch(`/funds/${fund.id}`).set(officer.auth).send({ version: fund.version, budgetPence: 60_000_000 }).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'budget-below-committed', details: { committedPence: 60_000_001, budgetPence: 60_000_000 } });
    expect(refused.body.message).toBe(`£600,000.01 is already committed on ${fund.name}: its budget cannot be lowered below that (£600,000.00 was asked for)`);
    expect((await request(service.url).get(`/funds/${fund.id}`).set(officer.auth).expect(200)).body).toMatchObject({ budgetPence: 100_000_000, version: fund.version });

    const lowered = await request(service.url).patch(`/funds/${fund.id}`).set(officer.auth).send({ version: fund.version, budgetPence: 60_000_001 }).expect(200);
    expect(lowered.body.budgetPence).toBe(60_000_001);
    // Once awards frees money (a newer, lower figure), the budget may come down further.
    await deliverInOrder(BudgetCommittedChanged, fund.id, [committed(fund.id, 2_500_000, 4)]);
    await request(service.url).patch(`/funds/${fund.id}`).set(officer.auth).send({ version: lowered.body.version, budgetPence: 2_500_000 }).expect(200);
  });

  it('an application withdrawn in assessment stays withdrawn when the approval, the offer and its withdrawal arrive after', async () => {
    const fund = await createFund(service);
    const { user } = await registeredApplicant(service);
    const application = await submitted(service, user, fund.id);
    const caseRef = { caseId: randomUUID(), source: 'application' as const, sourceId: application.id, reference: application.reference, programmeId: fund.id, contact: { name: 'Kerry Walsh', email: user.email! } };
    await deliverInOrder(CaseOpened, caseRef.caseId, [envelope(CaseOpened, caseRef.caseId, { ...caseRef, organisationName: 'Blackpool youth service staff group', openedAt: new Date().toISOString() })]);
    const inAssessment = (await request(service.url).get(`/applications/${application.id}`).set(user.auth).expect(200)).body;
    expect(inAssessment.status).toBe('in_assessment');
    await request(service.url).post(`/applications/${application.id}/withdraw`).set(user.auth).send({ version: inAssessment.version, reason: 'The council keeps the service in house' }).expect(200);

    const award = { ...caseRef, awardId: randomUUID(), amountPence: 2_000_000 };
    await deliverInOrder(CaseDecided, caseRef.caseId, [
      envelope(CaseDecided, caseRef.caseId, { ...caseRef, outcome: 'approved', amountPence: 2_000_000, reason: 'Strong staff support', decidedBy: 'officer-sam', decidedAt: new Date().toISOString() }),
    ]);
    const offer = { conditions: [], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    await deliverInOrder(
      AwardOffered,
      award.awardId,
      [
        envelope(AwardOffered, award.awardId, { ...award, ...offer }),
        envelope(AwardWithdrawn, award.awardId, { ...award, previousStatus: 'offered', paidPence: 0, releasedPence: 2_000_000, officerActionNeeded: false, withdrawnAt: new Date().toISOString() }),
        // a bid's offer under the same key: handled (and left to intake), so the withdrawal before it was read
        envelope(AwardOffered, award.awardId, { ...award, source: 'bid', sourceId: randomUUID(), ...offer }),
      ],
      [AwardWithdrawn],
    );

    const view = (await request(service.url).get(`/applications/${application.id}`).set(user.auth).expect(200)).body;
    expect(view).toMatchObject({ status: 'withdrawn', awardedPence: null });
    const history = await request(service.url).get(`/applications/${application.id}/history`).set(officer.auth).expect(200);
    expect(history.body.map((h: { to: string }) => h.to)).toEqual(['draft', 'submitted', 'in_assessment', 'withdrawn']);
  });
});
