import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AwardOffered, AwardWithdrawn, BudgetCommittedChanged, CaseDecided, CaseOpened, CaseRef, EventContract, EventEnvelope } from '@mutuals/contracts';
import { RunningService, deliverInOrder as deliverEventsInOrder, testEnvelope } from '@mutuals/testing';
import { bidContent, council, createProgramme, officer, openRound, startIntake } from './support';

jest.setTimeout(180_000);

/**
 * Intake's side of events that arrive in a bad order: a programme's budget is never lowered below
 * what awards has committed, whatever order awards' figures arrive in; a bid withdrawn or screened
 * out stays so when awards' news of the case comes after.
 */
describe('intake and awards events in a bad order', () => {
  let service: RunningService<any>;
  let db: DataSource;

  beforeAll(async () => {
    service = await startIntake();
    db = service.app.get(DataSource);
  });
  afterAll(() => service?.close());

  const envelope = <T extends object>(contract: EventContract<T>, subject: string, data: T) => testEnvelope(contract, data, { subject });

  const deliverInOrder = (contract: EventContract<any>, subject: string, events: EventEnvelope<object>[], notHandled: EventContract<any>[] = []) =>
    deliverEventsInOrder(db, contract, subject, events, notHandled);

  const committed = (programmeId: string, committedPence: number, revision: number, kind: 'bid-programme' | 'fund' = 'bid-programme') =>
    envelope(BudgetCommittedChanged, programmeId, { programmeId, kind, committedPence, budgetPence: 100_000_000, revision, changedAt: new Date().toISOString() });

  it("refuses to lower a programme's budget below what awards has committed, naming it; down to exactly that is accepted", async () => {
    const programmeId = await createProgramme(service.url);
    // The newest figure first, then an older one replayed late, then a fund's figure under the same id: only the newest counts.
    await deliverInOrder(BudgetCommittedChanged, programmeId, [committed(programmeId, 40_000_000, 3), committed(programmeId, 90_000_000, 2), committed(programmeId, 95_000_000, 4, 'fund')]);

    const refused = await request(service.url).patch(`/programmes/${programmeId}`).set(officer.auth).send({ budgetPence: 39_999_999 }).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'budget-below-committed', details: { committedPence: 40_000_000, budgetPence: 39_999_999 } });
    expect(refused.body.message).toBe('£400,000.00 is already committed on Delivering Differently: its budget cannot be lowered below that (£399,999.99 was asked for)');
    expect(refused.body.correlationId).toEqual(expect.any(String));
    expect((await request(service.url).get(`/programmes/${programmeId}`).set(officer.auth).expect(200)).body).toMatchObject({ budgetPence: 100_000_000, revision: 1 });

    const lowered = await request(service.url).patch(`/programmes/${programmeId}`).set(officer.auth).send({ budgetPence: 40_000_000 }).expect(200);
    expect(lowered.body).toMatchObject({ budgetPence: 40_000_000, revision: 2 });
    // Other changes, and raising the budget, are not held up by commitments.
    await request(service.url).patch(`/programmes/${programmeId}`).set(officer.auth).send({ budgetPence: 45_000_000, title: 'Delivering Differently (extended)' }).expect(200);
  });

  describe("bids whose awards news comes after the council's or officer's change", () => {
    let roundId: string;
    beforeAll(async () => {
      roundId = await openRound(service.url);
    });

    async function submittedBid() {
      const user = council();
      const created = await request(service.url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!)).expect(201);
      const bid = (await request(service.url).post(`/bids/${created.body.id}/submit`).set(user.auth).expect(200)).body;
      const caseRef = { caseId: randomUUID(), source: 'bid' as const, sourceId: bid.id, reference: bid.reference, programmeId: bid.programmeId, contact: { name: 'Jo Bennett', email: user.email! } };
      return { user, bid, caseRef };
    }

    const decided = (caseRef: CaseRef) => ({ ...caseRef, outcome: 'approved' as const, amountPence: 9_000_000, reason: 'Strong case', decidedBy: 'officer-sam', decidedAt: new Date().toISOString() });

    it('a bid withdrawn in assessment stays withdrawn when the approval, the offer and its withdrawal arrive after', async () => {
      const { user, bid, caseRef } = await submittedBid();
      await deliverInOrder(CaseOpened, caseRef.caseId, [envelope(CaseOpened, caseRef.caseId, { ...caseRef, organisationName: bid.authorityName, openedAt: new Date().toISOString() })]);
      await request(service.url).post(`/bids/${bid.id}/withdraw`).set(user.auth).send({ reason: 'The council has decided to keep the service in house' }).expect(200);

      const award = { ...caseRef, awardId: randomUUID(), amountPence: 9_000_000 };
      await deliverInOrder(CaseDecided, caseRef.caseId, [envelope(CaseDecided, caseRef.caseId, decided(caseRef))]);
      const offer = { conditions: [], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
      await deliverInOrder(
        AwardOffered,
        award.awardId,
        [
          envelope(AwardOffered, award.awardId, { ...award, ...offer }),
          envelope(AwardWithdrawn, award.awardId, { ...award, previousStatus: 'offered', paidPence: 0, releasedPence: 9_000_000, officerActionNeeded: false, withdrawnAt: new Date().toISOString() }),
          // an application's offer under the same key: handled (and left to applications), so the withdrawal before it was read
          envelope(AwardOffered, award.awardId, { ...award, source: 'application', sourceId: randomUUID(), ...offer }),
        ],
        [AwardWithdrawn],
      );

      const view = (await request(service.url).get(`/bids/${bid.id}`).set(user.auth).expect(200)).body;
      expect(view.status).toBe('withdrawn');
      const history = await request(service.url).get(`/bids/${bid.id}/history`).set(officer.auth).expect(200);
      expect(history.body.map((h: { to: string }) => h.to)).toEqual(['draft', 'submitted', 'eligible', 'in_assessment', 'withdrawn']);
    });

    it('a bid screened out by an officer before the case reached intake stays ineligible when the case and its approval arrive', async () => {
      const { user, bid, caseRef } = await submittedBid();
      await request(service.url).post(`/bids/${bid.id}/screening`).set(officer.auth).send({ outcome: 'ineligible', reason: 'The partner council has not confirmed its part in the bid' }).expect(200);
      await deliverInOrder(CaseOpened, caseRef.caseId, [
        envelope(CaseOpened, caseRef.caseId, { ...caseRef, organisationName: bid.authorityName, openedAt: new Date().toISOString() }),
        envelope(CaseDecided, caseRef.caseId, decided(caseRef)),
      ]);
      expect((await request(service.url).get(`/bids/${bid.id}`).set(user.auth).expect(200)).body.status).toBe('ineligible');
    });
  });
});
