import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AwardAccepted, AwardOffered, CaseDecided, CaseOpened, EventContract } from '@mutuals/contracts';
import { produceRaw, RunningService, waitFor } from '@mutuals/testing';
import { bidContent, council, openRound, startIntake } from './support';

/** A council sees its bid follow the awards service's case: assessment, decision, offer, answer. */
describe("a bid's status follows the awards service", () => {
  let service: RunningService<any>;
  let roundId: string;

  beforeAll(async () => {
    service = await startIntake();
    roundId = await openRound(service.url);
  });
  afterAll(() => service?.close());

  async function send(contract: EventContract, data: { caseId: string } & Record<string, unknown>, time = new Date()) {
    const envelope = {
      specversion: '1.0',
      id: randomUUID(),
      type: contract.type,
      source: '/services/awards',
      subject: data.caseId,
      time: time.toISOString(),
      datacontenttype: 'application/json',
      correlationid: randomUUID(),
      causationid: randomUUID(),
      data,
    };
    await produceRaw(contract.topic, [{ key: data.caseId, value: JSON.stringify(envelope) }]);
  }

  async function bidInAwards(extra: Record<string, unknown> = {}) {
    const user = council();
    const created = await request(service.url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!, extra)).expect(201);
    const bid = (await request(service.url).post(`/bids/${created.body.id}/submit`).set(user.auth).expect(200)).body;
    const caseRef = { caseId: randomUUID(), source: 'bid', sourceId: bid.id, reference: bid.reference, programmeId: bid.programmeId, contact: { name: 'Jo Bennett', email: user.email } };
    const statusIs = (status: string) =>
      waitFor(async () => (await request(service.url).get(`/bids/${bid.id}`).set(user.auth)).body.status === status, { what: `bid ${status}`, timeoutMs: 30000 });
    return { user, bid, caseRef, statusIs };
  }

  it('in assessment, approved with the amount, offered and accepted', async () => {
    const { user, bid, caseRef, statusIs } = await bidInAwards();
    await send(CaseOpened, { ...caseRef, organisationName: bid.authorityName, openedAt: new Date().toISOString() });
    await statusIs('in_assessment');
    await send(CaseDecided, { ...caseRef, outcome: 'approved', amountPence: 9_000_000, reason: 'Strong case', decidedBy: 'officer-sam', decidedAt: new Date().toISOString() });
    await statusIs('approved');
    const award = { ...caseRef, awardId: randomUUID(), amountPence: 9_000_000 };
    await send(AwardOffered, { ...award, conditions: ['Report after six months'], expiresAt: new Date(Date.now() + 86400000).toISOString() });
    await statusIs('offer_issued');
    await send(AwardAccepted, { ...award, respondedBy: user.id, respondedAt: new Date().toISOString() });
    await statusIs('accepted');
    expect((await request(service.url).get(`/bids/${bid.id}`).set(user.auth)).body.awardedPence).toBe(9_000_000);
  });

  it("an application's case, or a case for an ineligible bid, leaves the bids alone", async () => {
    const ineligible = await bidInAwards({ amountRequestedPence: 20_000_000 });
    const eligible = await bidInAwards();
    const marker = await bidInAwards();
    // One message key (case id) for all three, so they share a partition and are handled in order.
    const caseId = marker.caseRef.caseId;
    const opened = { organisationName: 'x', openedAt: new Date().toISOString() };
    await send(CaseOpened, { ...ineligible.caseRef, caseId, ...opened });
    await send(CaseOpened, { ...eligible.caseRef, caseId, source: 'application', ...opened });
    await send(CaseOpened, { ...marker.caseRef, ...opened });
    await marker.statusIs('in_assessment');
    expect((await request(service.url).get(`/bids/${ineligible.bid.id}`).set(ineligible.user.auth)).body.status).toBe('ineligible');
    expect((await request(service.url).get(`/bids/${eligible.bid.id}`).set(eligible.user.auth)).body.status).toBe('eligible');
  });
});
