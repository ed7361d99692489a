import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startTestService } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { COMPLETE_APPLICATION, createFund, draft, officer, registeredApplicant, storedCounts } from './fixtures';

/** Submission is refused, with a message the applicant can act on, whenever a rule is not met. */
describe('eligibility, the cap, the subsidy limit and word limits', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let fund: { id: string };

  beforeAll(async () => {
    service = await startTestService(applicationsService);
    db = service.app.get(DataSource);
    fund = await createFund(service);
  });
  afterAll(() => service?.close());

  /** Submits a complete application; expects a refusal, and that it stored and published nothing. */
  async function refusedSubmission(organisation: Record<string, unknown>, application: Record<string, unknown> = {}, fundId?: string) {
    const { user } = await registeredApplicant(service, organisation);
    const created = await draft(service, user, fundId ?? fund.id, { ...COMPLETE_APPLICATION, ...application });
    const before = await storedCounts(db);
    const res = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: created.version }).expect(422);
    expect(res.body.code).toBe('not-eligible');
    expect(await storedCounts(db)).toEqual(before);
    const after = await request(service.url).get(`/applications/${created.id}`).set(user.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'draft', version: created.version });
    return res.body.details.reasons as { code: string; message: string }[];
  }

  it('an eligible staff group submits', async () => {
    const { user } = await registeredApplicant(service);
    const created = await draft(service, user, fund.id);
    await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: 1 }).expect(200);
  });

  const refusals: [string, Record<string, unknown>, Record<string, unknown>, string, string][] = [
    ['no parent body: not a public-sector spin-out', { parentBody: null }, {}, 'not-a-public-sector-spin-out', 'Name the council, NHS body or department you are spinning out of (your parent body)'],
    ['no public service named', { servicesInScope: [] }, {}, 'no-public-service', 'Name the public services you deliver, or will deliver once spun out'],
    ['employees without significant control', { employeeSharePercent: 10, parentBodySharePercent: 90 }, {}, 'no-employee-control', 'Employees must have a significant degree of influence or control: at least a 25% share (yours is 10%)'],
    [
      'an existing mutual trading more than 5 years, no longer on its original contract',
      { type: 'live-mutual', tradingStartDate: '2015-04-01', stillOnOriginalContract: false },
      {},
      'trading-too-long',
      'This fund supports mutuals trading for 5 years or less, or still on their original contract; yours started trading on 2015-04-01',
    ],
    ['an existing mutual that does not say when it started trading', { type: 'live-mutual' }, {}, 'trading-start-missing', 'Give the date your mutual started trading, or say it is still on its original contract'],
    ['services not delivered in England', {}, { servicesDeliveredInEngland: false }, 'services-not-in-england', 'The fund supports services delivered in England; confirm yours are'],
  ];
  it.each(refusals)('%s', async (_, organisation, application, code, message) => {
    expect(await refusedSubmission(organisation, application)).toEqual([{ code, message }]);
  });

  it('a local authority applying as if it were the mutual', async () => {
    const reasons = await refusedSubmission({ type: 'local-authority' });
    expect(reasons).toEqual([
      { code: 'organisation-type-not-eligible', message: 'This fund is not open to a local authority' },
      { code: 'not-a-public-sector-spin-out', message: 'A local authority is a parent body, not a mutual spinning out of one' },
    ]);
  });

  it('an existing mutual still on its original contract after 5 years is eligible', async () => {
    const { user } = await registeredApplicant(service, { type: 'live-mutual', tradingStartDate: '2011-04-01', stillOnOriginalContract: true });
    const created = await draft(service, user, fund.id);
    await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: 1 }).expect(200);
  });

  it('a fund that needs match funding refuses an application without it', async () => {
    const matched = await createFund(service, { matchFundingRequired: true });
    expect(await refusedSubmission({}, {}, matched.id)).toEqual([{ code: 'match-funding-required', message: 'This fund needs cash match funding; say how much you will put in' }]);
  });

  it('a fund open only to live mutuals refuses a staff group', async () => {
    const liveOnly = await createFund(service, { eligibility: { organisationTypes: ['live-mutual'], maxYearsTrading: 5, minimumEmployeeSharePercent: 25 } });
    expect(await refusedSubmission({}, {}, liveOnly.id)).toEqual([{ code: 'organisation-type-not-eligible', message: 'This fund is not open to a staff group planning to spin out' }]);
  });

  it('a fund closed after the draft was started refuses the submission; a closed fund takes no new drafts', async () => {
    const closing = await createFund(service);
    const { user } = await registeredApplicant(service);
    const created = await draft(service, user, closing.id);
    await request(service.url).patch(`/funds/${closing.id}`).set(officer.auth).send({ version: 1, open: false }).expect(200);
    const res = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: 1 }).expect(422);
    expect(res.body.details.reasons).toEqual([{ code: 'fund-closed', message: 'This fund is closed to new applications' }]);
    const fresh = await request(service.url).post('/applications').set(user.auth).send({ fundId: closing.id }).expect(422);
    expect(fresh.body.code).toBe('fund-closed');
  });

  it('every reason is given at once', async () => {
    const reasons = await refusedSubmission({ parentBody: null, employeeSharePercent: 0 }, { servicesDeliveredInEngland: false });
    expect(reasons.map((r) => r.code)).toEqual(['not-a-public-sector-spin-out', 'no-employee-control', 'services-not-in-england']);
  });

  describe('refused at every save, storing nothing', () => {
    async function refusedSave(body: Record<string, unknown>) {
      const { user } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id, { title: 'Saved so far' });
      const before = await storedCounts(db);
      const onCreate = await request(service.url).post('/applications').set(user.auth).send({ fundId: fund.id, ...body }).expect(422);
      const onSave = await request(service.url).patch(`/applications/${created.id}`).set(user.auth).send({ version: 1, ...body }).expect(422);
      expect(onSave.body).toEqual({ ...onCreate.body, correlationId: onSave.body.correlationId });
      expect(await storedCounts(db)).toEqual(before);
      expect((await request(service.url).get(`/applications/${created.id}`).set(user.auth).expect(200)).body).toMatchObject({ version: 1, title: 'Saved so far', amountRequestedPence: null, answers: [] });
      return onSave.body;
    }

    it("an amount over the fund's cap; the cap itself is fine", async () => {
      const body = await refusedSave({ amountRequestedPence: 2_500_001 });
      expect(body).toMatchObject({ code: 'over-fund-cap', message: 'You asked for £25,000.01; this fund gives at most £25,000.00 per application', details: { fields: ['amountRequestedPence'] } });
      const { user } = await registeredApplicant(service);
      await draft(service, user, fund.id, { amountRequestedPence: 2_500_000 });
    });

    it('a grant that would take subsidy past £315,000 over three financial years', async () => {
      const body = await refusedSave({ amountRequestedPence: 2_500_000, subsidyReceivedPence: 29_000_001 });
      expect(body).toMatchObject({
        code: 'subsidy-limit-exceeded',
        message:
          'With the £290,000.01 of subsidy you have received in this and the two previous financial years, this grant would take you to £315,000.01, past the £315,000.00 limit',
      });
      const { user } = await registeredApplicant(service);
      await draft(service, user, fund.id, { amountRequestedPence: 2_500_000, subsidyReceivedPence: 29_000_000 });
    });

    it('an answer over its word limit, counted as a person counts words', async () => {
      const twentyOne = Array.from({ length: 21 }, (_, i) => `word${i}`).join(' ');
      const body = await refusedSave({ answers: [{ questionId: 'need', text: twentyOne }] });
      expect(body).toMatchObject({
        code: 'answer-too-long',
        message: 'Your answer to "What support do you need, and why now?" has 21 words; the limit is 20',
        details: { fields: ['answers.need'], answers: [{ questionId: 'need', words: 21, wordLimit: 20 }] },
      });
      // Twenty words, with hyphens, a sum of money, punctuation and line breaks that are not words of their own.
      const twenty = 'A staff-led mutual — we ask for £25,000 - to buy legal advice;\n\nour parent body & staff back it fully, and soon.';
      const { user } = await registeredApplicant(service);
      const saved = await draft(service, user, fund.id, { answers: [{ questionId: 'need', text: twenty }] });
      expect(saved.answers).toEqual([{ questionId: 'need', text: twenty, words: 20 }]);
    });

    it('an answer to a question the fund does not ask', async () => {
      const body = await refusedSave({ answers: [{ questionId: 'favourite-colour', text: 'Green' }] });
      expect(body).toMatchObject({ code: 'unknown-question', details: { fields: ['answers.favourite-colour'] } });
    });
  });
});
