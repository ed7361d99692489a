import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, BidScreened, EnquiryRecorded, FundPublished, MutualFiguresRecorded, MutualRegistered, MutualStageRecorded } from '@mutuals/contracts';
import { RunningService, startTestService, testUser, waitFor } from '@mutuals/testing';
import { LAUNCH_DETAILS_EXAMPLE } from '../src/mutuals/mutuals.dto';
import { awardsService } from '../src/service';
import { AwardsApi, freshOrgId, produce, screenedBid } from './awards-fixtures';

jest.setTimeout(240_000);

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
/** A launch's facts but its date, given relative to today. */
const { launchedOn: _, ...LAUNCH } = LAUNCH_DETAILS_EXAMPLE;

/** The register of mutuals on the real broker and database: enquiries, journeys, figures and links. */
describe('register of mutuals', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;
  const officer = () => api.officer.auth;

  beforeAll(async () => {
    service = await startTestService(awardsService);
    db = service.app.get(DataSource);
    api = new AwardsApi(service.url, db);
  });
  afterAll(() => service?.close());

  const unique = (name: string) => `${name} ${randomUUID().slice(0, 8)}`;

  async function register(extra: Record<string, unknown> = {}) {
    const body = { name: unique('Care Together'), parentBody: 'Bristol City Council', parentBodyKind: 'local-government', sector: 'adult-social-care', region: 'south-west', enteredOn: daysAgo(200), ...extra };
    return (await request(service.url).post('/mutuals').set(officer()).send(body).expect(201)).body;
  }

  async function stage(mutual: { id: string; version: number }, body: Record<string, unknown>, status = 201) {
    const res = await request(service.url).post(`/mutuals/${mutual.id}/stages`).set(officer()).send({ evidence: 'Minutes of the board', expectedVersion: mutual.version, ...body }).expect(status);
    return res.body;
  }

  /** Outbox envelopes of a type for one subject, once the relay has published them to the broker. */
  async function published(type: string, subject: string): Promise<Record<string, any>[]> {
    return waitFor(
      async () => {
        const rows = await db.query(`select envelope, published_at from outbox_messages where envelope->>'type' = $1 and message_key = $2 order by seq`, [type, subject]);
        return rows.length > 0 && rows.every((r: { published_at: Date | null }) => r.published_at !== null) && rows.map((r: { envelope: Record<string, any> }) => r.envelope);
      },
      { what: `${type} for ${subject} published`, timeoutMs: 60_000 },
    );
  }

  it('an enquiry triaged register-as-mutual registers the organisation at the enquiry stage; the email never leaves awards', async () => {
    const organisationName = unique('Reablement Services');
    const email = `enquirer-${randomUUID().slice(0, 8)}@bristol.example.gov.uk`;
    const enquiry = {
      receivedOn: daysAgo(30),
      enquirerName: 'Alex Morgan',
      enquirerEmail: email,
      organisationName,
      parentBody: 'Bristol City Council',
      parentBodyKind: 'local-government',
      sector: 'adult-social-care',
      region: 'south-west',
      topic: 'Spinning out the reablement service',
      triage: 'register-as-mutual',
      adviceGiven: 'Sent the spin-out guide; suggested an options appraisal',
    };
    const recorded = (await request(service.url).post('/enquiries').set(officer()).send(enquiry).expect(201)).body;
    expect(recorded).toMatchObject({ ...enquiry, reference: expect.stringMatching(/^ENQ-/), mutualId: expect.any(String), mutualReference: expect.stringMatching(/^MUT-/), recordedBy: api.officer.id });

    const mutual = (await request(service.url).get(`/mutuals/${recorded.mutualId}`).set(officer()).expect(200)).body;
    expect(mutual).toMatchObject({ name: organisationName, stage: 'enquiry', stageEnteredOn: enquiry.receivedOn, version: 1, countsAsMutual: false, staffCount: null });
    expect(mutual.stages).toEqual([expect.objectContaining({ stage: 'enquiry', enteredOn: enquiry.receivedOn, evidence: `Enquiry ${recorded.reference}: ${enquiry.topic}`, recordedBy: api.officer.id })]);
    expect((await request(service.url).get(`/enquiries/${recorded.id}`).set(officer()).expect(200)).body).toEqual(recorded);

    // Advice only: recorded, nobody registered.
    const advice = (await request(service.url).post('/enquiries').set(officer()).send({ ...enquiry, receivedOn: daysAgo(29), triage: 'advice-only', parentBody: undefined, parentBodyKind: undefined, sector: undefined }).expect(201)).body;
    expect(advice).toMatchObject({ mutualId: null, parentBody: null });
    const missing = await request(service.url).post('/enquiries').set(officer()).send({ ...enquiry, sector: undefined }).expect(422);
    expect(missing.body).toMatchObject({ code: 'mutual-details-missing', details: { fields: ['sector'] } });
    const badEmail = await request(service.url).post('/enquiries').set(officer()).send({ ...enquiry, enquirerEmail: 'nobody' }).expect(400);
    expect(badEmail.body.details).toEqual([expect.objectContaining({ field: 'enquirerEmail' })]);

    const registered = (await request(service.url).get(`/enquiries?triage=register-as-mutual&receivedFrom=${daysAgo(30)}&receivedTo=${daysAgo(30)}&pageSize=200`).set(officer()).expect(200)).body;
    expect(registered.items.map((e: { id: string }) => e.id)).toContain(recorded.id);
    expect(registered.items.every((e: { triage: string; receivedOn: string }) => e.triage === 'register-as-mutual' && e.receivedOn === daysAgo(30))).toBe(true);

    const [event] = await published(EnquiryRecorded.type, recorded.id);
    expect(event.data).toMatchObject({ enquiryId: recorded.id, triage: 'register-as-mutual', mutualId: recorded.mutualId, organisationName });
    expect(JSON.stringify(event)).not.toContain(email);
    const [audited] = await db.query(`select details from audit_trail where subject_type = 'enquiry' and subject_id = $1`, [recorded.id]);
    expect(JSON.stringify(audited.details)).not.toContain(email);
    const [registeredEvent] = await published(MutualRegistered.type, recorded.mutualId);
    expect(registeredEvent.data).toMatchObject({ mutualId: recorded.mutualId, enquiryId: recorded.id, stage: 'enquiry', enteredOn: enquiry.receivedOn });
  });

  it('records the journey to launch, keeping every stage; the launch sets the current figures', async () => {
    let mutual = await register();
    mutual = await stage(mutual, { stage: 'exploring', enteredOn: daysAgo(180) });
    mutual = await stage(mutual, { stage: 'options-appraisal', enteredOn: daysAgo(150), details: { route: 'staff-mutual', reason: 'Staff want to own the service' } });
    expect(mutual).toMatchObject({ route: 'staff-mutual', routeReason: 'Staff want to own the service', version: 3 });
    mutual = await stage(mutual, { stage: 'business-case', enteredOn: daysAgo(120) });
    mutual = await stage(mutual, { stage: 'launched', enteredOn: daysAgo(10), details: { ...LAUNCH, launchedOn: daysAgo(10) } });

    expect(mutual).toMatchObject({
      stage: 'launched',
      launchedOn: daysAgo(10),
      legalForm: 'cic',
      staffCount: 250,
      contractValuePence: 1_200_000_000,
      contractMonths: 60,
      commissioningBody: 'Bristol City Council',
      commissioningBodyKind: 'local-government',
      countsAsMutual: true,
      version: 5,
    });
    expect(mutual.stages.map((s: { stage: string; enteredOn: string }) => [s.stage, s.enteredOn])).toEqual([
      ['enquiry', daysAgo(200)],
      ['exploring', daysAgo(180)],
      ['options-appraisal', daysAgo(150)],
      ['business-case', daysAgo(120)],
      ['launched', daysAgo(10)],
    ]);
    expect(mutual.stages[2].details).toEqual({ route: 'staff-mutual', reason: 'Staff want to own the service' });
    expect(mutual.figures).toEqual([expect.objectContaining({ asOf: daysAgo(10), staffCount: 250, contractValuePence: 1_200_000_000, source: 'launch' })]);

    const found = (await request(service.url).get(`/mutuals?route=staff-mutual&stage=launched&launchedFrom=${daysAgo(10)}&name=${encodeURIComponent(mutual.name)}`).set(officer()).expect(200)).body;
    expect(found).toMatchObject({ total: 1, items: [{ id: mutual.id, staffCount: 250 }] });
    expect((await request(service.url).get(`/mutuals?launchedTo=${daysAgo(11)}&name=${encodeURIComponent(mutual.name)}`).set(officer()).expect(200)).body.total).toBe(0);

    // An officer's later figures move the current ones only if they are the newest.
    const later = (await request(service.url).post(`/mutuals/${mutual.id}/figures`).set(officer()).send({ asOf: daysAgo(2), staffCount: 255, contractValuePence: 1_210_000_000, reason: 'Contract extended' }).expect(201)).body;
    expect(later).toMatchObject({ staffCount: 255, contractValuePence: 1_210_000_000 });
    const older = (await request(service.url).post(`/mutuals/${mutual.id}/figures`).set(officer()).send({ asOf: daysAgo(5), staffCount: 240, contractValuePence: 1_000_000_000, reason: 'Late count' }).expect(201)).body;
    expect(older).toMatchObject({ staffCount: 255, contractValuePence: 1_210_000_000 });
    expect(older.figures.map((f: { asOf: string; source: string }) => [f.asOf, f.source])).toEqual([[daysAgo(10), 'launch'], [daysAgo(5), 'officer'], [daysAgo(2), 'officer']]);

    const stages = await published(MutualStageRecorded.type, mutual.id);
    expect(stages.map((e) => [e.data.previousStage, e.data.stage])).toEqual([
      ['enquiry', 'exploring'],
      ['exploring', 'options-appraisal'],
      ['options-appraisal', 'business-case'],
      ['business-case', 'launched'],
    ]);
    expect(stages[3].data).toMatchObject({ enteredOn: daysAgo(10), route: 'staff-mutual', details: { staffTransferred: 250, contractValuePence: 1_200_000_000 } });
    expect((await published(MutualFiguresRecorded.type, mutual.id)).map((e) => [e.data.source, e.data.staffCount, e.data.current])).toEqual([
      ['launch', 250, true],
      ['officer', 255, true],
      ['officer', 240, false],
    ]);
    const [{ n }] = await db.query(`select count(*)::int as n from audit_trail where subject_type = 'mutual' and subject_id = $1`, [mutual.id]);
    expect(n).toBe(8); // registered, four stages, three figures
  });

  it('refuses a journey backwards, a launch without a route or after choosing in house, a future date and a stale version', async () => {
    let mutual = await register();
    mutual = await stage(mutual, { stage: 'business-case', enteredOn: daysAgo(100) });

    const backwards = await stage(mutual, { stage: 'exploring', enteredOn: daysAgo(90) }, 409);
    expect(backwards).toMatchObject({ code: 'stage-not-forward', message: 'The journey only moves forward: it is at business case, so it cannot be recorded at exploring' });
    const noRoute = await stage(mutual, { stage: 'launched', enteredOn: daysAgo(5), details: { ...LAUNCH, launchedOn: daysAgo(5) } }, 422);
    expect(noRoute).toMatchObject({ code: 'route-missing', details: { fields: ['details.route'] } });
    const future = await stage(mutual, { stage: 'implementation', enteredOn: daysAgo(-3) }, 422);
    expect(future).toMatchObject({ message: `enteredOn (${daysAgo(-3)}) is in the future`, details: { fields: ['enteredOn'] } });
    const beforePrevious = await stage(mutual, { stage: 'implementation', enteredOn: daysAgo(101) }, 422);
    expect(beforePrevious.details).toEqual({ fields: ['enteredOn'] });
    const noEvidence = await stage(mutual, { stage: 'implementation', enteredOn: daysAgo(50), evidence: '' }, 400);
    expect(noEvidence.details).toEqual([expect.objectContaining({ field: 'evidence' })]);
    const stale = await stage({ ...mutual, version: mutual.version - 1 }, { stage: 'implementation', enteredOn: daysAgo(50) }, 409);
    expect(stale).toMatchObject({ code: 'stale-version', details: { version: mutual.version } });

    const inHouse = await stage(await register(), { stage: 'options-appraisal', enteredOn: daysAgo(60), details: { route: 'in-house', reason: 'The council keeps the service' } });
    const launch = await stage(inHouse, { stage: 'launched', enteredOn: daysAgo(5), details: { ...LAUNCH, launchedOn: daysAgo(5) } }, 409);
    expect(launch.code).toBe('route-ends-journey');
    const ended = await stage(inHouse, { stage: 'not-proceeding', enteredOn: daysAgo(4) });
    expect(ended.stages.map((s: { stage: string }) => s.stage)).toEqual(['enquiry', 'options-appraisal', 'not-proceeding']);

    // Nothing refused was kept.
    const after = (await request(service.url).get(`/mutuals/${mutual.id}`).set(officer()).expect(200)).body;
    expect(after).toMatchObject({ stage: 'business-case', version: 2, launchedOn: null });
    expect(after.stages).toHaveLength(2);
    expect(await api.outboxCount(MutualStageRecorded.type, mutual.id)).toBe(1);
    await request(service.url).post(`/mutuals/${mutual.id}/figures`).set(officer()).send({ asOf: daysAgo(1), staffCount: 1, contractValuePence: 1, reason: 'x' }).expect(409);
    await request(service.url).get(`/mutuals/${randomUUID()}`).set(officer()).expect(404);
    await request(service.url).get('/mutuals').set(testUser('applicant').auth).expect(403);
  });

  it("links the case of a registered organisation's application as it opens; its monitoring return moves the mutual's figures", async () => {
    const organisationCode = randomUUID();
    let mutual = await register({ organisationCode });
    mutual = await stage(mutual, { stage: 'options-appraisal', enteredOn: daysAgo(150), details: { route: 'joint-venture', reason: 'With the NHS trust' } });
    mutual = await stage(mutual, { stage: 'launched', enteredOn: daysAgo(10), details: { ...LAUNCH, launchedOn: daysAgo(10) } });
    expect((await request(service.url).post('/mutuals').set(officer()).send({ name: 'Twice', parentBody: 'x', parentBodyKind: 'other', sector: 'health', organisationCode }).expect(409)).body.code).toBe('organisation-registered');

    const fundId = randomUUID();
    const sector = `sector-${fundId.slice(0, 8)}`;
    await api.handled(await produce(FundPublished, fundId, { ...FundPublished.example, fundId, name: `Fund ${fundId.slice(0, 6)}`, budgetPence: 10_000_000, revision: 1 }));
    const team = await api.team(fundId, sector, 2);
    const applicationId = randomUUID();
    await produce(ApplicationSubmitted, applicationId, { ...ApplicationSubmitted.example, applicationId, reference: `MSF-${applicationId.slice(0, 8)}`, organisationId: organisationCode, applicantId: `applicant-${applicationId.slice(0, 8)}`, fundId, sector });
    const c = await api.caseFor(applicationId, 'in-assessment');
    const linked = (await request(service.url).get(`/mutuals/${mutual.id}`).set(officer()).expect(200)).body;
    expect(linked.links.applications).toEqual([{ id: applicationId, caseId: c.id, reference: `MSF-${applicationId.slice(0, 8)}` }]);
    expect(linked.links.cases).toEqual([expect.objectContaining({ caseId: c.id, source: 'application', sourceId: applicationId, status: 'in-assessment', approvedPence: null })]);

    await api.assess(team, c.id);
    await request(service.url).post(`/cases/${c.id}/decision`).set(officer()).send({ outcome: 'approved', amountPence: 2_000_000, reason: 'Fits' }).expect(200);
    await request(service.url).post(`/cases/${c.id}/due-diligence`).set(officer()).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const award = (await request(service.url).post(`/cases/${c.id}/offer`).set(officer()).send({ conditions: ['Report after six months'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201)).body;
    const mutualUser = testUser('applicant', { organisationId: organisationCode });
    await request(service.url).post(`/awards/${award.id}/accept`).set(mutualUser.auth).expect(200);
    const withAward = (await request(service.url).get(`/mutuals/${mutual.id}`).set(officer()).expect(200)).body;
    expect(withAward.links.awards).toEqual([{ awardId: award.id, caseId: c.id, status: 'accepted', committedPence: 2_000_000, paidPence: 0 }]);
    expect(withAward.links.cases[0]).toMatchObject({ approvedPence: 2_000_000 });

    const [first] = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(mutualUser.auth).expect(200)).body.returns;
    const figures = { staff: 262, contractValuePence: 1_250_000_000, contractRenewals: 0, turnoverPence: 310_000_000, savingsToCommissionerPence: 0, outcomes: [] };
    await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first.id}`).set(mutualUser.auth).send(figures).expect(200);
    const moved = (await request(service.url).get(`/mutuals/${mutual.id}`).set(officer()).expect(200)).body;
    expect(moved).toMatchObject({ staffCount: 262, contractValuePence: 1_250_000_000 });
    expect(moved.figures.map((f: Record<string, unknown>) => [f.asOf, f.source, f.sourceId, f.staffCount])).toEqual([
      [daysAgo(10), 'launch', null, 250],
      [first.periodEnd, 'monitoring-return', first.id, 262],
    ]);
    const returned = (await published(MutualFiguresRecorded.type, mutual.id)).at(-1)!;
    expect(returned.data).toMatchObject({ source: 'monitoring-return', sourceId: first.id, staffCount: 262, current: true, recordedBy: mutualUser.id });
  });

  it('an officer links a bid or case by hand: unknown refs are not found, one linked elsewhere is refused', async () => {
    const a = await register();
    const b = await register();
    await request(service.url).post(`/mutuals/${a.id}/links`).set(officer()).send({ kind: 'case', refId: randomUUID() }).expect(404);
    await request(service.url).post(`/mutuals/${a.id}/links`).set(officer()).send({ kind: 'application', refId: 'not-a-uuid' }).expect(400);

    const fundId = randomUUID();
    await api.handled(await produce(FundPublished, fundId, { ...FundPublished.example, fundId, budgetPence: 10_000_000, revision: 1 }));
    const applicationId = randomUUID();
    await produce(ApplicationSubmitted, applicationId, { ...ApplicationSubmitted.example, applicationId, organisationId: randomUUID(), fundId });
    const c = await api.caseFor(applicationId);
    const linked = (await request(service.url).post(`/mutuals/${a.id}/links`).set(officer()).send({ kind: 'application', refId: applicationId }).expect(201)).body;
    expect(linked.links.cases.map((x: { caseId: string }) => x.caseId)).toEqual([c.id]);
    const refused = await request(service.url).post(`/mutuals/${b.id}/links`).set(officer()).send({ kind: 'case', refId: c.id }).expect(409);
    expect(refused.body).toMatchObject({ code: 'linked-to-another-mutual', message: `This application is already linked to ${a.name} (${a.reference})` });

    // A mutual registered with a bid takes that bid's case when it opens.
    const bidId = randomUUID();
    const withBid = await register({ bidId });
    expect((await request(service.url).post('/mutuals').set(officer()).send({ name: 'Same bid', parentBody: 'x', parentBodyKind: 'other', sector: 'health', bidId }).expect(409)).body.code).toBe('linked-to-another-mutual');
    expect((await request(service.url).get(`/mutuals/${withBid.id}`).set(officer()).expect(200)).body.links.bids).toEqual([{ id: bidId, caseId: null, reference: null }]);
    const round = await api.bidProgramme(50_000_000);
    const bid = screenedBid(round, `sector-${bidId.slice(0, 8)}`, { bidId });
    await produce(BidScreened, bidId, bid);
    const bidCase = await api.caseFor(bidId);
    const links = (await request(service.url).get(`/mutuals/${withBid.id}`).set(officer()).expect(200)).body.links;
    expect(links.bids).toEqual([{ id: bidId, caseId: bidCase.id, reference: bid.reference }]);
    expect(links.cases.map((x: { caseId: string }) => x.caseId)).toEqual([bidCase.id]);
  });

  it('links only applications, bids and cases: awards and packages are reached through the case', async () => {
    const mutual = await register();
    for (const kind of ['award', 'support-package']) {
      await expect(db.query(`insert into mutual_links (mutual_id, kind, ref_id) values ($1, $2, $3)`, [mutual.id, kind, randomUUID()])).rejects.toThrow(/mutual_links_kind_check/);
    }
    await request(service.url).post(`/mutuals/${mutual.id}/links`).set(officer()).send({ kind: 'award', refId: randomUUID() }).expect(400);
  });
});
