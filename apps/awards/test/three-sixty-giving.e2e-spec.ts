import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, ApplicationWithdrawn, BidScreened, FundPublished } from '@mutuals/contracts';
import { RunningService, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { usefulnessGaps } from '../src/exports/data-quality';
import { packageSchemaErrors } from '../src/exports/schema/validate';
import { Grant360 } from '../src/exports/three-sixty-giving';
import { awardsService } from '../src/service';
import { AwardsApi, freshOrgId, produce, screenedBid } from './awards-fixtures';

jest.setTimeout(240_000);

/**
 * The 360Giving export of awards made through the service itself: a council's bid and a mutual's
 * support-fund application, one of them withdrawn after a payment, checked against the official
 * schema and the Data Quality Tool's usefulness checks.
 */
describe('360Giving export of real awards', () => {
  let service: RunningService<any>;
  let api: AwardsApi;

  beforeAll(async () => {
    service = await startTestService(awardsService);
    api = new AwardsApi(service.url, service.app.get(DataSource));
  });
  afterAll(() => service?.close());

  const officer = () => api.officer.auth;

  /** Assessed by a panel of the programme's own, approved, checked, offered and accepted; two milestones, the first paid. */
  async function award(sourceId: string, team: TestUser[], recipientOrgIdentifier: string, recipient: TestUser) {
    const c = await api.caseFor(sourceId, 'in-assessment');
    await api.assess(team, c.id);
    await request(service.url).post(`/cases/${c.id}/decision`).set(officer()).send({ outcome: 'approved', amountPence: 2_500_000, reason: 'Above the funding line' }).expect(200);
    await request(service.url).post(`/cases/${c.id}/due-diligence`).set(officer()).send({ recipientOrgIdentifier, subsidyDeclaredPence: 0 }).expect(201);
    const offer = { conditions: ['Report after six months'], expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() };
    const { id } = (await request(service.url).post(`/cases/${c.id}/offer`).set(officer()).send(offer).expect(201)).body;
    await request(service.url).post(`/awards/${id}/accept`).set(recipient.auth).expect(200);
    const milestones = [{ name: 'On signing', amountPence: 1_000_000, dueOn: '2026-07-01' }, { name: 'Business plan', amountPence: 1_500_000, dueOn: '2026-12-15' }];
    const scheduled = await request(service.url).put(`/awards/${id}/milestones`).set(officer()).send({ milestones }).expect(200);
    await request(service.url).post(`/awards/${id}/milestones/${scheduled.body.milestones[0].id}/pay`).set(officer()).expect(200);
    return `360G-mutuals-${id}`;
  }

  it('validates against the official schema, and carries the location, dates and metadata the quality checks ask for', async () => {
    const startedAt = new Date().toISOString();

    // A council bid with a partner council: Liverpool (a metropolitan district) leading, Knowsley alongside.
    const sector = `sector-${randomUUID().slice(0, 8)}`;
    const round = await api.bidProgramme(50_000_000);
    const bidTeam = await api.team(round.programmeId, sector, 2);
    const bid = screenedBid(round, sector, { authorityCode: 'E08000012', authorityName: 'Liverpool City Council', partnerAuthorityCodes: ['E08000011'], region: 'north-west', amountRequestedPence: 2_500_000 });
    await produce(BidScreened, bid.bidId, bid);
    const councilGrantId = await award(bid.bidId, bidTeam, 'GB-LAE-LIV', testUser('applicant', { organisationId: bid.authorityCode }));

    // A mutual in the South West applying to the support fund, which withdraws after its first payment.
    const fundId = randomUUID();
    await api.handled(await produce(FundPublished, fundId, { ...FundPublished.example, fundId, name: `Support fund ${fundId.slice(0, 6)}`, budgetPence: 30_000_000, revision: 1 }));
    const fundTeam = await api.team(fundId, sector, 2);
    const applicationId = randomUUID();
    const application = { ...ApplicationSubmitted.example, applicationId, reference: `MSF-${applicationId.slice(0, 8)}`, applicantId: `applicant-${applicationId.slice(0, 8)}`, fundId, sector, region: 'south-west' };
    await produce(ApplicationSubmitted, applicationId, application);
    const companyId = freshOrgId();
    const mutualGrantId = await award(applicationId, fundTeam, companyId, testUser('applicant', { id: application.applicantId }));
    await api.handled(await produce(ApplicationWithdrawn, applicationId, { ...ApplicationWithdrawn.example, applicationId, withdrawnAt: new Date().toISOString() }));

    const exported = (await request(service.url).get('/exports/360giving.json').set(officer()).expect(200)).body;
    expect(packageSchemaErrors(exported)).toEqual([]);
    const grant = (id: string): Grant360 => exported.grants.find((g: Grant360) => g.id === id);
    expect(usefulnessGaps(grant(councilGrantId))).toEqual([]);
    expect(usefulnessGaps(grant(mutualGrantId))).toEqual([]);

    const liverpool = { name: 'Liverpool City Council', countryCode: 'GB', geoCode: 'E08000012', geoCodeType: 'MD' };
    expect(grant(councilGrantId)).toMatchObject({
      amountAwarded: 25000,
      amountDisbursed: 10000,
      recipientOrganization: [{ id: 'GB-LAE-LIV', name: 'Liverpool City Council', location: [liverpool] }],
      beneficiaryLocation: [liverpool, { name: 'Knowsley', countryCode: 'GB', geoCode: 'E08000011', geoCodeType: 'MD' }],
      plannedDates: [{ startDate: '2026-07-01', endDate: '2026-12-15', duration: 6 }],
      grantProgramme: [{ code: round.programmeId }],
      fundingOrganization: [{ id: 'GB-GOR-D2', name: 'Cabinet Office' }],
      dataSource: 'https://www.gov.uk/government/organisations/cabinet-office',
    });
    // The withdrawn award stays published: money was paid on it.
    const southWest = { name: 'South West', countryCode: 'GB', geoCode: 'E12000009', geoCodeType: 'RGN/GOR' };
    expect(grant(mutualGrantId)).toMatchObject({
      amountDisbursed: 10000,
      recipientOrganization: [{ id: companyId, companyNumber: companyId.slice('GB-COH-'.length), location: [southWest] }],
      beneficiaryLocation: [southWest],
      grantProgramme: [{ code: fundId, title: `Support fund ${fundId.slice(0, 6)}` }],
    });
    // Last modified is the newest change: for the mutual's grant, its withdrawal.
    const [withdrawn] = await api.db.query(`select max(a.at) as at from audit_trail a join awards w on w.case_id = a.case_id where w.id = $1`, [mutualGrantId.slice('360G-mutuals-'.length)]);
    expect(grant(mutualGrantId).dateModified).toBe(new Date(withdrawn.at).toISOString());
    expect(grant(councilGrantId).dateModified > startedAt).toBe(true);
  });

  it('records each download as an export security event of the officer, with the correlation id', async () => {
    const officerUser = testUser('programme_officer');
    const json = await request(service.url).get('/exports/360giving.json').set(officerUser.auth).expect(200);
    const csv = await request(service.url).get('/exports/360giving.csv').set(officerUser.auth).expect(200);
    const events = await waitFor(async () => {
      const rows = await api.db.query(`select subject, correlation_id, route, details from security_events where type = 'export' and subject = $1 order by id`, [officerUser.id]);
      return rows.length === 2 ? rows : undefined;
    });
    expect(events).toEqual([
      { subject: officerUser.id, correlation_id: json.headers['x-correlation-id'], route: '/exports/360giving.json', details: { method: 'GET' } },
      { subject: officerUser.id, correlation_id: csv.headers['x-correlation-id'], route: '/exports/360giving.csv', details: { method: 'GET' } },
    ]);
  });
});
