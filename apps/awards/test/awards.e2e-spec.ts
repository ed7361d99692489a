import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApplicationSubmitted,
  ApplicationWithdrawn,
  AwardDeclined,
  AwardLapsed,
  BidScreened,
  BidWithdrawn,
  BudgetCommittedChanged,
  BudgetCommittedChangedV1,
  BudgetThresholdReached,
  CaseAllocationBlocked,
  CaseAssessorsAllocated,
  CaseDecided,
  CaseOpened,
  envelopeProblems,
  EventEnvelope,
  FundPublished,
  ProgrammePublished,
  RoundOpened,
  validatePayload,
} from '@mutuals/contracts';
import { eventsHandled, produceRaw, RunningService, startTestService, testUser, waitFor } from '@mutuals/testing';
import { AwardsService } from '../src/awards/awards.service';
import { CSV_COLUMNS } from '../src/exports/three-sixty-giving';
import { awardsService } from '../src/service';
import { AwardsApi, envelope, freshOrgId, produce, screenedBid } from './awards-fixtures';

const sectorOf = () => `sector-${randomUUID().slice(0, 8)}`;

jest.setTimeout(180_000);

describe('awards service: assessment, decisions and awards', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;

  /** Completed passes of the offer-expiry poller. */
  let expiryPasses = 0;

  beforeAll(async () => {
    service = await startTestService(awardsService, { OFFER_EXPIRY_POLL_MS: 200 });
    db = service.app.get(DataSource);
    api = new AwardsApi(service.url, db);
    const awards = service.app.get(AwardsService);
    const lapseExpired = awards.lapseExpired.bind(awards);
    awards.lapseExpired = async (...args) => {
      const lapsed = await lapseExpired(...args);
      expiryPasses += 1;
      return lapsed;
    };
  });
  afterAll(() => service?.close());

  describe('cases from bids', () => {
    it('an eligible bid opens one case, however often it is delivered; an ineligible one none', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector);
      const event = envelope(BidScreened, bid.bidId, bid);
      const republished = { ...event, id: randomUUID() };
      await produceRaw(BidScreened.topic, [event, event, republished].map((e) => ({ key: bid.bidId, value: JSON.stringify(e) })));
      const ineligible = screenedBid(round, sector, { outcome: 'ineligible', reasons: ['not an English authority'] });
      const ineligibleEvent = await produce(BidScreened, ineligible.bidId, ineligible);

      const opened = await api.caseFor(bid.bidId, 'in-assessment');
      // The republished copy came after the duplicate on the bid's partition: once it is handled, both copies are.
      await eventsHandled(db, [republished.id, ineligibleEvent.id]);
      const [{ n }] = await db.query('select count(*)::int as n from cases where source_id = any($1)', [[bid.bidId, ineligible.bidId]]);
      expect(n).toBe(1);
      expect(await api.outboxCount(CaseOpened.type, opened.id)).toBe(1);
      expect(await api.outboxCount(CaseAssessorsAllocated.type, opened.id)).toBe(1);
      expect(await api.allocated(opened.id)).toHaveLength(2);
    });
  });

  describe('cases from applications', () => {
    it('a submitted application opens one case in its fund, whatever the redelivery; withdrawing it closes the case', async () => {
      const fundId = randomUUID();
      await produce(FundPublished, fundId, { ...FundPublished.example, fundId, budgetPence: 30_000_000, revision: 1 });
      const sector = sectorOf();
      const team = await api.team(fundId, sector, 2);
      const applicationId = randomUUID();
      const submittedEvent = envelope(ApplicationSubmitted, applicationId, { ...ApplicationSubmitted.example, applicationId, fundId, sector, applicantId: 'applicant-x' });
      await produceRaw(ApplicationSubmitted.topic, [submittedEvent, { ...submittedEvent, id: randomUUID() }].map((e) => ({ key: applicationId, value: JSON.stringify(e) })));
      const c = await api.caseFor(applicationId, 'in-assessment');
      expect(await api.allocated(c.id)).toEqual(team.map((a) => a.id).sort());

      await produce(ApplicationWithdrawn, applicationId, { ...ApplicationWithdrawn.example, applicationId, withdrawnAt: new Date().toISOString() });
      await api.caseFor(applicationId, 'withdrawn');
      const [{ n }] = await db.query('select count(*)::int as n from cases where source_id = $1', [applicationId]);
      expect(n).toBe(1);
      expect(await api.allocated(c.id)).toEqual([]);
      await request(service.url).get(`/assessor/cases/${c.id}`).set(team[0].auth).expect(404);
    });
  });

  describe('settings from intake and applications', () => {
    it('a case that arrives before its settings uses the defaults and takes the round’s when they come; the newest revision wins', async () => {
      const programmeId = randomUUID();
      const roundId = randomUUID();
      const sector = sectorOf();
      await api.team(programmeId, sector, 2);
      const bid = screenedBid({ programmeId, roundId }, sector);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      const criteria = async () => (await request(service.url).get(`/assessor/cases/${c.id}`).set(testUser('assessor', { id: (await api.allocated(c.id))[0] }).auth).expect(200)).body.criteria.map((x: { id: string }) => x.id);
      expect(await criteria()).toEqual(['need', 'deliverability', 'value']);

      await produce(ProgrammePublished, programmeId, { ...ProgrammePublished.example, programmeId, budgetPence: 70_000_000, revision: 2 });
      const stale = await produce(ProgrammePublished, programmeId, { ...ProgrammePublished.example, programmeId, budgetPence: 10_000_000, revision: 1 });
      await produce(RoundOpened, roundId, { ...RoundOpened.example, roundId, programmeId });
      await waitFor(async () => (await criteria()).join() === 'ambition,commitment,readiness', { what: 'the round’s criteria' });
      await waitFor(async () => (await db.query('select 1 from inbox_messages where event_id = $1', [stale.id])).length === 1, { what: 'the stale revision handled' });
      const programme = await request(service.url).get(`/programmes/${programmeId}`).set(api.officer.auth).expect(200);
      expect(programme.body).toMatchObject({ kind: 'bid-programme', budgetPence: 70_000_000 });
    });
  });

  describe('allocation and conflicts of interest', () => {
    it('never allocates a conflicted assessor, and replaces one who declares a conflict late', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const bid = screenedBid(round, sector, { partnerAuthorityCodes: ['E06000023'] });
      // assessor 0 declared a conflict with the partner authority of the joint bid
      const team = await api.team(round.programmeId, sector, 4, [[{ kind: 'authority', value: 'E06000023' }]]);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      const first = await api.allocated(c.id);
      const experts = team.slice(1).map((a) => a.id);
      expect(first).toHaveLength(2);
      expect(experts).toEqual(expect.arrayContaining(first));

      const leaving = team.find((a) => a.id === first[0])!;
      await request(service.url).post(`/assessor/cases/${c.id}/conflict`).set(leaving.auth).send({ reason: 'I advised this council last year' }).expect(204);
      const now = await api.allocated(c.id);
      expect(now).toEqual(experts.filter((id) => id !== leaving.id));
      await request(service.url).get(`/assessor/cases/${c.id}`).set(leaving.auth).expect(404);
      await request(service.url).get(`/assessor/cases/${c.id}`).set(team[0].auth).expect(404);
      const detail = await request(service.url).get(`/cases/${c.id}`).set(api.officer.auth).expect(200);
      expect(detail.body.allocations.find((a: { assessorId: string }) => a.assessorId === leaving.id)).toMatchObject({ status: 'conflict', releaseReason: 'I advised this council last year' });
      expect(await api.outboxCount(CaseAssessorsAllocated.type, c.id)).toBe(2);
      const history = await request(service.url).get(`/cases/${c.id}/history`).set(api.officer.auth).expect(200);
      expect(history.body.map((h: { action: string }) => h.action)).toEqual(['opened', 'assessors-allocated', 'conflict-declared', 'assessors-allocated']);
    });

    it('flags a case that cannot get enough assessors to officers, with the reason', async () => {
      const round = await api.bidProgramme(50_000_000, { ...RoundOpened.example.assessment, assessorsPerCase: 1000 });
      const bid = screenedBid(round, sectorOf());
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'awaiting-allocation');
      const detail = await request(service.url).get(`/cases/${c.id}`).set(api.officer.auth).expect(200);
      expect(detail.body.blockedReason).toMatch(/^Only \d+ of 1000 assessors available: \d+ with a conflict of interest, \d+ at capacity, \d+ registered$/);
      expect(await api.outboxCount(CaseAllocationBlocked.type, c.id)).toBeGreaterThanOrEqual(1);
      // a withdrawal closes it, and frees whoever was allocated
      await produce(BidWithdrawn, bid.bidId, { bidId: bid.bidId, reference: bid.reference, roundId: round.roundId, authorityCode: bid.authorityCode, withdrawnAt: new Date().toISOString() });
      await api.caseFor(bid.bidId, 'withdrawn');
      expect(await api.allocated(c.id)).toEqual([]);
    });
  });

  describe('scoring and moderation', () => {
    it('computes weighted scores, locks them, hides them from the other assessor, and moderates a divergence', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');

      // ambition 40, commitment 30, readiness 30 on a scale of 5
      const first = await api.score(team[0], c.id, [5, 5, 4]);
      expect(first.body.weightedScore).toBe(94);
      await api.score(team[0], c.id, [1, 1, 1], 409);
      const othersView = await request(service.url).get(`/assessor/cases/${c.id}`).set(team[1].auth).expect(200);
      expect(othersView.body.myAssessment).toBeNull();
      expect(JSON.stringify(othersView.body)).not.toMatch(/weightedScore|"score"|assessments/);
      expect(othersView.body).not.toHaveProperty('contact');

      await api.score(team[1], c.id, [2, 2, 2]);
      await api.caseFor(bid.bidId, 'moderation');
      await request(service.url).post(`/cases/${c.id}/moderation`).set(api.officer.auth).send({ agreedScore: 70, reason: 'Agreed at panel' }).expect(204);
      const detail = await request(service.url).get(`/cases/${c.id}`).set(api.officer.auth).expect(200);
      expect(detail.body).toMatchObject({ status: 'assessed', finalScore: 70, moderation: { assessorScores: [94, 40], agreedScore: 70 } });

      const ranking = await request(service.url).get(`/programmes/${round.programmeId}/ranking`).set(api.officer.auth).expect(200);
      expect(ranking.body.cases).toEqual([expect.objectContaining({ caseId: c.id, rank: 1, finalScore: 70, aboveFundingLine: true })]);
    });

    it('refuses scores that miss a criterion or leave the scale, naming them, and stores nothing', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      const before = await api.outboxCount();
      const unprocessable = await request(service.url)
        .post(`/assessor/cases/${c.id}/assessment`)
        .set(team[0].auth)
        .send({ scores: [{ criterionId: 'ambition', score: 7, comment: 'x' }], recommendation: 'fund' })
        .expect(422);
      expect(unprocessable.body.code).toBe('assessment-invalid');
      expect(unprocessable.body.details.problems).toEqual(expect.arrayContaining(['ambition must be scored with a whole number from 0 to 5', 'commitment (Leadership commitment) is not scored']));
      const bad = await request(service.url)
        .post(`/assessor/cases/${c.id}/assessment`)
        .set(team[0].auth)
        .send({ scores: [{ criterionId: 'ambition', score: 'high' }], recommendation: 'maybe', weightedScore: 99 })
        .expect(400);
      expect(bad.body.code).toBe('validation-failed');
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['scores.0.score', 'scores.0.comment', 'recommendation', 'weightedScore']));
      const [{ n }] = await db.query('select count(*)::int as n from assessments where case_id = $1', [c.id]);
      expect(n).toBe(0);
      expect(await api.outboxCount()).toBe(before);
      await request(service.url).post(`/assessor/cases/${c.id}/assessment`).set(testUser('assessor').auth).send({ scores: [], recommendation: 'fund' }).expect(400);
    });
  });

  describe('decisions within the budget', () => {
    it('concurrent approvals never overspend: exactly the ones that fit succeed, the others get 409 with what remains', async () => {
      const round = await api.bidProgramme(10_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bids = Array.from({ length: 5 }, () => screenedBid(round, sector, { amountRequestedPence: 3_000_000 }));
      for (const bid of bids) await produce(BidScreened, bid.bidId, bid);
      const cases = [];
      for (const bid of bids) {
        const c = await api.caseFor(bid.bidId, 'in-assessment');
        await api.assess(team, c.id);
        cases.push(c);
      }
      const responses = await Promise.all(
        cases.map((c) => request(service.url).post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 3_000_000, reason: 'Above the line' })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 409, 409]);
      for (const refused of responses.filter((r) => r.status === 409)) {
        expect(refused.body.code).toBe('budget-exceeded');
        expect(refused.body.message).toContain('only £10,000.00 of its £100,000.00 budget remains');
        expect(refused.body.details.remainingPence).toBe(1_000_000);
      }
      const [programme] = await db.query('select budget_pence, committed_pence from programmes where id = $1', [round.programmeId]);
      expect(Number(programme.committed_pence)).toBe(9_000_000);
      const [{ approved }] = await db.query(`select coalesce(sum(approved_pence), 0)::bigint as approved from cases where programme_id = $1 and status = 'approved'`, [round.programmeId]);
      expect(Number(approved)).toBe(9_000_000);
      // 90% reached: officers are alerted once
      expect(await api.outboxCount(BudgetThresholdReached.type, round.programmeId)).toBe(1);
      // Intake is told the whole figure after each approval (none for a refusal), in events its consumer accepts.
      const rows: { envelope: EventEnvelope<BudgetCommittedChangedV1> }[] = await db.query(
        `select envelope from outbox_messages where envelope->>'type' = $1 and message_key = $2 order by seq`,
        [BudgetCommittedChanged.type, round.programmeId],
      );
      const announced = rows.map((r) => r.envelope);
      expect(announced.map((e) => [e.data.committedPence, e.data.revision])).toEqual([
        [3_000_000, 1],
        [6_000_000, 2],
        [9_000_000, 3],
      ]);
      for (const e of announced) {
        expect(envelopeProblems(e)).toEqual([]);
        expect((await validatePayload(BudgetCommittedChanged, e.data)).ok).toBe(true);
        expect(e).toMatchObject({ source: '/services/awards', subject: round.programmeId, data: { programmeId: round.programmeId, kind: 'bid-programme', budgetPence: 10_000_000 } });
        expect(Object.keys(e.data).sort()).toEqual(['budgetPence', 'changedAt', 'committedPence', 'kind', 'programmeId', 'revision']);
      }
      const [{ updated_at }] = await db.query('select updated_at from programmes where id = $1', [round.programmeId]);
      expect(announced[2].data.changedAt).toBe(new Date(updated_at).toISOString());
    });

    it('an approval over £100,000 needs a second, different officer', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector, { amountRequestedPence: 15_000_000 });
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      await api.assess(team, c.id);
      const first = await request(service.url).post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 15_000_000, reason: 'Strong' }).expect(200);
      expect(first.body.status).toBe('approval-pending');
      const [{ committed_pence }] = await db.query('select committed_pence from programmes where id = $1', [round.programmeId]);
      expect(Number(committed_pence)).toBe(0);
      const same = await request(service.url).post(`/cases/${c.id}/decision/confirm`).set(api.officer.auth).send({ reason: 'Me again' }).expect(403);
      expect(same.body.code).toBe('second-approver-required');
      const second = await request(service.url).post(`/cases/${c.id}/decision/confirm`).set(api.secondOfficer.auth).send({ reason: 'Checked' }).expect(200);
      expect(second.body).toMatchObject({ status: 'approved', approvedPence: 15_000_000, decision: { decidedBy: api.secondOfficer.id, firstApprover: api.officer.id } });
    });

    it('a rejection is final, with its reason; a reserve can be approved later', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const [rejected, reserved] = [screenedBid(round, sector), screenedBid(round, sector)];
      for (const bid of [rejected, reserved]) await produce(BidScreened, bid.bidId, bid);
      const cases = [];
      for (const bid of [rejected, reserved]) {
        const c = await api.caseFor(bid.bidId, 'in-assessment');
        await api.assess(team, c.id);
        cases.push(c);
      }
      await request(service.url).post(`/cases/${cases[0].id}/decision`).set(api.officer.auth).send({ outcome: 'rejected', reason: 'Below the funding line' }).expect(200);
      const again = await request(service.url).post(`/cases/${cases[0].id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 1_000_000, reason: 'Changed my mind' }).expect(409);
      expect(again.body.code).toBe('case-wrong-status');
      await request(service.url).post(`/cases/${cases[1].id}/decision`).set(api.officer.auth).send({ outcome: 'reserve', reason: 'Next in line' }).expect(200);
      await request(service.url).post(`/cases/${cases[1].id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 2_000_000, reason: 'Money freed' }).expect(200);
      const decided = await db.query(`select envelope->'data'->>'outcome' as outcome from outbox_messages where envelope->>'type' = $1 and message_key = any($2) order by seq`, [CaseDecided.type, cases.map((c) => c.id)]);
      expect(decided.map((d: { outcome: string }) => d.outcome)).toEqual(['rejected', 'reserve', 'approved']);
    });

    it('refuses an amount above what was asked, and an approval without an amount', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      await api.assess(team, c.id);
      const before = await api.outboxCount();
      const above = await request(service.url).post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 3_000_001, reason: 'x' }).expect(422);
      expect(above.body.code).toBe('amount-above-request');
      const missing = await request(service.url).post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', reason: 'x' }).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('amountPence');
      expect(await api.outboxCount()).toBe(before);
      const [row] = await db.query('select status from cases where id = $1', [c.id]);
      expect(row.status).toBe('assessed');
    });
  });

  describe('offers, payments and tracking', () => {
    async function approvedCase(budget = 50_000_000, asked = 3_000_000) {
      const round = await api.bidProgramme(budget);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector, { amountRequestedPence: asked, region: 'north-west' });
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      await api.assess(team, c.id);
      await request(service.url).post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: asked, reason: 'Fits' }).expect(200);
      const council = testUser('applicant', { organisationId: bid.authorityCode });
      return { round, bid, caseId: c.id, council };
    }

    it('an offer needs passed due diligence; the council accepts; milestones are paid once each; totals add up', async () => {
      const { round, caseId, council, bid } = await approvedCase();
      const offer = { conditions: ['Report after six months'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
      expect((await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send(offer).expect(422)).body.code).toBe('due-diligence-required');
      const failed = await request(service.url).post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: 'GB-COH-123', subsidyDeclaredPence: 30_000_000 }).expect(201);
      expect(failed.body.passed).toBe(false);
      expect(failed.body.problems).toEqual(['123 is not a well-formed GB-COH id', expect.stringContaining('above the £315,000.00 limit')]);
      await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send(offer).expect(422);
      const recipient = freshOrgId();
      await request(service.url).post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: recipient, subsidyDeclaredPence: 0 }).expect(201);
      const award = (await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send(offer).expect(201)).body;
      expect(award).toMatchObject({ status: 'offered', awardedPence: 3_000_000, outstandingPence: 3_000_000 });
      await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send(offer).expect(409);

      await request(service.url).post(`/awards/${award.id}/accept`).set(testUser('applicant').auth).expect(404);
      await request(service.url).post(`/awards/${award.id}/accept`).set(council.auth).expect(200);
      await request(service.url).post(`/awards/${award.id}/decline`).set(council.auth).expect(409);

      const notSumming = await request(service.url).put(`/awards/${award.id}/milestones`).set(api.officer.auth).send({ milestones: [{ name: 'All', amountPence: 2_000_000, dueOn: '2026-07-01' }] }).expect(422);
      expect(notSumming.body.code).toBe('schedule-does-not-sum');
      const scheduled = await request(service.url)
        .put(`/awards/${award.id}/milestones`)
        .set(api.officer.auth)
        .send({ milestones: [{ name: 'On signing', amountPence: 1_000_000, dueOn: '2026-07-01' }, { name: 'Business plan', amountPence: 2_000_000, dueOn: '2026-10-01' }] })
        .expect(200);
      const [m1] = scheduled.body.milestones;
      const paid = await request(service.url).post(`/awards/${award.id}/milestones/${m1.id}/pay`).set(api.officer.auth).expect(200);
      expect(paid.body).toMatchObject({ status: 'active', paidPence: 1_000_000, outstandingPence: 2_000_000 });
      await request(service.url).post(`/awards/${award.id}/milestones/${m1.id}/pay`).set(api.officer.auth).expect(409);
      expect((await request(service.url).get(`/awards/${award.id}`).set(council.auth).expect(200)).body.paidPence).toBe(1_000_000);

      const tracking = await request(service.url).get(`/programmes/${round.programmeId}`).set(api.officer.auth).expect(200);
      expect(tracking.body).toMatchObject({ budgetPence: 50_000_000, committedPence: 3_000_000, paidPence: 1_000_000, remainingPence: 47_000_000 });
      expect(tracking.body.rounds).toEqual([expect.objectContaining({ id: round.roundId, cases: 1, committedPence: 3_000_000, paidPence: 1_000_000 })]);
      expect(tracking.body.byStatus).toEqual([{ key: 'active', awards: 1, awardedPence: 3_000_000, paidPence: 1_000_000 }]);
      expect(tracking.body.byRegion).toEqual([{ key: 'north-west', awards: 1, awardedPence: 3_000_000, paidPence: 1_000_000 }]);

      const json = await request(service.url).get('/exports/360giving.json').set(api.officer.auth).expect(200);
      expect(json.body.grants.find((g: { id: string }) => g.id === `360G-mutuals-${award.id}`)).toMatchObject({
        amountAppliedFor: 30000,
        amountAwarded: 30000,
        amountDisbursed: 10000,
        currency: 'GBP',
        recipientOrganization: [{ id: recipient, name: bid.authorityName }],
        fundingOrganization: [{ id: 'GB-GOR-D2', name: 'Cabinet Office' }],
      });
      const csv = await request(service.url).get('/exports/360giving.csv').set(api.officer.auth).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
      expect(csv.text).toContain(`360G-mutuals-${award.id}`);

      const clawed = await request(service.url).post(`/awards/${award.id}/clawbacks`).set(api.officer.auth).send({ amountPence: 400_000, reason: 'Ineligible spend' }).expect(200);
      expect(clawed.body).toMatchObject({ status: 'clawed-back', clawedBackPence: 400_000, outstandingPence: 0 });
      const [p] = await db.query('select committed_pence, paid_pence from programmes where id = $1', [round.programmeId]);
      expect([Number(p.committed_pence), Number(p.paid_pence)]).toEqual([600_000, 600_000]);
      const history = await request(service.url).get(`/awards/${award.id}/history`).set(api.officer.auth).expect(200);
      expect(history.body.map((h: { action: string }) => h.action)).toEqual([
        'opened', 'assessors-allocated', 'assessment-submitted', 'assessment-submitted', 'assessed', 'decided-approved',
        'due-diligence-failed', 'due-diligence-passed', 'offered', 'accepted', 'payments-scheduled', 'payment-made', 'clawed-back',
      ]);
      expect(history.body.find((h: { action: string }) => h.action === 'clawed-back')).toMatchObject({ subjectType: 'award', subjectId: award.id, actor: api.officer.id });
      await request(service.url).get(`/awards/${award.id}/history`).set(council.auth).expect(403);
    });

    it('a declined offer frees its budget', async () => {
      const { round, caseId, council } = await approvedCase();
      await request(service.url).post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
      const award = (await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send({ conditions: [], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201)).body;
      const declined = await request(service.url).post(`/awards/${award.id}/decline`).set(council.auth).expect(200);
      expect(declined.body).toMatchObject({ status: 'declined', outstandingPence: 0 });
      const [p] = await db.query('select committed_pence from programmes where id = $1', [round.programmeId]);
      expect(Number(p.committed_pence)).toBe(0);
      expect(await api.outboxCount(AwardDeclined.type, award.id)).toBe(1);
    });

    it('an offer nobody answers lapses once, at its expiry, and frees its budget', async () => {
      const { round, caseId, council } = await approvedCase();
      await request(service.url).post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
      const award = (await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send({ conditions: [], expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201)).body;
      await waitFor(async () => (await request(service.url).get(`/awards/${award.id}`).set(api.officer.auth)).body.status === 'lapsed', { what: 'the offer to lapse' });
      const [p] = await db.query('select committed_pence from programmes where id = $1', [round.programmeId]);
      expect(Number(p.committed_pence)).toBe(0);
      const accepted = await request(service.url).post(`/awards/${award.id}/accept`).set(council.auth).expect(409);
      expect(accepted.body.code).toBe('offer-not-open');
      // The expiry poller has looked again (twice) since the lapse, and lapsed nothing more.
      const passes = expiryPasses + 2;
      await waitFor(() => expiryPasses >= passes, { what: 'two more passes of the offer-expiry poller' });
      expect(await api.outboxCount(AwardLapsed.type, award.id)).toBe(1);
    });
  });

  describe('access', () => {
    it('applicants and assessors cannot reach officer endpoints; officers cannot score', async () => {
      await request(service.url).get('/cases').set(testUser('assessor').auth).expect(403);
      await request(service.url).get('/cases').set(testUser('applicant').auth).expect(403);
      await request(service.url).get('/exports/360giving.csv').set(testUser('applicant').auth).expect(403);
      await request(service.url).get('/assessor/cases').set(api.officer.auth).expect(403);
      await request(service.url).get('/cases').expect(401);
    });

    it('refuses a bad assessor registration with what is wrong, and stores nothing', async () => {
      const counts = async () => (await db.query('select (select count(*)::int from assessors) as assessors, (select count(*)::int from assessor_conflicts) as conflicts, (select count(*)::int from audit_trail) as audit'))[0];
      const before = await counts();
      const bad = await request(service.url)
        .put('/assessors/assessor-bad')
        .set(api.officer.auth)
        .send({ name: '', email: 'not-an-email', sectors: ['youth'], capacity: -1, conflicts: [{ kind: 'friendship', value: 'x' }], favourite: 'tea' })
        .expect(400);
      expect(bad.body.code).toBe('validation-failed');
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['name', 'email', 'capacity', 'conflicts.0.kind', 'favourite']));
      const badId = await request(service.url).put(`/assessors/${'x'.repeat(201)}`).set(api.officer.auth).send({ name: 'A', email: 'a@example.org', sectors: [], capacity: 1 }).expect(422);
      expect(badId.body.code).toBe('assessor-id-invalid');
      expect(await counts()).toEqual(before);
    });

    it('an officer reads one assessor and takes back a declared conflict with a reason; each change is audited and published', async () => {
      const id = `assessor-panel-${Date.now()}`;
      await request(service.url)
        .put(`/assessors/${id}`)
        .set(api.officer.auth)
        .send({ name: 'Panel Member', email: 'panel@example.org', sectors: ['youth'], capacity: 3, conflicts: [{ kind: 'parent-body', value: 'Bristol City Council', reason: 'Worked there' }] })
        .expect(200);
      const read = await request(service.url).get(`/assessors/${id}`).set(api.officer.auth).expect(200);
      expect(read.body).toMatchObject({ id, capacity: 3, conflicts: [{ kind: 'parent-body', value: 'bristol city council', reason: 'Worked there' }] });
      await request(service.url).get('/assessors/assessor-nobody').set(api.officer.auth).expect(404);

      const unknown = await request(service.url).post(`/assessors/${id}/conflicts/remove`).set(api.officer.auth).send({ kind: 'authority', value: 'E06000023', reason: 'Never declared' }).expect(422);
      expect(unknown.body.code).toBe('conflict-not-found');
      await request(service.url).post(`/assessors/${id}/conflicts/remove`).set(api.officer.auth).send({ kind: 'parent-body', value: 'Bristol City Council' }).expect(400);
      const removed = await request(service.url).post(`/assessors/${id}/conflicts/remove`).set(api.officer.auth).send({ kind: 'parent-body', value: 'Bristol City Council', reason: 'Left in 2019' }).expect(200);
      expect(removed.body.conflicts).toEqual([]);
      await request(service.url).post(`/assessors/${id}/conflicts/remove`).set(testUser('assessor').auth).send({ kind: 'parent-body', value: 'x', reason: 'x' }).expect(403);

      const audit = await db.query(`select action, actor, details from audit_trail where subject_type = 'assessor' and subject_id = $1 order by id`, [id]);
      expect(audit.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([['registered', api.officer.id], ['conflict-removed', api.officer.id]]);
      expect(audit[1].details.reason).toBe('Left in 2019');
      const events = await db.query(`select envelope from outbox_messages where envelope->>'type' = 'awards.assessor.changed.v1' and envelope->>'subject' = $1 order by seq`, [id]);
      expect(events.map((e: { envelope: { data: { change: string; declaredConflicts: number } } }) => [e.envelope.data.change, e.envelope.data.declaredConflicts])).toEqual([['registered', 1], ['conflict-removed', 0]]);
      expect(JSON.stringify(events)).not.toContain('panel@example.org');
    });

    it('serves its OpenAPI document', async () => {
      const doc = await request(service.url).get('/docs/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/cases/{id}/decision', '/assessor/cases/{caseId}/assessment', '/awards/{id}/accept', '/awards/{id}/documents/{documentId}', '/exports/360giving.csv']));
    });
  });
});
