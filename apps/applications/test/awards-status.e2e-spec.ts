import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AwardAccepted, AwardOffered, CaseDecided, CaseOpened, EventContract, EventEnvelope } from '@mutuals/contracts';
import { produceRaw, RunningService, startTestService, TestUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { createFund, officer, registeredApplicant, submitted } from './fixtures';

/** The applicant's view follows the awards service's events, whatever order they arrive in. */
describe("an application's status follows the awards decisions", () => {
  let service: RunningService<any>;
  let fund: { id: string };

  beforeAll(async () => {
    service = await startTestService(applicationsService);
    fund = await createFund(service);
  });
  afterAll(() => service?.close());

  function envelope(contract: EventContract, data: object): EventEnvelope {
    const caseRef = data as { caseId: string };
    return {
      specversion: '1.0',
      id: randomUUID(),
      type: contract.type,
      source: '/services/awards',
      subject: caseRef.caseId,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      correlationid: randomUUID(),
      causationid: randomUUID(),
      data,
    };
  }

  async function send(contract: EventContract, data: object) {
    const event = envelope(contract, data);
    await produceRaw(contract.topic, [{ key: event.subject, value: JSON.stringify(event) }]);
  }

  const statusOf = async (user: TestUser, id: string) => (await request(service.url).get(`/applications/${id}`).set(user.auth).expect(200)).body;

  async function applicationInAwards() {
    const { user } = await registeredApplicant(service);
    const application = await submitted(service, user, fund.id);
    const caseRef = {
      caseId: randomUUID(),
      source: 'application',
      sourceId: application.id,
      reference: application.reference,
      programmeId: fund.id,
      contact: { name: 'Kerry Walsh', email: user.email },
    };
    return { user, application, caseRef };
  }

  /**
   * Waits until everything sent so far on CaseOpened's topic under this case id has been handled:
   * a marker case with the same key (so the same partition) is handled after it.
   */
  async function caseOpenedHandled(caseId: string) {
    const { user, application, caseRef } = await applicationInAwards();
    await send(CaseOpened, { ...caseRef, caseId, organisationName: 'Marker', openedAt: '2026-05-15T08:00:00.000Z' });
    await waitFor(async () => (await statusOf(user, application.id)).status === 'in_assessment', { what: 'the marker case', timeoutMs: 30000 });
  }

  it('in assessment, approved, offer issued, accepted: the applicant sees each step, and officers see who moved it', async () => {
    const { user, application, caseRef } = await applicationInAwards();

    await send(CaseOpened, { ...caseRef, organisationName: 'Blackpool youth service staff group', openedAt: '2026-05-15T08:00:00.000Z' });
    await waitFor(async () => (await statusOf(user, application.id)).status === 'in_assessment', { what: 'in assessment', timeoutMs: 30000 });

    await send(CaseDecided, { ...caseRef, outcome: 'approved', amountPence: 2_000_000, reason: 'Strong staff support', decidedBy: 'officer-sam', decidedAt: '2026-06-10T11:00:00.000Z' });
    const approved = await waitFor(async () => {
      const view = await statusOf(user, application.id);
      return view.status === 'approved' && view;
    }, { what: 'approved', timeoutMs: 30000 });
    expect(approved.awardedPence).toBe(2_000_000);

    await send(AwardOffered, { ...caseRef, awardId: randomUUID(), amountPence: 2_000_000, conditions: ['Report after six months'], expiresAt: '2026-07-10T16:00:00.000Z' });
    const offered = await waitFor(async () => {
      const view = await statusOf(user, application.id);
      return view.status === 'offer_issued' && view;
    }, { what: 'offer issued', timeoutMs: 30000 });
    expect(offered.offerExpiresAt).toBe('2026-07-10T16:00:00.000Z');

    await send(AwardAccepted, { ...caseRef, awardId: randomUUID(), amountPence: 2_000_000, respondedBy: user.id, respondedAt: '2026-06-20T10:00:00.000Z' });
    await waitFor(async () => (await statusOf(user, application.id)).status === 'accepted', { what: 'accepted', timeoutMs: 30000 });

    const history = await request(service.url).get(`/applications/${application.id}/history`).set(officer.auth).expect(200);
    expect(history.body.map((h: { from: string; to: string; actorId: string }) => [h.from, h.to, h.actorId])).toEqual([
      [null, 'draft', user.id],
      ['draft', 'submitted', user.id],
      ['submitted', 'in_assessment', 'awards-service'],
      ['in_assessment', 'approved', 'officer-sam'],
      ['approved', 'offer_issued', 'awards-service'],
      ['offer_issued', 'accepted', user.id],
    ]);
    expect(history.body[3].detail).toEqual({ reason: 'Strong staff support' });

    const withdraw = await request(service.url).post(`/applications/${application.id}/withdraw`).set(user.auth).send({ version: (await statusOf(user, application.id)).version }).expect(409);
    expect(withdraw.body.code).toBe('application-decided');
  });

  it('a decision that arrives before the case-opened event is not undone by it', async () => {
    const { user, application, caseRef } = await applicationInAwards();
    await send(CaseDecided, { ...caseRef, outcome: 'reserve', reason: 'Below the funding line for now', decidedBy: 'officer-sam', decidedAt: '2026-06-10T11:00:00.000Z' });
    await waitFor(async () => (await statusOf(user, application.id)).status === 'reserve', { what: 'reserve', timeoutMs: 30000 });
    await send(CaseOpened, { ...caseRef, organisationName: 'Blackpool youth service staff group', openedAt: '2026-05-15T08:00:00.000Z' });
    await caseOpenedHandled(caseRef.caseId);
    expect((await statusOf(user, application.id)).status).toBe('reserve');
    await send(CaseDecided, { ...caseRef, outcome: 'approved', amountPence: 1_000_000, reason: 'Funds freed by a declined offer', decidedBy: 'officer-sam', decidedAt: '2026-07-01T09:00:00.000Z' });
    await waitFor(async () => (await statusOf(user, application.id)).status === 'approved', { what: 'approved after reserve', timeoutMs: 30000 });
  });

  it('cases opened from intake bids leave applications alone', async () => {
    const { user, application, caseRef } = await applicationInAwards();
    await send(CaseDecided, { ...caseRef, source: 'bid', outcome: 'rejected', reason: 'Not ours', decidedBy: 'officer-sam', decidedAt: '2026-06-10T11:00:00.000Z' });
    await send(CaseDecided, { ...caseRef, outcome: 'rejected', reason: 'Outside the fund priorities', decidedBy: 'officer-lee', decidedAt: '2026-06-11T11:00:00.000Z' });
    await waitFor(async () => (await statusOf(user, application.id)).status === 'rejected', { what: 'rejected', timeoutMs: 30000 });
    const history = await request(service.url).get(`/applications/${application.id}/history`).set(officer.auth).expect(200);
    expect(history.body.filter((h: { to: string }) => h.to === 'rejected').map((h: { actorId: string }) => h.actorId)).toEqual(['officer-lee']);
  });

  it('an application withdrawn before the case opened stays withdrawn', async () => {
    const { user, application, caseRef } = await applicationInAwards();
    await request(service.url).post(`/applications/${application.id}/withdraw`).set(user.auth).send({ version: application.version }).expect(200);
    await send(CaseOpened, { ...caseRef, organisationName: 'Blackpool youth service staff group', openedAt: '2026-05-15T08:00:00.000Z' });
    await caseOpenedHandled(caseRef.caseId);
    expect((await statusOf(user, application.id)).status).toBe('withdrawn');
  });
});
