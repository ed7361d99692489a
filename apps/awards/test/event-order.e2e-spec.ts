import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ApplicationSubmitted,
  ApplicationWithdrawn,
  AwardWithdrawn,
  BidScreened,
  BidScreenedV1,
  BidWithdrawn,
  BudgetCommittedChanged,
  BudgetOverCommitted,
  CaseClosed,
  CaseOpened,
  CaseRescreeningRefused,
  EventContract,
  EventEnvelope,
  FundPublished,
  ProgrammePublished,
  RoundOpened,
} from '@mutuals/contracts';
import { produceRaw, RunningService, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { awardsService } from '../src/service';
import { AwardsApi, envelope, freshOrgId, produce, screenedBid } from './awards-fixtures';

jest.setTimeout(240_000);

const sectorOf = () => `sector-${randomUUID().slice(0, 8)}`;
const FUND_CRITERIA = FundPublished.example.assessment;

/**
 * Events that reach awards in a bad order: each test produces them to their real topics in that
 * order (keyed as the other services key them, so one aggregate's events share a partition and
 * arrive exactly in the order produced) and waits until awards has handled them, never for a time.
 */
describe('awards handles events that arrive in a bad order', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;

  beforeAll(async () => {
    service = await startTestService(awardsService);
    db = service.app.get(DataSource);
    api = new AwardsApi(service.url, db);
  });
  afterAll(() => service?.close());

  /** Several events of one aggregate, in this order, in one produce: they reach one partition in this order. */
  async function inOrder(key: string, ...events: [EventContract<any>, object][]): Promise<EventEnvelope<object>[]> {
    const envelopes = events.map(([contract, data]) => ({ contract, event: envelope(contract, key, data) }));
    const topics = new Set(envelopes.map((e) => e.contract.topic));
    if (topics.size !== 1) throw new Error('one aggregate, one topic');
    await produceRaw([...topics][0], envelopes.map(({ event }) => ({ key, value: JSON.stringify(event) })));
    return envelopes.map((e) => e.event);
  }

  const caseRow = async (sourceId: string) => (await db.query('select * from cases where source_id = $1', [sourceId]))[0];
  const programmeOf = async (programmeId: string) => (await request(service.url).get(`/programmes/${programmeId}`).set(api.officer.auth).expect(200)).body;
  const outbox = async (type: string, key: string): Promise<EventEnvelope<any>[]> =>
    (await db.query(`select envelope from outbox_messages where envelope->>'type' = $1 and message_key = $2 order by seq`, [type, key])).map((r: { envelope: EventEnvelope<any> }) => r.envelope);

  /** A fund as applications would publish it, held by awards before the test goes on. */
  async function fund(budgetPence: number, extra: Partial<typeof FundPublished.example> = {}) {
    const fundId = randomUUID();
    const published = await produce(FundPublished, fundId, { ...FundPublished.example, fundId, name: `Fund ${fundId.slice(0, 6)}`, budgetPence, revision: 1, ...extra });
    await api.handled(published);
    return fundId;
  }

  function submission(fundId: string, sector: string, amountRequestedPence = 2_500_000) {
    const applicationId = randomUUID();
    return { ...ApplicationSubmitted.example, applicationId, reference: `MSF-${applicationId.slice(0, 8)}`, applicantId: `applicant-${applicationId.slice(0, 8)}`, fundId, sector, amountRequestedPence };
  }

  const withdrawal = (applicationId: string) => ({ ...ApplicationWithdrawn.example, applicationId, withdrawnAt: new Date().toISOString() });
  const bidWithdrawal = (bid: BidScreenedV1) => ({ bidId: bid.bidId, reference: bid.reference, roundId: bid.roundId, authorityCode: bid.authorityCode, withdrawnAt: new Date().toISOString() });

  async function decide(caseId: string, amountPence: number, status = 200) {
    return request(service.url).post(`/cases/${caseId}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence, reason: 'Above the funding line' }).expect(status);
  }

  async function offer(caseId: string) {
    await request(service.url).post(`/cases/${caseId}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const res = await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send({ conditions: ['Report after six months'], expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }).expect(201);
    return res.body as { id: string };
  }

  /** An application's case, assessed by the fund's team and approved for `amount`. */
  async function approvedApplication(fundId: string, team: TestUser[], sector: string, amount: number) {
    const application = submission(fundId, sector);
    await produce(ApplicationSubmitted, application.applicationId, application);
    const c = await api.caseFor(application.applicationId, 'in-assessment');
    await api.assess(team, c.id);
    await decide(c.id, amount);
    return { application, caseId: c.id, applicant: testUser('applicant', { id: application.applicantId }) };
  }

  describe('1. withdrawn before submitted or screened', () => {
    it('an application withdrawn before its submission is handled never opens a case, however often the submission comes', async () => {
      const fundId = await fund(30_000_000);
      const application = submission(fundId, sectorOf());
      const [withdrawn, submitted] = await inOrder(application.applicationId, [ApplicationWithdrawn, withdrawal(application.applicationId)], [ApplicationSubmitted, application]);
      await api.handled(withdrawn, submitted);
      // a replayed dead letter of the submission, later still
      const replayed = await produce(ApplicationSubmitted, application.applicationId, application);
      await api.handled(replayed);

      expect(await caseRow(application.applicationId)).toBeUndefined();
      expect(await db.query('select source, source_id from withdrawals where source_id = $1', [application.applicationId])).toEqual([{ source: 'application', source_id: application.applicationId }]);
      expect(await programmeOf(fundId)).toMatchObject({ committedPence: 0 });
    });

    it('a bid withdrawn before its eligible screening is handled never opens a case', async () => {
      const round = await api.bidProgramme(50_000_000);
      const bid = screenedBid(round, sectorOf());
      const events = await inOrder(bid.bidId, [BidWithdrawn, bidWithdrawal(bid)], [BidScreened, bid]);
      await api.handled(...events);
      expect(await caseRow(bid.bidId)).toBeUndefined();
      const opened = await db.query(`select 1 from outbox_messages where envelope->>'type' = $1 and envelope->'data'->>'sourceId' = $2`, [CaseOpened.type, bid.bidId]);
      expect(opened).toEqual([]);
    });
  });

  describe('2. withdrawn after a decision (the applicant withdrew before their service heard of it)', () => {
    it('approved, not yet offered: the case closes and its approved amount goes back to the budget, once', async () => {
      const fundId = await fund(30_000_000);
      const sector = sectorOf();
      const team = await api.team(fundId, sector, 2);
      const { application, caseId } = await approvedApplication(fundId, team, sector, 2_000_000);
      expect(await programmeOf(fundId)).toMatchObject({ committedPence: 2_000_000 });

      const withdrawn = await produce(ApplicationWithdrawn, application.applicationId, withdrawal(application.applicationId));
      const again = await produce(ApplicationWithdrawn, application.applicationId, withdrawal(application.applicationId));
      await api.handled(withdrawn, again);

      expect(await caseRow(application.applicationId)).toMatchObject({ id: caseId, status: 'withdrawn' });
      expect(await programmeOf(fundId)).toMatchObject({ committedPence: 0, remainingPence: 30_000_000 });
      const closed = await outbox(CaseClosed.type, caseId);
      expect(closed.map((e) => e.data)).toEqual([expect.objectContaining({ reason: 'withdrawn', previousStatus: 'approved', releasedPence: 2_000_000, closedBy: 'applicant' })]);
      const committed = await outbox(BudgetCommittedChanged.type, fundId);
      expect(committed.map((e) => [e.data.committedPence, e.data.revision])).toEqual([
        [2_000_000, 1],
        [0, 2],
      ]);
      await request(service.url).post(`/cases/${caseId}/offer`).set(api.officer.auth).send({ conditions: [], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(409);
    });

    it('offered and accepted: the award is withdrawn, all of it freed, the applicant can no longer act on it', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector, { amountRequestedPence: 4_000_000 });
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      await api.assess(team, c.id);
      await decide(c.id, 4_000_000);
      const award = await offer(c.id);
      const council = testUser('applicant', { organisationId: bid.authorityCode });
      await request(service.url).post(`/awards/${award.id}/accept`).set(council.auth).expect(200);

      const withdrawn = await produce(BidWithdrawn, bid.bidId, bidWithdrawal(bid));
      await api.handled(withdrawn);

      const view = (await request(service.url).get(`/awards/${award.id}`).set(council.auth).expect(200)).body;
      expect(view).toMatchObject({ status: 'withdrawn', outstandingPence: 0, flaggedReason: null });
      expect(view.withdrawnAt).toEqual(expect.any(String));
      expect(await caseRow(bid.bidId)).toMatchObject({ status: 'withdrawn' });
      expect(await programmeOf(round.programmeId)).toMatchObject({ committedPence: 0 });
      expect((await outbox(AwardWithdrawn.type, award.id)).map((e) => e.data)).toEqual([
        expect.objectContaining({ previousStatus: 'accepted', paidPence: 0, releasedPence: 4_000_000, officerActionNeeded: false }),
      ]);
      await request(service.url).put(`/awards/${award.id}/milestones`).set(api.officer.auth).send({ milestones: [{ name: 'All', amountPence: 4_000_000, dueOn: '2026-07-01' }] }).expect(409);
      await request(service.url).post(`/awards/${award.id}/decline`).set(council.auth).expect(409);
    });

    it('partly paid: only the unpaid part is freed, the paid part stays committed and the award is flagged for an officer', async () => {
      const fundId = await fund(30_000_000);
      const sector = sectorOf();
      const team = await api.team(fundId, sector, 2);
      const { application, caseId, applicant } = await approvedApplication(fundId, team, sector, 2_500_000);
      const award = await offer(caseId);
      await request(service.url).post(`/awards/${award.id}/accept`).set(applicant.auth).expect(200);
      const scheduled = await request(service.url)
        .put(`/awards/${award.id}/milestones`)
        .set(api.officer.auth)
        .send({ milestones: [{ name: 'On signing', amountPence: 1_000_000, dueOn: '2026-07-01' }, { name: 'Business plan', amountPence: 1_500_000, dueOn: '2026-10-01' }] })
        .expect(200);
      const [first, second] = scheduled.body.milestones;
      await request(service.url).post(`/awards/${award.id}/milestones/${first.id}/pay`).set(api.officer.auth).expect(200);

      await api.handled(await produce(ApplicationWithdrawn, application.applicationId, withdrawal(application.applicationId)));

      const view = (await request(service.url).get(`/awards/${award.id}`).set(api.officer.auth).expect(200)).body;
      expect(view).toMatchObject({ status: 'withdrawn', paidPence: 1_000_000, outstandingPence: 0 });
      expect(view.flaggedReason).toMatch(/after £10,000\.00 had been paid: decide whether to claw it back/);
      expect(await programmeOf(fundId)).toMatchObject({ committedPence: 1_000_000, paidPence: 1_000_000, remainingPence: 29_000_000, overCommittedPence: 0 });
      expect((await outbox(AwardWithdrawn.type, award.id)).map((e) => e.data)).toEqual([
        expect.objectContaining({ previousStatus: 'active', paidPence: 1_000_000, releasedPence: 1_500_000, officerActionNeeded: true }),
      ]);
      await request(service.url).post(`/awards/${award.id}/milestones/${second.id}/pay`).set(api.officer.auth).expect(409);

      // The officer decides to recover it: the budget is whole again.
      await request(service.url).post(`/awards/${award.id}/clawbacks`).set(api.officer.auth).send({ amountPence: 1_000_000, reason: 'Withdrawn before the work began' }).expect(200);
      expect(await programmeOf(fundId)).toMatchObject({ committedPence: 0, paidPence: 0 });
    });
  });

  describe('3. an eligible bid re-screened as ineligible', () => {
    const at = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000).toISOString();

    it('before a decision: the case closes, its assessors are released; an older screening replayed later changes nothing; a newer eligible one reopens it', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      expect(await api.allocated(c.id)).toHaveLength(2);

      const override = { ...bid, outcome: 'ineligible' as const, reasons: ['The lead authority is not an English local authority'], screenedBy: 'officer-override', screenedAt: at(bid.screenedAt, 3600) };
      const [screenedOut, replayed] = await inOrder(bid.bidId, [BidScreened, override], [BidScreened, bid]);
      await api.handled(screenedOut, replayed);

      expect(await caseRow(bid.bidId)).toMatchObject({ status: 'ineligible' });
      expect(await api.allocated(c.id)).toEqual([]);
      expect((await outbox(CaseClosed.type, c.id)).map((e) => e.data)).toEqual([
        expect.objectContaining({ reason: 'ineligible', previousStatus: 'in-assessment', releasedPence: 0, closedBy: 'officer-override', detail: 'The lead authority is not an English local authority' }),
      ]);
      const history = await request(service.url).get(`/cases/${c.id}/history`).set(api.officer.auth).expect(200);
      expect(history.body.map((h: { action: string }) => h.action)).toEqual(['opened', 'assessors-allocated', 'closed-ineligible']);

      // The officer puts the screening back: assessment resumes on the same case.
      await api.handled(await produce(BidScreened, bid.bidId, { ...bid, screenedBy: 'officer-override', screenedAt: at(bid.screenedAt, 7200) }));
      expect(await caseRow(bid.bidId)).toMatchObject({ id: c.id, status: 'in-assessment' });
      expect(await api.allocated(c.id)).toHaveLength(2);
      expect(await api.outboxCount(CaseOpened.type, c.id)).toBe(2);
    });

    it('screened out before the eligible screening is handled (a replayed dead letter): no case opens', async () => {
      const round = await api.bidProgramme(50_000_000);
      const bid = screenedBid(round, sectorOf());
      const override = { ...bid, outcome: 'ineligible' as const, reasons: ['Over the maximum award'], screenedBy: 'officer-override', screenedAt: at(bid.screenedAt, 60) };
      await api.handled(...(await inOrder(bid.bidId, [BidScreened, override], [BidScreened, bid])));
      expect(await caseRow(bid.bidId)).toBeUndefined();
    });

    it('after approval: the decision and its commitment stand, and the case is flagged for an officer', async () => {
      const round = await api.bidProgramme(50_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bid = screenedBid(round, sector);
      await produce(BidScreened, bid.bidId, bid);
      const c = await api.caseFor(bid.bidId, 'in-assessment');
      await api.assess(team, c.id);
      await decide(c.id, 3_000_000);

      const override = { ...bid, outcome: 'ineligible' as const, reasons: ['A partner is not an English local authority'], screenedBy: 'officer-override', screenedAt: at(bid.screenedAt, 60) };
      await api.handled(await produce(BidScreened, bid.bidId, override));

      const detail = (await request(service.url).get(`/cases/${c.id}`).set(api.officer.auth).expect(200)).body;
      expect(detail).toMatchObject({ status: 'approved', approvedPence: 3_000_000 });
      expect(detail.flaggedReason).toMatch(/^Screened ineligible by officer-override .* after the case was approved: A partner is not an English local authority/);
      expect(await programmeOf(round.programmeId)).toMatchObject({ committedPence: 3_000_000 });
      expect((await outbox(CaseRescreeningRefused.type, c.id)).map((e) => e.data)).toEqual([expect.objectContaining({ status: 'approved', screenedBy: 'officer-override' })]);
      expect(await api.outboxCount(CaseClosed.type, c.id)).toBe(0);
      const flagged = await request(service.url).get('/cases').query({ programmeId: round.programmeId, flagged: 'true' }).set(api.officer.auth).expect(200);
      expect(flagged.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      expect(flagged.body.total).toBe(1);
    });
  });

  describe('4. settings that change while a case opens', () => {
    const criteriaOf = async (caseId: string) => (await db.query('select assessment from cases where id = $1', [caseId]))[0].assessment.criteria.map((x: { id: string }) => x.id);

    it('a case opened before its fund’s settings takes each newer revision while unscored (criteria, assessors, cap); an older revision after a newer one changes nothing', async () => {
      const fundId = randomUUID();
      const sector = sectorOf();
      await api.team(fundId, sector, 3);
      const application = submission(fundId, sector);
      await produce(ApplicationSubmitted, application.applicationId, application);
      const c = await api.caseFor(application.applicationId, 'in-assessment');
      expect(await criteriaOf(c.id)).toEqual(['need', 'deliverability', 'value']);
      expect(await api.allocated(c.id)).toHaveLength(2);

      const settings = (revision: number, criteria: { id: string; name: string; weight: number }[], assessorsPerCase: number, capPerApplicationPence: number) => ({
        ...FundPublished.example,
        fundId,
        name: `Fund ${fundId.slice(0, 6)}`,
        budgetPence: 30_000_000,
        capPerApplicationPence,
        assessment: { ...FUND_CRITERIA, criteria, assessorsPerCase },
        revision,
      });
      const first = await produce(FundPublished, fundId, settings(1, [{ id: 'fit', name: 'Fit with the fund', weight: 60 }, { id: 'reach', name: 'Reach', weight: 40 }], 3, 2_500_000));
      await api.handled(first);
      expect(await criteriaOf(c.id)).toEqual(['fit', 'reach']);
      expect(await api.allocated(c.id)).toHaveLength(3);

      const [third, second] = await inOrder(
        fundId,
        [FundPublished, settings(3, [{ id: 'impact', name: 'Impact', weight: 100 }], 1, 1_000_000)],
        [FundPublished, settings(2, [{ id: 'stale', name: 'Stale', weight: 100 }], 2, 2_500_000)],
      );
      await api.handled(third, second);
      expect(await criteriaOf(c.id)).toEqual(['impact']);
      const [assessor] = await api.allocated(c.id);
      expect(await api.allocated(c.id)).toHaveLength(1);
      const released = await db.query(`select count(*)::int as n from allocations where case_id = $1 and release_reason = 'settings-changed'`, [c.id]);
      expect(released[0].n).toBe(2);

      await api.score(testUser('assessor', { id: assessor }), c.id, [4, 0, 0]);
      await api.caseFor(application.applicationId, 'assessed');
      const aboveCap = await decide(c.id, 2_000_000, 422);
      expect(aboveCap.body.code).toBe('amount-above-cap');
      await decide(c.id, 1_000_000);
    });

    it('a round’s settings handled while a case is opening: the case ends with them, not with the defaults it read', async () => {
      const programmeId = randomUUID();
      const roundId = randomUUID();
      const sector = sectorOf();
      const publishProgramme = (id: string) => produce(ProgrammePublished, id, { ...ProgrammePublished.example, programmeId: id, title: `Programme ${id.slice(0, 6)}`, revision: 1 });
      const elsewhere = randomUUID();
      await api.handled(await publishProgramme(programmeId), await publishProgramme(elsewhere));
      await api.team(programmeId, sector, 2);
      // A first bid arrives before the round's settings: its case opens with the defaults.
      const first = screenedBid({ programmeId, roundId }, sector);
      await produce(BidScreened, first.bidId, first);
      const firstCase = await api.caseFor(first.bidId, 'in-assessment');

      /**
       * The interleaving that loses settings, made certain with row locks the test holds: the second
       * case reads the round, then waits (its insert checks the programme row); meanwhile the settings
       * are written and look for cases to update. Both events must come in one fetch to be handled
       * side by side, so the consumer is first kept busy with a bid of another programme.
       */
      const held: { pid: number; release: () => Promise<void> }[] = [];
      const hold = async (sql: string, params: unknown[]) => {
        const runner = db.createQueryRunner();
        await runner.connect();
        await runner.startTransaction();
        await runner.query(sql, params);
        const [{ pid }] = await runner.query('select pg_backend_pid() as pid');
        const lock = { pid, release: async () => (runner.isReleased ? undefined : (await runner.commitTransaction(), await runner.release())) };
        held.push(lock);
        return lock;
      };
      /** The backend running `statement` while blocked by `blocker`'s locks, if there is one. */
      const blocked = async (statement: string, blocker: number): Promise<{ pid: number } | undefined> =>
        (await db.query(`select pid from pg_stat_activity where datname = current_database() and query like $1 and $2 = any(pg_blocking_pids(pid))`, [`${statement}%`, blocker]))[0];
      const second = screenedBid({ programmeId, roundId }, sector);
      const settings = envelope(RoundOpened, roundId, { ...RoundOpened.example, roundId, programmeId });
      try {
        const busy = await hold('select 1 from programmes where id = $1 for update', [elsewhere]);
        const blocker = screenedBid({ programmeId: elsewhere, roundId: randomUUID() }, sector);
        await produce(BidScreened, blocker.bidId, blocker);
        await waitFor(() => blocked('insert into', busy.pid), { what: 'the consumer to be busy', timeoutMs: 60000 });
        const programmeRow = await hold('select 1 from programmes where id = $1 for update', [programmeId]);
        const roundRow = await hold('select 1 from schemes where id = $1 for share', [roundId]);
        await produce(BidScreened, second.bidId, second);
        await produceRaw(RoundOpened.topic, [{ key: roundId, value: JSON.stringify(settings) }]);
        await busy.release();

        const opening = await waitFor(() => blocked('insert into cases', programmeRow.pid), { what: 'the second case to have read the round', timeoutMs: 60000 });
        await waitFor(() => blocked('insert into schemes', roundRow.pid), { what: 'the settings to be waiting', timeoutMs: 60000 });
        await roundRow.release();
        // Now the settings either wait for the opening case (as they must), or go on without it as far
        // as the programme row the test still holds (updating the other case's allocation).
        await waitFor(
          async () => (await blocked('insert into schemes', opening.pid)) ?? (await blocked('update cases', programmeRow.pid)),
          { what: 'the settings applied or waiting for the opening case', timeoutMs: 60000 },
        );
      } finally {
        for (const lock of held) await lock.release();
      }
      await api.handled(settings);
      const secondCase = await api.caseFor(second.bidId, 'in-assessment');
      expect(await criteriaOf(firstCase.id)).toEqual(['ambition', 'commitment', 'readiness']);
      expect(await criteriaOf(secondCase.id)).toEqual(['ambition', 'commitment', 'readiness']);
    });

    it('settings that arrive before the case: it opens with them', async () => {
      const fundId = await fund(30_000_000, { assessment: { ...FUND_CRITERIA, criteria: [{ id: 'early', name: 'Early', weight: 100 }], assessorsPerCase: 1 } });
      const sector = sectorOf();
      await api.team(fundId, sector, 2);
      const application = submission(fundId, sector);
      await produce(ApplicationSubmitted, application.applicationId, application);
      const c = await api.caseFor(application.applicationId, 'in-assessment');
      expect(await criteriaOf(c.id)).toEqual(['early']);
      expect(await api.allocated(c.id)).toHaveLength(1);
    });
  });

  describe('5. a budget lowered below what is committed', () => {
    it('arriving after an approval crossed it: never commits past it, reports the programme over-committed, recovers when raised', async () => {
      const round = await api.bidProgramme(10_000_000);
      const sector = sectorOf();
      const team = await api.team(round.programmeId, sector, 2);
      const bids = [screenedBid(round, sector, { amountRequestedPence: 6_000_000 }), screenedBid(round, sector, { amountRequestedPence: 1_000_000 })];
      const cases = [];
      for (const bid of bids) {
        await produce(BidScreened, bid.bidId, bid);
        const c = await api.caseFor(bid.bidId, 'in-assessment');
        await api.assess(team, c.id);
        cases.push(c);
      }
      await decide(cases[0].id, 6_000_000);

      const programme = { ...ProgrammePublished.example, programmeId: round.programmeId, title: `Programme ${round.programmeId.slice(0, 6)}` };
      await api.handled(await produce(ProgrammePublished, round.programmeId, { ...programme, budgetPence: 5_000_000, revision: 2 }));
      expect(await programmeOf(round.programmeId)).toMatchObject({ budgetPence: 5_000_000, committedPence: 6_000_000, remainingPence: 0, overCommittedPence: 1_000_000 });
      expect((await outbox(BudgetOverCommitted.type, round.programmeId)).map((e) => e.data)).toEqual([
        expect.objectContaining({ budgetPence: 5_000_000, committedPence: 6_000_000, overCommittedPence: 1_000_000, budgetRevision: 2 }),
      ]);
      const refused = await decide(cases[1].id, 1_000_000, 409);
      expect(refused.body).toMatchObject({ code: 'budget-exceeded', details: { remainingPence: 0, committedPence: 6_000_000, budgetPence: 5_000_000 } });
      expect(refused.body.message).toContain('is over-committed: £60,000.00 is committed against a budget lowered to £50,000.00');
      const ranking = await request(service.url).get(`/programmes/${round.programmeId}/ranking`).set(api.officer.auth).expect(200);
      expect(ranking.body.remainingPence).toBe(0);

      await api.handled(await produce(ProgrammePublished, round.programmeId, { ...programme, budgetPence: 7_000_000, revision: 3 }));
      await decide(cases[1].id, 1_000_000);
      expect(await programmeOf(round.programmeId)).toMatchObject({ committedPence: 7_000_000, remainingPence: 0, overCommittedPence: 0 });
      const committed = await outbox(BudgetCommittedChanged.type, round.programmeId);
      expect(committed.map((e) => [e.data.kind, e.data.committedPence, e.data.revision])).toEqual([
        ['bid-programme', 6_000_000, 1],
        ['bid-programme', 7_000_000, 2],
      ]);
    });
  });
});
