import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, ApplicationWithdrawn, FundPublished, OrganisationRegistered, OrganisationUpdated } from '@mutuals/contracts';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { createFund, draft, fundBody, officer, outboxFor, registeredApplicant, storedCounts, submitted } from './fixtures';

describe('applications HTTP API: organisations, funds, the application lifecycle, access and versions', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let fund: { id: string; version: number };

  beforeAll(async () => {
    service = await startTestService(applicationsService);
    db = service.app.get(DataSource);
    fund = await createFund(service);
  });
  afterAll(() => service?.close());

  describe('organisations', () => {
    it('an applicant registers their organisation, under the id in their token, and the registration is published', async () => {
      const { user, organisation } = await registeredApplicant(service, { companiesHouseNumber: 'sc 123456' });
      expect(organisation).toMatchObject({ id: user.organisationId, name: 'Blackpool youth service staff group', companiesHouseNumber: 'SC123456', version: 1 });
      const [event] = await outboxFor(db, organisation.id);
      expect(event.topic).toBe(OrganisationRegistered.topic);
      expect(event.envelope.type).toBe(OrganisationRegistered.type);
      expect(event.envelope.data).toMatchObject({ organisationId: organisation.id, type: 'staff-group', parentBody: 'Blackpool Council', revision: 1 });
      expect(JSON.stringify(event.envelope.data)).not.toContain('kerry.walsh'); // contacts stay here
    });

    it('an applicant without an organisation in their token belongs to the one they register', async () => {
      const user = testUser('applicant');
      const registered = await request(service.url).post('/organisations').set(user.auth).send({ name: 'Hazlitt Arts Centre', type: 'mutual-in-development', legalForm: 'cic' }).expect(201);
      const mine = await request(service.url).get('/organisations').set(user.auth).expect(200);
      expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([registered.body.id]);
      expect(mine.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
      const again = await request(service.url).post('/organisations').set(user.auth).send({ name: 'Hazlitt again', type: 'staff-group', legalForm: 'none-yet' }).expect(409);
      expect(again.body.code).toBe('organisation-already-registered');
    });

    it('changes carry a version, are published, and a stale change gets 409', async () => {
      const { user, organisation } = await registeredApplicant(service);
      const changed = await request(service.url)
        .patch(`/organisations/${organisation.id}`)
        .set(user.auth)
        .send({ version: 1, spinOutStage: 'business-case', legalForm: 'cic', companiesHouseNumber: '09876543' })
        .expect(200);
      expect(changed.body).toMatchObject({ spinOutStage: 'business-case', legalForm: 'cic', version: 2, name: organisation.name });
      const stale = await request(service.url).patch(`/organisations/${organisation.id}`).set(user.auth).send({ version: 1, staffCount: 1 }).expect(409);
      expect(stale.body.code).toBe('stale-version');
      const events = await outboxFor(db, organisation.id);
      expect(events.map((e) => e.envelope.type)).toEqual([OrganisationRegistered.type, OrganisationUpdated.type]);
      expect(events[1].envelope.data).toMatchObject({ spinOutStage: 'business-case', revision: 2 });
    });

    it('a change shows on its draft applications; a submitted one keeps what was submitted', async () => {
      const { user, organisation } = await registeredApplicant(service);
      const sent = await submitted(service, user, fund.id);
      const started = await draft(service, user, fund.id, { title: 'Next step' });
      await request(service.url).patch(`/organisations/${organisation.id}`).set(user.auth).send({ version: 1, sector: 'community-services', spinOutStage: 'launch' }).expect(200);
      const [submittedNow, draftNow] = await Promise.all(
        [sent.id, started.id].map(async (id) => (await request(service.url).get(`/applications/${id}`).set(user.auth).expect(200)).body),
      );
      expect(submittedNow).toMatchObject({ sector: 'youth', spinOutStage: 'exploring' });
      expect(draftNow).toMatchObject({ sector: 'community-services', spinOutStage: 'launch' });
    });

    describe('bad details are refused with what is wrong, and nothing is stored', () => {
      const cases: [string, Record<string, unknown>, string, string][] = [
        ['a Companies House number in the wrong format', { companiesHouseNumber: '1234' }, 'companiesHouseNumber', 'A Companies House number is 8 characters'],
        ['a charity number in the wrong format', { charityNumber: 'CH-99' }, 'charityNumber', 'A charity number is 6 or 7 digits'],
        ['a society number in the wrong format', { societyNumber: '30178' }, 'societyNumber', 'up to 6 digits followed by R'],
        ['a sector outside the taxonomy', { sector: 'banking' }, 'sector', ''],
        ['a region that is not a region', { region: 'Narnia' }, 'region', ''],
        ['an unknown spin-out stage', { spinOutStage: 'dreaming' }, 'spinOutStage', ''],
        ['a share over 100', { employeeSharePercent: 101 }, 'employeeSharePercent', ''],
        ['a trading start that is not a date', { tradingStartDate: '01/09/2023' }, 'tradingStartDate', ''],
        ['a contact without a valid email', { seniorSponsor: { name: 'Jo', email: 'not-an-email' } }, 'seniorSponsor.email', ''],
        ['an unknown field', { favouriteColour: 'green' }, 'favouriteColour', ''],
      ];
      it.each(cases)('%s: 400', async (_, overrides, field, message) => {
        const user = testUser('applicant');
        const before = await storedCounts(db);
        const res = await request(service.url).post('/organisations').set(user.auth).send({ name: 'X', type: 'staff-group', legalForm: 'none-yet', ...overrides }).expect(400);
        expect(res.body.code).toBe('validation-failed');
        const problem = res.body.details.find((d: { field: string }) => d.field === field);
        expect(problem).toBeDefined();
        expect(problem.problems.join(' ')).toContain(message);
        expect(await storedCounts(db)).toEqual(before);
      });

      it('ownership shares adding up to more than 100%: 422', async () => {
        const before = await storedCounts(db);
        const res = await request(service.url)
          .post('/organisations')
          .set(testUser('applicant').auth)
          .send({ name: 'X', type: 'staff-group', legalForm: 'none-yet', employeeSharePercent: 60, parentBodySharePercent: 30, partnerSharePercent: 20 })
          .expect(422);
        expect(res.body).toMatchObject({ code: 'ownership-over-100', message: expect.stringContaining('add up to 110%') });
        expect(await storedCounts(db)).toEqual(before);
      });

      it('clearing a required detail: 400', async () => {
        const { user, organisation } = await registeredApplicant(service);
        const res = await request(service.url).patch(`/organisations/${organisation.id}`).set(user.auth).send({ version: 1, name: null }).expect(400);
        expect(res.body.details[0].field).toBe('name');
      });
    });

    it("another organisation's record is a 404, and officers see every one", async () => {
      const { organisation } = await registeredApplicant(service);
      const other = await registeredApplicant(service);
      await request(service.url).get(`/organisations/${organisation.id}`).set(other.user.auth).expect(404);
      await request(service.url).patch(`/organisations/${organisation.id}`).set(other.user.auth).send({ version: 1, name: 'Mine now' }).expect(404);
      await request(service.url).get(`/organisations/${organisation.id}`).set(officer.auth).expect(200);
    });
  });

  describe('funds', () => {
    it('officers set up a fund; every change is published with its assessment criteria', async () => {
      const created = await createFund(service, { name: 'Mutuals Support Programme 2 (test)' + Math.random(), matchFundingRequired: true });
      const closed = await request(service.url).patch(`/funds/${created.id}`).set(officer.auth).send({ version: 1, open: false }).expect(200);
      expect(closed.body).toMatchObject({ open: false, version: 2, eligibility: { maxYearsTrading: 5, minimumEmployeeSharePercent: 25 } });
      const events = await outboxFor(db, created.id);
      expect(events.map((e) => [e.envelope.type, e.envelope.data.open, e.envelope.data.revision])).toEqual([
        [FundPublished.type, true, 1],
        [FundPublished.type, false, 2],
      ]);
      expect(events[0].envelope.data.assessment.criteria.reduce((s: number, c: { weight: number }) => s + c.weight, 0)).toBe(100);
      const stale = await request(service.url).patch(`/funds/${created.id}`).set(officer.auth).send({ version: 1, open: true }).expect(409);
      expect(stale.body.code).toBe('stale-version');
    });

    it('applicants see open funds only, and cannot set one up', async () => {
      const closed = await createFund(service, { open: false });
      const { user } = await registeredApplicant(service);
      const list = await request(service.url).get('/funds').query({ pageSize: 200 }).set(user.auth).expect(200);
      expect(list.body.items.map((f: { id: string }) => f.id)).toContain(fund.id);
      expect(list.body.items.map((f: { id: string }) => f.id)).not.toContain(closed.id);
      expect(list.body.total).toBe(list.body.items.length);
      await request(service.url).post('/funds').set(user.auth).send({}).expect(403);
    });

    it('a fund whose criteria weights do not add up to 100 is refused, and nothing is stored', async () => {
      const before = await storedCounts(db);
      const res = await request(service.url)
        .post('/funds')
        .set(officer.auth)
        .send({ ...fundBody(), assessment: { criteria: [{ id: 'need', name: 'Need', weight: 50 }], scaleMax: 5, assessorsPerCase: 2, moderationThreshold: 20 } })
        .expect(422);
      expect(res.body.code).toBe('criteria-weights-not-100');
      expect(res.body.message).toBe('The assessment criteria weights (Need 50) add up to 50; they must add up to 100');
      expect(res.body.details.fields).toEqual(['assessment.criteria.0.weight']);
      expect(await storedCounts(db)).toEqual(before);
    });

    it('a fund keeps its description and opening windows as UTC instants, and takes applications only inside them', async () => {
      const windowed = await createFund(service, {
        description: 'Grants for staff groups',
        openingWindows: [
          { opensAt: '2020-04-01T09:00:00+01:00', closesAt: '2020-06-30T17:00:00+01:00' },
          { opensAt: '2099-01-01T09:00:00Z', closesAt: '2099-03-31T17:00:00Z' },
        ],
      });
      expect(windowed).toMatchObject({
        description: 'Grants for staff groups',
        openingWindows: [
          { opensAt: '2020-04-01T08:00:00.000Z', closesAt: '2020-06-30T16:00:00.000Z' },
          { opensAt: '2099-01-01T09:00:00.000Z', closesAt: '2099-03-31T17:00:00.000Z' },
        ],
        takingApplications: false,
      });
      const { user } = await registeredApplicant(service);
      const refused = await request(service.url).post('/applications').set(user.auth).send({ fundId: windowed.id, title: 'Legal advice' }).expect(422);
      expect(refused.body.code).toBe('fund-closed');
      const reopened = await request(service.url)
        .patch(`/funds/${windowed.id}`)
        .set(officer.auth)
        .send({ version: windowed.version, openingWindows: [{ opensAt: '2020-01-01T00:00:00Z', closesAt: '2099-01-01T00:00:00Z' }] })
        .expect(200);
      expect(reopened.body.takingApplications).toBe(true);
      await request(service.url).post('/applications').set(user.auth).send({ fundId: windowed.id, title: 'Legal advice' }).expect(201);
    });

    it('refuses opening windows that close before they open or overlap, naming the window', async () => {
      const backwards = await request(service.url)
        .post('/funds')
        .set(officer.auth)
        .send(fundBody({ openingWindows: [{ opensAt: '2027-06-30T16:00:00Z', closesAt: '2027-04-01T08:00:00Z' }] }))
        .expect(422);
      expect(backwards.body).toMatchObject({ code: 'invalid-opening-window', message: 'Opening window 1 must close after it opens', details: { fields: ['openingWindows.0.closesAt'] } });
      const overlapping = await request(service.url)
        .post('/funds')
        .set(officer.auth)
        .send(fundBody({ openingWindows: [{ opensAt: '2027-01-01T00:00:00Z', closesAt: '2027-06-01T00:00:00Z' }, { opensAt: '2027-05-01T00:00:00Z', closesAt: '2027-09-01T00:00:00Z' }] }))
        .expect(422);
      expect(overlapping.body.details.fields).toEqual(['openingWindows.1.opensAt']);
    });

    it('lists funds a page at a time, by name then id, with the true total and a capped page size', async () => {
      const prefix = `Paged fund ${Date.now()}`;
      for (const n of [3, 1, 2]) await createFund(service, { name: `${prefix} ${n}` });
      const all = await request(service.url).get('/funds').query({ pageSize: 200 }).set(officer.auth).expect(200);
      const ours = all.body.items.filter((f: { name: string }) => f.name.startsWith(prefix)).map((f: { name: string }) => f.name);
      expect(ours).toEqual([`${prefix} 1`, `${prefix} 2`, `${prefix} 3`]);
      const pages = [];
      for (let page = 1; page <= Math.ceil(all.body.total / 2); page++) {
        const res = await request(service.url).get('/funds').query({ page, pageSize: 2 }).set(officer.auth).expect(200);
        expect(res.body).toMatchObject({ page, pageSize: 2, total: all.body.total });
        pages.push(...res.body.items.map((f: { id: string }) => f.id));
      }
      expect(pages).toEqual(all.body.items.map((f: { id: string }) => f.id));
      const tooBig = await request(service.url).get('/funds').query({ pageSize: 201 }).set(officer.auth).expect(400);
      expect(JSON.stringify(tooBig.body)).toContain('pageSize must be at most 200');
    });
  });

  describe('the lifecycle', () => {
    it('a draft is saved as often as wanted, answer by answer, then submitted and published', async () => {
      const { user, organisation } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id, { title: 'Legal advice' });
      expect(created).toMatchObject({ status: 'draft', version: 1, organisationId: organisation.id, sector: 'youth', answers: [] });

      const first = await request(service.url)
        .patch(`/applications/${created.id}`)
        .set(user.auth)
        .send({ version: 1, answers: [{ questionId: 'need', text: 'Pensions advice before the council decides.' }] })
        .expect(200);
      const second = await request(service.url)
        .patch(`/applications/${created.id}`)
        .set(user.auth)
        .send({ version: first.body.version, supportTypes: ['legal'], answers: [{ questionId: 'backing', text: 'All staff signed up.' }] })
        .expect(200);
      expect(second.body).toMatchObject({ version: 3, title: 'Legal advice', supportTypes: ['legal'] });
      expect(second.body.answers).toEqual([
        { questionId: 'need', text: 'Pensions advice before the council decides.', words: 6 },
        { questionId: 'backing', text: 'All staff signed up.', words: 4 },
      ]);

      const incomplete = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: 3 }).expect(422);
      expect(incomplete.body).toMatchObject({ code: 'application-incomplete', details: { missing: ['amountRequestedPence', 'subsidyReceivedPence', 'servicesDeliveredInEngland'] } });

      const completed = await request(service.url)
        .patch(`/applications/${created.id}`)
        .set(user.auth)
        .send({ version: 3, amountRequestedPence: 1_892_700, subsidyReceivedPence: 0, servicesDeliveredInEngland: true })
        .expect(200);
      const done = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).set('x-correlation-id', 'trace-abc-123').send({ version: completed.body.version }).expect(200);
      expect(done.body).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) });

      const [event] = await outboxFor(db, created.id);
      expect(event.envelope).toMatchObject({
        type: ApplicationSubmitted.type,
        correlationid: 'trace-abc-123',
        data: {
          reference: created.reference,
          fundId: fund.id,
          organisationId: organisation.id,
          organisationName: organisation.name,
          parentBody: 'Blackpool Council',
          sector: 'youth',
          region: 'north-west',
          amountRequestedPence: 1_892_700,
          contact: { email: user.email },
        },
      });

      const locked = await request(service.url).patch(`/applications/${created.id}`).set(user.auth).send({ version: done.body.version, title: 'Changed' }).expect(409);
      expect(locked.body.code).toBe('application-not-editable');
      const twice = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: done.body.version }).expect(409);
      expect(twice.body.code).toBe('application-already-submitted');
    });

    it('an empty answer clears a saved one', async () => {
      const { user } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id);
      const cleared = await request(service.url).patch(`/applications/${created.id}`).set(user.auth).send({ version: 1, answers: [{ questionId: 'backing', text: '  ' }], title: null }).expect(200);
      expect(cleared.body.answers.map((a: { questionId: string }) => a.questionId)).toEqual(['need']);
      expect(cleared.body.title).toBeNull();
    });

    it('a submitted application can be withdrawn, with a reason, and the withdrawal is published', async () => {
      const { user } = await registeredApplicant(service);
      const application = await submitted(service, user, fund.id);
      const withdrawn = await request(service.url)
        .post(`/applications/${application.id}/withdraw`)
        .set(user.auth)
        .send({ version: application.version, reason: 'The council will keep the service in house' })
        .expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
      const events = await outboxFor(db, application.id);
      expect(events.map((e) => e.topic)).toEqual([ApplicationSubmitted.topic, ApplicationSubmitted.topic]);
      expect(events.map((e) => e.envelope.type)).toEqual([ApplicationSubmitted.type, ApplicationWithdrawn.type]);
      expect(events[1].envelope.data).toMatchObject({ reference: application.reference, reason: 'The council will keep the service in house' });
      const again = await request(service.url).post(`/applications/${application.id}/withdraw`).set(user.auth).send({ version: withdrawn.body.version }).expect(409);
      expect(again.body.code).toBe('application-already-withdrawn');
    });

    it('a draft can be withdrawn too', async () => {
      const { user } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id, { title: 'Not now' });
      await request(service.url).post(`/applications/${created.id}/withdraw`).set(user.auth).send({ version: 1 }).expect(200);
    });

    it('officers read who changed what, when, from and to', async () => {
      const { user } = await registeredApplicant(service);
      const application = await submitted(service, user, fund.id);
      await request(service.url).post(`/applications/${application.id}/withdraw`).set(user.auth).send({ version: application.version }).expect(200);
      const history = await request(service.url).get(`/applications/${application.id}/history`).set(officer.auth).expect(200);
      expect(history.body.map((h: { from: string | null; to: string; actorId: string }) => [h.from, h.to, h.actorId])).toEqual([
        [null, 'draft', user.id],
        ['draft', 'submitted', user.id],
        ['submitted', 'withdrawn', user.id],
      ]);
      expect(history.body.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
      await request(service.url).get(`/applications/${application.id}/history`).set(user.auth).expect(403);
    });
  });

  describe('bad input is refused with a message per field, and nothing is stored', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a wrong type', { amountRequestedPence: 'twenty thousand' }, 'amountRequestedPence'],
      ['money in pounds with pence as a fraction', { amountRequestedPence: 25000.5 }, 'amountRequestedPence'],
      ['an unknown field', { favouriteColour: 'green' }, 'favouriteColour'],
      ['a title over its limit', { title: 'x'.repeat(201) }, 'title'],
      ['an empty title', { title: '' }, 'title'],
      ['a support type that is not one', { supportTypes: ['catering'] }, 'supportTypes'],
      ['an answer without its question', { answers: [{ text: 'hello' }] }, 'answers.0.questionId'],
      ['a negative subsidy', { subsidyReceivedPence: -1 }, 'subsidyReceivedPence'],
      ['a declaration that is not yes or no', { servicesDeliveredInEngland: 'maybe' }, 'servicesDeliveredInEngland'],
      ['no fund', { fundId: undefined }, 'fundId'],
    ];
    it.each(cases)('%s', async (_, body, field) => {
      const { user } = await registeredApplicant(service);
      const before = await storedCounts(db);
      const res = await request(service.url).post('/applications').set(user.auth).send({ fundId: fund.id, ...body }).expect(400);
      expect(res.body.code).toBe('validation-failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(res.body.correlationId).toBeTruthy();
      expect(await storedCounts(db)).toEqual(before);
    });

    it('a malformed JSON body', async () => {
      const { user } = await registeredApplicant(service);
      const before = await storedCounts(db);
      const res = await request(service.url).post('/applications').set(user.auth).set('Content-Type', 'application/json').send('{"title": "unterminated').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'malformed-json' });
      expect(await storedCounts(db)).toEqual(before);
    });

    it('applying before registering an organisation: 422', async () => {
      const before = await storedCounts(db);
      const res = await request(service.url).post('/applications').set(testUser('applicant').auth).send({ fundId: fund.id }).expect(422);
      expect(res.body).toMatchObject({ code: 'organisation-not-registered', message: 'Register your organisation before you apply' });
      expect(await storedCounts(db)).toEqual(before);
    });

    it('applying to a fund that does not exist: 422', async () => {
      const { user } = await registeredApplicant(service);
      const res = await request(service.url).post('/applications').set(user.auth).send({ fundId: '00000000-0000-4000-8000-000000000000' }).expect(422);
      expect(res.body.code).toBe('unknown-fund');
    });

    it('submitting without a version is a 400 naming the field', async () => {
      const { user } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id);
      const res = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({}).expect(400);
      expect(res.body.details[0].field).toBe('version');
    });

    it('a list filter that is not one: 400', async () => {
      const res = await request(service.url).get('/applications?status=pending&pageSize=500').set(officer.auth).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['pageSize', 'status']);
    });
  });

  describe('who may do what', () => {
    it('no token: 401; a forged token: 401', async () => {
      const res = await request(service.url).get('/applications').expect(401);
      expect(res.body.code).toBe('unauthenticated');
      const { user } = await registeredApplicant(service);
      await request(service.url).get('/applications').set('Authorization', `Bearer ${user.token.slice(0, -4)}AAAA`).expect(401);
    });

    it('an assessor on an applicant endpoint: 403', async () => {
      const res = await request(service.url).post('/applications').set(testUser('assessor').auth).send({ fundId: fund.id }).expect(403);
      expect(res.body.message).toContain('applicant');
    });

    it("another organisation's application is a 404 for reading, saving, submitting and withdrawing", async () => {
      const { user } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id);
      const other = await registeredApplicant(service);
      await request(service.url).get(`/applications/${created.id}`).set(other.user.auth).expect(404);
      await request(service.url).patch(`/applications/${created.id}`).set(other.user.auth).send({ version: 1, title: 'Theirs' }).expect(404);
      await request(service.url).post(`/applications/${created.id}/submit`).set(other.user.auth).send({ version: 1 }).expect(404);
      await request(service.url).post(`/applications/${created.id}/withdraw`).set(other.user.auth).send({ version: 1 }).expect(404);
      const list = await request(service.url).get('/applications').set(other.user.auth).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(created.id);
      const unchanged = await request(service.url).get(`/applications/${created.id}`).set(user.auth).expect(200);
      expect(unchanged.body).toMatchObject({ status: 'draft', version: 1 });
    });

    it("a colleague in the same organisation works on the organisation's applications", async () => {
      const { user, organisation } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id);
      const colleague = testUser('applicant', { organisationId: organisation.id });
      await request(service.url).patch(`/applications/${created.id}`).set(colleague.auth).send({ version: 1, title: 'Shared work' }).expect(200);
      const list = await request(service.url).get('/applications').set(colleague.auth).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([created.id]);
    });

    it('a programme officer can read any application', async () => {
      const { user } = await registeredApplicant(service);
      const created = await draft(service, user, fund.id);
      await request(service.url).get(`/applications/${created.id}`).set(officer.auth).expect(200);
    });

    it('health endpoints need no token and report the database and Kafka', async () => {
      await request(service.url).get('/health/live').expect(200);
      const ready = await request(service.url).get('/health/ready').expect(200);
      expect(ready.body.info).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
    });
  });

  it('a stale update gets 409 and changes nothing', async () => {
    const { user } = await registeredApplicant(service);
    const created = await draft(service, user, fund.id, { title: 'First' });
    await request(service.url).patch(`/applications/${created.id}`).set(user.auth).send({ version: 1, title: 'Second' }).expect(200);
    const stale = await request(service.url).patch(`/applications/${created.id}`).set(user.auth).send({ version: 1, title: 'Third' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'stale-version', details: { currentVersion: 2 } });
    const current = await request(service.url).get(`/applications/${created.id}`).set(user.auth).expect(200);
    expect(current.body).toMatchObject({ title: 'Second', version: 2 });
  });

  it('the OpenAPI document describes every endpoint, with examples', async () => {
    const doc = await request(service.url).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/organisations',
        '/organisations/{id}',
        '/funds',
        '/funds/{id}',
        '/applications',
        '/applications/export',
        '/applications/{id}',
        '/applications/{id}/history',
        '/applications/{id}/submit',
        '/applications/{id}/withdraw',
      ]),
    );
    expect(doc.body.components.schemas.CreateApplicationDto.properties.amountRequestedPence.example).toBe(2_500_000);
    expect(doc.body.components.schemas.RegisterOrganisationDto.properties.sector.enum).toContain('adult-social-care');
  });
});
